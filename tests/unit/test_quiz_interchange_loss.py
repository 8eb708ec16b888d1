"""Interchange that says what it loses: QTI short answers, GIFT partial credit, true/false
feedback, format markers, odd encodings and broken metadata; count units in numeric grading."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from papermind.errors import QuizError
from papermind.quiz.bank.load import load_bank
from papermind.quiz.grading.rules import grade
from papermind.quiz.interchange.gift import import_gift
from papermind.quiz.interchange.gift_export import export_gift
from papermind.quiz.interchange.qti import export_qti

NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}

BANK = """paper = "flashattention"

[[question]]
id = "fa-why"
type = "short"
prompt = "Why is recomputing attention in the backward pass faster than reading it back?"
answers = ["*recomput*faster*"]
reference = ["Recomputing from SRAM-resident blocks costs fewer HBM accesses than reading the N x N matrix."]

[[question]]
id = "fa-name"
type = "short"
prompt = "What is the tiled exact-attention algorithm called?"
answers = ["*FlashAttention*"]

[[question]]
id = "fa-tf"
type = "truefalse"
prompt = "FlashAttention is an approximation of attention."
answer = false
choice_feedback = ["No: it computes exact attention.", "Right: it is exact."]

[[question]]
id = "fa-speed"
type = "numeric"
prompt = "Speed-up on GPT-2 (x)?"
answer = 3
tolerance = 0.2
partial = [{ answer = 2, tolerance = 0.5, score = 0.5, feedback = "That is the BERT figure." }]
"""


def _bank(tmp_path: Path, text: str = BANK) -> Path:
    p = tmp_path / "fa.toml"
    p.write_text(text, encoding="utf-8")
    bank = load_bank(p)
    assert not [x for x in bank.problems if x.severity == "error"], bank.problems
    return p


def _items(zip_path: Path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(zip_path) as z:
        xml = [n for n in z.namelist() if n.endswith(".xml") and n != "imsmanifest.xml"]
        root = ET.fromstring(z.read(xml[0]))
    return {i.get("title", ""): i for i in root.iter(f"{{{NS['q']}}}item")}


def _qtype(item: ET.Element) -> str:
    for f in item.iter(f"{{{NS['q']}}}qtimetadatafield"):
        if f.findtext("q:fieldlabel", namespaces=NS) == "question_type":
            return f.findtext("q:fieldentry", namespaces=NS) or ""
    return ""


def test_qti_short_answer_by_meaning_becomes_essay_with_model_answer(tmp_path: Path) -> None:
    out = tmp_path / "fa.zip"
    info = export_qti([load_bank(_bank(tmp_path))], out)
    items = _items(out)
    why = items["fa-why"]
    assert _qtype(why) == "essay_question"
    texts = [t.text or "" for t in why.iter(f"{{{NS['q']}}}mattext")]
    assert any(t.startswith("Model answer: Recomputing") for t in texts)
    # never a mangled stem as an accepted answer
    assert not [v for v in why.iter(f"{{{NS['q']}}}varequal")]
    assert all("recomput faster" not in t for t in texts)
    assert any(line.startswith("fa-why:") and "essay" in line for line in info["lossy"])


def test_qti_terse_pattern_exports_the_exact_term_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "fa.zip"
    info = export_qti([load_bank(_bank(tmp_path))], out)
    name = _items(out)["fa-name"]
    assert _qtype(name) == "short_answer_question"
    assert [v.text for v in name.iter(f"{{{NS['q']}}}varequal")] == ["FlashAttention"]
    assert any(line.startswith("fa-name:") and "'FlashAttention'" in line for line in info["lossy"])
    assert any("partial-credit" in line for line in info["lossy"])


def test_qti_true_false_carries_per_answer_feedback(tmp_path: Path) -> None:
    out = tmp_path / "fa.zip"
    export_qti([load_bank(_bank(tmp_path))], out)
    tf = _items(out)["fa-tf"]
    fb = [f.findtext(".//q:mattext", namespaces=NS) for f in tf.iter(f"{{{NS['q']}}}itemfeedback")]
    assert "No: it computes exact attention." in fb and "Right: it is exact." in fb
    links = {d.get("linkrefid") for d in tf.iter(f"{{{NS['q']}}}displayfeedback")}
    assert links == {f.get("ident") for f in tf.iter(f"{{{NS['q']}}}itemfeedback")}


def test_numeric_partial_credit_grades_and_round_trips_through_gift(tmp_path: Path) -> None:
    bank = load_bank(_bank(tmp_path))
    q = next(x for x in bank.questions if x.id == "fa-speed")
    assert grade(q, "3.1").score == 1.0
    half = grade(q, "2.2")
    assert half.score == 0.5 and "Partly right" in half.feedback and "BERT figure" in half.feedback
    assert grade(q, "9").score == 0.0
    gift = tmp_path / "fa.gift"
    export_gift([bank], gift)
    back = tmp_path / "back.toml"
    res = import_gift(gift, back)
    assert res.problems == []
    again = {x.id: x for x in load_bank(back).questions}
    assert again["fa-speed"].partial == q.partial
    assert again["fa-tf"].choice_feedback == ["No: it computes exact attention.", "Right: it is exact."]


GIFT_IN = """::n:: How many bytes? {#=1000:0 =%50%1000:50#Close, but count exactly.}

::tf:: The KV cache grows with the sequence. {T#No: it grows with every token.#Yes.}

::h:: [html]<p>What does <b>HBM</b> stand for?</p>{=[html]high bandwidth memory #<i>right</i>}

::m:: [markdown]Pick *one* {=yes ~no}

::p:: [moodle]Plain? {=yes}
"""


def test_gift_import_keeps_partial_credit_feedback_and_strips_markers(tmp_path: Path) -> None:
    src = tmp_path / "in.gift"
    src.write_text(GIFT_IN, encoding="utf-8")
    out = tmp_path / "out.toml"
    res = import_gift(src, out, prefix="g")
    assert res.problems == []
    qs = {q.title: q for q in load_bank(out).questions}
    n = qs["n"]
    assert n.answer == 1000 and len(n.partial) == 1
    assert (n.partial[0].score, n.partial[0].tolerance) == (0.5, 50)
    assert n.partial[0].feedback == "Close, but count exactly."
    assert grade(n, "1030").score == 0.5
    tf = qs["tf"]
    assert tf.answer is True and tf.choice_feedback == ["Yes.", "No: it grows with every token."]
    assert "No: it grows with every token." in grade(tf, "false").feedback
    h = qs["h"]
    assert h.prompt == "What does HBM stand for?"
    assert [p.text for p in h.answers] == ["high bandwidth memory"]
    assert h.answers[0].feedback == "right"
    assert qs["m"].prompt == "Pick *one*"
    assert qs["p"].prompt == "Plain?"
    assert "[" not in out.read_text(encoding="utf-8").split("[[question]]", 1)[1].split("prompt")[0]


def test_gift_import_reads_latin1_with_a_note_and_refuses_binary(tmp_path: Path) -> None:
    src = tmp_path / "latin.gift"
    src.write_bytes("Qu'est-ce qu'un café? {=boisson}\n".encode("latin-1"))
    out = tmp_path / "out.toml"
    res = import_gift(src, out)
    assert res.questions == 1
    assert any("not UTF-8" in p and ":1:" in p for p in res.problems)
    assert load_bank(out).questions[0].prompt == "Qu'est-ce qu'un café?"
    binary = tmp_path / "x.gift"
    binary.write_bytes(b"\x00\x01\x02GIFT?\x00" * 50)
    with pytest.raises(QuizError, match="binary"):
        import_gift(binary, tmp_path / "y.toml")
    assert not (tmp_path / "y.toml").exists()


@pytest.mark.parametrize(
    ("meta", "expect"),
    [
        ("[1, 2]", "must be a JSON object"),
        ("{not json", "unreadable papermind metadata"),
        ('{"bogus": 1}', "unknown papermind metadata key"),
        ('{"points": "many"}', "points"),
        ('{"tags": [1, {"a": 2}]}', "tags"),
        ('{"id": "", "tolerance": NaN}', "NaN is not a number"),
    ],
)
def test_gift_import_reports_broken_metadata_by_line(tmp_path: Path, meta: str, expect: str) -> None:
    src = tmp_path / "m.gift"
    src.write_text(f"Fine? {{T}}\n\n// papermind: {meta}\nHow many? {{#4}}\n", encoding="utf-8")
    res = import_gift(src, tmp_path / "m.toml")
    assert any(expect in p for p in res.problems), res.problems
    assert all(f"{src}:" in p for p in res.problems)
    bank = load_bank(tmp_path / "m.toml")
    assert not [p for p in bank.problems if p.severity == "error"]
    assert bank.questions[0].prompt == "Fine?"


COUNT_BANK = """[[question]]
id = "params"
type = "numeric"
prompt = "How many parameters does BERT-large have?"
answer = 340
rel_tolerance = 0.03
unit = "M"
"""


@pytest.mark.parametrize(
    "answer", ["340", "340 M", "340M", "340 million", "0.34B", "0.34 billion", "340M params"]
)
def test_count_units_are_understood(tmp_path: Path, answer: str) -> None:
    q = load_bank(_bank(tmp_path, COUNT_BANK)).questions[0]
    assert grade(q, answer).score == 1.0, answer


def test_count_units_bare_base_number_and_wrong_dimension(tmp_path: Path) -> None:
    q = load_bank(_bank(tmp_path, COUNT_BANK)).questions[0]
    r = grade(q, "340000000")
    assert r.score == 1.0 and "plain count" in r.feedback
    assert grade(q, "110 million").score == 0.0
    with pytest.raises(QuizError, match="does not match"):
        grade(q, "340 MB")


def test_bytes_question_still_reads_b_as_bytes(tmp_path: Path) -> None:
    text = COUNT_BANK.replace('unit = "M"', 'unit = "MB"')
    q = load_bank(_bank(tmp_path, text)).questions[0]
    assert grade(q, "340000000 B").score == 1.0
    assert grade(q, "0.34 GB").score == 1.0


def test_cli_export_prints_what_changed_in_human_output(tmp_path: Path) -> None:
    from papermind.cli import app

    bank = _bank(tmp_path)
    out = tmp_path / "fa.zip"
    r = CliRunner().invoke(app, ["quiz", "export", str(bank), "-o", str(out), "--format", "qti"])
    assert r.exit_code == 0, r.output
    assert "changed fa-why: graded by meaning" in " ".join(r.output.split())
    assert "changed for the qti format" in r.output
