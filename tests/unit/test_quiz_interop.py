"""GIFT import (varied file) and round trip; QTI zip parsed back; Anki GUID stability."""

from __future__ import annotations

import dataclasses
import sqlite3
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from papermind.quiz.bank.load import load_bank
from papermind.quiz.interchange.gift import import_gift, parse_gift
from papermind.quiz.interchange.gift_export import export_gift

GIFT = r"""// a comment line
$CATEGORY: $course$/Systems/Paging

::Q1:: [markdown]Which structure does vLLM page? {
  =The KV cache #right
  ~The weights #no
  ~The activations
}

::TF:: PagedAttention needs contiguous memory. {F}

Select all that are GPUs {
  ~%50%A100
  ~%50%T4
  ~%-100%Xeon
}

What is 2+2\: the answer \{really\} \= \#4 \~? {#4:0.5}

Range question {#1..5 ####General feedback}

Who wrote it? {=Kwon =%50%*Woosuk* #partial}

Match these {=a -> b =c -> d}

Write an essay {}

Just a description.

The KV cache is split into {=blocks ~pages} of fixed size.

Numeric several {# =%50%3.1:0.1 =%100%3.14:0.01}
"""

BANK = """paper = "pagedattention"

[[question]]
id = "pa-01"
type = "single"
title = "Blocks"
prompt = "Which {structure} = paged? #1"
choices = ["KV cache", "weights: all", "activations"]
answer = "A"
choice_feedback = ["yes", "", "no"]
explanation = "See §4."
evidence = { page = 4, quote = "KV cache" }
tags = ["kv-cache"]
difficulty = "easy"

[[question]]
id = "pa-02"
type = "multi"
prompt = "Pick two"
choices = ["a", "b", "c", "d"]
answer = ["A", "C"]

[[question]]
id = "pa-03"
type = "truefalse"
prompt = "True?"
answer = true

[[question]]
id = "pa-04"
type = "numeric"
prompt = "How big?"
answer = 800
rel_tolerance = 0.05
unit = "KB"

[[question]]
id = "pa-05"
type = "numeric"
paper = "attention"
prompt = "Heads?"
answer = 8
range = [6, 10]

[[question]]
id = "pa-06"
type = "short"
prompt = "Why?"
answers = ["*block*", { text = "*page*", score = 0.5, feedback = "half" }]
reference = ["Because blocks need not be contiguous."]
keywords = ["block"]
threshold = 0.7

[[question]]
id = "pa-07"
type = "short"
prompt = "Reference only?"
reference = ["A model answer."]

[[question]]
id = "pa-08"
type = "cloze"
text = "into {1}"
blanks = [ { answers = ["blocks"] } ]
"""


def test_gift_import_varied(tmp_path):
    src = tmp_path / "in.gift"
    src.write_text(GIFT, encoding="utf-8")
    res = import_gift(src, tmp_path / "out.toml", paper="pagedattention", prefix="pg")
    assert res.questions == 8
    assert [p.split(": ", 1)[1].split(" ")[0] for p in res.problems] == ["matching", "essay", "description"]
    assert [int(p.split(":")[1]) for p in res.problems] == [24, 26, 28]
    bank = load_bank(tmp_path / "out.toml")
    assert not bank.problems
    q = {x.id: x for x in bank.questions}
    assert q["pg-01"].type == "single" and q["pg-01"].answer == 0 and q["pg-01"].title == "Q1"
    assert q["pg-01"].prompt == "Which structure does vLLM page?"
    assert q["pg-01"].choice_feedback == ["right", "no", ""] and q["pg-01"].tags == ["Paging"]
    assert q["pg-02"].type == "truefalse" and q["pg-02"].answer is False
    assert q["pg-03"].type == "multi" and q["pg-03"].answer == [0, 1] and q["pg-03"].weights == [50, 50, -100]
    assert q["pg-04"].prompt == "What is 2+2: the answer {really} = #4 ~?"
    assert (q["pg-04"].answer, q["pg-04"].tolerance) == (4, 0.5)
    assert q["pg-05"].range == (1, 5) and q["pg-05"].explanation == "General feedback"
    assert [(p.text, p.score, p.feedback) for p in q["pg-06"].answers] == [
        ("Kwon", 1, None),
        ("*Woosuk*", 0.5, "partial"),
    ]
    assert q["pg-07"].prompt == "The KV cache is split into _____ of fixed size." and q["pg-07"].choices == [
        "blocks",
        "pages",
    ]
    assert (q["pg-08"].answer, q["pg-08"].tolerance) == (3.14, 0.01)


def _comparable(q):
    d = dataclasses.asdict(q)
    for k in ("file", "line", "lines"):
        d.pop(k)
    return d


def test_gift_round_trip(tmp_path):
    (tmp_path / "b.toml").write_text(BANK, encoding="utf-8")
    original = load_bank(tmp_path / "b.toml")
    assert not original.problems
    info = export_gift([original], tmp_path / "b.gift")
    assert info["questions"] == 7 and info["skipped"] == ["pa-08: cloze questions have no GIFT form"]
    qs, problems = parse_gift((tmp_path / "b.gift").read_text(encoding="utf-8"))
    assert problems == []
    res = import_gift(tmp_path / "b.gift", tmp_path / "rt.toml", paper="pagedattention")
    back = load_bank(tmp_path / "rt.toml")
    assert not back.problems and res.questions == 7
    assert [_comparable(q) for q in back.questions] == [_comparable(q) for q in original.questions[:7]]


def test_qti_zip_parses_back(tmp_path):
    from papermind.quiz.interchange.qti import export_qti

    (tmp_path / "b.toml").write_text(BANK, encoding="utf-8")
    bank = load_bank(tmp_path / "b.toml")
    info = export_qti([bank], tmp_path / "b.zip")
    assert info["questions"] == 8
    with zipfile.ZipFile(tmp_path / "b.zip") as z:
        names = z.namelist()
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        ns = {
            "cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
            "q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2",
        }
        hrefs = [f.get("href") for f in manifest.iterfind(".//cp:resource/cp:file", ns)]
        assert len(hrefs) == 1 and hrefs[0] in names
        assert manifest.find(".//cp:resource", ns).get("type") == "imsqti_xmlv1p2"
        root = ET.fromstring(z.read(hrefs[0]))
    items = root.findall(".//q:objectbank/q:item", ns)
    assert [i.get("title") for i in items] == [
        "Blocks",
        "pa-02",
        "pa-03",
        "pa-04",
        "pa-05",
        "pa-06",
        "pa-07",
        "pa-08",
    ]

    def qtype(item):
        for f in item.iterfind(".//q:qtimetadatafield", ns):
            if f.find("q:fieldlabel", ns).text == "question_type":
                return f.find("q:fieldentry", ns).text

    assert [qtype(i) for i in items] == [
        "multiple_choice_question",
        "multiple_answers_question",
        "true_false_question",
        "numerical_question",
        "numerical_question",
        "essay_question",  # pa-06 has a reference: graded by meaning, so by hand in Canvas
        "essay_question",  # pa-07: reference only
        "fill_in_multiple_blanks_question",
    ]
    first = items[0]
    labels = [lab.get("ident") for lab in first.iterfind(".//q:response_label", ns)]
    scoring = [rc for rc in first.iterfind(".//q:respcondition", ns) if rc.find("q:setvar", ns) is not None]
    right = scoring[0].find("q:conditionvar/q:varequal", ns).text
    assert right == labels[0] and first.find(".//q:mattext", ns).text == "Which {structure} = paged? #1"
    num = items[3]
    assert num.find(".//q:vargte", ns).text == "760" and num.find(".//q:varlte", ns).text == "840"
    multi = items[1]
    assert (
        len(multi.findall(".//q:and/q:varequal", ns)) == 2 and len(multi.findall(".//q:and/q:not", ns)) == 2
    )
    essay = items[5]
    assert essay.find(".//q:varequal", ns) is None
    general = essay.find(".//q:itemfeedback[@ident='general_fb']//q:mattext", ns).text
    assert general.startswith("Model answer: Because blocks need not be contiguous.")
    assert any(line.startswith("pa-06:") and "essay" in line for line in info["lossy"])


def _notes(apkg: Path, tmp: Path):
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp)
    con = sqlite3.connect(tmp / "collection.anki2")
    try:
        notes = con.execute("SELECT guid, mid, flds FROM notes ORDER BY flds").fetchall()
        decks = con.execute("SELECT decks FROM col").fetchone()[0]
    finally:
        con.close()
    return notes, decks


def test_anki_guids_are_stable(tmp_path):
    from papermind.quiz.interchange.anki import export_anki, note_guid

    (tmp_path / "b.toml").write_text(BANK, encoding="utf-8")
    bank = load_bank(tmp_path / "b.toml")
    export_anki([bank], tmp_path / "one.apkg", timestamp=None)
    changed = BANK.replace('prompt = "True?"', 'prompt = "Is it true?"')
    (tmp_path / "b.toml").write_text(changed, encoding="utf-8")
    export_anki([load_bank(tmp_path / "b.toml")], tmp_path / "two.apkg", timestamp=None)
    (tmp_path / "x1").mkdir()
    (tmp_path / "x2").mkdir()
    n1, d1 = _notes(tmp_path / "one.apkg", tmp_path / "x1")
    n2, d2 = _notes(tmp_path / "two.apkg", tmp_path / "x2")
    assert len(n1) == 8
    assert [(g, m) for g, m, _ in n1] == [(g, m) for g, m, _ in n2]  # same GUIDs and model id
    assert {g for g, _, _ in n1} == {note_guid(f"pa-0{i}") for i in range(1, 9)}
    assert any("Is it true?" in f for _, _, f in n2) and not any("Is it true?" in f for _, _, f in n1)
    assert "papermind::b" in d1 and d1.split('"papermind::b"')[0][-40:] == d2.split('"papermind::b"')[0][-40:]
