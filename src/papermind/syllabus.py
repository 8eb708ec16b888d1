"""The course schedule as data: ``corpus/syllabus.toml`` -> ``Syllabus``.

Dates: week ``n`` runs from ``start_date + 7*(n-1)`` days for seven days (``end`` is the last
day, inclusive). A class meeting is a ``Meeting`` (a ``[[versions.NAME.session]]`` table in the
file). In the revised version a two-week block ("Weeks 3 and 4") holds two meetings; each
occupies one calendar week of its block, in the page's order (discussion first, then the next
reading), so the page's references such as "Week 2 Reading" stay true. ``Meeting.weeks`` is the
whole block, ``Meeting.week`` the week the meeting occupies.

``SyllabusSource`` is the syllabus file of a corpus folder as the services use it. The term start
comes from (first wins): the ``start`` argument (``--start`` on the CLI), the
``PAPERMIND_TERM_START`` environment variable, the ``start_date`` in ``syllabus.toml``.

Validation errors are ``ConfigError`` naming ``file:line`` (found by scanning the text, since
``tomllib`` reports no positions). The service on the facade is
``papermind.syllabus_service.ScheduleService`` (``pm.schedule``).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from papermind.corpus import PaperMeta, ReadingList, TomlLines, read_toml
from papermind.errors import ConfigError, NotFoundError

KINDS = ("introduction", "reading", "discussion", "buffer")
MEETING_FIELDS = ("week", "weeks", "kind", "title", "topics", "papers", "discusses", "tentative", "note")
TOP_FIELDS = ("start_date", "term_weeks", "default_version", "versions")
VERSION_FIELDS = ("label", "session")
START_ENV = "PAPERMIND_TERM_START"


@dataclass(frozen=True)
class Meeting:
    week: int
    weeks: tuple[int, ...]
    kind: str
    title: str
    topics: tuple[str, ...]
    papers: tuple[str, ...]
    discusses: tuple[str, ...]
    tentative: bool
    note: str | None
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Syllabus:
    version: str
    start_date: dt.date
    meetings: tuple[Meeting, ...]
    term_weeks: int = 16
    label: str = ""

    def weeks(self) -> list[int]:
        return list(range(1, self.term_weeks + 1))

    def week_start(self, n: int) -> dt.date:
        return self.start_date + dt.timedelta(days=7 * (n - 1))

    def _check_week(self, n: int) -> None:
        if not 1 <= n <= self.term_weeks:
            raise NotFoundError(f"there is no week {n}", f"weeks run from 1 to {self.term_weeks}")

    def meetings_in_week(self, n: int) -> list[Meeting]:
        self._check_week(n)
        return [s for s in self.meetings if s.week == n]

    def papers_for_week(self, n: int, include_discussed: bool = True) -> list[str]:
        """The papers week ``n`` is about: those it introduces, then (unless
        ``include_discussed`` is False) the earlier readings its discussion covers, so a
        discussion week has papers to map, search and quiz."""
        out: list[str] = []
        for s in self.meetings_in_week(n):
            keys = s.papers + (s.discusses if include_discussed else ())
            out.extend(k for k in keys if k not in out)
        return out

    def _meeting_introducing(self, key: str) -> Meeting:
        for s in self.meetings:
            if key in s.papers:
                return s
        raise NotFoundError(
            f"paper {key!r} is not on the {self.version} schedule",
            "see `papermind schedule` for the papers of each week",
        )

    def week_of_paper(self, key: str) -> int:
        """The week the paper is read (or introduced, for a discussion's new paper)."""
        return self._meeting_introducing(key).week

    def discussion_of(self, key: str) -> Meeting | None:
        """The meeting where the paper is discussed: the first that lists it in ``discusses``,
        else the discussion that introduces it (BERT, ZeRO-Infinity ...)."""
        intro = self._meeting_introducing(key)
        for s in self.meetings:
            if key in s.discusses:
                return s
        return intro if intro.kind == "discussion" else None

    def discuss_by(self, key: str) -> dt.date:
        s = self.discussion_of(key)
        if s is None:
            raise NotFoundError(f"paper {key!r} has no discussion on the {self.version} schedule")
        return s.start

    def discuss_by_for(self, meeting: Meeting) -> dt.date | None:
        """When a meeting's papers are discussed: a discussion's own date (its papers and the
        readings it covers are due then), else the latest discussion of the papers it
        introduces; None for a meeting whose papers are never discussed."""
        if meeting.kind == "discussion":
            return meeting.start
        dates = [d.start for k in meeting.papers if (d := self.discussion_of(k)) is not None]
        return max(dates) if dates else None

    def current_week(self, today: dt.date) -> int | None:
        days = (today - self.start_date).days
        if days < 0 or days >= 7 * self.term_weeks:
            return None
        return days // 7 + 1

    def next_discussion(self, today: dt.date) -> Meeting | None:
        """The first discussion on or after ``today``. A discussion takes place on its
        meeting's first day (its discuss-by date), so on the Tuesday of a discussion week the
        next one is a later week's, never a date already past; None when none is left."""
        for s in sorted(self.meetings, key=lambda s: s.week):
            if s.kind == "discussion" and s.start >= today:
                return s
        return None

    def papers_discussed_next(self, today: dt.date) -> list[str]:
        s = self.next_discussion(today)
        if s is None:
            return []
        return list(dict.fromkeys(s.discusses + s.papers))


def parse_date(value: Any, where: str) -> dt.date:
    """A date from a TOML date or a 'YYYY-MM-DD' string; ``where`` prefixes the error."""
    if isinstance(value, dt.datetime):
        raise ConfigError(f"{where}: bad date {value!r}: give a date without a time", "use YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{where}: bad date {value!r}", "use YYYY-MM-DD, e.g. 2026-08-24")


def load_syllabus(
    path: str | Path,
    known_papers: Collection[str],
    version: str | None = None,
    start: dt.date | None = None,
) -> Syllabus:
    """Load one version (default: the file's ``default_version``), validating the whole file."""
    path = Path(path)
    data, lines = read_toml(path)
    return _build(path, data, lines, known_papers, version, start)


def _versions(data: dict[str, Any]) -> tuple[list[str], str]:
    """The version names in a parsed syllabus file, and its default version."""
    versions = data.get("versions") or {}
    names = list(versions) if isinstance(versions, dict) else []
    return names, str(data.get("default_version") or (names[0] if names else ""))


def _build(
    path: Path,
    data: dict[str, Any],
    lines: TomlLines,
    known: Collection[str],
    version: str | None,
    start: dt.date | None,
) -> Syllabus:
    for name in data:
        if name not in TOP_FIELDS:
            raise ConfigError(
                f"{path}:{lines.key(name)}: unknown field {name!r}",
                f"allowed top-level fields: {', '.join(TOP_FIELDS)}",
            )
    term_weeks = data.get("term_weeks", 16)
    if not isinstance(term_weeks, int) or isinstance(term_weeks, bool) or term_weeks < 1:
        raise ConfigError(f"{path}:{lines.key('term_weeks')}: term_weeks must be a positive integer")
    if "start_date" not in data:
        raise ConfigError(f"{path}:1: no start_date", "add start_date = 2026-08-24 (a Monday)")
    file_start = parse_date(data["start_date"], f"{path}:{lines.key('start_date')}")
    versions = data.get("versions")
    if not isinstance(versions, dict) or not versions:
        raise ConfigError(f"{path}:1: no [versions.<name>] tables")
    term_start = start or file_start  # an override dates the meetings directly
    parsed = {
        name: _version(path, lines, name, v, known, term_weeks, term_start) for name, v in versions.items()
    }
    default = data.get("default_version", next(iter(versions)))
    if default not in versions:
        raise ConfigError(
            f"{path}:{lines.key('default_version')}: default_version {default!r} "
            f"is not one of {', '.join(versions)}"
        )
    chosen = version or default
    if chosen not in parsed:
        raise NotFoundError(f"no schedule version {chosen!r}", f"choose one of: {', '.join(versions)}")
    label, meetings = parsed[chosen]
    return Syllabus(
        version=chosen, start_date=term_start, meetings=meetings, term_weeks=term_weeks, label=label
    )


def _dates(start: dt.date, week: int) -> tuple[dt.date, dt.date]:
    first = start + dt.timedelta(days=7 * (week - 1))
    return first, first + dt.timedelta(days=6)


def _version(
    path: Path, lines: TomlLines, name: str, v: Any, known: Collection[str], term_weeks: int, start: dt.date
) -> tuple[str, tuple[Meeting, ...]]:
    table = f"versions.{name}.session"
    if not isinstance(v, dict):
        raise ConfigError(f"{path}:1: versions.{name} must be a table")
    for f in v:
        if f not in VERSION_FIELDS:
            raise ConfigError(f"{path}:{lines.field(table, 0)}: unknown field {f!r} in versions.{name}")
    raw = v.get("session") or []
    meetings: list[Meeting] = []
    used: dict[int, int] = {}
    introduced: dict[str, int] = {}
    for i, t in enumerate(raw):

        def err(field: str | None, msg: str, hint: str | None = None, i: int = i) -> ConfigError:
            return ConfigError(f"{path}:{lines.field(table, i, field)}: [[{table}]] #{i + 1}: {msg}", hint)

        for f in t:
            if f not in MEETING_FIELDS:
                raise err(f, f"unknown field {f!r}", f"allowed fields: {', '.join(MEETING_FIELDS)}")
        week = t.get("week")
        if not isinstance(week, int) or isinstance(week, bool) or not 1 <= week <= term_weeks:
            raise err("week", f"week {week!r} is out of range", f"weeks run from 1 to {term_weeks}")
        if week in used:
            raise err(
                "week",
                f"week {week} is repeated (already session #{used[week] + 1})",
                "each week holds one session",
            )
        used[week] = i
        weeks = t.get("weeks", [week])
        if (
            not isinstance(weeks, list)
            or not weeks
            or week not in weeks
            or not all(isinstance(w, int) and 1 <= w <= term_weeks for w in weeks)
        ):
            raise err("weeks", f"weeks {weeks!r} must list weeks 1..{term_weeks} including {week}")
        kind = t.get("kind")
        if kind not in KINDS:
            raise err("kind", f"unknown kind {kind!r}", f"use one of: {', '.join(KINDS)}")
        title = t.get("title")
        if not isinstance(title, str) or not title.strip():
            raise err(None, "no title")
        topics = t.get("topics", [])
        if not isinstance(topics, list) or not all(isinstance(x, str) for x in topics):
            raise err("topics", "topics must be a list of strings")
        papers = _keys(t, "papers", err, known)
        discusses = _keys(t, "discusses", err, known)
        tentative = t.get("tentative", False)
        if not isinstance(tentative, bool):
            raise err("tentative", "tentative must be true or false")
        if papers and (tentative or kind in ("buffer", "introduction")):
            what = "a tentative slot" if tentative else f"the {kind} session"
            raise err("papers", f"{what} cannot have papers of its own")
        if discusses and kind != "discussion":
            raise err("discusses", f"only a discussion can discuss papers (this is a {kind})")
        for key in papers:
            if key in introduced:
                raise err("papers", f"paper {key!r} is already introduced in week {introduced[key]}")
            introduced[key] = week
        note = t.get("note")
        if note is not None and not isinstance(note, str):
            raise err("note", "note must be a string")
        first, last = _dates(start, week)
        meetings.append(
            Meeting(
                week,
                tuple(weeks),
                kind,
                title.strip(),
                tuple(topics),
                papers,
                discusses,
                tentative,
                note,
                first,
                last,
            )
        )
    # A discussion must come after the reading it discusses.
    for i, s in enumerate(meetings):
        for key in s.discusses:
            read = introduced.get(key)
            if read is None or read >= s.week:
                when = "is never read" if read is None else f"is read in week {read}"
                raise ConfigError(
                    f"{path}:{lines.field(table, i, 'discusses')}: [[{table}]] #{i + 1}: "
                    f"week {s.week} discusses {key!r}, which {when}",
                    "a discussion must come after the reading it discusses",
                )
    return str(v.get("label", name)), tuple(sorted(meetings, key=lambda s: s.week))


def _keys(t: dict[str, Any], field: str, err: Any, known: Collection[str]) -> tuple[str, ...]:
    value = t.get(field, [])
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise err(field, f"{field} must be a list of paper keys")
    for k in value:
        if k not in known:
            raise err(field, f"unknown paper key {k!r}", "paper keys come from papers.toml")
    return tuple(dict.fromkeys(value))


class SyllabusSource:
    """The syllabus file of a corpus folder, loaded against its reading list (the services that
    scope by week use this; ``ScheduleService`` adds the display rows)."""

    def __init__(self, path: Path, reading_list: ReadingList) -> None:
        self.path = path
        self._reading_list = reading_list
        # the file as parsed, and its (mtime, size) then: one TOML parse per change, not one per
        # ``load`` and another per ``versions`` (the week screen asks for both on every load)
        self._parsed: tuple[tuple[int, int], dict[str, Any], TomlLines] | None = None

    def _read(self) -> tuple[dict[str, Any], TomlLines]:
        """The file's TOML (never modified by its readers), parsed again only once it changed."""
        try:
            st = self.path.stat()
        except OSError:
            self._parsed = None
            return read_toml(self.path)  # the error names the file
        stamp = (st.st_mtime_ns, st.st_size)
        parsed = self._parsed
        if parsed is None or parsed[0] != stamp:
            data, lines = read_toml(self.path)
            parsed = self._parsed = (stamp, data, lines)
        return parsed[1], parsed[2]

    def papers(self) -> dict[str, PaperMeta]:
        return self._reading_list.papers()

    def versions(self) -> list[str]:
        return _versions(self._read()[0])[0]

    def default_version(self) -> str:
        return _versions(self._read()[0])[1]

    def resolve_start(self, start: dt.date | str | None = None) -> dt.date | None:
        if start is not None:
            return parse_date(start, "--start")
        env = os.environ.get(START_ENV)
        if env:
            return parse_date(env, START_ENV)
        return None

    def load(self, version: str | None = None, start: dt.date | str | None = None) -> Syllabus:
        """One version, validated (the whole file) against the reading list as it is now."""
        data, lines = self._read()
        return _build(self.path, data, lines, self.papers(), version, self.resolve_start(start))
