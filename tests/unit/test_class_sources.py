"""Hand-ins: results files parsed strictly, zips read safely, similar wrong answers grouped."""

from __future__ import annotations

import json
import zipfile

import pytest

from papermind.classroom import results_file, sources
from papermind.classroom.agenda import group_answers
from papermind.classroom.stats import cronbach_alpha

GOOD = {
    "format": "papermind-results",
    "format_version": 1,
    "papermind_version": "0.1.0",
    "student": "Ada",
    "exported_at": "2026-09-15T10:00:00Z",
    "attempts": [
        {
            "question_id": "q1",
            "fingerprint": "abc",
            "answer": "B",
            "score": 1.0,
            "correct": True,
            "answered_at": "2026-09-14T10:00:00Z",
        }
    ],
    "reviews": [],
}


def _bytes(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_a_good_file_round_trips():
    parsed = results_file.parse(_bytes(GOOD))
    again = results_file.parse(results_file.dump(parsed).encode())
    assert again == parsed and parsed.attempts[0].answered_at.tzinfo is None


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"format": "other"}, "not a papermind results file"),
        ({"format_version": 2}, "format version 2 is not supported"),
        ({"student": ""}, "`student` must be a non-empty string"),
        ({"exported_at": "yesterday"}, "not an ISO date-time"),
        ({"attempts": [{**GOOD["attempts"][0], "score": 1.5}]}, "attempt 1: `score` must be between 0 and 1"),
        (
            {"attempts": [{**GOOD["attempts"][0], "correct": "yes"}]},
            "attempt 1: `correct` must be true or false",
        ),
        ({"attempts": [{**GOOD["attempts"][0], "verdict": "maybe"}]}, "`verdict` must be one of"),
        ({"attempts": "none"}, "must be lists"),
    ],
)
def test_a_bad_file_says_why(change, reason):
    with pytest.raises(results_file.ResultsFileError, match=reason):
        results_file.parse(_bytes({**GOOD, **change}))


def test_not_json_or_not_text():
    with pytest.raises(results_file.ResultsFileError, match=r"not valid JSON .*cut short"):
        results_file.parse(b'{"format": ')
    # json's message "Invalid control character at" is trimmed to whole words, with the column.
    with pytest.raises(results_file.ResultsFileError) as err:
        results_file.parse(b'{"broken\n')
    assert str(err.value).startswith("not valid JSON (line 1, column 9: Invalid control character)")
    # a file cut inside a string: json names where the string began, mid-file
    whole = _bytes(GOOD)
    start = whole.index(b'"student": "') + len(b'"student": "')  # inside the student's name
    with pytest.raises(results_file.ResultsFileError, match=r"Unterminated string.*cut short"):
        results_file.parse(whole[: start + 2])
    with pytest.raises(results_file.ResultsFileError) as mid:
        results_file.parse(b'{"format": x, "attempts": []}')
    assert "cut short" not in str(mid.value)
    with pytest.raises(results_file.ResultsFileError, match="not UTF-8"):
        results_file.parse(b"\xff\xfe\x00bin")


def test_zip_members_that_escape_nest_or_bomb_are_refused(tmp_path):
    z = tmp_path / "subs.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("smith_1_2_results.json", _bytes(GOOD))
        zf.writestr("/abs/x.json", "{}")
        zf.writestr("a/../../x.json", "{}")
        zf.writestr("inner.zip", b"PK")
        zf.writestr("essay.pdf", b"%PDF")
        zf.writestr("bomb.json", b"0" * (5 * 1024 * 1024))  # deflates ~1000:1
        zf.writestr("__MACOSX/._smith.json", b"junk")
    got = {s.name.split("!", 1)[1]: s for s in sources.collect([z])}
    assert got["smith_1_2_results.json"].data is not None and got["smith_1_2_results.json"].canvas_id == "1"
    assert "absolute path" in (got["/abs/x.json"].error or "")
    assert "climbs out" in (got["a/../../x.json"].error or "")
    assert "zip inside the zip" in (got["inner.zip"].error or "")
    assert "not a .json" in (got["essay.pdf"].error or "")
    assert "zip bomb" in (got["bomb.json"].error or "")
    assert "__MACOSX/._smith.json" not in got


def test_too_many_members_and_broken_zips(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_MEMBERS", 3)
    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(4):
            zf.writestr(f"s{i}.json", "{}")
    (only,) = sources.collect([z])
    assert only.data is None and "4 files inside" in (only.error or "")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(z.read_bytes()[:-30])  # central directory cut off
    (b,) = sources.collect([broken])
    assert b.data is None and b.error


def test_canvas_names():
    assert sources.canvas_user_id("lastfirst_12345_67890_results.json") == "12345"
    assert sources.canvas_user_id("lastfirst_LATE_12345_67890_results-1.json") == "12345"
    assert sources.canvas_user_id("results.json") is None


def test_similar_wrong_answers_are_grouped():
    groups = group_answers(["a page cache", "The page cache!", "paging", "Paging.", "the GPU"])
    assert [(g.count) for g in groups] == [2, 2, 1]
    assert {g.answer for g in groups[:2]} == {"a page cache", "paging"}


def test_kr20_on_a_known_matrix():
    # totals 4, 2, 1: 4/3 * (1 - (8/9) / (14/9)) = 4/7
    m = [[1, 1, 1, 1], [1, 1, 0, 0], [0, 0, 1, 0]]
    assert cronbach_alpha([[float(x) for x in r] for r in m]) == pytest.approx(4 / 7)
    assert cronbach_alpha([[1.0, 1.0], [1.0, 1.0], [1.0, 1.0]]) is None  # no variance


def test_the_fingerprint_follows_what_is_asked_and_scored_not_the_explanation():
    from papermind.classroom.fingerprint import fingerprint
    from papermind.quiz.bank.model import NumericPartial, Question

    q = Question(id="n", type="numeric", prompt="How many heads?", answer=8.0, explanation="h = 8")
    same = Question(id="n", type="numeric", prompt="How  many\nheads?", answer=8.0, explanation="see p. 5")
    assert fingerprint(q) == fingerprint(same)
    assert fingerprint(q) != fingerprint(
        Question(id="n", type="numeric", prompt="How many heads?", answer=16.0)
    )
    assert fingerprint(q) != fingerprint(
        Question(
            id="n", type="numeric", prompt="How many heads?", answer=8.0, partial=[NumericPartial(16.0, 0.5)]
        )
    )


def test_agenda_lists_half_right_multi_picks_as_answered_instead():
    # A half-right multi passes the pass mark, but the picks are what the discussion should address.
    from datetime import datetime
    from types import SimpleNamespace

    from papermind.classroom import agenda
    from papermind.quiz.bank.model import Question

    q = Question(
        id="m-01",
        type="multi",
        prompt="Which share KV blocks?",
        choices=["parallel sampling", "beam search", "prefix caching across models", "tokenizer"],
        answer=[0, 1],
    )

    def student(answer: list[str], score: float) -> SimpleNamespace:
        at = datetime(2026, 11, 30, 12)
        attempt = results_file.ResultAttempt("m-01", "fp", answer, score, score >= 0.5, at)
        return SimpleNamespace(attempts=[attempt])

    item = SimpleNamespace(id="m-01", students=3, facility=2 / 3)
    stats = SimpleNamespace(questions=[item], concepts=[], students=3)
    pupils = [student(["A", "B"], 1.0), student(["A"], 0.5), student(["A", "B", "C"], 0.5)]
    md = agenda.build(6, stats, [q], pupils).markdown  # type: ignore[arg-type]
    assert "Answered instead (1×): A) parallel sampling\n" in md
    assert "Answered instead (1×): A) parallel sampling, B) beam search, C) prefix caching" in md
    assert md.count("Answered instead") == 2  # the full-marks answer is not listed
