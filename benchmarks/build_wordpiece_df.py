"""Rebuild src/papermind/quiz/grading/wordpiece_df.json: the word-piece document frequencies that weight
token-level answer grading (papermind.quiz.grading.tokenscore), one document per page of every ingested
paper.

    python benchmarks/build_wordpiece_df.py --db STORE.db [-o PATH]

Run it on a store with the reading list's papers ingested (``papermind ingest ../shared/papers``).
The table holds counts only (piece -> number of pages it appears on), no text.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> None:
    from papermind.api import Papermind
    from papermind.quiz.grading.tokenscore import DF_FILE, build_df

    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("-o", "--output", type=Path, default=DF_FILE)
    args = ap.parse_args()
    pm = Papermind(db=args.db)
    try:
        papers = pm.library.papers()
        pages = [
            t for p in papers for n in range(1, p.num_pages + 1) if (t := pm.library.page_text(p.key, n))
        ]
    finally:
        pm.close()
    table = {"source": sorted(p.key for p in papers), **build_df(pages)}
    args.output.write_text(json.dumps(table, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.output}: {table['documents']} pages, {len(table['df'])} word pieces")


if __name__ == "__main__":
    main()
