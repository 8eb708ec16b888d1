"""syllabus.toml: the shipped schedule, the model's queries, and validation (errors name file:line)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from papermind.corpus import load_papers
from papermind.errors import ConfigError, NotFoundError
from papermind.syllabus import load_syllabus

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
COURSE_PAGE = REPO.parent / "shared" / "course-page.txt"
START = dt.date(2026, 8, 24)


@pytest.fixture(scope="module")
def papers():
    return load_papers(CORPUS / "papers.toml")


@pytest.fixture(scope="module")
def revised(papers):
    return load_syllabus(CORPUS / "syllabus.toml", papers, start=START)


@pytest.fixture(scope="module")
def original(papers):
    return load_syllabus(CORPUS / "syllabus.toml", papers, "original", start=START)


# -- the shipped schedule -------------------------------------------------------------------------
def test_revised_is_the_default(papers):
    assert load_syllabus(CORPUS / "syllabus.toml", papers).version == "revised"


@pytest.mark.parametrize("name", ["original", "revised"])
def test_both_versions_have_16_sessions_and_all_12_papers(papers, name):
    syl = load_syllabus(CORPUS / "syllabus.toml", papers, name)
    assert len(syl.meetings) == 16
    assert [s.week for s in syl.meetings] == syl.weeks() == list(range(1, 17))
    introduced = [k for s in syl.meetings for k in s.papers]
    assert sorted(introduced) == sorted(papers)  # each paper once


def test_revised_blocks(revised):
    blocks = {s.weeks for s in revised.meetings}
    assert blocks == {(n, n + 1) for n in range(1, 17, 2)}
    first = revised.meetings_in_week(1) + revised.meetings_in_week(2)
    assert [s.kind for s in first] == ["introduction", "reading"]
    assert first[1].papers == ("attention",)
    last = revised.meetings_in_week(15) + revised.meetings_in_week(16)
    assert [s.kind for s in last] == ["discussion", "buffer"]
    assert last[0].discusses == ("alisa",)


def test_original_has_one_session_per_week(original):
    assert all(s.weeks == (s.week,) for s in original.meetings)


def test_mlperf_suite_is_both_papers(revised, original):
    for syl in (revised, original):
        assert syl.papers_for_week(8) == ["mlperf-training", "mlperf-inference"]
        assert syl.meetings_in_week(9)[0].discusses == ("mlperf-training", "mlperf-inference")


def test_tentative_and_buffer_sessions_have_no_papers(revised, original):
    for syl in (revised, original):
        tentative = [s for s in syl.meetings if s.tentative]
        assert [s.week for s in tentative] == [11, 15]
        assert all(s.papers == () and s.kind == "discussion" for s in tentative)
        buffer = syl.meetings_in_week(16)[0]
        assert buffer.kind == "buffer" and buffer.papers == () and buffer.discusses == ()


def test_discussions_name_the_earlier_reading(revised):
    assert revised.meetings_in_week(3)[0].papers == ("bert",)
    assert revised.papers_for_week(3, include_discussed=False) == ["bert"]
    assert revised.papers_for_week(3) == ["bert", "attention"]  # what the week is about
    assert revised.papers_for_week(13, include_discussed=True) == ["synergy", "moe-qos"]


def test_alisa_note_says_the_bullets_do_not_match(revised, original, papers):
    for syl in (revised, original):
        s = syl.meetings_in_week(14)[0]
        assert s.topics[0] == "Accelerator-aware load balancing and scheduling"  # page's words
        assert "do not match" in s.note and "KV caching" in s.note
    assert "Sparsity-Aware KV Caching" in papers["alisa"].title


@pytest.mark.skipif(not COURSE_PAGE.exists(), reason="course page absent")
@pytest.mark.parametrize("name", ["original", "revised"])
def test_titles_and_topics_are_the_course_pages_words_in_order(papers, name):
    text = COURSE_PAGE.read_text(encoding="utf-8")
    content = text.split("Course Content\n")[-1]
    orig, rev = content.split("REVISION by RJM")
    section = orig if name == "original" else rev.split("Requirements & Materials")[0]
    page = [
        ln.strip()
        for ln in section.splitlines()
        if ln.strip() and ln.strip() != "..." and not re.match(r"Weeks? \d+", ln.strip())
    ]
    syl = load_syllabus(CORPUS / "syllabus.toml", papers, name)
    ours = []
    for s in syl.meetings:
        ours += [s.title] + [f"– {t}" for t in s.topics]
    assert ours == page


# -- dates ------------------------------------------------------------------------------------------
def test_dates_and_discuss_by(revised):
    w1, w16 = revised.meetings_in_week(1)[0], revised.meetings_in_week(16)[0]
    assert (w1.start, w1.end) == (dt.date(2026, 8, 24), dt.date(2026, 8, 30))
    assert w16.start == dt.date(2026, 12, 7)
    assert revised.week_of_paper("attention") == 2
    assert revised.discuss_by("attention") == dt.date(2026, 9, 7)  # week 3
    assert revised.discuss_by("bert") == dt.date(2026, 9, 7)  # introduced in that discussion
    assert revised.discuss_by("alisa") == dt.date(2026, 11, 30)  # week 15
    assert revised.discuss_by("mlperf-inference") == dt.date(2026, 10, 19)  # week 9
    with pytest.raises(NotFoundError):
        revised.discuss_by("no-such-paper")


def test_start_override_moves_every_date(papers):
    syl = load_syllabus(CORPUS / "syllabus.toml", papers, start=dt.date(2027, 1, 11))
    assert syl.start_date == dt.date(2027, 1, 11)
    assert syl.meetings_in_week(3)[0].start == dt.date(2027, 1, 25)
    assert syl.discuss_by("flashattention") == dt.date(2027, 3, 22)  # week 11


def test_current_week_and_next_discussion(revised):
    assert revised.current_week(dt.date(2026, 8, 23)) is None
    assert revised.current_week(dt.date(2026, 8, 24)) == 1
    assert revised.current_week(dt.date(2026, 9, 6)) == 2
    assert revised.current_week(dt.date(2026, 12, 13)) == 16
    assert revised.current_week(dt.date(2026, 12, 14)) is None
    nxt = revised.next_discussion(dt.date(2026, 9, 1))
    assert nxt.week == 3
    assert revised.papers_discussed_next(dt.date(2026, 9, 1)) == ["attention", "bert"]
    assert revised.next_discussion(dt.date(2026, 9, 7)).week == 3  # on the day itself
    assert revised.next_discussion(dt.date(2026, 9, 8)).week == 5  # the Tuesday after: the next one
    assert revised.next_discussion(dt.date(2026, 9, 14)).week == 5
    assert revised.next_discussion(dt.date(2026, 12, 7)) is None
    assert revised.papers_discussed_next(dt.date(2026, 12, 7)) == []


def test_unknown_version_and_week(papers, revised):
    with pytest.raises(NotFoundError, match="original, revised"):
        load_syllabus(CORPUS / "syllabus.toml", papers, "summer")
    with pytest.raises(NotFoundError):
        revised.meetings_in_week(17)


# -- validation ------------------------------------------------------------------------------------
SMALL = """\
start_date = 2026-08-24
term_weeks = 4
default_version = "v"

[versions.v]
label = "small"

[[versions.v.session]]
week = 1
kind = "reading"
title = "Reading: A"
papers = ["a"]

[[versions.v.session]]
week = 2
kind = "discussion"
title = "Discussion: B + Week 1 Reading"
papers = ["b"]
discusses = ["a"]
"""
KNOWN = {"a", "b"}


def _error(tmp_path, text) -> tuple[str, str]:
    path = tmp_path / "syllabus.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_syllabus(path, KNOWN)
    return info.value.message, str(path)


def test_small_file_loads(tmp_path):
    path = tmp_path / "syllabus.toml"
    path.write_text(SMALL, encoding="utf-8")
    syl = load_syllabus(path, KNOWN)
    assert [s.week for s in syl.meetings] == [1, 2] and syl.weeks() == [1, 2, 3, 4]


def test_unknown_paper_key(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace('papers = ["b"]', 'papers = ["zzz"]'))
    assert msg.startswith(f"{path}:18:") and "unknown paper key 'zzz'" in msg


def test_week_out_of_range(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace("week = 2", "week = 5"))
    assert msg.startswith(f"{path}:15:") and "out of range" in msg


def test_week_repeated(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace("week = 2", "week = 1"))
    assert msg.startswith(f"{path}:15:") and "repeated" in msg


def test_bad_date(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace("start_date = 2026-08-24", 'start_date = "next fall"'))
    assert msg.startswith(f"{path}:1:") and "bad date" in msg


def test_invalid_toml_date(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace("start_date = 2026-08-24", "start_date = 2026-02-30"))
    assert msg.startswith(f"{path}:1:")


def test_discussion_before_its_reading(tmp_path):
    text = SMALL.replace("week = 1\n", "week = 3\n")
    msg, path = _error(tmp_path, text)
    assert msg.startswith(f"{path}:19:") and "discusses 'a'" in msg and "week 3" in msg


def test_unknown_session_field(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace('title = "Reading: A"', 'title = "Reading: A"\nroom = 3'))
    assert msg.startswith(f"{path}:12:") and "unknown field 'room'" in msg


def test_tentative_slot_cannot_have_papers(tmp_path):
    msg, path = _error(tmp_path, SMALL.replace('discusses = ["a"]', 'discusses = ["a"]\ntentative = true'))
    assert msg.startswith(f"{path}:18:") and "tentative" in msg


def test_next_discussion_is_never_in_the_past(revised):
    # the app said "Next discussion Mon Nov 30" on Tue Dec 1: week 15's discussion was the last
    assert revised.next_discussion(dt.date(2026, 11, 30)).week == 15
    assert revised.next_discussion(dt.date(2026, 12, 1)) is None
    for day in (START + dt.timedelta(days=n) for n in range(7 * 16)):
        nxt = revised.next_discussion(day)
        assert nxt is None or nxt.start >= day


def test_discussion_weeks_have_papers_and_discuss_by_dates(revised, original):
    for syl in (revised, original):
        for s in syl.meetings:
            if s.kind == "discussion":
                assert syl.discuss_by_for(s) == s.start
                assert syl.papers_for_week(s.week) == list(dict.fromkeys(s.papers + s.discusses))
    week15 = revised.meetings_in_week(15)[0]  # tentative: discusses the week-14 reading only
    assert revised.papers_for_week(15) == ["alisa"]
    assert revised.discuss_by_for(week15) == dt.date(2026, 11, 30)
    reading = revised.meetings_in_week(14)[0]
    assert revised.discuss_by_for(reading) == dt.date(2026, 11, 30)  # alisa is discussed in week 15
    assert revised.discuss_by_for(revised.meetings_in_week(16)[0]) is None  # the buffer week


def test_the_source_parses_the_file_once_per_change(tmp_path, monkeypatch):
    """``load`` and ``versions`` (the week screen asks for both on every load) share one parse of
    the file until it changes; a changed file, or a broken one, is read again."""
    import papermind.syllabus as syllabus_module
    from papermind.corpus import ReadingList
    from papermind.syllabus import SyllabusSource

    (tmp_path / "papers.toml").write_text(
        "".join(
            f'[[paper]]\nkey = "{k}"\ntitle = "T {k}"\nauthors = ["A"]\nyear = 2020\n'
            f'venue = "V"\narxiv = "2001.0000{i}"\n'
            for i, k in enumerate(sorted(KNOWN))
        ),
        encoding="utf-8",
    )
    path = tmp_path / "syllabus.toml"
    path.write_text(SMALL, encoding="utf-8")
    parsed: list[Path] = []
    real_read = syllabus_module.read_toml

    def read_toml(p: Path):  # type: ignore[no-untyped-def]
        parsed.append(p)
        return real_read(p)

    monkeypatch.setattr(syllabus_module, "read_toml", read_toml)
    source = SyllabusSource(path, ReadingList(tmp_path / "papers.toml"))
    assert [s.week for s in source.load().meetings] == [1, 2]
    assert source.versions() == ["v"] and source.default_version() == "v"
    assert len(parsed) == 1
    path.write_text(SMALL.replace('title = "Discussion: B', 'title = "Talk: B'), encoding="utf-8")
    assert source.load().meetings[1].title.startswith("Talk: B") and len(parsed) == 2
    path.write_text(SMALL.replace("week = 2", "week = 2\nweek = 3"), encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        source.load()
    path.unlink()
    with pytest.raises(ConfigError, match="file not found"):
        source.versions()
