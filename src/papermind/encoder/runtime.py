"""Run the exported encoder: the fast tokenizer (truncating at the model's 256 word pieces,
padding a batch to its longest text) and one onnxruntime session on the CPU.

``Encoder.forward`` returns the last hidden states with their attention mask and the encodings;
``papermind.embed`` pools them. Imports onnxruntime, tokenizers and numpy only: no torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.encoder import cache

if TYPE_CHECKING:
    import numpy as np
    import onnxruntime
    from tokenizers import Encoding, Tokenizer


@dataclass(frozen=True)
class Batch:
    states: np.ndarray  # float32 (batch, sequence, 384): last-layer hidden states
    mask: np.ndarray  # float32 (batch, sequence): 1 for real word pieces, 0 for padding
    encodings: list[Encoding]


class Encoder:
    def __init__(self, onnx_file: Path, tokenizer_file: Path, max_tokens: int) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.path = onnx_file  # the exported graph this encoder runs
        opts = ort.SessionOptions()
        opts.log_severity_level = 3  # warnings about unused initializers are not the user's business
        self.session: onnxruntime.InferenceSession = ort.InferenceSession(
            str(onnx_file), opts, providers=["CPUExecutionProvider"]
        )
        self.tokenizer: Tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")

    def forward(self, texts: list[str]) -> Batch:
        import numpy as np

        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (states,) = self.session.run([cache.OUTPUT], {cache.INPUTS[0]: ids, cache.INPUTS[1]: mask})
        return Batch(np.asarray(states, dtype=np.float32), mask.astype(np.float32), encodings)
