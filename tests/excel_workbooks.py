"""Team workbooks of any length, made from the sample (`workbook/sample_contracts.xlsx`) for the Excel
stand-in tests and benchmarks: its contract table repeated, with or without its live formulas."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
DATA, LIVE = "合同执行情况", "实时看板"
HEADER_ROW, FIRST_ROW = 3, 4
STAGE = "=DUNNING_STAGE(A{row})"  # as workbook/make_sample.py writes it
BOARD = f"=DUNNING_BOARD('{DATA}'!A{HEADER_ROW}:Q{{last}},基准日,催款规则表)"


def contract_book(path: Path, *, copies: int, live: bool = False, as_of: date | None = None) -> Path:
    """The sample's contract table repeated `copies` times, contract numbers renumbered; the copies after
    the first are fully paid, so the letters due stay those of the sample. Without `live`: no formulas, no
    实时看板. With `live`, the sample's formulas cover every row: =DUNNING_STAGE(…) in 催款阶段（公式）
    and, on 实时看板, the two reference columns and the =DUNNING_BOARD(…) array over the whole table.
    With `as_of`, the sample as it stands on that day (`moved_to`)."""
    wb = openpyxl.load_workbook(SAMPLE)
    if as_of is not None:
        moved_to(wb, as_of)
    if not live:
        del wb[LIVE]
    ws = wb[DATA]
    totals = next(r for r in range(FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    rows = [[(c.value, c.number_format) for c in ws[r][:17]] for r in range(FIRST_ROW, totals)]
    ws.delete_rows(FIRST_ROW, ws.max_row)
    out = FIRST_ROW
    for copy in range(copies):
        for line in rows:
            if all(value is None for value, _ in line):
                continue
            values = [value for value, _ in line]
            if copy:
                values[1] = f"{values[1]}-{copy}"
                values[5] = values[4]  # paid in full (an unreadable amount stays unreadable)
            for column, ((_, shown), value) in enumerate(zip(line, values, strict=True), start=1):
                ws.cell(out, column, value).number_format = shown
            out += 1
    ws.cell(out + 1, 1, "合计")
    ws.cell(out + 1, 5, f"=SUM(E4:E{out - 1})")
    ws.auto_filter.ref = None
    if live:
        live_formulas(ws, wb[LIVE], last=out - 1)
    wb.save(path)
    return path


def live_formulas(data: Worksheet, board: Worksheet, *, last: int) -> None:
    """The sample's formulas from the first data row to `last`: one DUNNING_STAGE a row beside the table,
    and 实时看板 lined up row for row with the table."""
    for row in range(FIRST_ROW, last + 1):
        data.cell(row, 18, STAGE.format(row=row))
    board.delete_rows(HEADER_ROW, board.max_row)
    for row in range(HEADER_ROW, last + 1):
        board.cell(row, 1, f"='{DATA}'!B{row}")
        board.cell(row, 2, f"='{DATA}'!C{row}")
    board[f"C{HEADER_ROW}"] = ArrayFormula(f"C{HEADER_ROW}:J{last}", BOARD.format(last=last))


RULES, DATE_FIELDS = "催款规则", ("约定付款日期", "暂缓催收至", "最近催款信日期", "律师函寄出日期")


def sample_on(path: Path, as_of: date) -> Path:
    """The sample as it stands on `as_of` (`moved_to`): the button never back-dates, so a test that
    presses it needs the sample's 基准日 to be today, not the fixed 2026-11-20."""
    wb = openpyxl.load_workbook(SAMPLE)
    moved_to(wb, as_of)
    wb.save(path)
    return path


def moved_to(wb: Workbook, as_of: date) -> None:
    """Every date of the contract table (typed or text, in its own form) and the rules' 基准日 moved by
    the same number of days, so the sample's 基准日 becomes `as_of` and every instalment is as far from
    it as before; an unreadable date stays as it is."""
    rules = wb[RULES]
    cell = next(row[1] for row in rules.iter_rows(min_row=1, max_col=2) if row[0].value == "基准日")
    shift = timedelta(days=(as_of - cell.value.date()).days)
    cell.value = datetime.combine(as_of, datetime.min.time())
    ws = wb[DATA]
    columns = [c.column for c in ws[HEADER_ROW] if c.value in DATE_FIELDS]
    for row in ws.iter_rows(min_row=FIRST_ROW):
        for found in (row[c - 1] for c in columns):
            found.value = _moved(found.value, shift)


def _moved(value: object, shift: timedelta) -> object:
    if isinstance(value, datetime):
        return value + shift
    if not isinstance(value, str):
        return value
    from dunning.core.dates import parse_date
    from dunning.core.errors import ValueUnreadable

    try:
        day = parse_date(value)
    except ValueUnreadable:
        return value
    if day is None:
        return value
    day += shift
    if "年" in value:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.year}/{day.month}/{day.day}" if "/" in value else day.isoformat()
