"""The iCalendar writer: CRLF, folding at 75 octets, TEXT escaping, all-day DATE values, UID and
DTSTAMP, checked by unfolding and parsing the text back."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from papermind.ical import AllDayEvent, escape_text, fold, render_calendar

NOW = dt.datetime(2026, 12, 1, 15, 4, 5, tzinfo=dt.UTC)


def _unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", "")  # only CRLF line ends
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _parse(text: str) -> list[dict[str, str]]:
    """VEVENTs as {NAME[;PARAMS]: unescaped value}: a tiny reader for the subset written."""
    events: list[dict[str, str]] = []
    for line in _unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            events.append({})
        elif events and line != "END:VEVENT" and not line.startswith("END:"):
            events[-1][name] = _unescape(value)
    return events


def test_escape_text() -> None:
    assert escape_text('a\\b;c,d\ne "q"') == 'a\\\\b\\;c\\,d\\ne "q"'


@pytest.mark.parametrize("text", ["x" * 200, "ℝ∈≫" * 60, "a" * 74 + "é" * 3, "ab\\n" * 40])
def test_fold_keeps_lines_within_75_octets_and_unfolds_to_the_original(text: str) -> None:
    folded = fold("DESCRIPTION:" + text)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text
    assert not any(p.endswith("\\") for p in pieces[:-1])  # an escape is never split


def test_calendar_round_trip() -> None:
    events = [
        AllDayEvent(
            "w3@papermind",
            dt.date(2026, 9, 7),
            "Discussion: BERT, and; more",
            "line 1\nline 2 ℝ",
            ("discussion",),
        ),
        AllDayEvent("q@papermind", dt.date(2026, 12, 31), "Quiz due: ALISA", categories=("quiz",)),
    ]
    text = render_calendar(events, "papermind: revised", NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and text.endswith("END:VCALENDAR\r\n")
    first, second = _parse(text)
    assert first["UID"] == "w3@papermind" and first["DTSTAMP"] == "20261201T150405Z"
    assert first["DTSTART;VALUE=DATE"] == "20260907" and first["DTEND;VALUE=DATE"] == "20260908"
    assert first["SUMMARY"] == "Discussion: BERT, and; more"
    assert first["DESCRIPTION"] == "line 1\nline 2 ℝ"
    assert second["DTEND;VALUE=DATE"] == "20270101"  # the exclusive end crosses the year
    assert "DESCRIPTION" not in second and second["CATEGORIES"] == "quiz"


def test_a_local_time_stamp_is_written_in_utc() -> None:
    local = dt.datetime(2026, 12, 1, 10, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    (event,) = _parse(render_calendar([AllDayEvent("u", dt.date(2026, 1, 1), "s")], "n", local))
    assert event["DTSTAMP"] == "20261201T150405Z"


def test_icalendar_reads_it() -> None:
    icalendar = pytest.importorskip("icalendar")
    text = render_calendar(
        [AllDayEvent("u@x", dt.date(2026, 9, 7), "S, with; marks", "a\nb " * 40)], "n", NOW
    )
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == "S, with; marks"
    assert str(event["DESCRIPTION"]) == "a\nb " * 40
    assert event["DTSTART"].dt == dt.date(2026, 9, 7)
