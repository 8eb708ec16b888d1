"""papermind: a knowledge base and quiz engine for a seminar on ML/LLM systems papers.

Importing the package is cheap: heavy dependencies (torch, sentence-transformers,
faiss, alembic) are imported only by the functions that need them.
"""

__version__ = "0.1.0"
