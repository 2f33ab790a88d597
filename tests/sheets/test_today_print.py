"""今日待办 as the command line writes it prints on A4 portrait: fitted to the page's width, as many pages tall as
it takes, its title (with the 基准日) on every page, the print area its rows and columns."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.sheets.today_layout import HEADER

from conftest import AS_OF, days, write_workbook

ROWS = [[f"1-{n}", f"HT{n}", "张三", "首付款", 1000 * n, 0, days(-10 - n), "李娜"] for n in range(1, 40)]


def test_todays_sheet_prints_on_a4_portrait_with_its_title_on_every_page(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "台账.xlsx", ROWS)
    result = CliRunner().invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(book)["今日待办"]
    setup = ws.page_setup
    assert (setup.orientation, int(setup.paperSize)) == ("portrait", int(ws.PAPERSIZE_A4))
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
    assert ws.print_title_rows == "$1:$1"  # was none: the pages after the first said neither what nor which day
    last = openpyxl.utils.get_column_letter(len(HEADER))
    area = str(ws.print_area).split("!")[-1]
    assert area.startswith(f"$A$1:${last}$") and int(area.rsplit("$", 1)[1]) >= ws.max_row - 1, area


def test_an_items_cells_stand_on_its_first_line_beside_its_wrapped_texts(tmp_path: Path) -> None:
    """A row whose 要做的事 or 短信 wraps to several lines has its other cells (状态, 合同编号, 截止 …) top-aligned
    too: they stood on the row's last line, beside the end of the message, not its start."""
    book = write_workbook(tmp_path / "台账.xlsx", ROWS)
    assert CliRunner().invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()]).exit_code == 0
    ws = openpyxl.load_workbook(book)["今日待办"]
    sms = HEADER.index("短信") + 1
    tall = [row for row in range(2, ws.max_row + 1) if (ws.row_dimensions[row].height or 0) > 16]
    assert tall and all(ws.cell(row, sms).value for row in tall)
    for row in tall:
        assert {ws.cell(row, column).alignment.vertical for column in range(1, len(HEADER) + 1)} == {"top"}, row
