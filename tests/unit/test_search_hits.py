"""hits.references_scaled: a references-section chunk always ranks lower than it would otherwise."""

from __future__ import annotations

import pytest

from papermind.search.hits import references_scaled


def test_a_body_chunk_keeps_its_score() -> None:
    assert references_scaled(0.5, False, 0.3) == 0.5
    assert references_scaled(-2.0, False, 0.3) == -2.0


@pytest.mark.parametrize("score", [0.9, 0.01, -0.01, -3.0])
def test_a_references_chunk_always_moves_down(score: float) -> None:
    assert references_scaled(score, True, 0.3) < score


def test_a_positive_score_keeps_the_factors_share() -> None:
    assert references_scaled(0.5, True, 0.3) == pytest.approx(0.15)
