"""The stand-in's Range.WrapText and Range.VerticalAlignment behave as Excel's: kept per cell, Null over cells that
differ, values Excel refuses refused, saved in the file as the cells' alignment and read back when it is opened."""

from __future__ import annotations

import openpyxl
import pytest
from test_excel_standin import opened

from excel_standin import Excel
from excel_standin.com import ComError

XL_TOP, XL_BOTTOM = -4160, -4107


def test_wrap_text_is_kept_per_cell_and_null_over_cells_that_differ(excel: Excel) -> None:
    sheet = opened(excel, [["甲", "乙"], ["丙", "丁"]])
    assert sheet.range("A1:B2").wrap_text is False  # Excel's default
    sheet.range("B1:B5").wrap_text = True  # one call for the column's cells, empty ones too
    assert sheet.range("B1:B5").wrap_text is True and sheet.range("B3").wrap_text is True
    assert sheet.range("A1:B2").wrap_text is None  # mixed: Null, as Excel returns it
    assert sheet.range("A1:A5").api.WrapText is False
    sheet.range("B2").api.WrapText = 0
    assert sheet.range("B2").wrap_text is False and sheet.range("B1:B2").wrap_text is None


def test_vertical_alignment_reads_bottom_unless_set_and_null_when_mixed(excel: Excel) -> None:
    sheet = opened(excel, [["甲", "乙"]])
    assert sheet.range("A1:B1").api.VerticalAlignment == XL_BOTTOM
    sheet.range("B1:B3").vertical_alignment = "top"
    assert sheet.range("B1:B3").api.VerticalAlignment == XL_TOP and sheet.range("B2").vertical_alignment == "top"
    assert sheet.range("A1:B1").api.VerticalAlignment is None and sheet.range("A1:B1").vertical_alignment is None


def test_values_excel_refuses(excel: Excel) -> None:
    target = opened(excel, [["甲"]]).range("A1").api
    for member, value in (("WrapText", "yes"), ("WrapText", None), ("VerticalAlignment", 3),
                          ("VerticalAlignment", True)):  # fmt: skip
        with pytest.raises(ComError, match=f"Unable to set the {member} property of the Range class"):
            setattr(target, member, value)
    assert (target.WrapText, target.VerticalAlignment) == (False, XL_BOTTOM)


def test_clearing_formats_unwraps(excel: Excel) -> None:
    sheet = opened(excel, [["甲"]])
    sheet.range("A1:A2").wrap_text = True
    sheet.range("A1:A2").vertical_alignment = "top"
    sheet.clear()
    assert sheet.range("A1:A2").wrap_text is False and sheet.range("A1:A2").api.VerticalAlignment == XL_BOTTOM


def test_the_saved_file_holds_the_alignment_and_an_opened_one_keeps_it(excel: Excel) -> None:
    sheet = opened(excel, [["很长的一句话", "短"], ["第二行", "x"]])
    sheet.range("A1:A3").wrap_text = True
    sheet.range("A1:A3").vertical_alignment = "top"
    sheet.book.save()
    path = excel.folder / "t.xlsx"
    ws = openpyxl.load_workbook(path)["数据"]
    assert [ws.cell(r, 1).alignment.wrap_text for r in (1, 2, 3)] == [True, True, True]
    assert [ws.cell(r, 1).alignment.vertical for r in (1, 2, 3)] == ["top"] * 3
    assert not ws["B1"].alignment.wrap_text and ws["B1"].alignment.vertical in (None, "bottom")
    sheet.book.close()
    excel.open_workbook(path)
    again = excel.xlwings_app().books["t.xlsx"].sheets["数据"]
    assert again.range("A1:A3").wrap_text is True and again.range("A1:B1").wrap_text is None
    assert again.range("A1:A3").api.VerticalAlignment == XL_TOP and again.range("B1").api.VerticalAlignment == XL_BOTTOM
