"""Cells into rectangles: every place covered exactly once, other places never (a gap only where allowed)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dunning.sheets.blocks import grid, grouped, rectangles


def covered(rects: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    return [
        (r, c) for top, left, bottom, right in rects for r in range(top, bottom + 1) for c in range(left, right + 1)
    ]


@given(st.sets(st.tuples(st.integers(1, 30), st.integers(1, 6)), min_size=1))
def test_rectangles_cover_the_places_exactly_once(places: set[tuple[int, int]]) -> None:
    cells = covered(rectangles(places))
    assert sorted(cells) == sorted(places)


@given(st.sets(st.tuples(st.integers(1, 30), st.integers(1, 6)), min_size=1), st.sets(st.integers(1, 30)))
def test_gaps_are_crossed_only_where_allowed(places: set[tuple[int, int]], empty_rows: set[int]) -> None:
    rects = rectangles(places, gap=lambda row, _column: row in empty_rows)
    cells = covered(rects)
    assert len(cells) == len(set(cells)) and places <= set(cells)
    assert all(place in places or place[0] in empty_rows for place in cells)


def test_a_block_of_two_columns_over_contiguous_rows_is_one_rectangle() -> None:
    places = {(r, c) for r in range(5, 9) for c in (14, 15)} | {(20, 14)}
    assert rectangles(places) == [(5, 14, 8, 15), (20, 14, 20, 14)]
    assert rectangles({(1, 1), (3, 1)}, gap=lambda r, c: True) == [(1, 1, 3, 1)]


def test_grid_and_grouped() -> None:
    values = {(1, 1): "a", (1, 2): "b", (2, 1): "c", (2, 2): "d"}
    assert grid((1, 1, 2, 2), values) == [["a", "b"], ["c", "d"]]
    assert grouped({(1, 1): "x", (1, 2): None, (2, 2): "x"}) == {"x": [(1, 1), (2, 2)]}
