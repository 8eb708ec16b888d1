"""Library service: ingest, papers, pages, reindex, fetch. (Being written.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from papermind.api import Papermind


class LibraryService:
    def __init__(self, api: Papermind) -> None:
        self.api = api
