"""The stand-in's PageSetup (tests/excel_standin/page_setup.py) behaves as Excel's: its defaults, the addresses it
reads back, the values it refuses, and what a saved file holds."""

from __future__ import annotations

import openpyxl
import pytest
from test_excel_standin import opened

from excel_standin import Excel
from excel_standin.com import ComError


def test_a_new_sheet_prints_as_excel_sets_it_up(excel: Excel) -> None:
    setup = opened(excel, [[1]]).api.PageSetup
    assert (setup.Orientation, setup.PaperSize, setup.Zoom) == (1, 1, 100)  # portrait, Letter, 100 %
    assert (setup.FitToPagesWide, setup.FitToPagesTall, setup.PrintArea, setup.PrintTitleRows) == (1, 1, "", "")


def test_addresses_read_back_absolute_and_title_rows_as_whole_rows(excel: Excel) -> None:
    sheet = opened(excel, [[1]])
    sheet.page_setup.print_area = "A1:C5,E2:F9"
    assert sheet.page_setup.print_area == "$A$1:$C$5,$E$2:$F$9"
    setup = sheet.api.PageSetup
    setup.PrintTitleRows = "A5:C5"
    assert setup.PrintTitleRows == "$5:$5"
    setup.PrintArea = False
    setup.PrintTitleRows = ""
    assert (setup.PrintArea, setup.PrintTitleRows, sheet.page_setup.print_area) == ("", "", None)


def test_values_excel_refuses(excel: Excel) -> None:
    setup = opened(excel, [[1]]).api.PageSetup
    for member, value in (("Zoom", 5), ("Zoom", True), ("Orientation", 3), ("FitToPagesWide", 0),
                          ("PrintArea", "no such cells")):  # fmt: skip
        with pytest.raises(ComError, match=f"Unable to set the {member} property"):
            setattr(setup, member, value)
    setup.Zoom, setup.FitToPagesTall = False, False
    assert (setup.Zoom, setup.FitToPagesTall) == (False, False)


def test_the_saved_file_holds_the_page_setup_and_an_opened_one_keeps_it(excel: Excel) -> None:
    sheet = opened(excel, [[1]])
    setup = sheet.api.PageSetup
    setup.Orientation, setup.PaperSize, setup.Zoom, setup.FitToPagesWide, setup.FitToPagesTall = 2, 9, False, 1, False
    setup.PrintArea, setup.PrintTitleRows, setup.LeftMargin = "A1:B4", "$2:$2", 28.8
    sheet.book.save()
    path = excel.folder / "t.xlsx"
    ws = openpyxl.load_workbook(path)["数据"]
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (
        int(ws.page_setup.fitToWidth),
        int(ws.page_setup.fitToHeight),
    ) == (1, 0)
    assert str(ws.print_area).endswith("$A$1:$B$4") and ws.print_title_rows == "$2:$2"
    assert ws.page_margins.left == pytest.approx(0.4)
    sheet.book.close()
    excel.open_workbook(path)
    again = excel.api(excel.sheet("数据")).PageSetup
    assert (again.Orientation, again.PaperSize, again.Zoom, again.FitToPagesTall) == (2, 9, False, False)
    assert (again.PrintArea, again.PrintTitleRows) == ("$A$1:$B$4", "$2:$2")
