"""The text a chunk is embedded from: its section title, then its body.

One definition shared by ingest (embedding new chunks) and ``db repair`` (re-embedding stored
chunks), so a repaired store holds the same vectors an ingest would have written.
"""

from __future__ import annotations


def text_for_embedding(text: str, section_title: str | None) -> str:
    return f"{section_title}: {text}" if section_title else text
