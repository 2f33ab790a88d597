"""`=DUNNING_STAGE(A4)` — one cell of the row, as the user's card writes it — and its siblings, through the Excel
stand-in running the add-in's own VBA modules (tests/excel_standin/dunning_vba.py plays them step for step; the VBA
itself runs in LibreOffice Basic in test_functions_in_basic.py). What a cell shows equals `dunning board` for the
same file, on the sample and on generated workbooks; it follows an edit of the row, of the archive and of the log
(an edit of the rules and of the day: test_excel_udfs, whose sample column is this form); Python is asked once per change, never when nothing changed, and never calls back into Excel."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, given, settings
from openpyxl.utils import get_column_letter

from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values
from excel_standin import Excel
from excel_standin.values import serial
from workbook_gen import books, write_book

from test_excel_udfs import ADDIN, DATA, cli_board, copy, first_row

FUNCTIONS = ("STAGE", "NEXT_ACTION", "DAYS_OVERDUE", "LATE_FEE", "ACTION_DUE")
KEYS = ("stage_label", "next_action", "days_overdue", "late_fee", "action_due")


def table_calls(excel: Excel, since: int = 0) -> int:
    """Calls into Python for the table (TABLE_OUTCOMES) in the calculations after the first `since`."""
    return sum(1 for c in excel.calculations[since:] for u in c.udf_calls if u.function == "TABLE_OUTCOMES")


def shown(value: object) -> object:
    """A cell's value as `dunning board --json` writes it."""
    if isinstance(value, float):
        return value
    return None if value == "" else value


def expected(item: dict[str, Any], key: str) -> object:
    value = item[key]
    if key in ("days_overdue", "late_fee") and value is not None:
        return float(value)
    if key == "action_due" and value is not None:
        return float(serial(date.fromisoformat(value)))
    return None if value == "" else value


def test_the_five_functions_of_one_cell_equal_the_command_line(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    not_due = next(row for row, item in sorted(board.items()) if (item["days_overdue"] or 0) < 0)
    rows = [first_row(board, "letter"), not_due, 4, max(board)]
    for row in rows:
        for column, name in zip("TUVWX", FUNCTIONS, strict=True):
            excel.set_value(DATA, f"{column}{row}", f"=DUNNING_{name}(B{row})")
    for row in rows:
        got = [shown(excel.value(DATA, f"{column}{row}")) for column in "TUVWX"]
        assert got == [expected(board[row], key) for key in KEYS], row


def test_python_is_asked_once_per_change_and_never_when_nothing_changed(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    assert table_calls(excel) == 1  # a cold start: the whole table in one call
    excel.calculate()  # the file was written without formula results (合计's SUM): they are in now
    before = len(excel.calculations)
    excel.calculate()  # F9: every DUNNING_STAGE(A…) runs again (volatile), nothing changed
    assert excel.calculations[-1].evaluated >= len(board)
    assert table_calls(excel, before) == 0
    row = first_row(board, "letter")
    before = len(excel.calculations)
    excel.set_value(DATA, f"F{row}", excel.value(DATA, f"E{row}"))
    assert table_calls(excel, before) == 1
    assert excel.value(DATA, f"R{row}") == "已结清"
    assert list(excel.python_servers) and len(excel.python_servers) == 1


def test_an_edit_in_another_workbook_asks_python_nothing(excel: Excel, tmp_path: Path) -> None:
    excel.open_addin(ADDIN)
    excel.open_workbook(copy(tmp_path))
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = 1
    book.save(other)
    excel.open_workbook(other)
    excel.calculate()
    before = len(excel.calculations)
    excel.set_value("Sheet", "A1", 2, book="other.xlsx")
    assert excel.calculations[before:], "the edit recalculated nothing"
    assert table_calls(excel, before) == 0


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])  # fmt: skip
@given(spec=books())
def test_on_generated_workbooks_one_cell_equals_the_board(tmp_path: Path, spec: Any) -> None:
    folder = tmp_path / f"g{datetime.now().timestamp()}"
    folder.mkdir()
    path = write_book(spec, folder / "team.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    column = ws.max_column + 2
    rows = spec.data_rows()
    first = spec.columns[0][0]
    for row in rows:
        ws.cell(row, column, f"=DUNNING_STAGE(A{row})")
    wb.save(path)
    with Excel(folder) as excel:
        excel.open_addin(ADDIN)
        excel.open_workbook(path)
        excel.calculate()  # cells written as formulas (=NA()) without a result: computed after the first read
        board = board_of(read_values(path), RunOptions(), today=excel.app.today)
        letter = get_column_letter(column)
        got = {row: excel.value(ws.title, f"{letter}{row}") for row in rows}
    want = {d.sheet_row: d.stage_label for d in board.decisions}
    assert got == {row: want.get(row, "") for row in rows}, first


def test_merged_cells_and_archived_letters_read_as_the_command_line_reads_them(excel: Excel, tmp_path: Path) -> None:
    """A contract number and name merged down the contract's rows (as team sheets often are): the functions and the
    button's 催款看板 read the merged value in every row, as `dunning board` does from the file. After the press, the
    letters it archived (函件归档) and the tracking columns it moved count: every cell equals the saved file's board."""
    path = copy(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA]
    rows = [r for r in range(4, ws.max_row) if ws.cell(r, 2).value == ws.cell(4, 2).value]
    assert len(rows) >= 3
    for column in (2, 3):
        for row in rows[1:]:
            ws.cell(row, column).value = None
        ws.merge_cells(start_row=rows[0], start_column=column, end_row=rows[-1], end_column=column)
    for line in wb["催款规则"].iter_rows(min_col=1, max_col=2):
        if line[0].value == "基准日":
            line[1].value = None  # the button dates letters today
    wb.save(path)
    expected = cli_board(path, "--as-of", excel.app.today.isoformat())
    assert all(expected[row]["contract_no"] == ws.cell(4, 2).value for row in rows)
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    assert {row: excel.value(DATA, f"R{row}") for row in rows} == {row: expected[row]["stage_label"] for row in rows}
    excel.answer("是")
    excel.press_button()
    board = openpyxl.load_workbook(path)["催款看板"]
    shown = {
        line[0].value: (line[1].value, line[3].value) for line in board.iter_rows(min_row=6) if line[0].value in rows
    }
    assert shown == {row: (expected[row]["contract_no"], expected[row]["stage_label"]) for row in rows}


def test_the_collectors_log_counts(excel: Excel, tmp_path: Path) -> None:
    """跟进记录 is read with the table: a dispute typed in the log shows 有异议 in the contract's cells at the next
    recalculation, as on the board."""
    from dunning.core.follow_up import HEADER, NOTE

    path = copy(tmp_path)
    board = cli_board(path)
    row = first_row(board, "letter")
    contract = board[row]["contract_no"]
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    assert excel.value(DATA, f"R{row}") == board[row]["stage_label"] != "有异议"
    wb = openpyxl.load_workbook(path)
    log = wb.create_sheet("跟进记录")
    log.append([NOTE])
    log.append(list(HEADER))
    log.append([datetime(2026, 11, 18), contract, None, "电话", "有异议", None, None, "王磊", "客户对违约金有异议"])
    wb.save(edited := tmp_path / "logged.xlsx")
    expected = cli_board(edited)
    assert expected[row]["stage_label"] == "有异议"
    excel.app.close_book(excel.book(path.name))
    excel.open_workbook(edited)
    rows = [r for r, item in expected.items() if item["contract_no"] == contract]
    assert {r: excel.value(DATA, f"R{r}", book=edited.name) for r in rows} == {
        r: expected[r]["stage_label"] for r in rows
    }
