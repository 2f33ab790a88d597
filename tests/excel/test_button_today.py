"""The button (through the Excel stand-in) and the collector's work (issue 23): its message says what 今日待办 holds
and which letters nobody recorded as sent; it adds the empty 跟进记录 the workbook lacks; the sheets it writes
print on A4 as the command line's do (portrait for 今日待办, landscape for 催款看板), through Excel's PageSetup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from dunning.core.archive_record import ARCHIVE_HEADER
from dunning.core.follow_up import HEADER, NOTE
from dunning.sheets.layout import BOARD_HEADER_ROW, COLUMNS
from dunning.sheets.layout import WRAPPED as BOARD_WRAPPED
from dunning.sheets.today_layout import HEADER as TODAY_HEADER
from dunning.sheets.today_layout import WRAPPED as TODAY_WRAPPED
from excel_standin import Excel
from excel_standin.page_setup import XL_LANDSCAPE, XL_PAPER_A4, XL_PORTRAIT

from test_excel_button import ADDIN, ARCHIVE, BOARD, TODAY, boxes, team_book

TODAY_SHEET, LOG = "今日待办", "跟进记录"
SENT_AGO = TODAY - timedelta(days=5)


@dataclass
class Pressed:
    excel: Excel
    path: Path
    text: str


@pytest.fixture(scope="module")
def pressed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pressed]:
    """The sample (no 跟进记录) with two letters archived five days ago, one recorded as posted."""
    folder = tmp_path_factory.mktemp("today")
    path = team_book(folder)
    wb = openpyxl.load_workbook(path)
    archive = wb.create_sheet(ARCHIVE)
    archive.append(list(ARCHIVE_HEADER))
    made = datetime(SENT_AGO.year, SENT_AGO.month, SENT_AGO.day, 9)
    for contract, tracking in (("HT-OLD-1", None), ("HT-OLD-2", "SF1234567890")):
        row = dict.fromkeys(ARCHIVE_HEADER)
        row |= {"生成时间": made, "基准日": SENT_AGO, "合同编号": contract, "客户姓名": "某", "阶段": "催款信",
                "级别代码": "letter", "第几次": 1, "快递单号": tracking}  # fmt: skip
        archive.append(list(row.values()))
    wb.save(path)
    with Excel(folder) as excel:
        excel.open_addin(ADDIN)
        excel.open_workbook(path)
        excel.press_button()
        yield Pressed(excel, path, excel.message_boxes[-1].text if excel.message_boxes else "")


def test_the_message_counts_todays_work_per_person(pressed: Pressed) -> None:
    saved = openpyxl.load_workbook(pressed.path)[TODAY_SHEET]
    groups = [str(v) for (v,) in saved.iter_rows(min_col=1, max_col=1, values_only=True)
              if isinstance(v, str) and v.endswith(" 项")]  # fmt: skip  # `李娜（置业顾问）：2 项`, one per person
    assert groups, "today's sheet has no person's group"
    total = sum(int(g.rsplit("：", 1)[1].removesuffix(" 项")) for g in groups)
    (line,) = [line for line in pressed.text.splitlines() if line.startswith("今日待办")]
    assert line.startswith(f"今日待办 {total} 项") and "（见「今日待办」工作表）" in line, pressed.text
    for group in groups:
        who, count = group.split("：")
        assert f"{who.split('（')[0]} {count.removesuffix(' 项')}" in line, (group, line)


def test_the_message_lists_the_letters_not_marked_as_sent_after_three_days(pressed: Pressed) -> None:
    assert f"已生成3天以上仍未登记寄送：HT-OLD-1 催款信（{SENT_AGO.isoformat()}）" in pressed.text, boxes(pressed.excel)
    assert "HT-OLD-2" not in pressed.text


def test_the_button_adds_the_empty_log_after_the_rules_sheet(pressed: Pressed) -> None:
    wb = openpyxl.load_workbook(pressed.path)
    assert wb.sheetnames.index(LOG) == wb.sheetnames.index("催款规则") + 1, wb.sheetnames
    ws = wb[LOG]
    assert ws.cell(1, 1).value == NOTE and [c.value for c in ws[2]] == list(HEADER) and ws.max_row == 2
    assert pressed.excel.book().saves == 1  # the letters, the board, 今日待办 and the log: one save


def test_todays_sheet_prints_on_a4_portrait_through_excel(pressed: Pressed) -> None:
    setup = pressed.excel.api(pressed.excel.sheet(TODAY_SHEET)).PageSetup
    bottom = pressed.excel.sheet(TODAY_SHEET).grid.used().bottom
    assert (setup.Orientation, setup.PaperSize) == (XL_PORTRAIT, XL_PAPER_A4)
    assert (setup.Zoom, setup.FitToPagesWide, setup.FitToPagesTall) == (False, 1, False)
    area = setup.PrintArea
    assert (
        area.startswith(f"$A$1:${_letter(len(TODAY_HEADER))}$")
        and int(area.rsplit("$", 1)[1]) >= bottom
        and setup.PrintTitleRows == "$1:$1"
    )
    saved = openpyxl.load_workbook(pressed.path)[TODAY_SHEET]  # and in the file Excel saved
    assert (saved.page_setup.orientation, int(saved.page_setup.paperSize)) == ("portrait", 9)
    assert saved.sheet_properties.pageSetUpPr.fitToPage and int(saved.page_setup.fitToWidth) == 1
    assert saved.print_title_rows == "$1:$1" and str(saved.print_area).endswith(area)


def test_the_board_prints_on_a4_landscape_through_excel(pressed: Pressed) -> None:
    setup = pressed.excel.api(pressed.excel.sheet(BOARD)).PageSetup
    assert (setup.Orientation, setup.PaperSize, setup.Zoom, setup.FitToPagesWide) == (XL_LANDSCAPE, XL_PAPER_A4,
                                                                                      False, 1)  # fmt: skip
    first, summary = setup.PrintArea.split(",")
    assert first.startswith("$A$1:$") and first.split(":")[1].startswith(f"${_letter(len(COLUMNS))}$"), first
    assert summary.startswith("$"), summary
    assert setup.PrintTitleRows == "$5:$5"


def test_todays_long_texts_wrap_in_columns_of_the_layouts_width(pressed: Pressed) -> None:
    """要做的事 and 短信 wrap, top-aligned, in columns as wide as the file's (`dunning today`), not one long line."""
    _assert_wrapped(pressed.path, TODAY_SHEET, TODAY_HEADER, TODAY_WRAPPED, below=1)


def test_todays_items_are_top_aligned_beside_their_wrapped_texts(pressed: Pressed) -> None:
    """Every cell below 今日待办's title stands at the top of its row, as the wrapped 要做的事 and 短信 do (one call)."""
    ws = openpyxl.load_workbook(pressed.path)[TODAY_SHEET]
    cells = [ws.cell(row, column) for row in range(2, ws.max_row + 1) for column in range(1, len(TODAY_HEADER) + 1)]
    assert {cell.alignment.vertical for cell in cells} == {"top"}


def test_the_boards_long_texts_wrap_in_columns_of_the_layouts_width(pressed: Pressed) -> None:
    _assert_wrapped(pressed.path, BOARD, COLUMNS, BOARD_WRAPPED, below=BOARD_HEADER_ROW)


def _assert_wrapped(path: Path, name: str, header: tuple[str, ...], wrapped: dict[str, int], *, below: int) -> None:
    ws = openpyxl.load_workbook(path)[name]  # the file Excel saved
    for label, width in wrapped.items():
        letter = _letter(header.index(label) + 1)
        assert ws.column_dimensions[letter].width == width, (name, label, ws.column_dimensions[letter].width)
        cells = [ws[f"{letter}{row}"] for row in range(below + 1, ws.max_row + 1)]
        texts = [cell for cell in cells if isinstance(cell.value, str) and len(cell.value) > width // 2]
        assert texts, (name, label, "no long text to wrap in the sample")
        unwrapped = [
            (c.coordinate, c.value) for c in cells if not c.alignment.wrap_text or c.alignment.vertical != "top"
        ]
        assert not unwrapped, (name, label, unwrapped[:3])
        assert not ws[f"{letter}{below}"].alignment.wrap_text, (name, label, "the header row does not wrap")


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)
