"""Excel's Range object: one or more areas of a worksheet, read and written as COM does it.

`Value`/`Value2` give a scalar for one cell and a tuple of row tuples for more (the first area only);
`Rows`/`Columns` are the same cells counted and indexed by row or column; `Cells(r, c)` / `Item` index
from the top-left cell and may reach outside the range; `AutoFilter()` with no arguments on a sheet that
has a filter turns it off (https://learn.microsoft.com/office/vba/api/excel.range.autofilter). Moving
about (`End`, `CurrentRegion`) is in range_navigation.py, looks in range_format.py.
"""

from __future__ import annotations

from typing import Any

from excel_standin.addresses import MAX_COLUMN, MAX_ROW, Area, quote_sheet
from excel_standin.com import ComObject, excel_error
from excel_standin.formula_parser import shifted
from excel_standin.grid import clear, shaped, write
from excel_standin.range_format import RangeFormat
from excel_standin.range_navigation import Navigation
from excel_standin.values import com_value, formula_bar

RANGE_IID = "{00020846-0000-0000-C000-000000000046}"


class Range(Navigation, RangeFormat, ComObject):
    kind = "Range"
    iid = RANGE_IID

    def __init__(self, sheet: Any, areas: list[Area], unit: str = "cells") -> None:
        super().__init__(sheet.app)
        self.sheet, self.areas, self.unit = sheet, list(areas), unit

    def where(self) -> tuple[str | None, str | None]:
        return self.sheet.book.name, self.sheet.name

    def describe(self) -> str:
        return f"Range {self.sheet.name}!{self.address()}"

    def address(self) -> str:
        return ",".join(area.address() for area in self.areas)

    def _new(self, area: Area | list[Area], unit: str = "cells") -> Range:
        return Range(self.sheet, [area] if isinstance(area, Area) else area, unit)

    # ---- values ----------------------------------------------------------------------------------
    def _read(self, *, value2: bool) -> object:
        area, grid = self.area, self.sheet.grid
        if self.app.calc.running:
            self.app.calc.ensure_area(self.sheet, area)
        time_type = self.app.time_type

        def one(row: int, column: int) -> object:
            cell = grid.get(row, column)
            return (
                None if cell is None else com_value(cell.value, cell.number_format, value2=value2, time_type=time_type)
            )

        if area.size == 1:
            return one(area.top, area.left)
        return tuple(
            tuple(one(r, c) for c in range(area.left, area.right + 1)) for r in range(area.top, area.bottom + 1)
        )

    def _write(self, data: object, kind: str = "legacy") -> None:
        for area in self.areas:
            self.sheet.guard(area)
            rows: list[list[object]]
            if isinstance(data, str) and data.startswith("=") and area.size > 1:
                rows = [[shifted(data, i, j) for j in range(area.columns)] for i in range(area.rows)]
            else:
                rows = shaped(data, area)
            today = self.app.today
            for i, line in enumerate(rows):
                for j, value in enumerate(line):
                    write(self.sheet.grid, area.top + i, area.left + j, value, today=today, formula_kind=kind)
        self.app.calc.changed(self.sheet, self.areas)

    @property
    def Value(self) -> object:  # noqa: N802 - COM member names
        return self._read(value2=False)

    @Value.setter
    def Value(self, data: object) -> None:  # noqa: N802
        self._write(data)

    @property
    def Value2(self) -> object:  # noqa: N802
        return self._read(value2=True)

    @Value2.setter
    def Value2(self, data: object) -> None:  # noqa: N802
        self._write(data)

    def _formulas(self, *, array: bool = False) -> object:
        grid, area = self.sheet.grid, self.area

        def one(row: int, column: int) -> str:
            cell = grid.get(row, column)
            if cell is None:
                return ""
            if cell.array is not None:
                anchor = grid.get(cell.array.top, cell.array.left)
                return anchor.formula or "" if anchor else ""
            return cell.formula if cell.formula is not None else formula_bar(cell.value, cell.number_format)

        if area.size == 1 or array:
            return one(area.top, area.left)
        return tuple(
            tuple(one(r, c) for c in range(area.left, area.right + 1)) for r in range(area.top, area.bottom + 1)
        )

    @property
    def Formula(self) -> object:  # noqa: N802
        return self._formulas()

    @Formula.setter
    def Formula(self, data: object) -> None:  # noqa: N802
        self._write(data)

    @property
    def Formula2(self) -> object:  # noqa: N802
        return self._formulas()

    @Formula2.setter
    def Formula2(self, data: object) -> None:  # noqa: N802
        self._write(data, "dynamic")

    @property
    def FormulaArray(self) -> object:  # noqa: N802
        return self._formulas(array=True)

    @FormulaArray.setter
    def FormulaArray(self, text: str) -> None:  # noqa: N802
        area = self.area
        self.sheet.guard(area)
        clear(self.sheet.grid, area, contents=True, formats=False)
        text = text if text.startswith("=") else "=" + text
        for row, column in area.cells():
            self.sheet.grid.cell(row, column).array = area
        self.sheet.grid.cell(area.top, area.left).formula = text
        self.app.calc.changed(self.sheet, [area])

    @property
    def HasArray(self) -> bool:  # noqa: N802
        cell = self.sheet.grid.get(self.area.top, self.area.left)
        return bool(cell and cell.array and cell.array.covers(self.area))

    @property
    def HasFormula(self) -> bool | None:  # noqa: N802
        flags = {bool(c and (c.formula or c.array)) for c in (self.sheet.grid.get(*k) for k in self.area.cells())}
        return flags.pop() if len(flags) == 1 else None

    def ClearContents(self) -> bool:  # noqa: N802
        for area in self.areas:
            self.sheet.guard(area)
            clear(self.sheet.grid, area, contents=True, formats=False)
        self.app.calc.changed(self.sheet, self.areas)
        return True

    def Clear(self) -> bool:  # noqa: N802
        for area in self.areas:
            self.sheet.guard(area)
            clear(self.sheet.grid, area, contents=True, formats=True)
            self.sheet.format_conditions[:] = [r for r in self.sheet.format_conditions if not area.covers(r.area)]
        self.app.calc.changed(self.sheet, self.areas)
        return True

    # ---- where it is -----------------------------------------------------------------------------
    @property
    def Address(self) -> str:  # noqa: N802
        return self.address()

    def GetAddress(self, RowAbsolute: bool = True, ColumnAbsolute: bool = True, ReferenceStyle: int = 1,  # noqa: N802, N803
                   External: bool = False, RelativeTo: object = None) -> str:  # noqa: N803 # fmt: skip
        text = ",".join(
            a.address(row_absolute=bool(RowAbsolute), column_absolute=bool(ColumnAbsolute)) for a in self.areas
        )
        return f"[{self.sheet.book.name}]{quote_sheet(self.sheet.name)}!{text}" if External else text

    @property
    def MergeCells(self) -> bool | None:  # noqa: N802
        """True when every cell is in a merged range, False when none is, Null (None) when some are
        (https://learn.microsoft.com/office/vba/api/excel.range.mergecells)."""
        inside = [self.sheet.grid.merge_area(*key) is not None for key in self.area.cells()]
        return True if all(inside) else False if not any(inside) else None

    @property
    def MergeArea(self) -> Range:  # noqa: N802
        """The merged range holding the first cell, or that cell."""
        return self._new(self.sheet.grid.merge_area(self.area.top, self.area.left) or Area.cell(self.area.top,
                                                                                              self.area.left))  # fmt: skip

    @property
    def Row(self) -> int:  # noqa: N802
        return self.area.top

    @property
    def Column(self) -> int:  # noqa: N802
        return self.area.left

    @property
    def Count(self) -> int:  # noqa: N802
        if self.unit == "rows":
            return sum(a.rows for a in self.areas)
        if self.unit == "columns":
            return sum(a.columns for a in self.areas)
        return sum(a.size for a in self.areas)

    CountLarge = Count

    @property
    def Rows(self) -> Range:  # noqa: N802
        return self._new(self.areas, "rows")

    @property
    def Columns(self) -> Range:  # noqa: N802
        return self._new(self.areas, "columns")

    @property
    def Cells(self) -> Range:  # noqa: N802
        return self._new(self.areas, "cells")

    def Item(self, row: int, column: int | None = None) -> Range:  # noqa: N802
        area = self.area
        if column is None and self.unit == "rows":
            return self._new(Area(area.top + row - 1, area.left, area.top + row - 1, area.right))
        if column is None and self.unit == "columns":
            return self._new(Area(area.top, area.left + row - 1, area.bottom, area.left + row - 1))
        if column is None:
            row, column = divmod(row - 1, area.columns)
            row, column = row + 1, column + 1
        return self._new(Area.cell(area.top + row - 1, area.left + column - 1))

    def items(self) -> list[Range]:
        return [self.Item(i) for i in range(1, self.Count + 1)]

    def Resize(self, RowSize: int | None = None, ColumnSize: int | None = None) -> Range:  # noqa: N802, N803
        area = self.area
        rows, columns = RowSize or area.rows, ColumnSize or area.columns
        return self._new(Area(area.top, area.left, area.top + rows - 1, area.left + columns - 1))

    def Offset(self, RowOffset: int = 0, ColumnOffset: int = 0) -> Range:  # noqa: N802, N803
        a = self.area
        moved = Area(a.top + RowOffset, a.left + ColumnOffset, a.bottom + RowOffset, a.right + ColumnOffset)
        if moved.top < 1 or moved.left < 1 or moved.bottom > MAX_ROW or moved.right > MAX_COLUMN:
            raise excel_error("Application-defined or object-defined error")
        return self._new(moved)

    @property
    def EntireRow(self) -> Range:  # noqa: N802
        return self._new(Area(self.area.top, 1, self.area.bottom, MAX_COLUMN), "rows")

    @property
    def EntireColumn(self) -> Range:  # noqa: N802
        return self._new(Area(1, self.area.left, MAX_ROW, self.area.right), "columns")

    @property
    def Areas(self) -> Any:  # noqa: N802
        from excel_standin.sheet import Collection

        return Collection(self.app, "Areas", [self._new(a) for a in self.areas], owner=self.sheet)

    @property
    def Worksheet(self) -> Any:  # noqa: N802
        return self.sheet

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.sheet

    @property
    def Application(self) -> Any:  # noqa: N802
        return self.app

    def AutoFilter(self, Field: int | None = None, Criteria1: object = None, Operator: object = None,  # noqa: N802, N803
                   Criteria2: object = None, VisibleDropDown: object = None) -> bool:  # noqa: N803 # fmt: skip
        sheet = self.sheet
        if Field is None and sheet.auto_filter is not None:
            sheet.auto_filter = None  # no arguments on a filtered sheet: Excel turns the filter off
            return True
        area = self.CurrentRegion.area if self.area.size == 1 else self.area
        sheet.auto_filter = area
        if Field is not None:
            sheet.filter_criteria[int(Field)] = (Criteria1, Operator, Criteria2)
        return True

    def Select(self) -> bool:  # noqa: N802
        self.sheet.Activate()
        self.sheet.selection = self.areas
        return True

    def Activate(self) -> bool:  # noqa: N802
        return self.Select()
