"""Numbers typed as answers: units (bytes, time, FLOPS, Hz, %, x) converted to the question's
unit, counts ("340 million", "0.34B", "16k tokens") scaled, and a physical unit on a unit-less
question refused. ``grade_numeric`` (rules) decides what is right; this reads what was typed."""

from __future__ import annotations

import re
from typing import Any

from papermind.errors import QuizError

# unit -> (dimension, factor to the base unit)
_UNITS: dict[str, tuple[str, float]] = {}
for _p, _f in (("", 1.0), ("K", 1e3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15)):
    _UNITS[_p + "B"] = ("bytes", _f)
    _UNITS[_p + "FLOPS"] = ("flops", _f)
    _UNITS[_p + "FLOP/s"] = ("flops", _f)
    _UNITS[_p + "Hz"] = ("hz", _f)
for _p, _f in (("Ki", 2.0**10), ("Mi", 2.0**20), ("Gi", 2.0**30), ("Ti", 2.0**40)):
    _UNITS[_p + "B"] = ("bytes", _f)
for _u, _f in (
    ("ns", 1e-9),
    ("us", 1e-6),
    ("µs", 1e-6),
    ("μs", 1e-6),
    ("ms", 1e-3),
    ("s", 1.0),
    ("sec", 1.0),
    ("min", 60.0),
    ("h", 3600.0),
    ("hours", 3600.0),
    ("days", 86400.0),
):
    _UNITS[_u] = ("time", _f)
# Counts (a parameter count, tokens, requests): the scale words and their one-letter forms. A
# question whose unit starts with one of these ("M", "million parameters", "B") reads an answer's
# "B" as billion, not bytes, and takes "340 million", "0.34B" or "340M params" alike.
_COUNT_SCALES: dict[str, float] = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "mil": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "t": 1e12,
}
_COUNT_NOUNS = {"parameters", "parameter", "params", "param", "tokens", "token", "requests", "weights"}
_UNITS["%"] = ("percent", 1.0)
_UNITS["x"] = ("times", 1.0)
_UNITS["×"] = ("times", 1.0)
_NUMBER = re.compile(r"^\s*([-+]?(?:\d[\d,_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def _count_scale(u: str, *, nouns: set[str]) -> float | None:
    """The scale of a count unit ("M", "million", "0.34B"'s "B", "k params"), or None.

    An empty unit with a noun ("parameters") is a plain count (1)."""
    words = u.replace("-", " ").split()
    if not words:
        return None
    head = words[0].casefold()
    if head in _COUNT_SCALES:
        rest = words[1:]
        scale = _COUNT_SCALES[head]
    elif head in nouns:
        rest, scale = words[1:], 1.0
    else:
        return None
    return scale if all(w.casefold() in nouns for w in rest) else None


def _plain_count_scale(given: str) -> float | None:
    """For a question without a unit: words naming what is counted ("16 tokens", "4 GPUs",
    "2 million requests") are read as a plain count, scaled by a leading scale word; a physical
    unit ("16 KB", "3 ms") is not a count."""
    words = given.replace("-", " ").split()
    if not words or not all(w.isalpha() for w in words) or _unit(given) is not None:
        return None
    head = words[0].casefold()
    if head in _COUNT_SCALES and _unit(words[0]) is None:
        return _COUNT_SCALES[head]
    return None if any(_unit(w) is not None for w in words) else 1.0


def _question_count_scale(unit: str) -> float | None:
    """A question unit that is a count ("M", "million parameters", "B params"): its scale."""
    words = unit.replace("-", " ").split()
    if not words:
        return None
    # "B" alone, "KB", "MB" are bytes; a count unit is a scale word (or letter) on its own or
    # followed by what is counted.
    if len(words) == 1 and words[0] in ("B", "b"):
        return None
    nouns = _COUNT_NOUNS | {w.casefold() for w in words[1:]}
    return _count_scale(unit, nouns=nouns)


def _unit(u: str) -> tuple[str, float] | None:
    if u in _UNITS:
        return _UNITS[u]
    for k, v in _UNITS.items():
        if k.casefold() == u.casefold() and v[0] != "time":
            return v
    return None


def parse_number(answer: Any, unit: str | None) -> float:
    """A number in the question's unit (converting compatible units)."""
    return read_number(answer, unit)[0]


def read_number(answer: Any, unit: str | None) -> tuple[float, str | None]:
    """(the number in the question's unit, the digits as typed when no unit was given)."""
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return float(answer), None
    m = _NUMBER.match(str(answer)) if answer is not None else None
    if not m:
        raise QuizError(
            f"cannot read {answer!r} as a number", "answer with a number, optionally followed by its unit"
        )
    value = float(m.group(1).replace(",", "").replace("_", ""))
    given = m.group(2)
    if not given:
        return value, m.group(1)
    if unit is not None and given.casefold() == unit.casefold():
        return value, None
    if unit is None:
        if given in ("%", "x", "×"):
            return value, None
        counted = _plain_count_scale(given)
        if counted is None:
            raise QuizError(f"unexpected unit {given!r}", "this question wants a plain number")
        return value * counted, None
    want_count = _question_count_scale(unit)
    if want_count is not None:
        nouns = _COUNT_NOUNS | {w.casefold() for w in unit.replace("-", " ").split()[1:]}
        have_count = _count_scale(given, nouns=nouns)
        if have_count is None:
            raise QuizError(
                f"unit {given!r} does not match the question's unit {unit!r}",
                f"answer in {unit}, or as a count such as '340 million' or '0.34B'",
            )
        return value * have_count / want_count, None
    want, have = _unit(unit), _unit(given)
    if want is None or have is None or want[0] != have[0]:
        raise QuizError(f"unit {given!r} does not match the question's unit {unit!r}", f"answer in {unit}")
    return value * have[1] / want[1], None


BASE_UNIT = {"bytes": "B", "flops": "FLOPS", "hz": "Hz", "time": "s", "count": "a plain count"}


def question_scale(unit: str | None) -> tuple[str, float] | None:
    """(dimension, factor to the base unit) of a question's unit; a count unit ("M", "million
    parameters") is ("count", its scale); None without a (known) unit."""
    if not unit:
        return None
    count = _question_count_scale(unit)
    if count is not None and count != 1.0:
        return ("count", count)
    return _unit(unit)
