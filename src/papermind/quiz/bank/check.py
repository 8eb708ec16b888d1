"""``papermind quiz check``: structural problems from ``bank.py`` plus the cross-bank checks:
duplicate ids, unknown paper keys, evidence quotes that are not on the cited page, and the
guessable-key and gameable-pattern lints of ``lints.py``.

Quotes are matched after normalising both sides: Unicode NFKC (ligatures), curly quotes and
dashes to ASCII, end-of-line hyphenation joined, all whitespace removed, case folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from papermind.quiz.bank.lints import KeyStats, lint_banks
from papermind.quiz.bank.load import bank_files, load_bank
from papermind.quiz.bank.model import Bank, Problem, Question

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
    }
)
_HYPHEN_BREAK = re.compile(r"(\w)-\s*\n\s*(\w)")
_SPACE = re.compile(r"\s+")


def normalize_quote_text(text: str) -> str:
    """Canonical form for quote matching (see module doc)."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    return _SPACE.sub("", text).casefold()


def quote_on_page(quote: str, page_text: str) -> bool:
    q = normalize_quote_text(quote)
    p = normalize_quote_text(page_text)
    if q in p:
        return True
    # A hyphen in the quote may be a line-break hyphen the page text kept or dropped.
    return q.replace("-", "") in p.replace("-", "")


@dataclass
class CheckReport:
    files: list[str] = field(default_factory=list)
    questions: int = 0
    problems: list[Problem] = field(default_factory=list)
    keys: KeyStats = field(default_factory=KeyStats)  # choice keys over all the checked banks

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def ok(self) -> bool:
        return self.errors == 0


def check_banks(
    banks: list[Bank],
    *,
    known_papers: set[str] | None,
    is_ingested: Callable[[str], bool] | None = None,
    page_text: Callable[[str, int], str | None] | None = None,
    in_use: Sequence[Bank] = (),
) -> CheckReport:
    """Problems of ``banks``; ``in_use``: the banks students already have beside them (the
    shipped and installed ones these do not replace), whose ids these must not reuse: a
    student's ``quiz install`` refuses a bank that does."""
    report = CheckReport(files=[str(b.path) for b in banks])
    seen: dict[str, Question] = {}
    used = {q.id: q for bank in in_use for q in bank.questions}
    ingested: dict[str, bool] = {}
    for bank in banks:
        report.problems.extend(bank.problems)
        if bank.paper and known_papers is not None and bank.paper not in known_papers:
            report.problems.append(
                Problem(
                    str(bank.path),
                    bank.key_lines.get("paper", 1),
                    "error",
                    f"unknown paper key {bank.paper!r} (not in papers.toml)",
                )
            )
        for q in bank.questions:
            report.questions += 1

            def add(key: str | None, msg: str, severity: str = "error", q: Question = q) -> None:
                line = q.line_of(key) if key else q.line
                report.problems.append(Problem(q.file, line, severity, msg, q.id))

            if q.id in used:
                other = used[q.id]
                add(
                    "id",
                    f"duplicate id {q.id!r}: a bank in use already has it ({other.file}:{other.line_of('id')})",
                )
            elif q.id in seen:
                first = seen[q.id]
                add("id", f"duplicate id {q.id!r} (first defined at {first.file}:{first.line_of('id')})")
            else:
                seen[q.id] = q
            if q.paper is None:
                add(None, "no paper: set `paper` at the top of the file or on the question", "warning")
            elif known_papers is not None and q.paper not in known_papers and q.paper != bank.paper:
                add("paper", f"unknown paper key {q.paper!r} (not in papers.toml)")
            ev = q.evidence
            if ev is None:
                continue
            if ev.paper and known_papers is not None and ev.paper not in known_papers and ev.paper != q.paper:
                add("evidence", f"unknown paper key {ev.paper!r} in evidence (not in papers.toml)")
                continue
            if not ev.paper or not ev.quote:
                continue
            if ev.paper not in ingested:
                ingested[ev.paper] = bool(is_ingested and is_ingested(ev.paper))
            if not ingested[ev.paper] or ev.page is None or page_text is None:
                add("evidence", f"evidence unverified: paper {ev.paper!r} is not ingested", "note")
                continue
            text = page_text(ev.paper, ev.page)
            if text is None:
                add("evidence", f"evidence page {ev.page} does not exist in {ev.paper!r}")
            elif not quote_on_page(ev.quote, text):
                add(
                    "evidence",
                    f"evidence quote not found on page {ev.page} of {ev.paper!r}: {ev.quote[:60]!r}",
                )
    lints, report.keys = lint_banks(banks, in_use)
    report.problems.extend(lints)
    report.problems.sort(key=lambda p: (p.file, p.line))
    return report


def check_paths(
    paths: list[Path],
    *,
    known_papers: set[str] | None,
    is_ingested: Callable[[str], bool] | None = None,
    page_text: Callable[[str, int], str | None] | None = None,
) -> CheckReport:
    return check_banks(
        [load_bank(p) for p in bank_files(paths)],
        known_papers=known_papers,
        is_ingested=is_ingested,
        page_text=page_text,
    )
