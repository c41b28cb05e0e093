"""Reciprocal rank fusion."""

from __future__ import annotations

import pytest

from matching.engine.fusion import reciprocal_rank_fusion


def test_rrf_scores_and_order():
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60))
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert [item for item, _ in reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])] == ["b", "a", "d", "c"]


def test_rrf_item_in_both_lists_beats_top_of_one():
    fused = reciprocal_rank_fusion([["x", "y"], ["z", "y"]], k=1)
    assert fused[0][0] == "y"


def test_rrf_empty():
    assert reciprocal_rank_fusion([[], []]) == []
