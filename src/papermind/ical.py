"""A small iCalendar (RFC 5545) writer for all-day events: what ``papermind schedule --ics``
exports (discussions and quiz due dates) for students to import into their calendars.

Written here rather than pulled in as a dependency: the subset needed is a page of code. It
follows the RFC where importers are strict: CRLF line ends (3.1), lines folded at 75 octets
without splitting a UTF-8 character (3.1), TEXT escaping of backslash, semicolon, comma and
newline (3.3.11), a UID and a UTC DTSTAMP on every event (3.6.1), all-day events as DATE values
with an exclusive DTEND (3.6.1, 3.8.2.2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["AllDayEvent", "escape_text", "fold", "render_calendar"]

MAX_OCTETS = 75
_UNITS = re.compile(r"\\.|.", re.DOTALL)
PRODID = "-//papermind//course schedule//EN"


@dataclass(frozen=True)
class AllDayEvent:
    uid: str  # stable across exports, so a re-import updates the event instead of adding one
    day: dt.date
    summary: str
    description: str = ""
    categories: tuple[str, ...] = ()


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets joined by CRLF + space (3.1),
    never splitting a UTF-8 sequence."""
    out: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for ch in _UNITS.findall(line):  # an escape such as "\\n" stays on one line
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size = " ", 1  # the continuation's leading space counts toward its 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _event_lines(event: AllDayEvent, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{_date(event.day)}",
        f"DTEND;VALUE=DATE:{_date(event.day + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(event.summary)}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in event.categories))
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def render_calendar(events: Iterable[AllDayEvent], name: str, now: dt.datetime) -> str:
    """The calendar as text with CRLF line ends; ``now`` (aware or UTC) is every DTSTAMP."""
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
