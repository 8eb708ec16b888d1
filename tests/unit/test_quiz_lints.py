"""`quiz check` lints: guessable keys (per bank and over all banks) and gameable patterns."""

from __future__ import annotations

import json
from pathlib import Path

from papermind.quiz.bank.check import check_paths
from papermind.quiz.bank.lints import key_stats
from papermind.quiz.bank.load import load_bank

PAPERS = {"pagedattention", "attention"}
EVEN = ["one choice here", "two choice here", "three choices x", "four choices xy"]


def single(qid: str, answer: str, choices: list[str] = EVEN) -> str:
    return (
        f'[[question]]\nid = "{qid}"\ntype = "single"\nprompt = "Which one?"\n'
        f'choices = {json.dumps(choices)}\nanswer = "{answer}"\n\n'
    )


def multi(qid: str, answer: list[str]) -> str:
    return (
        f'[[question]]\nid = "{qid}"\ntype = "multi"\nprompt = "Which ones?"\n'
        f"choices = {json.dumps(EVEN)}\nanswer = {json.dumps(answer)}\n\n"
    )


def short(qid: str, answers: list[str], reference: str, prompt: str = "Why is it so?") -> str:
    return (
        f'[[question]]\nid = "{qid}"\ntype = "short"\nprompt = "{prompt}"\n'
        f"answers = {json.dumps(answers)}\nreference = [{json.dumps(reference)}]\n\n"
    )


def bank(tmp_path: Path, name: str, *questions: str) -> Path:
    p = tmp_path / name
    p.write_text('paper = "pagedattention"\n\n' + "".join(questions), encoding="utf-8")
    return p


def warnings(*paths: Path) -> list[str]:
    report = check_paths(list(paths), known_papers=PAPERS)
    return [f"{Path(p.file).name}:{p.line}: {p.message}" for p in report.problems if p.severity != "note"]


def test_spread_keys_raise_no_warning(tmp_path):
    p = bank(tmp_path, "a.toml", *(single(f"q{i}", "ABCD"[i % 4]) for i in range(8)))
    assert warnings(p) == []


def test_one_key_position_over_40_percent_per_bank(tmp_path):
    p = bank(tmp_path, "a.toml", *(single(f"q{i}", "B" if i < 3 else "ACD"[i % 3]) for i in range(6)))
    msgs = warnings(p)
    assert msgs == ["a.toml:1: in this bank, key position B holds 3 of 6 single-choice keys (over 40%)"]


def test_key_position_bias_over_all_banks_only(tmp_path):
    # Each bank alone is fine (2 of 4 at B is not yet a pattern); together 4 of 8 is.
    a = bank(tmp_path, "a.toml", single("a1", "B"), single("a2", "B"), single("a3", "A"), single("a4", "C"))
    b = bank(tmp_path, "b.toml", single("b1", "B"), single("b2", "B"), single("b3", "D"), single("b4", "A"))
    assert warnings(a) == [] and warnings(b) == []
    msgs = warnings(a, b)
    assert any("over all 2 banks, key position B holds 4 of 8" in m for m in msgs), msgs


def test_longest_choice_is_the_key(tmp_path):
    long = ["short one", "the much longer right answer", "short two", "short 3"]
    qs = [single(f"q{i}", "B", long[:]) for i in range(3)]
    qs += [single(f"r{i}", "ACD"[i], EVEN) for i in range(3)]
    msgs = warnings(bank(tmp_path, "a.toml", *qs))
    assert any("the longest choice is the key in 3 of 6" in m for m in msgs), msgs


def test_multi_keys_that_always_include_the_same_letters(tmp_path):
    p = bank(
        tmp_path,
        "a.toml",
        multi("m1", ["A", "B"]),
        multi("m2", ["A", "B", "C"]),
        multi("m3", ["A", "B", "D"]),
    )
    msgs = warnings(p)
    assert "a.toml:1: in this bank, every multi-choice key includes A (3 questions)" in msgs
    assert "a.toml:1: in this bank, 3 of 3 multi-choice keys include both A and B" in msgs
    varied = bank(
        tmp_path, "b.toml", multi("n1", ["A", "B"]), multi("n2", ["C", "D"]), multi("n3", ["B", "D"])
    )
    assert warnings(varied) == []


def test_all_or_none_of_the_above(tmp_path):
    p = bank(tmp_path, "a.toml", single("q1", "D", ["red one", "blue one", "green one", "All of the above"]))
    msgs = warnings(p)
    assert msgs == ["a.toml:7: choice D is 'All of the above': write a real alternative"]
    p = bank(tmp_path, "b.toml", single("q2", "A", ["red one", "none of these", "green one", "blue"]))
    assert "choice B is 'none of these'" in warnings(p)[0]


def test_choices_differing_wildly_in_length(tmp_path):
    choices = ["No", "Yes", "Maybe", "Because the blocks are allocated on demand and never reserved ahead"]
    msgs = warnings(bank(tmp_path, "a.toml", single("q1", "D", choices)))
    assert msgs == [
        "a.toml:7: choices differ wildly in length (2 to 67 characters): the odd one out gives the answer away"
    ]


def test_bare_fragment_pattern(tmp_path):
    p = bank(
        tmp_path, "a.toml", short("s1", ["*tile*", "*split into tiles*"], "It splits operators into tiles.")
    )
    msgs = warnings(p)
    assert (
        len(msgs) == 1
        and "pattern '*tile*' is a bare fragment" in msgs[0]
        and msgs[0].startswith("a.toml:7:")
    )


def test_pattern_accepting_another_questions_model_answer(tmp_path):
    a = bank(tmp_path, "a.toml", short("s1", ["*HBM*SRAM*"], "It minimises traffic between SRAM and HBM."))
    b = bank(
        tmp_path,
        "b.toml",
        short("s2", ["*on-chip SRAM*"], "It keeps the tile in HBM and moves it to SRAM once."),
    )
    msgs = warnings(a, b)
    assert any("pattern '*HBM*SRAM*' accepts the model answer of s2 (same paper)" in m for m in msgs), msgs


def test_pattern_accepting_own_prompt_and_vague_words(tmp_path):
    p = bank(
        tmp_path,
        "a.toml",
        short("s1", ["*KV cache*memory*"], "Blocks.", prompt="Why does the KV cache waste memory?"),
        short("s2", ["*memory*"], "Paging.", prompt="What does it save?"),
        short("s3", ["*know*"], "It is the KV cache.", prompt="Name it."),
    )
    msgs = warnings(p)
    assert any("[s1]" not in m and "'*KV cache*memory*' accepts the question's own prompt" in m for m in msgs)
    assert any("'*know*' is a bare fragment" in m for m in msgs)
    assert any("'*memory*' is a bare fragment" in m for m in msgs)


def test_pattern_accepting_a_vague_answer(tmp_path):
    p = bank(tmp_path, "a.toml", short("s1", ["*I don*"], "A precise answer."))
    assert any('accepts the vague answer "I don\'t know"' in m for m in warnings(p))


def test_pathological_patterns_are_errors(tmp_path):
    p = bank(
        tmp_path,
        "a.toml",
        short("s1", ["*a*a*a*a*a*a*a*a*a*a*a*a*b"], "x y"),
        short("s2", ["**"], "x y"),
        short("s3", ["x" * 300], "x y"),
    )
    report = check_paths([p], known_papers=PAPERS)
    errs = sorted((p.qid, p.message.split(":")[0]) for p in report.problems if p.severity == "error")
    assert [e[0] for e in errs] == ["s1", "s2", "s3"]
    assert "13 wildcards" in next(p.message for p in report.problems if p.qid == "s1")
    assert not report.ok


def test_pathological_keywords_are_errors(tmp_path):
    text = short("s1", ["one block"], "At most one block.").replace(
        "reference =", 'keywords = ["a*a*a*a*a*a*b", "block"]\nreference ='
    )
    report = check_paths([bank(tmp_path, "a.toml", text)], known_papers=PAPERS)
    errs = [p.message for p in report.problems if p.severity == "error"]
    assert (
        len(errs) == 1 and errs[0].startswith("keyword 'a*a*a*a*a*a*b': pattern") and "8 wildcards" in errs[0]
    )


def test_exact_patterns_and_clean_banks_pass(tmp_path):
    p = bank(
        tmp_path,
        "a.toml",
        short("s1", ["one block", "*at most one block*"], "At most one block per request."),
    )
    assert warnings(p) == []


def test_cloze_blank_patterns_are_linted(tmp_path):
    text = (
        '[[question]]\nid = "c1"\ntype = "cloze"\ntext = "Blocks are like {1}."\n'
        'blanks = [ { answers = ["page*"], reference = ["pages"] } ]\n\n'
    )
    p = bank(tmp_path, "a.toml", text, short("s2", ["tile"], "Pages are fixed-size blocks."))
    msgs = warnings(p)
    assert any("blank 1: pattern 'page*' accepts the model answer of s2" in m for m in msgs), msgs


def test_key_stats_counts_positions_longest_and_multi(tmp_path):
    b = load_bank(
        bank(
            tmp_path,
            "a.toml",
            single("q1", "A", ["the longest choice", "b", "c", "d"]),
            single("q2", "C"),
            multi("m1", ["A", "C"]),
        )
    )
    st = key_stats(b.questions)
    assert (st.single, st.positions, st.longest_is_key, st.multi_keys) == (2, {"A": 1, "C": 1}, 1, {"AC": 1})


def test_shipped_banks_pass_every_lint():
    repo = Path(__file__).resolve().parents[2]
    report = check_paths([repo / "quizzes"], known_papers=None)
    flagged = [str(p) for p in report.problems if p.severity != "note"]
    assert flagged == []
    k = report.keys
    assert max(k.positions.values()) <= 0.4 * k.single and k.longest_is_key <= 0.4 * k.single
    both_a_and_b = sum(n for key, n in k.multi_keys.items() if "A" in key and "B" in key)
    assert both_a_and_b <= 0.5 * k.multi
