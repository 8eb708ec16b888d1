"""Export the packaged MiniLM to ONNX (once per weights + settings; see ``cache``).

The graph is sentence-transformers' own transformer module (``get_model()[0].auto_model``, the
reference model), wrapped so it takes ``input_ids`` and ``attention_mask`` by keyword and returns
the last hidden states; pooling and normalisation stay in numpy (``papermind.embed``), so the same
output serves sentence vectors and the grader's token vectors. The legacy TorchScript exporter
(``dynamo=False``) is used: it needs only torch and the ``onnx`` package, no onnxscript. The dummy
batch is padded, so the traced graph takes the attention mask's path, not an all-ones shortcut.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from papermind.encoder import cache


def ensure_exported(model_dir: Path, notify: Callable[[float | None], None] | None = None) -> Path:
    """The ONNX file for the current weights, exporting it first if it is missing. ``notify`` hears
    of a missing file before the wait starts (``None``) and again once it exists (the seconds
    waited), so a caller can tell its user why the first use takes seconds."""
    key = cache.cached_key(model_dir)
    path = cache.model_file(key)
    if path.exists():
        return path
    t = time.perf_counter()
    if notify is not None:
        notify(None)
    with cache.export_lock():
        if not path.exists():  # another process may have finished while we waited
            export_to(path)
    if notify is not None:
        notify(time.perf_counter() - t)
    return path


def export_to(path: Path) -> None:
    """Trace the reference model into ``path`` (written to a temp file, then renamed)."""
    import torch

    from papermind.embed import get_model

    net = get_model()[0].auto_model
    assert isinstance(net, torch.nn.Module)
    net.eval()

    class _LastHidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    axes = {0: "batch", 1: "sequence"}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with warnings.catch_warnings(), torch.inference_mode(False), torch.no_grad():
            warnings.simplefilter("ignore")  # tracer notes about constant-folded Python branches
            torch.onnx.export(
                _LastHidden(net),
                (),
                str(tmp),
                kwargs={"input_ids": ids, "attention_mask": mask},
                input_names=list(cache.INPUTS),
                output_names=[cache.OUTPUT],
                dynamic_axes={name: axes for name in (*cache.INPUTS, cache.OUTPUT)},
                opset_version=cache.OPSET,
                dynamo=False,
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
