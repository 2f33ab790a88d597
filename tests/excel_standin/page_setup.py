"""Excel's PageSetup object (`Worksheet.PageSetup`): how a worksheet prints, kept per sheet and stored in the file
(`<pageSetup>`, `<pageMargins>`, `<printOptions>`, the sheet's Print_Area and Print_Titles names).

As Excel has it (https://learn.microsoft.com/office/vba/api/excel.pagesetup):
- `Orientation` is an XlPageOrientation, xlPortrait 1 or xlLandscape 2; `PaperSize` an XlPaperSize (xlPaperLetter 1,
  Excel's default in the US locale; xlPaperA4 9).
- `Zoom` is a percentage from 10 to 400, or False: then `FitToPagesWide` and `FitToPagesTall` scale the sheet, each a
  number of pages or False (that direction not constrained). With a percentage they are kept but ignored.
- `PrintArea` is an A1-style reference (areas separated by commas), read back absolute (`$A$1:$C$5`); False or
  `""` prints the whole sheet and reads back as `""`. `PrintTitleRows` likewise: a part of a row is expanded to the
  whole rows (`$5:$5`).
- The margins are in points; `CenterHorizontally` a Boolean.
A value Excel does not take raises its error 1004, `Unable to set the <name> property of the PageSetup class`.
Not modelled: the sheet-local names Print_Area / Print_Titles in `Workbook.Names`, headers and footers, the
printer's own limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from excel_standin.addresses import MAX_COLUMN, Area, parse_area, split_sheet
from excel_standin.com import ComObject, excel_error

XL_PORTRAIT, XL_LANDSCAPE = 1, 2
XL_PAPER_LETTER, XL_PAPER_A4 = 1, 9
POINTS_PER_INCH = 72.0


@dataclass
class PrintSettings:
    """What a sheet keeps of its page setup (Excel's defaults for a new sheet)."""

    orientation: int = XL_PORTRAIT
    paper_size: int = XL_PAPER_LETTER
    zoom: int | bool = 100
    pages_wide: int | bool = 1
    pages_tall: int | bool = 1
    print_area: tuple[Area, ...] = ()
    title_rows: tuple[int, int] | None = None
    center_horizontally: bool = False
    margins: tuple[float, float, float, float] = (50.4, 50.4, 54.0, 54.0)  # left, right, top, bottom: points


def _refused(name: str) -> Exception:
    return excel_error(f"Unable to set the {name} property of the PageSetup class")


def _cleared(value: object) -> bool:
    return value is False or value == "" or value is None


def _pages(value: object, name: str) -> int | bool:
    if value is False:
        return False
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value or not 1 <= value <= 32767:
        raise _refused(name)
    return int(value)


def _areas(value: object, name: str) -> tuple[Area, ...]:
    if _cleared(value):
        return ()
    if not isinstance(value, str):
        raise _refused(name)
    found = []
    for part in value.split(","):
        area = parse_area(split_sheet(part.strip())[1])
        if area is None:
            raise _refused(name)
        found.append(area)
    return tuple(found)


class PageSetup(ComObject):
    kind = "PageSetup"

    def __init__(self, sheet: Any) -> None:
        super().__init__(sheet.app)
        self.sheet = sheet

    def where(self) -> tuple[str | None, str | None]:
        return self.sheet.where()  # type: ignore[no-any-return]

    @property
    def _settings(self) -> PrintSettings:
        return self.sheet.print_settings  # type: ignore[no-any-return]

    def _set(self, **changes: Any) -> None:
        for name, value in changes.items():
            setattr(self._settings, name, value)

    @property
    def Parent(self) -> Any:  # noqa: N802 - COM member names
        return self.sheet

    @property
    def Orientation(self) -> int:  # noqa: N802
        return self._settings.orientation

    @Orientation.setter
    def Orientation(self, value: int) -> None:  # noqa: N802
        if value not in (XL_PORTRAIT, XL_LANDSCAPE) or isinstance(value, bool):
            raise _refused("Orientation")
        self._set(orientation=int(value))

    @property
    def PaperSize(self) -> int:  # noqa: N802
        return self._settings.paper_size

    @PaperSize.setter
    def PaperSize(self, value: int) -> None:  # noqa: N802
        if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 256:
            raise _refused("PaperSize")
        self._set(paper_size=int(value))

    @property
    def Zoom(self) -> int | bool:  # noqa: N802
        return self._settings.zoom

    @Zoom.setter
    def Zoom(self, value: int | bool) -> None:  # noqa: N802
        if value is not False and (isinstance(value, bool) or not isinstance(value, int | float) or
                                   not 10 <= value <= 400):  # fmt: skip
            raise _refused("Zoom")
        self._set(zoom=False if value is False else int(value))

    @property
    def FitToPagesWide(self) -> int | bool:  # noqa: N802
        return self._settings.pages_wide

    @FitToPagesWide.setter
    def FitToPagesWide(self, value: int | bool) -> None:  # noqa: N802
        self._set(pages_wide=_pages(value, "FitToPagesWide"))

    @property
    def FitToPagesTall(self) -> int | bool:  # noqa: N802
        return self._settings.pages_tall

    @FitToPagesTall.setter
    def FitToPagesTall(self, value: int | bool) -> None:  # noqa: N802
        self._set(pages_tall=_pages(value, "FitToPagesTall"))

    @property
    def PrintArea(self) -> str:  # noqa: N802
        return ",".join(area.address() for area in self._settings.print_area)

    @PrintArea.setter
    def PrintArea(self, value: str | bool) -> None:  # noqa: N802
        self._set(print_area=_areas(value, "PrintArea"))

    @property
    def PrintTitleRows(self) -> str:  # noqa: N802
        rows = self._settings.title_rows
        return "" if rows is None else Area(rows[0], 1, rows[1], MAX_COLUMN).address()

    @PrintTitleRows.setter
    def PrintTitleRows(self, value: str | bool) -> None:  # noqa: N802
        areas = _areas(value, "PrintTitleRows")
        if len(areas) > 1:
            raise _refused("PrintTitleRows")
        self._set(title_rows=(areas[0].top, areas[0].bottom) if areas else None)

    @property
    def CenterHorizontally(self) -> bool:  # noqa: N802
        return self._settings.center_horizontally

    @CenterHorizontally.setter
    def CenterHorizontally(self, value: bool) -> None:  # noqa: N802
        self._set(center_horizontally=bool(value))

    def _margin(self, index: int) -> float:
        return self._settings.margins[index]

    def _set_margin(self, index: int, value: float, name: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise _refused(name)
        margins = list(self._settings.margins)
        margins[index] = float(value)
        self._set(margins=tuple(margins))

    LeftMargin = property(lambda self: self._margin(0), lambda self, v: self._set_margin(0, v, "LeftMargin"))
    RightMargin = property(lambda self: self._margin(1), lambda self, v: self._set_margin(1, v, "RightMargin"))
    TopMargin = property(lambda self: self._margin(2), lambda self, v: self._set_margin(2, v, "TopMargin"))
    BottomMargin = property(lambda self: self._margin(3), lambda self, v: self._set_margin(3, v, "BottomMargin"))


def read_settings(ws: Any) -> PrintSettings:
    """A sheet's page setup as a file (read by openpyxl) stores it."""
    setup, margins = ws.page_setup, ws.page_margins
    properties = ws.sheet_properties.pageSetUpPr
    fit = bool(properties is not None and properties.fitToPage)
    titles = _stored(ws.print_title_rows)
    return PrintSettings(
        orientation=XL_LANDSCAPE if setup.orientation == "landscape" else XL_PORTRAIT,
        paper_size=int(setup.paperSize or XL_PAPER_LETTER),
        zoom=False if fit else int(setup.scale or 100),
        pages_wide=_fit(setup.fitToWidth),
        pages_tall=_fit(setup.fitToHeight),
        print_area=_stored(ws.print_area),
        title_rows=(titles[0].top, titles[0].bottom) if titles else None,
        center_horizontally=bool(ws.print_options.horizontalCentered),
        margins=tuple(float(getattr(margins, side)) * POINTS_PER_INCH for side in ("left", "right", "top", "bottom")),
    )


def _stored(reference: str | None) -> tuple[Area, ...]:
    """A stored print area or title rows; one this model cannot read (a name, another sheet's cells) as none."""
    try:
        return _areas(reference or "", "PrintArea")
    except Exception:  # noqa: BLE001 - Excel's error for a reference it would refuse
        return ()


def _fit(value: object) -> int | bool:
    """openpyxl's fitToWidth / fitToHeight: absent is 1, 0 is Excel's False (not constrained)."""
    return 1 if value is None else int(str(value)) or False


def write_settings(settings: PrintSettings, ws: Any) -> None:
    """The page setup into the sheet as saved (openpyxl), when it is not what the file holds already."""
    from openpyxl.worksheet.properties import PageSetupProperties

    if settings == read_settings(ws):
        return
    setup = ws.page_setup
    setup.orientation = "landscape" if settings.orientation == XL_LANDSCAPE else "portrait"
    setup.paperSize = settings.paper_size
    fit = settings.zoom is False
    setup.scale = None if fit else settings.zoom
    setup.fitToWidth = 0 if settings.pages_wide is False else settings.pages_wide
    setup.fitToHeight = 0 if settings.pages_tall is False else settings.pages_tall
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = fit
    ws.print_area = [area.address() for area in settings.print_area] or None
    rows = settings.title_rows
    ws.print_title_rows = f"{rows[0]}:{rows[1]}" if rows else None
    ws.print_options.horizontalCentered = settings.center_horizontally
    for side, points in zip(("left", "right", "top", "bottom"), settings.margins, strict=True):
        setattr(ws.page_margins, side, points / POINTS_PER_INCH)
