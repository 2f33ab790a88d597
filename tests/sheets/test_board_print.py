"""The 催款看板 as it prints and shows: A4 landscape, the per-row board fitted to the page's width with its
header on every page and the summary on pages of its own; a seven-figure amount wide enough to show."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.money import yuan
from dunning.sheets.layout import COLUMNS, WRAPPED, text_width

from conftest import AS_OF, days, write_workbook


def _board(tmp_path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    rows = [("1-101", "HT-1", "张三", "首付款", 2_345_678.9, 0, days(-40), "王磊"),
            ("1-102", "HT-2", "李四", "首付款", 300_000, 0, days(-10), "王磊")]  # fmt: skip
    book = write_workbook(tmp_path / "台账.xlsx", rows)
    result = CliRunner().invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(book)["催款看板"]


def test_the_board_prints_on_a4_landscape_with_the_summary_apart(tmp_path: Path) -> None:
    ws = _board(tmp_path)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # was unset: Letter paper in Excel's US default
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    areas = str(ws.print_area).split(",")
    assert len(areas) == 2  # the per-row board, then the summary: not one page width for both
    assert areas[0].endswith(f"$A$1:${get_column_letter(len(COLUMNS))}$7")
    assert ws.print_title_rows == "$5:$5"


def test_a_million_shows_in_full_and_long_texts_wrap(tmp_path: Path) -> None:
    ws = _board(tmp_path)
    money = COLUMNS.index("欠款金额") + 1
    width = ws.column_dimensions[get_column_letter(money)].width
    assert width >= text_width(yuan(Decimal("2345678.90")))  # was ### in Excel
    why = COLUMNS.index("说明") + 1
    assert ws.column_dimensions[get_column_letter(why)].width == WRAPPED["说明"]
    assert ws.cell(6, why).alignment.wrap_text
