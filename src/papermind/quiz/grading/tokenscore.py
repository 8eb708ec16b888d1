"""Token-level agreement between a short answer and a model answer (BERTScore with the project's
one model, all-MiniLM-L6-v2).

Each word piece of the answer is matched to its most similar word piece of the reference by the
cosine of their contextual vectors (last layer, so "block" in "block table" differs from "block"
in "blocks the GPU"). Precision averages over the answer's pieces (is everything the answer says
backed by the reference?), recall over the reference's (does the answer cover it?), F is their
harmonic mean. Both are weighted by inverse document frequency, so rare, content-bearing pieces
("fragmentation", "hbm") count more than common ones ("memory", "the"); stop words and
punctuation are left out.

The document frequencies ship with the package (``wordpiece_df.json``, built from the reading
list's papers by ``benchmarks/build_wordpiece_df.py``), so a grade does not depend on what a
user happens to have ingested. A piece the table lacks gets the highest weight.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from papermind.quiz.grading.text import STOP, content_stems, stem, stem_hit

if TYPE_CHECKING:
    import numpy as np

DF_FILE = Path(__file__).with_name("wordpiece_df.json")
_STOP = STOP | {"not", "no", "never", "cannot", "without", "plus"}


@dataclass(frozen=True)
class TokenScore:
    precision: float
    recall: float
    f: float


@lru_cache(maxsize=1)
def _df() -> tuple[int, dict[str, int]]:
    data = json.loads(DF_FILE.read_text(encoding="utf-8"))
    return int(data["documents"]), dict(data["df"])


def idf(piece: str) -> float:
    n, df = _df()
    return math.log((n + 1) / (df.get(piece, 0) + 1))


def build_df(documents: Iterable[str], min_df: int = 2) -> dict[str, object]:
    """Document frequency of the word pieces found in at least ``min_df`` of ``documents`` (the
    table ``idf`` reads; rarer pieces weigh about as much as unseen ones, so they are left out)."""
    from papermind.embed import tokenizer

    df: dict[str, int] = {}
    n = 0
    for enc in tokenizer().encode_batch(list(documents)):
        n += 1
        for piece in set(enc.tokens):
            df[piece] = df.get(piece, 0) + 1
    return {"documents": n, "df": {p: c for p, c in sorted(df.items()) if c >= min_df}}


def _content(piece: str) -> bool:
    return (piece.isalnum() or piece.startswith("##")) and piece not in _STOP


_tokens: dict[str, tuple[list[str], np.ndarray]] = {}  # text -> (pieces, vectors)
_sentences: dict[str, np.ndarray] = {}  # text -> sentence vector; references and prompts repeat


def prefetch(texts: list[str]) -> None:
    """Run the texts not seen yet through the model in one batched pass, which gives both their
    word pieces (``score``) and their sentence vectors (``sentence_vectors``)."""
    if len(_tokens) > 20000:  # bounded; cleared before looking, so every text asked for is kept
        _tokens.clear()
        _sentences.clear()
    missing = [t for t in dict.fromkeys(texts) if t not in _tokens or t not in _sentences]
    if not missing:
        return
    from papermind.embed import embed_tokens

    for t, (pieces, vecs, sentence) in zip(missing, embed_tokens(missing), strict=True):
        _tokens[t] = (pieces, vecs)
        _sentences[t] = sentence


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """The texts' sentence vectors (rows), from the same batched pass as their word pieces."""
    import numpy as np

    prefetch(texts)
    return np.stack([_sentences[t] for t in texts])


def _kept(text: str) -> tuple[np.ndarray, np.ndarray] | None:
    import numpy as np

    prefetch([text])
    pieces, vecs = _tokens[text]
    keep = [i for i, p in enumerate(pieces) if _content(p)]
    if not keep:
        return None
    return vecs[keep], np.array([idf(pieces[i]) for i in keep])


def score(answer: str, reference: str) -> TokenScore:
    """IDF-weighted greedy matching of contextual word pieces (0..1-ish; cosines can dip below 0)."""
    a, r = _kept(answer), _kept(reference)
    if a is None or r is None:
        return TokenScore(0.0, 0.0, 0.0)
    (av, aw), (rv, rw) = a, r
    sims = av @ rv.T
    p = float((sims.max(axis=1) * aw).sum() / aw.sum())
    rc = float((sims.max(axis=0) * rw).sum() / rw.sum())
    f = 2 * p * rc / (p + rc) if p + rc > 0 else 0.0
    return TokenScore(round(p, 4), round(rc, 4), round(f, 4))


def best(answer: str, references: list[str]) -> TokenScore:
    """The score against the reference it matches best (by F)."""
    prefetch([answer, *references])
    return max((score(answer, ref) for ref in references), key=lambda s: s.f)


_CLAUSE_BREAK = re.compile(
    r"[,;:()\[\]]|\.(?:\s|$)|\s(?=(?:which|because|since|whereas|while)\b)", re.IGNORECASE
)
_LEADING = {"and", "so", "but", "or", "plus", "then", "that", "thus"}
_WORDS = re.compile(r"[^\W_]+")  # what the tokenizer counts as words (it splits at punctuation)


def _clauses(text: str) -> list[tuple[str, int]]:
    """The reference cut at punctuation and before "which/because/since/whereas/while": each clause
    verbatim (original case) without a leading "and"/"so"/"but", with the number of words it
    covers in the reference (leading connective included)."""
    out = []
    for part in _CLAUSE_BREAK.split(text):
        n = len(_WORDS.findall(part))
        ws = part.split()
        while ws and ws[0].lower().strip(".,") in _LEADING:
            ws = ws[1:]
        if n:
            out.append((" ".join(ws), n))
    return out


def missing_terms(
    answer: str, reference: str, prompt: str | None = None, k: int = 2, below: float = 0.5
) -> list[str]:
    """Up to ``k`` clauses of the reference, quoted verbatim, that the answer does not cover, for
    feedback ("the model answer also says: “the reserved but unused slots”"). A word is missing
    when the best contextual cosine of its pieces to the answer's pieces is < ``below``; a clause
    is missing when at least half its content weight (IDF) is; the clauses with the most missing
    weight are kept, in reference order. Stop words and the question's own words never count."""
    prefetch([answer, reference])
    a = _kept(answer)
    pieces, vecs = _tokens[reference]
    asked = content_stems((prompt or "").replace("-", " "))
    words: list[tuple[str, list[int]]] = []
    for i, p in enumerate(pieces):
        if p.startswith("##") and words:
            words[-1] = (words[-1][0] + p[2:], words[-1][1] + [i])
        elif p.isalnum():
            words.append((p, [i]))
    clauses = _clauses(reference)
    if sum(n for _, n in clauses) != len(words):  # the tokenizer split a word otherwise: no safe alignment
        return []
    found: list[tuple[float, int, str]] = []
    start = 0
    for order, (clause, n) in enumerate(clauses):
        total = missing = 0.0
        for word, idx in words[start : start + n]:
            if not (word.isalpha() and len(word) > 2 and word not in _STOP):
                continue
            if stem_hit(stem(word), asked):
                continue
            weight = max(idf(pieces[i]) for i in idx)
            total += weight
            match = float((vecs[idx] @ a[0].T).max(axis=1).mean()) if a is not None else 0.0
            if match < below:
                missing += weight
        start += n
        if clause and missing > 0 and missing >= 0.5 * total:
            found.append((missing, order, clause))
    return [c for _, _, c in sorted(sorted(found, key=lambda x: -x[0])[:k], key=lambda x: x[1])]
