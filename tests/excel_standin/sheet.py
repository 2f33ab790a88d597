"""Excel's Worksheet object, and a plain read-only COM collection.

A protected sheet (`ProtectContents`) refuses every change to its cells and formats. `UsedRange` is the
rectangle of cells with content or a format (A1 on an empty sheet). `AutoFilterMode` tells whether the
sheet shows filter drop-downs and can be set to False to remove them
(https://learn.microsoft.com/office/vba/api/excel.worksheet.autofiltermode). `PageSetup` is how it prints
(page_setup.py). `Delete` asks for
confirmation unless `Application.DisplayAlerts` is False; the stand-in records the prompt as a message
box and goes ahead (the user's OK).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from excel_standin.addresses import MAX_COLUMN, MAX_ROW, Area, parse_area, split_sheet
from excel_standin.com import ComObject, excel_error
from excel_standin.conditional import FormatRule
from excel_standin.grid import PROTECTED, Grid, SheetView, guard
from excel_standin.page_setup import PageSetup, PrintSettings

WORKSHEET_IID = "{000208D8-0000-0000-C000-000000000046}"


class Collection(ComObject):
    """A COM collection of model objects: Count, Item(index or name), For Each."""

    def __init__(self, app: Any, kind: str, members: list[Any], *, owner: Any = None) -> None:
        super().__init__(app)
        self.kind, self.members, self.owner = kind, members, owner  # type: ignore[misc]

    def where(self) -> tuple[str | None, str | None]:
        return self.owner.where() if self.owner is not None else (None, None)

    @property
    def Count(self) -> int:  # noqa: N802 - COM member names
        return len(self.members)

    def Item(self, key: int | str) -> Any:  # noqa: N802
        if isinstance(key, int | float) and not isinstance(key, bool):
            if 1 <= int(key) <= len(self.members):
                return self.members[int(key) - 1]
        else:
            found = next((m for m in self.members if str(getattr(m, "name", "")).lower() == str(key).lower()), None)
            if found is not None:
                return found
        raise excel_error("Subscript out of range")

    def items(self) -> list[Any]:
        return list(self.members)

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.owner


class AutoFilterObject(ComObject):
    kind = "AutoFilter"

    def __init__(self, sheet: Worksheet) -> None:
        super().__init__(sheet.app)
        self.sheet = sheet

    def where(self) -> tuple[str | None, str | None]:
        return self.sheet.where()

    @property
    def Range(self) -> Any:  # noqa: N802
        return self.app.range(self.sheet, self.sheet.auto_filter)


class Worksheet(ComObject):
    kind = "Worksheet"
    iid = WORKSHEET_IID

    def __init__(self, app: Any, book: Any, name: str) -> None:
        super().__init__(app)
        self.book, self.name = book, name
        self.grid = Grid()
        self.widths: dict[int, float] = {}
        self.protected = False
        self.visible = True
        self.view = SheetView()
        self.auto_filter: Area | None = None
        self.filter_criteria: dict[int, tuple[object, object, object]] = {}
        self.format_conditions: list[FormatRule] = []
        self.charts: list[Any] = []
        self.selection: list[Area] = [Area.cell(1, 1)]
        self.source: Any = None  # the openpyxl sheet it was read from, for saving
        self.print_settings = PrintSettings()

    def where(self) -> tuple[str | None, str | None]:
        return self.book.name, self.name

    def describe(self) -> str:
        return f"Worksheet {self.name}"

    def guard(self, area: Area | None, *, formats: bool = False) -> None:
        if formats or area is None:
            if self.protected:
                raise excel_error(PROTECTED)
            return
        guard(self.grid, area, protected=self.protected)

    def filled_in(self, area: Area) -> Iterator[tuple[int, int]]:
        for key, cell in self.grid.in_area(area):
            if cell.value not in (None, "") or cell.formula is not None:
                yield key

    def range_of(self, reference: str) -> Any:
        """`A1`, `A1:C4`, `A1:B2,D1:D4`, a sheet-qualified reference or a defined name → a Range."""
        areas = []
        for part in reference.split(","):
            sheet_name, text = split_sheet(part.strip())
            if sheet_name is not None and sheet_name.lower() != self.name.lower():
                raise excel_error("Method 'Range' of object '_Worksheet' failed")
            area = parse_area(text)
            if area is None:
                named = self.book.names.get(text.lower())
                target = self.book.reference(named) if named else None
                if target is None:
                    raise excel_error("Method 'Range' of object '_Worksheet' failed")
                return target
            areas.append(area)
        return self.app.range(self, areas)

    # ---- COM members -----------------------------------------------------------------------------
    @property
    def Name(self) -> str:  # noqa: N802
        return self.name

    @Name.setter
    def Name(self, value: str) -> None:  # noqa: N802
        if any(s is not self and s.name.lower() == value.lower() for s in self.book.sheets) or len(value) > 31:
            raise excel_error("That name is already taken. Try a different one.")
        self.name = value

    @property
    def Index(self) -> int:  # noqa: N802
        return int(self.book.sheets.index(self)) + 1

    @property
    def Parent(self) -> Any:  # noqa: N802
        return self.book

    @property
    def Application(self) -> Any:  # noqa: N802
        return self.app

    def Range(self, Cell1: Any, Cell2: Any = None) -> Any:  # noqa: N802, N803
        first = self.range_of(Cell1) if isinstance(Cell1, str) else Cell1
        if Cell2 is None:
            return first
        second = self.range_of(Cell2) if isinstance(Cell2, str) else Cell2
        return self.app.range(self, first.area.union(second.area))

    @property
    def Cells(self) -> Any:  # noqa: N802
        return self.app.range(self, Area(1, 1, MAX_ROW, MAX_COLUMN))

    @property
    def Rows(self) -> Any:  # noqa: N802
        return self.app.range(self, Area(1, 1, MAX_ROW, MAX_COLUMN), "rows")

    @property
    def Columns(self) -> Any:  # noqa: N802
        return self.app.range(self, Area(1, 1, MAX_ROW, MAX_COLUMN), "columns")

    @property
    def UsedRange(self) -> Any:  # noqa: N802
        return self.app.range(self, self.grid.used() or Area.cell(1, 1))

    @property
    def ProtectContents(self) -> bool:  # noqa: N802
        return self.protected

    def Protect(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        self.protected = True

    def Unprotect(self, Password: str | None = None) -> None:  # noqa: N802, N803
        self.protected = False

    @property
    def Visible(self) -> int:  # noqa: N802
        return -1 if self.visible else 0

    @Visible.setter
    def Visible(self, value: int) -> None:  # noqa: N802
        self.visible = bool(value)

    def Activate(self) -> None:  # noqa: N802
        self.book.active_sheet = self
        self.app.activate_book(self.book)

    def Select(self, Replace: bool = True) -> None:  # noqa: N802, N803
        self.Activate()

    @property
    def AutoFilterMode(self) -> bool:  # noqa: N802
        return self.auto_filter is not None

    @AutoFilterMode.setter
    def AutoFilterMode(self, value: bool) -> None:  # noqa: N802
        if value:
            raise excel_error("AutoFilterMode can only be set to False")
        self.auto_filter = None
        self.filter_criteria.clear()

    @property
    def AutoFilter(self) -> AutoFilterObject | None:  # noqa: N802
        return AutoFilterObject(self) if self.auto_filter is not None else None

    def ChartObjects(self, Index: int | str | None = None) -> Any:  # noqa: N802, N803
        from excel_standin.charts import ChartObjects

        objects = ChartObjects(self)
        return objects if Index is None else objects.Item(Index)

    @property
    def Shapes(self) -> Collection:  # noqa: N802
        return Collection(self.app, "Shapes", list(self.charts), owner=self)

    @property
    def PageSetup(self) -> PageSetup:  # noqa: N802
        return PageSetup(self)

    @property
    def ListObjects(self) -> Collection:  # noqa: N802
        return Collection(self.app, "ListObjects", [], owner=self)

    def Delete(self) -> bool:  # noqa: N802
        if self.app.display_alerts:
            self.app.prompt(
                f"Microsoft Excel will permanently delete this sheet. Do you want to continue? ({self.name})"
            )
        if len([s for s in self.book.sheets if s.visible]) <= 1:
            raise excel_error("A workbook must contain at least one visible worksheet.")
        self.book.remove_sheet(self)
        return True

    def Move(self, Before: Any = None, After: Any = None) -> None:  # noqa: N802, N803
        self.book.place_sheet(self, before=Before, after=After)
