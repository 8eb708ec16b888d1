"""Short-answer grading: agreement with the labelled dev set, per kind, beside a bare-cosine baseline.

    HF_HUB_OFFLINE=1 python benchmarks/bench_grading.py [--bank B] [--answers A] [--sweep] [--json]

Grades every answer exactly as ``papermind quiz grade BANK QID --answers FILE`` does (the question
has only id, paper, prompt and reference), and compares ``correct`` with ``label``. The baseline
passes an answer when its best cosine to a reference is >= the baseline threshold; ``--sweep`` also
prints the baseline at its best threshold on this very set (an optimistic upper bound for it) and
a leave-one-question-out estimate for the grader's global threshold.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent


def load(bank_path: Path, answers_path: Path):  # type: ignore[no-untyped-def]
    from papermind.quiz.bank import load_bank

    bank = load_bank(bank_path)
    bad = [str(p) for p in bank.problems if p.severity == "error"]
    if bad:
        sys.exit("bank problems:\n" + "\n".join(bad))
    qs = {q.id: q for q in bank.questions}
    answers = tomllib.loads(answers_path.read_text(encoding="utf-8"))["answer"]
    return qs, answers


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bank", type=Path, default=HERE / "data" / "short_dev_bank.toml")
    ap.add_argument("--answers", type=Path, default=HERE / "data" / "short_answers_dev.toml")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the disagreements")
    args = ap.parse_args()

    from papermind.quiz import semantic
    from papermind.quiz.grading import grade

    qs, answers = load(args.bank, args.answers)
    t0 = time.perf_counter()
    semantic.cosine_to("warm up", ["the model"])
    load_s = time.perf_counter() - t0
    rows = []
    t0 = time.perf_counter()
    for a in answers:
        q = qs[a["question"]]
        r = grade(q, a["text"])
        base_sim = max(semantic.cosine_to(a["text"], q.reference))
        rows.append({
            "question": q.id, "kind": a.get("kind", "?"), "label": bool(a["label"]), "text": a["text"],
            "correct": r.correct, "value": r.details.get("value"), "sim": base_sim,
            "baseline": base_sim >= semantic.BASELINE_THRESHOLD, "details": r.details,
        })
    grade_s = time.perf_counter() - t0

    def agree(key: str, subset: list[dict]) -> float:
        return sum(r[key] == r["label"] for r in subset) / len(subset) if subset else float("nan")

    kinds = defaultdict(list)
    for r in rows:
        kinds[r["kind"]].append(r)
    report = {
        "answers": len(rows), "questions": len({r["question"] for r in rows}),
        "grader": round(agree("correct", rows), 4), "baseline": round(agree("baseline", rows), 4),
        "baseline_threshold": semantic.BASELINE_THRESHOLD, "grader_threshold": semantic.THRESHOLD,
        "per_kind": {k: {"n": len(v), "grader": round(agree("correct", v), 4),
                         "baseline": round(agree("baseline", v), 4)} for k, v in sorted(kinds.items())},
        "model_load_s": round(load_s, 2), "grade_ms_per_answer": round(1000 * grade_s / len(rows), 1),
    }
    if args.sweep:
        grid = [x / 100 for x in range(20, 91)]
        best_b = max(grid, key=lambda t: sum((r["sim"] >= t) == r["label"] for r in rows))
        report["baseline_best_threshold"] = best_b
        report["baseline_at_best"] = round(sum((r["sim"] >= best_b) == r["label"] for r in rows) / len(rows), 4)
        # leave-one-question-out: choose the threshold on the other questions, test on this one
        hits = 0
        for qid in {r["question"] for r in rows}:
            train = [r for r in rows if r["question"] != qid and not r["details"].get("missing_keywords")]
            t = max(grid, key=lambda t: sum((r["value"] >= t) == r["label"] for r in train))
            hits += sum((r["value"] >= t) == r["label"] for r in rows if r["question"] == qid)
        report["grader_loqo"] = round(hits / len(rows), 4)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['answers']} answers on {report['questions']} questions")
        print(f"agreement with labels: grader {report['grader']:.3f} (threshold {semantic.THRESHOLD}) | "
              f"bare cosine {report['baseline']:.3f} (threshold {semantic.BASELINE_THRESHOLD})")
        if args.sweep:
            print(f"bare cosine at its best threshold on this set ({report['baseline_best_threshold']}): "
                  f"{report['baseline_at_best']:.3f}; grader leave-one-question-out: {report['grader_loqo']:.3f}")
        print(f"{'kind':<20}{'n':>4}{'grader':>9}{'cosine':>9}")
        for k, v in report["per_kind"].items():
            print(f"{k:<20}{v['n']:>4}{v['grader']:>9.3f}{v['baseline']:>9.3f}")
        print(f"model load {report['model_load_s']} s, {report['grade_ms_per_answer']} ms per answer")
    if args.errors:
        for r in rows:
            if r["correct"] != r["label"]:
                d = r["details"]
                print(f"{'FN' if r['label'] else 'FP'} {r['question']} {r['kind']:<17} v={r['value']:.3f} "
                      f"sim={d.get('sim')} cov={d.get('coverage')} den={d.get('denial')} ant={d.get('antonym')} "
                      f"ps={d.get('prompt_sim')} nov={d.get('novel_terms')} | {r['text'][:90]}")


if __name__ == "__main__":
    main()
