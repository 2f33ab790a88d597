"""The few things the button needs that xlwings has no engine-neutral call for, each in one place:
whether a book is read-only, its file format, whether a sheet is protected, frozen panes, an auto-filter, colouring by value,
a chart's title, how a sheet prints. On Windows they go to Excel's object model (`.api`, COM). Elsewhere (Excel for Mac,
driven through AppleScript) the checks use the AppleScript dictionary's names and the formatting is
left out or done cell block by cell block (`supported` says which).

The xlwings 0.37.8 engines raise NotImplementedError for `freeze_panes` (a PRO feature), so frozen
panes are set on the window as Excel's own recorder does: ScrollRow/ScrollColumn to the top left,
SplitRow/SplitColumn, then FreezePanes.
"""

from __future__ import annotations

import logging
import sys
from datetime import date, datetime
from decimal import Decimal
from typing import Any

log = logging.getLogger(__name__)


def excel_value(value: object) -> object:
    """What Excel holds: a Decimal, rounded to the fen, becomes the nearest double only here, at the
    very edge; a date becomes a datetime (COM's date type); anything else is as it is."""
    if isinstance(value, Decimal):
        return float(value.quantize(Decimal("0.01")))
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


XL_CELL_VALUE, XL_EQUAL = 1, 3  # XlFormatConditionType.xlCellValue, XlFormatConditionOperator.xlEqual


def on_windows() -> bool:
    return sys.platform.startswith("win")


def colour_int(hex_colour: str) -> int:
    """`"1F4E78"` → the BGR integer COM's Color properties take."""
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return red + green * 256 + blue * 65536


def read_only(book: Any) -> bool:
    if on_windows():
        return bool(book.api.ReadOnly)
    return _mac_flag(book.api, "read_only")


def file_format(book: Any) -> int | None:
    """`Workbook.FileFormat` (an XlFileFormat number) where COM is there, else None (the name's extension
    says it)."""
    return int(book.api.FileFormat) if on_windows() else None


def protected(sheet: Any) -> bool:
    if on_windows():
        return bool(sheet.api.ProtectContents)
    return _mac_flag(sheet.api, "protect_contents")


def _mac_flag(api: Any, name: str) -> bool:
    try:
        return bool(getattr(api, name).get())
    except Exception:  # noqa: BLE001 - unverified on a real Mac: an unknown property must not block the button
        log.warning("could not read %s through AppleScript", name)
        return False


def supported() -> bool:
    """Frozen panes, the auto-filter and colouring by value are made only where COM is there."""
    return on_windows()


def freeze_panes(sheet: Any, *, row: int, column: int) -> None:
    """Freeze the rows above `row` and the columns left of `column` on the sheet's window."""
    sheet.activate()
    window = sheet.book.app.api.ActiveWindow
    window.FreezePanes = False
    window.ScrollRow, window.ScrollColumn = 1, 1
    window.SplitRow, window.SplitColumn = row - 1, column - 1
    window.FreezePanes = True


def auto_filter(sheet: Any, address: str) -> None:
    """Drop-down filters on the header of the range (any earlier filter on the sheet removed first)."""
    if sheet.api.AutoFilterMode:
        sheet.api.AutoFilterMode = False
    sheet.range(address).api.AutoFilter()


def colour_by_value(sheet: Any, address: str, value: str, *, fill: str | None, font: str, bold: bool) -> None:
    """A conditional format: cells of the range equal to `value` get the fill and font. One rule per
    value keeps the calls into Excel independent of the number of rows."""
    text = value.replace('"', '""')
    rule = sheet.range(address).api.FormatConditions.Add(XL_CELL_VALUE, XL_EQUAL, f'="{text}"')
    if fill is not None:
        rule.Interior.Color = colour_int(fill)
    rule.Font.Color = colour_int(font)
    rule.Font.Bold = bold


def chart_title(chart: Any, title: str) -> None:
    if on_windows():
        inner = chart.api[1]
        inner.HasTitle = True
        inner.ChartTitle.Text = title
        inner.HasLegend = False


XL_PORTRAIT, XL_LANDSCAPE, XL_PAPER_A4 = 1, 2, 9  # XlPageOrientation, XlPaperSize
POINTS_PER_INCH = 72


def page_setup(sheet: Any, *, portrait: bool, area: str, title_rows: str, margins: tuple[float, float]) -> None:
    """How the sheet prints, as the file's sheets do (sheets.board_sheet): A4, each print area fitted to the
    page's width (Zoom False, one page wide, as many tall as it takes), the title rows on every page,
    centred, the margins (left and right, top and bottom, in inches; Excel takes points). `area` and `title_rows`
    in A1 style; "" for none. Excel talks to the
    printer driver on each of these: a failure (no printer installed) costs the print settings, not the run."""
    try:
        setup = sheet.api.PageSetup
        setup.PaperSize = XL_PAPER_A4
        setup.Orientation = XL_PORTRAIT if portrait else XL_LANDSCAPE
        setup.Zoom = False
        setup.FitToPagesWide = 1
        setup.FitToPagesTall = False
        setup.PrintArea = area
        setup.PrintTitleRows = title_rows
        setup.CenterHorizontally = True
        setup.LeftMargin = setup.RightMargin = margins[0] * POINTS_PER_INCH
        setup.TopMargin = setup.BottomMargin = margins[1] * POINTS_PER_INCH
    except Exception:  # noqa: BLE001 - printing is set up where Excel can; the sheet is written all the same
        log.warning("could not set up printing of %s", sheet.name, exc_info=True)
