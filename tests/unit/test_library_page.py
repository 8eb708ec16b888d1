"""``library.page``: a page's section is the one in force at the top of the page."""

from __future__ import annotations

import datetime as dt
import hashlib

from papermind.api import Papermind


def test_page_section_is_the_one_in_force_at_its_top(tmp_path):
    from papermind.store.models import Page, Paper, Section

    with Papermind(db=tmp_path / "s.db") as pm:
        with pm.session() as s:
            p = Paper(
                key="toy", title="Toy", authors=[], year=2024, venue=None, arxiv_id=None,
                sha256=hashlib.sha256(b"toy").hexdigest(), source_path="/x/toy.pdf", file_size=1,
                num_pages=3, metadata_source="pdf", ingested_at=dt.datetime(2026, 1, 1),
            )  # fmt: skip
            s.add(p)
            s.flush()
            for n in (1, 2, 3):
                s.add(Page(paper_id=p.id, number=n, text=f"page {n} " * 40, has_text=True))
            # 1 Intro from the top of page 1; 2 Design from mid page 2; 3 Eval at the top of page 3
            for i, (num, title, page, at) in enumerate(
                [("1", "Intro", 1, 0), ("2", "Design", 2, 120), ("3", "Eval", 3, 0)]
            ):
                s.add(
                    Section(
                        paper_id=p.id, ordinal=i, number=num, title=title, level=1, kind="body",
                        page_start=page, char_start=at,
                    )
                )  # fmt: skip
            s.commit()
        sections = [pm.library.page("toy", n).section for n in (1, 2, 3)]
    assert sections[0] is not None and "Intro" in sections[0]
    assert sections[1] is not None and "Intro" in sections[1]  # Design begins mid-page
    assert sections[2] is not None and "Eval" in sections[2]
