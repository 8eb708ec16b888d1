"""Are the shipped banks a valid assessment? Key positions, longest-is-key, multi keys, and the
"gaming" rate: wrong answers made from the banks themselves, graded by the real grader.

    HF_HUB_OFFLINE=1 python benchmarks/bench_bank_validity.py [--banks DIR | --git-ref main] [--json]

For each short question and each cloze blank the wrong answers are: every other question's model
answer on the same paper (its first reference; for a blank, the other blanks' references on that
paper), the question's prompt restated, vague shrugs, and the wrong answers quoted in issue 11. Each is graded with
``papermind.quiz.grading.grade`` (patterns first, then the semantic grader, which loads the
embedding model); the gaming rate is the share accepted: graded correct with the verdict "correct".
An "unsure" verdict is not an accept (the student then judges their own answer against the model
answer); those are counted apart. ``--git-ref REF`` measures the
banks as they are at that commit (e.g. main's, before a rewrite).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO

from papermind.quiz.bank.lints import key_stats
from papermind.quiz.bank.load import bank_files, load_bank
from papermind.quiz.bank.model import Bank, Question
from papermind.quiz.grading.rules import grade

SHRUGS = (
    "I don't know, something about memory and GPUs.",
    "I don't know.",
    "It makes things faster.",
    "It depends on the hardware.",
    "Because of memory.",
    "To improve performance and efficiency.",
)


def banks_at(ref: str, into: Path) -> Path:
    """Write ``quizzes/*.toml`` as they are at git ``ref`` into ``into``."""
    names = subprocess.run(
        ["git", "-C", str(REPO), "ls-tree", "--name-only", f"{ref}:quizzes"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in names:
        if name.endswith(".toml"):
            text = subprocess.run(
                ["git", "-C", str(REPO), "show", f"{ref}:quizzes/{name}"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            (into / name).write_text(text, encoding="utf-8")
    return into


# Wrong answers that scored 1.00 on main's banks when issue 11 was filed.
ISSUE_ANSWERS = {
    "flashattention-14": "CUDA is a programming language by NVIDIA",
    "mlperf-training-02": "images per second, regardless of quality",
    "flashattention-02": "ignores HBM and SRAM and only counts FLOPs",
}


def wrong_answers(q: Question, pool: list[Question]) -> list[tuple[str, str]]:
    """(kind, answer) pairs for a short question."""
    out = [("other", o.reference[0]) for o in pool if o.id != q.id and o.paper == q.paper and o.reference]
    out.append(("prompt", q.prompt))
    out += [("shrug", s) for s in SHRUGS]
    if q.id in ISSUE_ANSWERS:
        out.append(("issue", ISSUE_ANSWERS[q.id]))
    return out


Case = tuple[Question, str, str, object, int | None]


def cases(banks: list[Bank]) -> list[Case]:
    """(question, kind, shown text, answer to grade, blank index) for every wrong answer; a cloze
    answer fills the other blanks with their references and the one blank with the wrong text."""
    questions = [q for b in banks for q in b.questions]
    shorts = [q for q in questions if q.type == "short"]
    out: list[Case] = []
    for q in shorts:
        out += [(q, kind, a, a, None) for kind, a in wrong_answers(q, shorts)]
    for q in (q for q in questions if q.type == "cloze"):
        blank_refs = [
            ref
            for o in questions
            if o.type == "cloze" and o.paper == q.paper
            for b in o.blanks
            for ref in b.reference[:1]
        ]
        for i, b in enumerate(q.blanks):
            own = set(b.reference)
            wrong = [("other", ref) for ref in blank_refs if ref not in own]
            wrong += [("shrug", s) for s in SHRUGS[:3]]
            for kind, a in wrong:
                parts = [bb.reference[0] if bb.reference else "x" for bb in q.blanks]
                parts[i] = a
                out.append((q, f"blank-{kind}", a, parts, i))
    return out


CORRECT = REPO / "benchmarks" / "data" / "bank_correct_answers.toml"


def correct_answers(banks: list[Bank]) -> list[tuple[Question, str]]:
    """The terse correct answers of ``CORRECT`` for the questions these banks have."""
    import tomllib

    by_id = {q.id: q for b in banks for q in b.questions}
    rows = tomllib.loads(CORRECT.read_text(encoding="utf-8"))["answer"]
    return [(by_id[r["question"]], r["text"]) for r in rows if r["question"] in by_id]


def measure(banks: list[Bank]) -> dict[str, object]:
    questions = [q for b in banks for q in b.questions]
    overall = key_stats(questions)
    per_bank = {}
    for b in banks:
        st = key_stats(b.questions)
        per_bank[b.name] = {
            "single": st.single,
            "top_position": st.top_position,
            "longest_is_key": st.longest_is_key,
            "multi_keys": st.multi_keys,
        }
    accepted: list[dict[str, object]] = []
    by_kind: dict[str, list[int]] = {}
    one_shrug = [0, 0]  # short questions only, the issue's protocol: one shrug per question
    unsure: list[dict[str, object]] = []
    t0 = time.perf_counter()
    all_cases = cases(banks)
    for q, kind, shown, answer, blank in all_cases:
        r = grade(q, answer)
        if blank is None:
            passed, verdict = r.correct, r.verdict
        else:
            b = r.details["blanks"][blank]
            passed, verdict = b["score"] >= q.pass_mark, b.get("verdict", "correct")
        ok = passed and verdict != "unsure"
        if verdict == "unsure":
            unsure.append({"question": q.id, "kind": kind, "answer": shown[:100]})
        if blank is None and (kind in ("other", "prompt", "issue") or shown == SHRUGS[0]):
            one_shrug[0] += ok
            one_shrug[1] += 1
        k = by_kind.setdefault(kind, [0, 0])
        k[0] += ok
        k[1] += 1
        if ok:
            method = r.details.get("method") if blank is None else r.details["blanks"][blank].get("method")
            accepted.append(
                {"question": q.id, "kind": kind, "answer": shown[:100], "score": r.score, "method": method}
            )
    n = len(all_cases)
    rejected = []
    right = correct_answers(banks)
    for q, text in right:
        r = grade(q, text)
        if not r.correct:
            rejected.append({"question": q.id, "answer": text[:100], "score": r.score})
    return {
        "banks": len(banks),
        "single": overall.single,
        "positions": overall.positions,
        "top_position_share": round(overall.top_position[1] / overall.single, 3) if overall.single else None,
        "longest_is_key": overall.longest_is_key,
        "longest_is_key_share": round(overall.longest_is_key / overall.single, 3) if overall.single else None,
        "multi": overall.multi,
        "multi_keys": overall.multi_keys,
        "per_bank": per_bank,
        "gaming_cases": n,
        "gaming_accepted": len(accepted),
        "gaming_rate": round(len(accepted) / n, 4) if n else None,
        "short_one_shrug": {"accepted": one_shrug[0], "of": one_shrug[1]},
        "by_kind": {k: {"accepted": a, "of": t} for k, (a, t) in sorted(by_kind.items())},
        "accepted": accepted,
        "unsure": unsure,
        "correct_answers": len(right),
        "correct_rejected": rejected,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--banks", type=Path, default=REPO / "quizzes")
    ap.add_argument("--git-ref", help="measure the banks at this git ref instead (e.g. main)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = banks_at(args.git_ref, Path(tmp)) if args.git_ref else args.banks
        banks = [load_bank(f) for f in bank_files([folder])]
        res = measure(banks)
    res["source"] = f"git {args.git_ref}" if args.git_ref else str(args.banks)
    if args.json:
        json.dump(res, sys.stdout, indent=2)
        print()
        return
    print(f"banks: {res['source']} ({res['banks']} files)")
    spread = ", ".join(f"{k} {v}" for k, v in res["positions"].items())  # type: ignore[union-attr]
    print(f"single-choice keys ({res['single']}): {spread}; top position {res['top_position_share']:.0%}")
    print(
        f"longest choice is the key: {res['longest_is_key']} of {res['single']} ({res['longest_is_key_share']:.0%})"
    )
    combos = ", ".join(f"{k} {v}" for k, v in res["multi_keys"].items())  # type: ignore[union-attr]
    print(f"multi-choice keys ({res['multi']}): {combos}")
    print("per bank (single keys: top position, longest-is-key; multi keys):")
    for name, b in res["per_bank"].items():  # type: ignore[union-attr]
        if b["single"] or b["multi_keys"]:
            pos, n = b["top_position"]
            multi = " ".join(f"{k}×{v}" for k, v in b["multi_keys"].items()) or "-"
            print(
                f"  {name:18} {pos} {n}/{b['single']}  longest {b['longest_is_key']}/{b['single']}  multi {multi}"
            )
    print(
        f"gaming: {res['gaming_accepted']} of {res['gaming_cases']} wrong answers accepted "
        f"({res['gaming_rate']:.1%}); {res['seconds']} s"
    )
    o = res["short_one_shrug"]
    print(
        f"  short questions (others' model answers, prompt, issue's answers, one shrug each: "  # type: ignore[index]
        f"{SHRUGS[0]!r}): {o['accepted']} of {o['of']} "  # type: ignore[index]
        f"({o['accepted'] / max(o['of'], 1):.1%})"  # type: ignore[index]
    )
    for kind, v in res["by_kind"].items():  # type: ignore[union-attr]
        print(f"  {kind:13} {v['accepted']} / {v['of']}")
    for a in res["accepted"]:  # type: ignore[union-attr]
        print(f"  accepted: {a['question']} [{a['kind']}, {a['method']}] {a['score']:.2f} {a['answer']!r}")
    print(f"  unsure (left to the student, not accepted): {len(res['unsure'])}")  # type: ignore[arg-type]
    for a in res["unsure"]:  # type: ignore[union-attr]
        print(f"    unsure: {a['question']} [{a['kind']}] {a['answer']!r}")
    rej = res["correct_rejected"]
    print(
        f"terse correct answers (benchmarks/data/bank_correct_answers.toml, not blind): "
        f"{len(rej)} of {res['correct_answers']} rejected"  # type: ignore[arg-type]
    )
    for a in rej:  # type: ignore[union-attr]
        print(f"  rejected: {a['question']} {a['score']:.2f} {a['answer']!r}")


if __name__ == "__main__":
    main()
