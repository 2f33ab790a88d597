"""How a Range looks: number format, font, fill, column width, position, conditional formats.

A property read over cells that differ returns Null (None), as Excel does for `NumberFormat`,
`Font.Bold` and the like. Formatting a protected sheet fails like writing to it. Sizes: a column
width is in characters of the Normal style's font (8.43 by default;
https://learn.microsoft.com/office/vba/api/excel.range.columnwidth), shown as (7·w + 5) pixels for
11-point Calibri; a row is 15 points; a pixel is 0.75 point. `Interior.Color` of a cell without fill reads 16777215 (white) and
`Interior.ColorIndex` xlColorIndexNone (-4142).

Alignment (https://learn.microsoft.com/office/vba/api/excel.range.wraptext, .verticalalignment): `WrapText` is kept
per cell, False unless set; read over cells that differ it is Null. It takes a Boolean (a number is one, 0 False);
anything else Excel refuses with error 1004. `VerticalAlignment` is an XlVAlign (xlVAlignBottom -4107 unless set),
Null over cells that differ; a value that is not one is refused likewise. Excel grows the height of a row whose wrapped
text needs more lines (unless the row has a custom height); the stand-in keeps no row heights (`RowHeight` is 15).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from excel_standin.addresses import Area
from excel_standin.com import ComObject, excel_error
from excel_standin.grid import Cell, clear
from excel_standin.values import formula_bar

DEFAULT_WIDTH = 8.43
ROW_POINTS = 15.0
NO_FILL = -4142
WHITE = 16777215
VALIGNS = {"bottom": -4107, "center": -4108, "distributed": -4117, "justify": -4130, "top": -4160}  # XlVAlign
XL_VALIGNS = tuple(VALIGNS.values())


def points(width: float) -> float:
    return round((width * 7 + 5) * 0.75, 2)


class RangeFormat:
    """Mixed into Range (which provides `sheet`, `areas`, `area`, `unit`, `app`)."""

    sheet: Any
    areas: list[Area]
    unit: str
    app: Any

    @property
    def area(self) -> Area:
        return self.areas[0]

    def _cells(self, *, create: bool) -> list[Cell]:
        grid = self.sheet.grid
        keys = [key for area in self.areas for key in area.cells()] if self.area.size <= 5_000_000 else []
        if create:
            return [grid.cell(*key) for key in keys]
        return [grid.get(*key) or Cell() for key in keys]

    def common(self, attribute: str, *, default: object = None) -> object:
        """The cells' common setting (`default` for none), or None (Null) when they differ."""
        found = {getattr(cell, attribute) for cell in self._cells(create=False)}
        if len(found) != 1:
            return None
        value = found.pop()
        return default if value is None else value

    def set_all(self, attribute: str, value: object) -> None:
        for area in self.areas:
            self.sheet.guard(area, formats=True)
        for cell in self._cells(create=True):
            setattr(cell, attribute, value)

    @property
    def NumberFormat(self) -> object:  # noqa: N802 - COM member names
        return self.common("number_format")

    @NumberFormat.setter
    def NumberFormat(self, value: str) -> None:  # noqa: N802
        self.set_all("number_format", value)

    @property
    def WrapText(self) -> object:  # noqa: N802
        return self.common("wrap")

    @WrapText.setter
    def WrapText(self, value: object) -> None:  # noqa: N802
        if not isinstance(value, bool | int | float):
            raise excel_error("Unable to set the WrapText property of the Range class")
        self.set_all("wrap", bool(value))

    @property
    def VerticalAlignment(self) -> object:  # noqa: N802
        return self.common("vertical")

    @VerticalAlignment.setter
    def VerticalAlignment(self, value: object) -> None:  # noqa: N802
        if isinstance(value, bool) or value not in XL_VALIGNS:
            raise excel_error("Unable to set the VerticalAlignment property of the Range class")
        self.set_all("vertical", int(value))  # type: ignore[call-overload]

    @property
    def Font(self) -> Font:  # noqa: N802
        return Font(self)

    @property
    def Interior(self) -> Interior:  # noqa: N802
        return Interior(self)

    def ClearFormats(self) -> bool:  # noqa: N802
        for area in self.areas:
            self.sheet.guard(area, formats=True)
            clear(self.sheet.grid, area, contents=False, formats=True)
        return True

    @property
    def ColumnWidth(self) -> float | None:  # noqa: N802
        widths = {self.sheet.widths.get(c, DEFAULT_WIDTH) for c in range(self.area.left, self.area.right + 1)}
        return widths.pop() if len(widths) == 1 else None

    @ColumnWidth.setter
    def ColumnWidth(self, value: float) -> None:  # noqa: N802
        self.sheet.guard(self.area, formats=True)
        for column in range(self.area.left, min(self.area.right, 16384) + 1):
            self.sheet.widths[column] = float(value)

    @property
    def RowHeight(self) -> float:  # noqa: N802
        return ROW_POINTS

    def AutoFit(self) -> bool:  # noqa: N802
        """Columns: as wide as the widest shown text (East Asian characters count double)."""
        if self.unit != "columns":
            return True
        for column in range(self.area.left, self.area.right + 1):
            texts = [formula_bar(cell.value, cell.number_format) for (r, c), cell in self.sheet.grid.cells.items()
                     if c == column and self.area.top <= r <= self.area.bottom]  # fmt: skip
            wide = max(
                (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in t) for t in texts), default=0
            )
            self.sheet.widths[column] = float(max(wide + 1, 1)) if texts else DEFAULT_WIDTH
        return True

    @property
    def Left(self) -> float:  # noqa: N802
        return float(sum(points(self.sheet.widths.get(c, DEFAULT_WIDTH)) for c in range(1, self.area.left)))

    @property
    def Top(self) -> float:  # noqa: N802
        return (self.area.top - 1) * ROW_POINTS

    @property
    def Width(self) -> float:  # noqa: N802
        widths = [self.sheet.widths.get(c, DEFAULT_WIDTH) for c in range(self.area.left, self.area.right + 1)]
        return float(sum(points(width) for width in widths))

    @property
    def Height(self) -> float:  # noqa: N802
        return self.area.rows * ROW_POINTS

    @property
    def FormatConditions(self) -> Any:  # noqa: N802
        from excel_standin.conditional import FormatConditions

        return FormatConditions(self)


class _Part(ComObject):
    """A part of a Range (its Font, its Interior): calls on it are calls on the range's sheet."""

    def __init__(self, rng: RangeFormat) -> None:
        super().__init__(rng.app)
        self.rng = rng

    def where(self) -> tuple[str | None, str | None]:
        return self.rng.sheet.book.name, self.rng.sheet.name

    def describe(self) -> str:
        return f"{self.kind} of {self.rng.describe()}"  # type: ignore[attr-defined]


class Font(_Part):
    kind = "Font"

    @property
    def Bold(self) -> object:  # noqa: N802
        return self.rng.common("bold")

    @Bold.setter
    def Bold(self, value: bool) -> None:  # noqa: N802
        self.rng.set_all("bold", bool(value))

    @property
    def Italic(self) -> object:  # noqa: N802
        return self.rng.common("italic")

    @Italic.setter
    def Italic(self, value: bool) -> None:  # noqa: N802
        self.rng.set_all("italic", bool(value))

    @property
    def Color(self) -> object:  # noqa: N802
        return self.rng.common("font_color", default=0)

    @Color.setter
    def Color(self, value: int) -> None:  # noqa: N802
        self.rng.set_all("font_color", int(value))

    @property
    def Size(self) -> object:  # noqa: N802
        return self.rng.common("font_size", default=11.0)

    @Size.setter
    def Size(self, value: float) -> None:  # noqa: N802
        self.rng.set_all("font_size", float(value))


class Interior(_Part):
    kind = "Interior"

    @property
    def Color(self) -> object:  # noqa: N802
        return self.rng.common("fill", default=WHITE)

    @Color.setter
    def Color(self, value: int) -> None:  # noqa: N802
        self.rng.set_all("fill", int(value))

    @property
    def ColorIndex(self) -> int:  # noqa: N802
        return NO_FILL if self.rng.common("fill", default=NO_FILL) == NO_FILL else 0

    @ColorIndex.setter
    def ColorIndex(self, value: int) -> None:  # noqa: N802
        if value == NO_FILL:
            self.rng.set_all("fill", None)
        else:
            from excel_standin.com import NotModelled

            raise NotModelled("Interior", "ColorIndex (a palette colour)")
