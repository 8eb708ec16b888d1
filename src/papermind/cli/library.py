"""Commands: ingest, papers, reindex, db upgrade, fetch. (Being written.)"""

from __future__ import annotations
