"""Moving about from a Range: `End` moves like Ctrl+arrow (to the edge of the block of filled cells, or
to the next filled cell across blanks; https://learn.microsoft.com/office/vba/api/excel.range.end) and
`CurrentRegion` grows to the surrounding blank rows and columns
(https://learn.microsoft.com/office/vba/api/excel.range.currentregion).
"""

from __future__ import annotations

from typing import Any

from excel_standin.addresses import MAX_COLUMN, MAX_ROW, Area

XL_UP, XL_DOWN, XL_TO_LEFT, XL_TO_RIGHT = -4162, -4121, -4159, -4161


class Navigation:
    """Mixed into Range (which provides `sheet`, `area` and `_new`)."""

    sheet: Any
    area: Area
    _new: Any

    def _filled(self, row: int, column: int) -> bool:
        cell = self.sheet.grid.get(row, column)
        return cell is not None and cell.value not in (None, "")

    def End(self, Direction: int) -> Any:  # noqa: N802, N803
        step = {XL_UP: (-1, 0), XL_DOWN: (1, 0), XL_TO_LEFT: (0, -1), XL_TO_RIGHT: (0, 1)}[Direction]
        row, column = self.area.top, self.area.left

        def inside(r: int, c: int) -> bool:
            return 1 <= r <= MAX_ROW and 1 <= c <= MAX_COLUMN

        nr, nc = row + step[0], column + step[1]
        if self._filled(row, column) and inside(nr, nc) and self._filled(nr, nc):
            while inside(nr + step[0], nc + step[1]) and self._filled(nr + step[0], nc + step[1]):
                nr, nc = nr + step[0], nc + step[1]
            return self._new(Area.cell(nr, nc))
        while inside(nr, nc) and not self._filled(nr, nc):
            if not inside(nr + step[0], nc + step[1]):
                return self._new(Area.cell(nr, nc))
            nr, nc = nr + step[0], nc + step[1]
        return self._new(Area.cell(nr, nc) if inside(nr, nc) else Area.cell(row, column))

    @property
    def CurrentRegion(self) -> Any:  # noqa: N802
        area = self.area
        while True:
            ring = Area(max(1, area.top - 1), max(1, area.left - 1), area.bottom + 1, area.right + 1)
            grown = area
            for row, column in self.sheet.filled_in(ring):
                grown = grown.union(Area.cell(row, column))
            if grown == area:
                break
            area = grown
        if area.size == 1 and not self._filled(area.top, area.left):
            return self._new(self.area)
        return self._new(area)
