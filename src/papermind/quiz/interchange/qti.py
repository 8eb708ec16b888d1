"""Canvas QTI 1.2 export: a zip with ``imsmanifest.xml`` and one ``<objectbank>`` per bank
(Canvas imports an objectbank as a question bank).

Canvas question types: multiple_choice, multiple_answers, true_false, numerical, short_answer,
essay and fill_in_multiple_blanks (cloze). Canvas matches a short answer exactly (ignoring case),
so only answers that are exact terms travel as accepted answers: a pattern with ``*`` only at its
ends (``*PagedAttention*``) becomes the term itself, and the list of lossy conversions says that
Canvas will accept only that exact text. A short question graded by meaning (a reference answer)
or by a pattern with ``*`` inside (``*recomput*faster*``, a word stem, never an answer a student
would type) becomes an essay question that Canvas leaves to the grader, with the model answer in
the general feedback; it is never exported as a mangled exact string. Cloze blanks keep only their
exact terms and references. Every lossy conversion is listed in the result.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from papermind.quiz.bank.model import CLOZE_SLOT, Bank, Blank, Question

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
TYPES = {
    "single": "multiple_choice_question",
    "multi": "multiple_answers_question",
    "truefalse": "true_false_question",
    "numeric": "numerical_question",
    "short": "short_answer_question",
    "cloze": "fill_in_multiple_blanks_question",
}


def ident(*parts: str) -> str:
    return "g" + hashlib.sha1("/".join(parts).encode()).hexdigest()[:24]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        e.text = text
    return e


def _material(parent: ET.Element, text: str, html: bool = False) -> None:
    m = _sub(parent, "material")
    _sub(m, "mattext", text, texttype="text/html" if html else "text/plain")


def _meta(item: ET.Element, q: Question, qtype: str) -> None:
    md = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (
        ("question_type", qtype),
        ("points_possible", f"{q.points:g}"),
        ("original_answer_ids", ""),
        ("assessment_question_identifierref", ident("q", q.id)),
    ):
        f = _sub(md, "qtimetadatafield")
        _sub(f, "fieldlabel", label)
        _sub(f, "fieldentry", entry)


def _score(rp: ET.Element, cond: ET.Element | None, value: float) -> ET.Element:
    rc = _sub(rp, "respcondition", continue_="No")
    rc.append(cond if cond is not None else ET.Element("conditionvar"))
    _sub(rc, "setvar", f"{value:g}", action="Set", varname="SCORE")
    return rc


def _choices(
    pres: ET.Element,
    labels: list[tuple[str, str]],
    multiple: bool,
    rid: str = "response1",
    shuffle: bool = False,
) -> None:
    lid = _sub(pres, "response_lid", ident=rid, rcardinality="Multiple" if multiple else "Single")
    rc = _sub(lid, "render_choice", shuffle="Yes" if shuffle else "No")  # the bank's `shuffle` flag
    for lab_id, text in labels:
        _material(_sub(rc, "response_label", ident=lab_id), text)


def exact_term(pattern: str) -> str | None:
    """The exact text a pattern stands for when Canvas can match it: ``*term*`` -> "term"; a
    pattern with ``*`` inside (a stem or several fragments) has none."""
    core = pattern.strip().strip("*").strip()
    if not core or "*" in core:
        return None
    return " ".join(core.split())


def _choice_feedback(
    item: ET.Element, rp: ET.Element, labels: list[tuple[str, str]], feedback: list[str]
) -> None:
    """Canvas's per-answer comments: shown when that choice is picked (placed before scoring)."""
    for (lab_id, _text), fb in zip(labels, feedback, strict=False):
        if not fb:
            continue
        rc = ET.Element("respcondition", {"continue": "Yes"})
        cond = _sub(rc, "conditionvar")
        _sub(cond, "varequal", lab_id, respident="response1")
        _sub(rc, "displayfeedback", feedbacktype="Response", linkrefid=f"{lab_id}_fb")
        rp.insert(1, rc)
        fb_el = _sub(item, "itemfeedback", ident=f"{lab_id}_fb")
        _material(_sub(fb_el, "flow_mat"), fb)


def _accepted(b: Question | Blank) -> list[str]:
    """Exact answers Canvas can match: full-credit patterns that are terms, then references."""
    out = [t for p in b.answers if p.score >= 1 and (t := exact_term(p.text))]
    out += list(b.reference)
    return [x for x in dict.fromkeys(out) if x]


def _short_as_essay(q: Question) -> bool:
    """Graded by meaning or by an inexact pattern: only a person can grade it in Canvas."""
    return bool(q.reference) or any(exact_term(p.text) is None for p in q.answers if p.score >= 1)


def _model_answer(q: Question) -> str:
    if q.reference:
        return q.reference[0]
    return "; ".join(p.text for p in q.answers if p.score >= 1)


def item_xml(q: Question, lossy: list[str]) -> ET.Element:
    item = ET.Element("item", ident=ident("q", q.id), title=q.title or q.id)
    essay = q.type == "short" and _short_as_essay(q)
    _meta(item, q, "essay_question" if essay else TYPES[q.type])
    pres = _sub(item, "presentation")
    rp = _sub(item, "resprocessing")
    _sub(_sub(rp, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if q.type == "cloze":
        text = CLOZE_SLOT.sub(lambda m: f"[blank{m.group(1)}]", q.text or "")
        _material(pres, f"{q.prompt}\n{text}" if q.prompt else text)
        share = 100 / max(1, len(q.blanks))
        for i, b in enumerate(q.blanks, start=1):
            acc = _accepted(b)
            labels = [(ident("q", q.id, str(i), a), a) for a in acc]
            lid = _sub(pres, "response_lid", ident=f"response_blank{i}")
            _material(lid, f"blank{i}")
            rc = _sub(lid, "render_choice")
            for lab_id, a in labels:
                _material(_sub(rc, "response_label", ident=lab_id), a)
            for lab_id, _a in labels:
                cond = ET.Element("conditionvar")
                _sub(cond, "varequal", lab_id, respident=f"response_blank{i}")
                r = _sub(rp, "respcondition")
                r.append(cond)
                _sub(r, "setvar", f"{share:.2f}", action="Add", varname="SCORE")
            dropped = [p.text for p in b.answers if p.score >= 1 and exact_term(p.text) is None]
            if dropped:
                lossy.append(
                    f"{q.id}: blank {i}: pattern(s) {', '.join(dropped)} have no exact form and were "
                    f"left out; Canvas accepts only {', '.join(repr(a) for a in acc) or 'nothing'}"
                )
            elif any(p.text.strip().startswith("*") or p.text.strip().endswith("*") for p in b.answers):
                lossy.append(
                    f"{q.id}: blank {i}: Canvas accepts only the exact text {', '.join(map(repr, acc))}"
                )
        return item
    _material(pres, q.prompt)
    if q.type in ("single", "multi"):
        labels = [(ident("q", q.id, str(i)), c) for i, c in enumerate(q.choices)]
        _choices(pres, labels, q.type == "multi", shuffle=q.shuffle)
        cond = ET.Element("conditionvar")
        if q.type == "single":
            _sub(cond, "varequal", labels[q.answer][0], respident="response1")
        else:
            conj = _sub(cond, "and")
            for i, (lab_id, _c) in enumerate(labels):
                parent = conj if i in q.answer else _sub(conj, "not")
                _sub(parent, "varequal", lab_id, respident="response1")
        _score(rp, cond, 100)
        if q.choice_feedback:
            _choice_feedback(item, rp, labels, q.choice_feedback)
    elif q.type == "truefalse":
        labels = [(ident("q", q.id, "true"), "True"), (ident("q", q.id, "false"), "False")]
        _choices(pres, labels, False)
        cond = ET.Element("conditionvar")
        _sub(cond, "varequal", labels[0 if q.answer else 1][0], respident="response1")
        _score(rp, cond, 100)
        if q.choice_feedback:
            _choice_feedback(item, rp, labels, q.choice_feedback)
    elif q.type == "numeric":
        rs = _sub(pres, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(rs, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")
        if q.range is not None:
            lo, hi = q.range
        else:
            tol = q.tolerance_abs()
            lo, hi = q.answer - tol, q.answer + tol
        cond = ET.Element("conditionvar")
        _sub(cond, "varequal", f"{q.answer:g}", respident="response1")
        both = _sub(_sub(cond, "or"), "and")
        _sub(both, "vargte", f"{lo:g}", respident="response1")
        _sub(both, "varlte", f"{hi:g}", respident="response1")
        _score(rp, cond, 100)
        if q.unit:
            lossy.append(f"{q.id}: unit {q.unit!r} not enforced by Canvas")
        if q.partial:
            lossy.append(
                f"{q.id}: {len(q.partial)} partial-credit answer(s) left out (Canvas gives full credit or none)"
            )
    elif q.type == "short" and essay:
        rs = _sub(pres, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(rs, "render_fib", fibtype="String", prompt="Box"), "response_label", ident="answer1")
        cond = ET.Element("conditionvar")
        _sub(cond, "other")
        rc = _sub(rp, "respcondition", continue_="No")
        rc.append(cond)
        lossy.append(
            f"{q.id}: graded by meaning in papermind; exported as an essay question for Canvas to "
            "grade by hand (the model answer is in its general feedback)"
        )
    elif q.type == "short":
        rs = _sub(pres, "response_str", ident="response1", rcardinality="Single")
        _sub(
            _sub(rs, "render_fib", fibtype="String", prompt="Box"),
            "response_label",
            ident="answer1",
            rshuffle="No",
        )
        cond = ET.Element("conditionvar")
        accepted = _accepted(q)
        for a in accepted:
            _sub(cond, "varequal", a, respident="response1")
        _score(rp, cond, 100)
        if any(p.text.strip().startswith("*") or p.text.strip().endswith("*") for p in q.answers):
            lossy.append(f"{q.id}: Canvas accepts only the exact text {', '.join(map(repr, accepted))}")
    general = q.explanation or ""
    if essay:
        general = f"Model answer: {_model_answer(q)}" + (f"\n\n{general}" if general else "")
    if general:
        fb = _sub(item, "itemfeedback", ident="general_fb")
        _material(_sub(fb, "flow_mat"), general)
    return item


def bank_xml(bank: Bank, lossy: list[str]) -> ET.Element:
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    ob = _sub(root, "objectbank", ident=ident("bank", bank.name))
    md = _sub(ob, "qtimetadata")
    f = _sub(md, "qtimetadatafield")
    _sub(f, "fieldlabel", "bank_title")
    _sub(f, "fieldentry", bank.title or f"papermind: {bank.name}")
    for q in bank.questions:
        ob.append(item_xml(q, lossy))
    return root


def manifest_xml(banks: list[Bank]) -> ET.Element:
    m = ET.Element("manifest", identifier=ident("manifest", *[b.name for b in banks]), xmlns=CP_NS)
    md = _sub(m, "metadata")
    _sub(md, "schema", "IMS Content")
    _sub(md, "schemaversion", "1.1.3")
    _sub(m, "organizations")
    res = _sub(m, "resources")
    for b in banks:
        bid = ident("bank", b.name)
        r = _sub(res, "resource", identifier=bid, type="imsqti_xmlv1p2")
        _sub(r, "file", href=f"{bid}/{bid}.xml")
    return m


def _bytes(e: ET.Element) -> bytes:
    ET.indent(e)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(e, encoding="utf-8")


def export_qti(banks: list[Bank], output: Path) -> dict[str, Any]:
    lossy: list[str] = []
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("imsmanifest.xml", _bytes(manifest_xml(banks)))
        for b in banks:
            bid = ident("bank", b.name)
            z.writestr(f"{bid}/{bid}.xml", _bytes(bank_xml(b, lossy)))
    return {"output": str(output), "questions": sum(len(b.questions) for b in banks), "lossy": lossy}
