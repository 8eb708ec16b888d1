"""Short-answer grading: agreement with the labelled dev set, per kind, beside a bare-cosine baseline.

    HF_HUB_OFFLINE=1 python benchmarks/bench_grading.py [--bank B] [--answers A] [--sweep] [--json]

Grades every answer exactly as ``papermind quiz grade BANK QID --answers FILE`` does (the question
has only id, paper, prompt and reference), and compares ``correct`` with ``label``. The baseline
passes an answer when its best cosine to a reference is >= the baseline threshold; ``--sweep`` also
prints the baseline at its best threshold on this very set (an optimistic upper bound for it) and
a leave-one-question-out (LOQO) estimate: the grader's logistic weights are refitted on the other
13 questions and applied to the held-out one, which is what matters for new questions.
``--fit`` prints the weights fitted on the whole set (to paste into semantic.W_SHORT/B_SHORT).
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


def fit_logistic(X, y, C: float = 0.3):  # type: ignore[no-untyped-def]
    """L2 logistic regression on standardised features (Newton steps, like sklearn's default C
    penalty), returned in raw feature units: (weights, bias)."""
    import numpy as np

    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.hstack([(X - mu) / sd, np.ones((len(X), 1))])
    w = np.zeros(Z.shape[1])
    reg = np.eye(Z.shape[1]) / C
    reg[-1, -1] = 0.0  # no penalty on the bias
    for _ in range(50):
        p = 1 / (1 + np.exp(-Z @ w))
        g = Z.T @ (p - y) + reg @ w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + reg
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    raw = w[:-1] / sd
    return raw, float(w[-1] - (raw * mu).sum())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bank", type=Path, default=HERE / "data" / "short_dev_bank.toml")
    ap.add_argument("--answers", type=Path, default=HERE / "data" / "short_answers_dev.toml")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the disagreements")
    ap.add_argument("--fit", action="store_true", help="print logistic weights fitted on this set")
    args = ap.parse_args()

    from papermind.quiz import semantic
    from papermind.quiz.grading import grade

    qs, answers = load(args.bank, args.answers)
    t0 = time.perf_counter()
    semantic.cosine_to("warm up", ["the model"])
    load_s = time.perf_counter() - t0
    rows = []
    t0 = time.perf_counter()
    semantic.prefetch([a["text"] for a in answers])  # one batched encode, as for a file of answers
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
        # leave-one-question-out: refit the logistic weights on the other questions, test on this one
        import numpy as np

        X = np.array([semantic.short_vector(r["details"]) for r in rows])
        y = np.array([r["label"] for r in rows], dtype=float)
        qids = np.array([r["question"] for r in rows])
        for r in rows:
            r["loqo"] = False
        for qid in sorted(set(qids)):
            w, b = fit_logistic(X[qids != qid], y[qids != qid])
            for i in np.flatnonzero(qids == qid):
                d = rows[i]["details"]
                rows[i]["loqo"] = bool(X[i] @ w + b >= 0) and not d.get("missing_keywords") and not d.get("denial")
        report["grader_loqo"] = round(agree("loqo", rows), 4)
        for k, v in kinds.items():
            report["per_kind"][k]["loqo"] = round(agree("loqo", v), 4)
    if args.fit:
        import numpy as np

        w, b = fit_logistic(np.array([semantic.short_vector(r["details"]) for r in rows]),
                            np.array([r["label"] for r in rows], dtype=float))
        report["fitted"] = {"features": list(semantic.SHORT_FEATURES), "weights": [round(x, 2) for x in w],
                            "bias": round(b, 2)}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{report['answers']} answers on {report['questions']} questions")
        print(f"agreement with labels: grader {report['grader']:.3f} (threshold {semantic.THRESHOLD}) | "
              f"bare cosine {report['baseline']:.3f} (threshold {semantic.BASELINE_THRESHOLD})")
        if args.sweep:
            print(f"bare cosine at its best threshold on this set ({report['baseline_best_threshold']}): "
                  f"{report['baseline_at_best']:.3f}; grader leave-one-question-out: {report['grader_loqo']:.3f}")
        print(f"{'kind':<20}{'n':>4}{'grader':>9}{'cosine':>9}" + (f"{'loqo':>9}" if args.sweep else ""))
        for k, v in report["per_kind"].items():
            print(f"{k:<20}{v['n']:>4}{v['grader']:>9.3f}{v['baseline']:>9.3f}"
                  + (f"{v['loqo']:>9.3f}" if args.sweep else ""))
        if args.fit:
            print(f"fitted: {report['fitted']}")
        print(f"model load {report['model_load_s']} s, {report['grade_ms_per_answer']} ms per answer")
    if args.errors:
        for r in rows:
            if r["correct"] != r["label"]:
                d = r["details"]
                print(f"{'FN' if r['label'] else 'FP'} {r['question']} {r['kind']:<17} v={r['value']:.3f} "
                      f"sim={d.get('sim')} gain={d.get('sim_gain')} scov={d.get('soft_coverage')} sup={d.get('support')} "
                      f"den={d.get('denial')} res={d.get('restate')} | {r['text'][:80]}")


if __name__ == "__main__":
    main()
