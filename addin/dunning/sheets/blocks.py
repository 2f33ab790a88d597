"""Cells grouped into rectangles, so a live workbook is written a block at a time: one call into Excel
per rectangle instead of one per cell (each call is a round trip into Excel, and a write in automatic
calculation mode a recalculation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K")

Rect = tuple[int, int, int, int]  # top row, left column, bottom row, right column (1-based, inclusive)


def rectangles(places: Iterable[tuple[int, int]], *, gap: Callable[[int, int], bool] | None = None) -> list[Rect]:
    """(row, column) places → rectangles covering exactly them: runs down each column, then runs over
    the same rows side by side merged. `gap(row, column)`, when given, says a place between two runs
    may be covered too (an empty cell that can take a number format), which joins the runs."""
    by_column: dict[int, list[int]] = defaultdict(list)
    for row, column in places:
        by_column[column].append(row)
    runs: list[tuple[int, int, int]] = []
    for column, rows in by_column.items():
        rows = sorted(set(rows))
        top = last = rows[0]
        for row in rows[1:]:
            if row != last + 1 and not (gap and all(gap(r, column) for r in range(last + 1, row))):
                runs.append((top, last, column))
                top = row
            last = row
        runs.append((top, last, column))
    merged: list[Rect] = []
    for top, bottom, column in sorted(runs):
        if merged and merged[-1][0] == top and merged[-1][2] == bottom and merged[-1][3] == column - 1:
            merged[-1] = (top, merged[-1][1], bottom, column)
        else:
            merged.append((top, column, bottom, column))
    return merged


def grid(rect: Rect, values: Mapping[tuple[int, int], object]) -> list[list[object]]:
    """The values of a rectangle, row by row."""
    top, left, bottom, right = rect
    return [[values[(row, column)] for column in range(left, right + 1)] for row in range(top, bottom + 1)]


def grouped(places: Mapping[tuple[int, int], K | None]) -> dict[K, list[tuple[int, int]]]:
    """Places by the key each maps to (a format, a look); places mapped to None are left out."""
    groups: dict[K, list[tuple[int, int]]] = defaultdict(list)
    for place, key in places.items():
        if key is not None:
            groups[key].append(place)
    return dict(groups)
