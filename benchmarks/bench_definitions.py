"""Definitions on the concept maps: how many of each week's (and each paper's) top concepts
carry a defining sentence, and how many of those a reader judged right, borderline or wrong.

    python benchmarks/bench_definitions.py [--db /tmp/home/papermind.db] [--top 25]
        [--judged benchmarks/data/definitions_judged.toml] [--dump defs.tsv] [--stubs new.toml]

The database is copied to a temporary folder and the concept maps rebuilt there (the store is
never written). For every schedule week with papers (revised schedule) and every paper on a
week, it prints "defined/top" and the judged counts; --dump writes one row per defined top
concept (scope, concept, paper and page the sentence comes from, verdict, sentence) for a reader
to judge; --stubs writes the not-yet-judged ones as TOML entries to fill in and append to the
judged file. A judgement matches a concept's definition when the folded concept label and the
sentence's first 90 characters (spaces collapsed) are the same, so an unchanged definition keeps
its verdict from run to run and a changed one shows up as unjudged.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

import _common  # noqa: F401 - puts this checkout's src first on sys.path

HERE = Path(__file__).resolve().parent
VERDICTS = ("right", "borderline", "wrong")


def _key(label: str, sentence: str) -> tuple[str, str]:
    return (" ".join(re.findall(r"\w+", label.lower())), " ".join(sentence.split())[:90])


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="/tmp/pm/real.db")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--judged", default=str(HERE / "data" / "definitions_judged.toml"))
    ap.add_argument("--dump", help="write every defined top concept here (TSV)")
    ap.add_argument("--stubs", help="write the unjudged definitions here as TOML entries")
    ap.add_argument(
        "--papers", nargs="*", help="only these papers and their weeks (default: every paper on a week)"
    )
    args = ap.parse_args()

    from papermind.api import Papermind

    judged: dict[tuple[str, str], str] = {}
    if Path(args.judged).exists():
        for j in tomllib.loads(Path(args.judged).read_text()).get("judged", []):
            assert j["verdict"] in VERDICTS, j
            judged[_key(j["concept"], j["sentence"])] = j["verdict"]

    rows: list[tuple[str, str, str, int | None, str, str]] = []
    stubs: dict[tuple[str, str], tuple[str, str, str, int | None]] = {}
    summary: list[tuple[str, int, int, Counter[str]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        shutil.copy(args.db, db)
        pm = Papermind(db)
        pm.concepts.rebuild()
        sched = pm.schedule.load()
        scopes: list[tuple[str, object]] = []
        papers: list[str] = []
        for w in sched.weeks():
            wm = pm.concepts.week_map(w, top=args.top)
            if not wm.papers or (args.papers and not set(wm.papers) & set(args.papers)):
                continue
            scopes.append((f"week {w:>2} ({'+'.join(wm.papers)})", wm))
            papers += [k for k in wm.papers if k not in papers and not args.papers]
        papers += args.papers or []
        scopes += [(f"paper {k}", pm.concepts.paper_map(k, top=args.top)) for k in papers]
        details: dict[int, object] = {}
        for name, m in scopes:
            counts: Counter[str] = Counter()
            n_def = 0
            for n in m.nodes:  # type: ignore[attr-defined]
                if n.definition is None:
                    continue
                n_def += 1
                d = details.get(n.id) or pm.concepts.concept(n.id, max_occurrences=0)
                details[n.id] = d
                verdict = judged.get(_key(n.label, n.definition), "unjudged")
                counts[verdict] += 1
                rows.append(
                    (name, n.label, d.definition_paper or "", d.definition_page, verdict, n.definition)  # type: ignore[attr-defined]
                )
                if verdict == "unjudged":
                    stubs[_key(n.label, n.definition)] = (
                        n.label,
                        n.definition,
                        d.definition_paper or "",  # type: ignore[attr-defined]
                        d.definition_page,  # type: ignore[attr-defined]
                    )
            summary.append((name, n_def, len(m.nodes), counts))  # type: ignore[attr-defined]
        pm.close()

    print(f"{'scope':<48} defined  right  border  wrong  unjudged")
    for name, n_def, n, c in summary:
        print(
            f"{name:<48} {n_def:>3}/{n:<3}  {c['right']:>5}  {c['borderline']:>6}  {c['wrong']:>5}  "
            f"{c['unjudged']:>8}"
        )
    weeks = [s for s in summary if s[0].startswith("week")]
    if weeks:
        worst = min(weeks, key=lambda s: s[1])
        print(
            f"weeks: worst {worst[1]}/{worst[2]} ({worst[0].strip()}); "
            f"mean {sum(s[1] for s in weeks) / len(weeks):.1f} defined"
        )
    papers_only = [s for s in summary if s[0].startswith("paper")]
    tot: Counter[str] = Counter()
    for s in papers_only:
        tot += s[3]
    print(
        f"papers (each counted once): defined {sum(s[1] for s in papers_only)}/"
        f"{sum(s[2] for s in papers_only)}; right {tot['right']}, borderline {tot['borderline']}, "
        f"wrong {tot['wrong']}, unjudged {tot['unjudged']}"
    )
    if args.dump:
        with open(args.dump, "w") as f:
            f.write("scope\tconcept\tpaper\tpage\tverdict\tsentence\n")
            for r in rows:
                f.write("\t".join("" if x is None else str(x) for x in r) + "\n")
        print(f"wrote {len(rows)} rows to {args.dump}")
    if args.stubs:
        with open(args.stubs, "w") as f:
            for label, sent, pk, page in stubs.values():
                f.write(
                    f"[[judged]]\nconcept = {_toml_str(label)}\npaper = {_toml_str(pk)}\npage = {page or 0}\n"
                    f'verdict = ""\nsentence = {_toml_str(sent)}\n\n'
                )
        print(f"wrote {len(stubs)} unjudged definitions to {args.stubs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
