"""The add-in's Excel functions (DUNNING_*) in the sample workbook, through the Excel stand-in
(tests/excel_standin): resolved from the add-in's VBA, run as its VBA runs them (the sample's 催款阶段 column is
`=DUNNING_STAGE(A4)`; the long form and DUNNING_BOARD pass their arguments' values), recalculated by Excel's rule. What they show must equal `dunning board --json` for the same file, and
follow every edit a person makes, without calling back into Excel while Excel calculates."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from excel_standin import Excel
from excel_standin.values import serial

ROOT = Path(__file__).resolve().parents[2]
ADDIN = ROOT / "addin" / "dunning.xlam"
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
DATA, LIVE, RULES = "合同执行情况", "实时看板", "催款规则"
ARGS = "$A{row}:$Q{row},$A$3:$Q$3"
# What xlwings' call_udf itself asks of a Range argument before reading its Value: its shape (Row, Column,
# Rows.Count, Columns.Count) and `rng.sheet.book.app` for the conversion engine (Worksheet, Parent,
# Application, Hwnd). Any other call during a calculation is the function calling back into Excel.
XLWINGS_PLUMBING = frozenset({("Worksheet", "Parent"), ("Workbook", "Application"), ("Application", "Hwnd"),
                              ("Range", "Count")})  # fmt: skip


def copy(folder: Path, name: str = "sample.xlsx", edits: dict[tuple[str, str], object] | None = None) -> Path:
    """The sample workbook, with cells changed as a person would change them."""
    path = folder / name
    shutil.copy(SAMPLE, path)
    if edits:
        wb = openpyxl.load_workbook(path)
        for (sheet, address), value in edits.items():
            wb[sheet][address].value = value
        wb.save(path)
    return path


def cli_board(path: Path, *args: str) -> dict[int, dict[str, Any]]:
    """`dunning board --json` for the file, by sheet row (the same content asks the command line once)."""
    return _cli_board(hashlib.sha256(path.read_bytes()).hexdigest(), str(path), args)


@functools.lru_cache(maxsize=32)
def _cli_board(_content: str, path: str, args: tuple[str, ...]) -> dict[int, dict[str, Any]]:
    out = subprocess.run([sys.executable, "-m", "dunning", "board", path, "--json", *args], capture_output=True,
                         text=True, check=True, cwd=ROOT)  # fmt: skip
    return {row["sheet_row"]: row for row in json.loads(out.stdout)}


def opened(excel: Excel, path: Path) -> None:
    excel.open_addin(ADDIN)
    excel.open_workbook(path)
    excel.calculate()


def stages(excel: Excel, rows: dict[int, dict[str, Any]], *, book: str | None = None) -> dict[int, object]:
    return {row: excel.value(DATA, f"R{row}", book=book) for row in rows}


def live(excel: Excel, rows: dict[int, dict[str, Any]], *, book: str | None = None) -> dict[int, object]:
    return {row: excel.value(LIVE, f"C{row}", book=book) for row in rows}


def labels(board: dict[int, dict[str, Any]]) -> dict[int, object]:
    return {row: item["stage_label"] for row, item in board.items()}


def rules_row(excel: Excel, name: str) -> int:
    sheet = excel.sheet(RULES)
    return next(r for (r, c), cell in sorted(sheet.grid.cells.items()) if c == 1 and cell.value == name)


def lawyer_after_one_month(excel: Excel) -> dict[tuple[str, str], object]:
    """律师函起算月数 from 2 to 1, in the parameters and in the ladder's lawyer_letter level (both places, as
    the rules sheet asks)."""
    return {(RULES, f"B{rules_row(excel, '律师函起算月数')}"): 1, (RULES, f"C{rules_row(excel, 'lawyer_letter')}"): 1}


def edit(excel: Excel, edits: dict[tuple[str, str], object]) -> None:
    for (sheet, address), value in edits.items():
        excel.set_value(sheet, address, value)


def first_row(board: dict[int, dict[str, Any]], stage: str) -> int:
    return next(row for row, item in sorted(board.items()) if item["stage"] == stage and item["letter_no"])


def test_stages_equal_the_command_line_after_open_and_calculate(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    opened(excel, path)
    assert stages(excel, board) == labels(board)
    assert live(excel, board) == labels(board)  # DUNNING_BOARD lines up with the table


def test_paying_in_full_settles_the_row(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    row = first_row(board, "letter")
    opened(excel, path)
    excel.set_value(DATA, f"F{row}", excel.value(DATA, f"E{row}"))
    assert excel.value(DATA, f"R{row}") == "已结清"
    assert excel.value(LIVE, f"C{row}") == "已结清"


def test_editing_a_rule_moves_the_stages(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    opened(excel, path)
    edits = lawyer_after_one_month(excel)
    edited = cli_board(copy(tmp_path, "edited.xlsx", edits))
    assert labels(edited) != labels(cli_board(path))
    edit(excel, edits)
    assert stages(excel, edited) == labels(edited)
    assert live(excel, edited) == labels(edited)


def test_editing_the_tracking_columns_moves_the_row(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    row = first_row(board, "letter")
    sent = board[row]["letter_no"]
    edits = {(DATA, f"N{row}"): sent, (DATA, f"O{row}"): datetime(2026, 11, 20)}
    expected = cli_board(copy(tmp_path, "edited.xlsx", edits))[row]
    opened(excel, path)
    edit(excel, edits)
    shown = excel.value(LIVE, f"C{row}:J{row}")[0]
    assert (shown[0], shown[1], _day(shown[7])) == (expected["stage_label"], expected["letter_no"],
                                                     expected["action_due"])  # fmt: skip
    assert expected["letter_no"] != board[row]["letter_no"] or expected["action_due"] != board[row]["action_due"]


def _day(value: object) -> str | None:
    return value.date().isoformat() if isinstance(value, datetime) else None if value in ("", None) else str(value)


def test_with_a_blank_as_of_the_stages_follow_the_date(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    opened(excel, path)
    row = rules_row(excel, "基准日")
    later = cli_board(copy(tmp_path, "blank.xlsx", {(RULES, f"B{row}"): None}), "--as-of", "2026-12-30")
    excel.set_value(RULES, f"B{row}", None)
    excel.roll_today(40)
    assert excel.app.today == date(2026, 12, 30)
    excel.calculate()
    assert stages(excel, later) == labels(later)
    assert live(excel, later) == labels(later)


def test_functions_do_not_call_back_into_excel_while_it_calculates(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    opened(excel, path)
    row = first_row(board, "letter")
    excel.set_value(DATA, f"F{row}", 1)
    calculation = excel.calculations[-1]
    assert calculation.udf_calls, "the edit recalculated no function"
    during = excel.calls.since(calculation.first_call)[: calculation.last_call - calculation.first_call]
    back = {(c.kind, c.member, c.udf.function if c.udf else None) for c in during
            if c.udf is None or (c.target not in c.udf.arguments and (c.kind, c.member) not in XLWINGS_PLUMBING)}  # fmt: skip
    assert not back, f"calls back into Excel during calculation: {sorted(back, key=str)}"


def test_each_workbook_uses_its_own_rules(excel: Excel, tmp_path: Path) -> None:
    plain = copy(tmp_path, "a.xlsx")
    excel.open_addin(ADDIN)
    excel.open_workbook(plain)
    other = copy(tmp_path, "b.xlsx", lawyer_after_one_month(excel))
    excel.open_workbook(other)
    excel.calculate()
    for path in (plain, other):
        board = cli_board(path)
        assert live(excel, board, book=path.name) == labels(board), path.name
    assert labels(cli_board(plain)) != labels(cli_board(other))


def test_an_argument_that_is_no_cell_says_what_to_give(excel: Excel, tmp_path: Path) -> None:
    opened(excel, copy(tmp_path))
    excel.set_value(DATA, "T4", '=DUNNING_STAGE("HT-1")')
    assert excel.value(DATA, "T4") == "请给本行的一个单元格，如 =DUNNING_STAGE(A4)"


def test_the_row_functions_equal_the_command_line(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    board = cli_board(path)
    row = first_row(board, "letter")
    opened(excel, path)
    args = ARGS.format(row=row) + ",基准日,催款规则表"
    for column, name in zip("TUVW", ("NEXT_ACTION", "DAYS_OVERDUE", "LATE_FEE", "ACTION_DUE"), strict=True):
        excel.set_value(DATA, f"{column}{row}", f"=DUNNING_{name}({args})")
    expected = board[row]
    assert excel.value(DATA, f"T{row}") == expected["next_action"]
    assert excel.value(DATA, f"U{row}") == float(expected["days_overdue"])
    assert excel.value(DATA, f"V{row}") == float(expected["late_fee"])
    assert excel.value(DATA, f"W{row}") == serial(date.fromisoformat(expected["action_due"]))


def test_optional_as_of_and_rules(excel: Excel, tmp_path: Path) -> None:
    path = copy(tmp_path)
    default = cli_board(path)
    row = first_row(default, "letter")
    opened(excel, path)
    edits = lawyer_after_one_month(excel)
    edited = cli_board(copy(tmp_path, "edited.xlsx", edits))
    changed = next(r for r in sorted(default) if default[r]["stage_label"] != edited[r]["stage_label"])
    edit(excel, edits)
    for column, tail in zip("TU", (",,催款规则表", ",基准日"), strict=True):
        excel.set_value(DATA, f"{column}{changed}", f"=DUNNING_STAGE({ARGS.format(row=changed)}{tail})")
    assert excel.value(DATA, f"T{changed}") == edited[changed]["stage_label"]  # as_of blank: the rules' 基准日
    assert excel.value(DATA, f"U{changed}") == default[changed]["stage_label"]  # rules omitted: built-in rules
    assert row in default


def with_promise(folder: Path, board: dict[int, dict[str, Any]], row: int) -> Path:
    """The sample with a 跟进记录 sheet whose one row is a promise to pay, made the day before the as-of, by the
    customer of `row`, for a date three days after it."""
    from dunning.core.follow_up import HEADER
    from dunning.sheets.reader import read_values, rules_of

    path = copy(folder, "promised.xlsx")
    as_of = rules_of(read_values(path)).params.as_of
    assert as_of is not None
    wb = openpyxl.load_workbook(path)
    log = wb.create_sheet("跟进记录")
    log.append(list(HEADER))
    promised = datetime.combine(as_of, datetime.min.time())
    log.append([promised.replace(day=as_of.day - 1), board[row]["contract_no"], None, "电话", "承诺付款",
                promised.replace(day=as_of.day + 3), None, "王芳", None])  # fmt: skip
    wb.save(path)
    return path


def test_the_long_form_reads_the_log_when_given_it(excel: Excel, tmp_path: Path) -> None:
    """=DUNNING_STAGE(row, header, 基准日, 催款规则表, 跟进记录!…): a promise to pay in the log shows 承诺付款, as the
    command line shows it; without the fifth argument the log is not read (the row keeps its letter stage)."""
    board = cli_board(copy(tmp_path))
    row = first_row(board, "letter")
    path = with_promise(tmp_path, board, row)
    promised = cli_board(path)
    assert promised[row]["stage_label"] == "承诺付款" != board[row]["stage_label"]
    opened(excel, path)
    args = ARGS.format(row=row) + ",基准日,催款规则表"
    excel.set_value(DATA, f"T{row}", f"=DUNNING_STAGE({args},跟进记录!$A$1:$I$20)")
    excel.set_value(DATA, f"U{row}", f"=DUNNING_NEXT_ACTION({args},跟进记录!$A$1:$I$20)")
    excel.set_value(DATA, f"V{row}", f"=DUNNING_STAGE({args})")
    assert excel.value(DATA, f"T{row}") == promised[row]["stage_label"]
    assert excel.value(DATA, f"U{row}") == promised[row]["next_action"]
    assert excel.value(DATA, f"V{row}") == board[row]["stage_label"]
    from dunning.excel.bridge import board_array, rules_value

    values = openpyxl.load_workbook(path, data_only=True)
    cells = [list(r) for r in values[RULES].iter_rows(values_only=True)]
    as_of = rules_value(cells).params.as_of
    table = [list(r) for r in values[DATA].iter_rows(min_row=3, values_only=True)]
    log = [list(r) for r in values["跟进记录"].iter_rows(values_only=True)]
    assert as_of is not None
    for given, expected in ((log, promised), (None, board)):  # DUNNING_BOARD(table, 基准日, 催款规则表, [跟进记录])
        shown = board_array(table, cells, as_of=as_of, log=given)
        assert shown[row - 3][0] == expected[row]["stage_label"]
