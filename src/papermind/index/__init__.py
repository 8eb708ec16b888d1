"""Derived indexes (rebuildable from the store): FTS5 full text and FAISS vectors."""
