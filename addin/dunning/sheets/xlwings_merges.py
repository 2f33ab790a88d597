"""The merged ranges of a sheet's table, read through Excel (the button's reader), so that a contract number or a
name merged down a contract's rows reads as `dunning board` reads it from the file (`reader.fill_merged`).

Excel has no call that lists a sheet's merges, and each call from Python crosses processes; so: nothing more when
no column of our table holds a merged cell below the header (one `MergeCells` call per column: False), else, in
those columns only, each blank cell's `MergeArea` (a merge leaves its cells after the first blank), skipping the
rest of an area once found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dunning.core.errors import WorkbookError
from dunning.core.table import find_header
from dunning.sheets.reader import Span


def table_merges(sheet: Any, rows: Sequence[Sequence[object]]) -> list[Span]:
    """The merges (0-based spans) of our columns below the header of `rows` (the sheet's values from A1)."""
    try:
        header = find_header([list(r) for r in rows], sheet=str(sheet.name))
    except WorkbookError:
        return []
    first, last = header.index + 2, len(rows)  # 1-based sheet rows below the header
    if first > last:
        return []
    spans: set[Span] = set()
    for index, _ in header.columns.values():
        column = index + 1
        if sheet.range((first, column), (last, column)).api.MergeCells is False:
            continue
        row = first
        while row <= last:
            cells = rows[row - 1]
            if (cells[index] if index < len(cells) else None) in (None, ""):
                area = sheet.range((row, column)).api.MergeArea
                top, left, count_rows, count_columns = area.Row, area.Column, area.Rows.Count, area.Columns.Count
                if count_rows * count_columns > 1:
                    spans.add((top - 1, left - 1, top + count_rows - 2, left + count_columns - 2))
                    row = max(row, top + count_rows - 1)
            row += 1
    return sorted(spans)
