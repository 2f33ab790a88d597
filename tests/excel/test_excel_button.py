"""The ribbon button 生成催款函 in Excel on Windows, through the Excel stand-in (tests/excel_standin):
the add-in `addin/dunning.xlam` is loaded, the team's workbook opened, and the button runs what the
add-in's own VBA runs, `dunning.main()` under xlwings' Windows engine."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from excel_standin import Call, Excel
from excel_standin.app import AUTOMATIC, MANUAL
from excel_workbooks import contract_book, sample_on

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "addin" / "dunning.xlam"
DATA, ARCHIVE, BOARD = "合同执行情况", "函件归档", "催款看板"
TODAY = date.today()  # the button never back-dates: the sample is moved to today (its 基准日 is 2026-11-20)
VALUE_WRITES = frozenset({"Value", "Value2", "Formula", "Formula2", "FormulaArray", "ClearContents", "Clear"})


def team_book(folder: Path, name: str = "合同执行情况表.xlsx") -> Path:
    return sample_on(folder / name, TODAY)


def expected_letters(path: Path) -> set[str]:
    """The letters `dunning letters --dry-run` would make for the same file (file names)."""
    probe = path.with_name("dry-run-" + path.name)
    shutil.copy(path, probe)
    out = subprocess.run([sys.executable, "-m", "dunning", "letters", str(probe), "--dry-run", "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT)  # fmt: skip
    probe.unlink()
    return {Path(item["file"]).name for item in json.loads(out.stdout)["planned"]}


def letters_in(folder: Path) -> set[str]:
    return {p.name for p in (folder / "催款函").rglob("*.docx")
            if not p.name.startswith("全部") and p.parent.name not in ("律师函审批", "重大欠款上报")}  # fmt: skip


def pressed(excel: Excel, path: Path, *, read_only: bool = False) -> None:
    excel.open_addin(ADDIN)
    excel.open_workbook(path, read_only=read_only)
    excel.press_button()


def boxes(excel: Excel) -> str:
    return "\n---\n".join(box.text for box in excel.message_boxes)


@dataclass
class Press:
    """One press of the button on a copy of the sample, and what it left behind."""

    excel: Excel
    folder: Path
    path: Path
    expected: set[str]
    before: Any  # the contract sheet before the press (openpyxl)
    calls: list[Call]


@pytest.fixture(scope="module")
def press(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Press]:
    folder = tmp_path_factory.mktemp("press")
    path = team_book(folder)
    expected = expected_letters(path)
    before = openpyxl.load_workbook(path)[DATA]
    with Excel(folder) as excel:
        excel.open_addin(ADDIN)
        excel.open_workbook(path)
        mark = excel.calls.mark()
        excel.press_button()
        yield Press(excel, folder, path, expected, before, excel.calls.since(mark))


def test_button_makes_the_letters_and_says_so(press: Press) -> None:
    boxes = press.excel.message_boxes
    assert boxes and boxes[-1].text.startswith(f"已生成 {len(press.expected)} 封函件"), "\n---\n".join(
        b.text for b in boxes
    )
    assert letters_in(press.folder) == press.expected
    day = press.folder / "催款函" / press.path.stem / TODAY.isoformat()
    assert day.is_dir()
    (pack,) = (day / "律师函审批").glob("律师函审批_*.docx")
    assert f"律师函审批材料（名单和草稿）：{pack}" in boxes[-1].text
    (report,) = (day / "重大欠款上报").glob("重大欠款上报_*.docx")
    logged = (press.folder / ".dunning-backup" / "dunning.log").read_text(encoding="utf-8")
    assert "button pressed on" in logged and f"{len(press.expected)} made" in logged
    assert "重大欠款上报表（" in boxes[-1].text and str(report) in boxes[-1].text


def test_each_letter_is_archived_and_moves_the_tracking_columns_on(press: Press) -> None:
    saved = openpyxl.load_workbook(press.path)
    archive = [row for row in saved[ARCHIVE].iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]
    assert len(archive) == len(press.expected)
    header = [c.value for c in saved[DATA][3]]
    count, last = header.index("已发催款信次数") + 1, header.index("最近催款信日期") + 1
    before, after = press.before, saved[DATA]
    moved = [r for r in range(4, after.max_row + 1) if after.cell(r, last).value != before.cell(r, last).value]
    assert moved, "no tracking cell moved on"
    for row in moved:
        assert after.cell(row, last).value == datetime(TODAY.year, TODAY.month, TODAY.day)
        assert after.cell(row, count).value == (before.cell(row, count).value or 0) + 1
    assert press.excel.book().saves >= 1


def test_board_has_frozen_header_filter_chart_and_formats(press: Press) -> None:
    board = press.excel.sheet(BOARD)
    assert board.view.frozen and board.view.split_row >= 1, board.view
    assert board.auto_filter is not None
    assert len(board.charts) == 1
    top = board.auto_filter.top
    header = {board.grid.value(top, c): c for c in range(board.auto_filter.left, board.auto_filter.right + 1)}
    rows = range(top + 1, board.auto_filter.bottom + 1)

    def formats(name: str) -> set[str]:
        column = header[name]
        return {board.grid.get(r, column).number_format for r in rows if board.grid.value(r, column) not in (None, "")}

    assert formats("截止日期") == {"yyyy-mm-dd"}
    assert all("¥" in shown for shown in formats("欠款金额") | formats("违约金")), formats("欠款金额")
    saved = openpyxl.load_workbook(press.path)[BOARD]
    assert saved.freeze_panes is not None and saved.auto_filter.ref


def test_progress_shows_in_the_status_bar_and_is_given_back(press: Press) -> None:
    history = press.excel.status_bar_history
    assert any(isinstance(s, str) and s.startswith("生成催款函") for s in history), history
    assert history and history[-1] is False


def test_writes_happen_with_screen_updating_off_and_manual_calculation(press: Press) -> None:
    writes = [c for c in press.calls if c.kind == "Range" and c.member in VALUE_WRITES and c.action != "get"]
    assert writes
    assert {(c.screen_updating, c.calculation_mode) for c in writes} == {(False, MANUAL)}
    assert press.excel.app.screen_updating and press.excel.app.calculation == AUTOMATIC


def test_previous_calculation_mode_is_kept_also_when_the_button_fails(excel: Excel, tmp_path: Path) -> None:
    path = team_book(tmp_path)
    (tmp_path / "催款函").write_text("a file where the letters folder should be", encoding="utf-8")
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    excel.set_manual()
    excel.press_button()
    assert excel.message_boxes, "a failure must be shown"
    assert excel.app.screen_updating and excel.app.calculation == MANUAL
    assert not any(box.title == "Error" for box in excel.message_boxes), boxes(excel)  # no traceback box


def test_second_press_makes_nothing_new(excel: Excel, tmp_path: Path) -> None:
    path = team_book(tmp_path)
    pressed(excel, path)
    made = letters_in(tmp_path)
    rows = openpyxl.load_workbook(path)[ARCHIVE].max_row
    excel.press_button()
    assert letters_in(tmp_path) == made
    assert openpyxl.load_workbook(path)[ARCHIVE].max_row == rows
    assert excel.message_boxes[-1].text.startswith("已生成 0 封函件"), boxes(excel)


def test_a_rules_date_long_past_is_refused_the_button_never_back_dates(excel: Excel, tmp_path: Path) -> None:
    long_ago = TODAY - timedelta(days=60)  # the sample as it stood 60 days ago, its 基准日 still set to that day
    path = sample_on(tmp_path / "合同执行情况表.xlsx", long_ago)
    before = path.read_bytes()
    pressed(excel, path)
    text = boxes(excel)
    assert f"基准日 {long_ago.isoformat()}" in text and "早 60 天" in text, text
    assert "清空「催款规则」中的基准日" in text and '--backdate "原因"' in text, text
    assert not letters_in(tmp_path)
    assert path.read_bytes() == before and excel.book().saves == 0  # nothing archived, no tracking cell moved


def test_an_archive_written_before_its_last_column_gets_the_heading(excel: Excel, tmp_path: Path) -> None:
    path = team_book(tmp_path)
    wb = openpyxl.load_workbook(path)
    older = wb.create_sheet(ARCHIVE)
    older.append(["生成时间", "基准日", "合同编号", "客户姓名", "阶段", "级别代码", "第几次", "欠款金额", "违约金", "文件",
                  "SHA-256", "操作人", "幂等键"])  # fmt: skip
    wb.save(path)
    pressed(excel, path)
    assert excel.message_boxes[-1].text.startswith("已生成 "), boxes(excel)
    saved = openpyxl.load_workbook(path)[ARCHIVE]
    assert [c.value for c in saved[1]][12:] == [
        "幂等键",
        "函件编号",
        "倒签原因",
        "寄送方式",
        "快递单号",
        "签收日期",
        "退回日期",
    ]
    assert saved.max_row > 2 and saved.cell(2, 15).value is None  # the button never back-dates: no reason


def test_read_only_workbook_is_refused_before_any_letter(excel: Excel, tmp_path: Path) -> None:
    pressed(excel, team_book(tmp_path), read_only=True)
    assert any("只读" in box.text for box in excel.message_boxes), boxes(excel)
    assert not letters_in(tmp_path)


def test_protected_contract_sheet_is_refused_before_any_letter(excel: Excel, tmp_path: Path) -> None:
    path = team_book(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb[DATA].protection.sheet = True
    wb.save(path)
    pressed(excel, path)
    assert any("保护" in box.text for box in excel.message_boxes), boxes(excel)
    assert not letters_in(tmp_path)


def test_without_a_workbook_the_user_is_told_to_open_the_contract_sheet(excel: Excel) -> None:
    excel.open_addin(ADDIN)
    excel.press_button()
    assert any("打开" in box.text and "合同执行情况" in box.text for box in excel.message_boxes), boxes(excel)


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    """COM calls of one press on a 300-row and a 3,000-row table."""
    found = {}
    for copies in (1, 10):
        folder = tmp_path_factory.mktemp(f"rows{copies}")
        path = contract_book(folder / "合同执行情况表.xlsx", copies=copies, as_of=TODAY)
        with Excel(folder) as excel:
            excel.open_addin(ADDIN)
            excel.open_workbook(path)
            before = openpyxl.load_workbook(path)[DATA]
            mark = excel.calls.mark()
            excel.press_button()
            calls = excel.calls.since(mark)
            saved = openpyxl.load_workbook(path)[DATA]
            changed = sum(1 for row in saved.iter_rows(min_row=4) for cell in row
                          if cell.value != before.cell(cell.row, cell.column).value)  # fmt: skip
            found[copies] = {
                "board": sum(1 for c in calls if c.sheet == BOARD),
                "data_writes": sum(
                    1 for c in calls if c.sheet == DATA and c.member in VALUE_WRITES and c.action != "get"
                ),
                "changed": changed,
                "boxes": len(excel.message_boxes),
                "rows": saved.max_row,
            }
    return found


def test_board_calls_do_not_grow_with_the_table(budget: dict[int, dict[str, int]]) -> None:
    small, large = budget[1], budget[10]
    assert large["rows"] > 2900 and small["rows"] < 400
    assert small["board"] > 0, budget
    assert abs(large["board"] - small["board"]) <= 20, budget


def test_tracking_cells_are_written_in_blocks(budget: dict[int, dict[str, int]]) -> None:
    small, large = budget[1], budget[10]
    assert small["changed"] > 0, budget
    assert small["data_writes"] < small["changed"], budget  # not one cell per call
    assert abs(large["data_writes"] - small["data_writes"]) <= 20, budget  # the same letters: not per table row


def test_a_press_reads_the_workbook_once(press: Press) -> None:
    """The letters run and the board after it read the workbook through Excel once: the contract sheet's used
    range is asked for its values one time (the board is rebuilt from what the run read and wrote)."""
    reads = [c for c in press.calls if c.sheet == DATA and c.kind == "Range" and c.member in ("Value", "Value2")
             and c.action == "get"]  # fmt: skip
    assert len(reads) == 1, [(c.member, c.args) for c in reads]
