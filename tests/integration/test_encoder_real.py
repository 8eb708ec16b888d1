"""The ONNX encoder on the real papers' chunks: the stored vectors (made by it at ingest) are within
cosine 0.9999 of sentence-transformers' own encode of the same texts, so stores built before it
and after it hold interchangeable vectors."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from papermind import embed
from papermind.config import sqlite_path

pytestmark = [pytest.mark.integration, pytest.mark.slow]

EMBEDDED_TEXT = (
    "SELECT CASE WHEN s.title IS NULL OR s.title = '' THEN c.text ELSE s.title || ': ' || c.text END, "
    "e.vector FROM chunks c JOIN embeddings e ON e.chunk_id = c.id "
    "LEFT JOIN sections s ON s.id = c.section_id ORDER BY c.id"
)


def test_stored_vectors_match_the_reference_model(real_store):
    path = sqlite_path(real_store.settings.db_url)
    assert path is not None
    con = sqlite3.connect(path)
    rows = con.execute(EMBEDDED_TEXT).fetchall()[::4]  # every 4th chunk: all papers, all lengths
    con.close()
    assert len(rows) > 200
    texts = [r[0] for r in rows]
    stored = np.frombuffer(b"".join(r[1] for r in rows), dtype="<f4").reshape(len(rows), -1)
    ref = embed.get_model().encode(texts, normalize_embeddings=True, batch_size=32)
    cos = (stored * ref).sum(axis=1)
    assert float(cos.min()) >= 0.9999, (float(cos.min()), texts[int(cos.argmin())][:80])
    again = embed.embed_texts(texts)
    assert float((again * stored).sum(axis=1).min()) > 0.99999  # the same encoder is deterministic
