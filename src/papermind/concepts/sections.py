"""What kind of section a chunk sits in (experiments, asides) and the parts of its heading that name
one thing each."""

from __future__ import annotations

import re

from papermind.concepts.fold import singular
from papermind.concepts.words import GENERIC, STOP

_EVAL_WORD = re.compile(
    r"[a-z]*(?:evaluat|experiment|result|benchmark|setup|ablation|methodology|"
    r"performance|speed|scalab|comparison|baseline)[a-z]*",
    re.I,
)
_EVAL_STRONG = re.compile(r"[a-z]*(?:evaluat|experiment|result|ablation)[a-z]*", re.I)
# top-level sections that explain the method and its background: their subsections are never
# evaluation ("Background / Hardware Performance")
_METHOD_TOP = re.compile(
    r"background|overview|design|method|introduction|preliminar|model\b|"
    r"architecture|algorithm",
    re.I,
)
# sections whose terms are mostly other work's or asides: they count half, their headings no boost
SIDE_HEADING = re.compile(
    r"related\s+work|prior\s+work|acknowledg|limitation|future\s+"
    r"(?:work|direction)|conclusion|discussion|artifact",
    re.I,
)
# parts of a heading that name one thing each: "Scheduling and Preemption", "ZeRO: ..."
_HEAD_SPLIT = re.compile(r"\s*(?:[:&,;?]|\band\b|\bwith\b|\bvs\.?|\bfor\b|\bof\b)\s*", re.I)
_HEAD_LEAD = frozenset("why how what when where which the a an on towards toward".split())


def is_evaluation(top_title: str, title: str, paper_title: str = "") -> bool:
    """Whether a section (``title`` under the top-level ``top_title``) reports experiments.
    A heading word the paper's own title uses names its subject, not its experiments ("MLPerf
    Training Benchmark" / "Benchmarking Process"); a subsection counts by its own title only
    when it says so outright (evaluation, experiments, results, ablation)."""
    subject = {w[:6] for w in re.findall(r"[a-z]{4,}", paper_title.lower())}

    def says(pattern: re.Pattern[str], heading: str) -> bool:
        return any(m.group(0)[:6].lower() not in subject for m in pattern.finditer(heading or ""))

    if says(_EVAL_WORD, top_title):
        return True
    return says(_EVAL_STRONG, title) and not _METHOD_TOP.search(top_title or "")


def heading_parts(heading: str) -> list[str]:
    """The parts of a heading that name one thing each: "Scheduling and Preemption", "Choice of
    Quality Thresholds", "Why Self-Attention" (a leading question word or article dropped)."""
    out = []
    for part in _HEAD_SPLIT.split(heading):
        words = part.split()
        if len(words) > 1 and words[0].lower() in _HEAD_LEAD:
            words.pop(0)
        if words:
            out.append(" ".join(words))
    return out


def head_nouns(heading: str) -> set[str]:
    """The head noun of each heading part ("Submission Divisions" -> "division"), when it is a
    specific word: the section enumerates kinds of it ("closed division", "open division")."""
    out = set()
    for part in heading_parts(heading):
        last = singular(part.split()[-1].lower())
        if len(last) >= 4 and last not in GENERIC and last not in STOP and last.isalpha():
            out.add(last)
    return out
