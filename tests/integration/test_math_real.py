"""TeX maths in the real papers reads as printed: FlashAttention §2-3 says "Q, K, V ∈ ℝN×d",
"S = QK⊤" and "Often N ≫ d", not "Q\x96 K\x96 V 2 RN\x02d", "QK>" and "Often N d"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_papers_dir

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def flash_pages() -> list[str]:
    src = shared_papers_dir()
    if src is None or not (src / "flashattention.pdf").is_file():
        pytest.skip("flashattention.pdf is not available")
    from papermind.ingest.clean import clean_pages
    from papermind.ingest.extract import extract

    return clean_pages(extract(Path(src) / "flashattention.pdf").raw_pages)


def test_flashattention_background_reads_as_printed(flash_pages: list[str]) -> None:
    background = flash_pages[3]  # §2 Background: standard attention (page 4)
    assert "Q, K, V \u2208 \u211dN\u00d7d" in background  # Q, K, V ∈ ℝN×d
    assert "S = QK\u22a4\u2208 \u211dN\u00d7N" in background  # S = QK⊤∈ ℝN×N
    assert "Often N \u226b d" in background  # N ≫ d
    assert "softmax(S)" in background


def test_flashattention_algorithm_keeps_its_relations(flash_pages: list[str]) -> None:
    algorithm = flash_pages[4]  # §3.1, Algorithm 1 (page 5)
    assert "for 1 \u2264 j \u2264Tc do" in algorithm  # ≤
    assert "=(\u2212\u221e)N \u2208 \u211dN" in algorithm  # m = (−∞)N ∈ ℝN


def test_no_control_or_cp1252_bytes_left_in_flashattention(flash_pages: list[str]) -> None:
    odd = {c for page in flash_pages for c in page if ord(c) < 32 and c != "\n" or 0x80 <= ord(c) < 0xA0}
    assert not odd
    assert not any("\u201e" in page for page in flash_pages)  # the "(" of the math font read as cp1252


@pytest.mark.slow
def test_flashattention_snippets_show_the_maths(real_store) -> None:  # type: ignore[no-untyped-def]
    def snippet(query: str) -> str:
        hits = real_store.search.search(query, k=3, paper="flashattention")
        return next(h.snippet for h in hits if h.page == 4)  # §2.2 Standard Attention Implementation

    assert "Often N \u226b d" in snippet("often for GPT2 N = 1024 and d = 64")  # N ≫ d
    assert "V \u2208 \u211dN\u00d7d" in snippet("attention output Q K V sequence length head dimension")
