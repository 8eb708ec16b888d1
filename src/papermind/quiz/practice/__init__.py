"""Practice questions generated from the concept maps (cloze over definitions)."""
