"""Bank parsing and `quiz check`: every problem names file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from papermind.quiz.bank.check import check_banks, check_paths, normalize_quote_text, quote_on_page
from papermind.quiz.bank.load import load_bank

PAPERS = {"pagedattention", "attention"}

GOOD = """paper = "pagedattention"

[[question]]
id = "pa-01"
type = "single"
prompt = "Which?"
choices = ["a", "b", "c", "d"]
answer = "B"
evidence = { page = 4, quote = "fixed-size “blocks”" }

[[question]]
id = "pa-02"
type = "cloze"
text = "vLLM partitions the KV cache into {1} that need not be {2} in memory."
blanks = [
  { answers = ["block*"], reference = ["KV blocks"] },
  { answers = ["contiguous"] },
]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems(paths, **kw):
    report = check_paths(paths, known_papers=PAPERS, **kw)
    return report, [(Path(p.file).name, p.line, p.severity, p.message) for p in report.problems]


def test_good_bank_parses_with_lines(tmp_path):
    b = load_bank(write(tmp_path, "good.toml", GOOD))
    assert not b.problems
    q1, q2 = b.questions
    assert (q1.line, q1.answer, q1.paper) == (3, 1, "pagedattention")
    assert q1.line_of("answer") == 8 and q1.line_of("evidence") == 9
    assert q1.evidence.page == 4 and q1.evidence.paper == "pagedattention"
    assert [p.text for p in q2.blanks[0].answers] == ["block*"]
    assert q2.line_of("blanks.1") == 17


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('[[question]]\nid = "x"\ntype = "single"\nprompt = "p"\nchoices = ["a", "b"\n', 5, "TOML syntax"),
        ('[[question]]\nid = "x"\ntype = "essay"\nprompt = "p"\n', 3, "unknown type 'essay'"),
        (
            '[[question]]\nid = "x"\ntype = "truefalse"\nprompt = "p"\nanswer = true\ncolour = 1\n',
            6,
            "unknown key `colour`",
        ),
        (
            '[[question]]\nid = "x"\ntype = "single"\nprompt = "p"\nchoices = ["a", "b"]\n',
            1,
            "no correct answer",
        ),
        (
            '[[question]]\nid = "x"\ntype = "single"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = "C"\n',
            6,
            "not one of the 2 choices",
        ),
        (
            '[[question]]\nid = "x"\ntype = "multi"\nprompt = "p"\nchoices = ["a", "b"]\nanswer = ["A", 5]\n',
            6,
            "not one of the 2 choices",
        ),
        (
            '[[question]]\nid = "x"\ntype = "numeric"\nprompt = "p"\nanswer = 3\nrange = [5, 1]\n',
            6,
            "range low",
        ),
        ('[[question]]\nid = "x"\ntype = "short"\nprompt = "p"\n', 1, "no correct answer"),
        (
            '[[question]]\nid = "x"\ntype = "truefalse"\nprompt = "p"\nanswer = true\npaper = "nope"\n',
            6,
            "unknown paper key 'nope'",
        ),
        (
            'paper = "attention"\nbogus = 1\n[[question]]\nid = "x"\ntype = "truefalse"\nprompt = "p"\nanswer = true\n',
            2,
            "unknown top-level key",
        ),
        (
            '[[question]]\nid = "x"\ntype = "cloze"\ntext = "a {1} b {2}"\nblanks = [ { answers = ["q"] } ]\n',
            4,
            "slots [1, 2]",
        ),
        (
            '[[question]]\nid = "x"\ntype = "truefalse"\nprompt = "p"\nanswer = true\nevidence = { page = 0 }\n',
            6,
            "positive integer",
        ),
    ],
)
def test_broken_banks_report_file_line(tmp_path, text, line, needle):
    path = write(tmp_path, "broken.toml", text)
    report, probs = problems([path])
    assert not report.ok
    errs = [p for p in probs if p[2] == "error"]
    assert any(p[0] == "broken.toml" and p[1] == line and needle in p[3] for p in errs), probs


def test_duplicate_id_across_banks(tmp_path):
    a = write(tmp_path, "a.toml", GOOD)
    b = write(tmp_path, "b.toml", GOOD.replace("pa-02", "pa-99"))
    report, probs = problems([tmp_path])
    dup = [p for p in probs if "duplicate id 'pa-01'" in p[3]]
    assert dup == [("b.toml", 4, "error", dup[0][3])]
    assert f"{a}:4" in dup[0][3]
    assert b.exists()


def test_evidence_checked_against_ingested_page(tmp_path):
    bad = GOOD.replace("fixed-size “blocks”", "a sentence that is not there")
    path = write(tmp_path, "ev.toml", bad)
    pages = {("pagedattention", 4): 'memory is split into ﬁxed-\nsize "blocks" of KV cache'}
    report = check_banks(
        [load_bank(path)],
        known_papers=PAPERS,
        is_ingested=lambda k: k == "pagedattention",
        page_text=lambda k, n: pages.get((k, n)),
    )
    errs = [p for p in report.problems if p.severity == "error"]
    assert len(errs) == 1 and errs[0].line == 9 and "not found on page 4" in errs[0].message
    ok = check_paths(
        [write(tmp_path, "ok.toml", GOOD)],
        known_papers=PAPERS,
        is_ingested=lambda k: True,
        page_text=lambda k, n: pages.get((k, n)),
    )
    assert ok.ok and not ok.problems


def test_unverified_evidence_is_a_note(tmp_path):
    report, probs = problems([write(tmp_path, "n.toml", GOOD)], is_ingested=lambda k: False)
    assert report.ok
    assert probs == [("n.toml", 9, "note", "evidence unverified: paper 'pagedattention' is not ingested")]


def test_quote_normalisation():
    page = "The  ﬁrst step—called “paging”—splits the cache.\nIt is hyphen-\nated here."
    assert quote_on_page('first step - called "paging" - splits', page.replace("—", " — "))
    assert quote_on_page("called “paging”—splits the cache. It is hyphenated", page)
    assert not quote_on_page("called paging splits the memory", page)
    assert normalize_quote_text("A\u00adB ﬂ") == "abfl"


def test_real_banks_have_no_errors():
    from papermind.config import SOURCE_ROOT, corpus_dir
    from papermind.corpus import ReadingList

    qdir = SOURCE_ROOT / "quizzes"
    if not any(qdir.glob("*.toml")):
        pytest.skip("no banks yet")
    report = check_paths([qdir], known_papers=ReadingList(corpus_dir() / "papers.toml").keys())
    assert report.ok, [str(p) for p in report.problems if p.severity == "error"]
