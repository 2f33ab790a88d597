"""What the UDFs compute, as pure functions on values shaped the way Excel hands them to Python
(datetimes, floats, strings, None). `dunning.excel.udfs` only converts arguments and calls these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path

from dunning.core.columns import EXCEL_BOARD_KEYS, pick
from dunning.core.dates import parse_date
from dunning.core.delivery import with_contacts
from dunning.core.engine import Decision, decide
from dunning.core.errors import AsOfUnreadable, DunningError, RowNeeded, RowWidthMismatch, ValueUnreadable
from dunning.core.fields import FOLLOW_UP_SHEET
from dunning.core.follow_up import Log, read_log
from dunning.core.parse import is_empty_in, is_empty_row, is_totals_row, parse_row
from dunning.core.rules import Rules
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.core.rules_sheet import load_rules
from dunning.core.run_options import RunOptions
from dunning.core.table import Header, find_header
from dunning.jobs.boards import board_of
from dunning.sheets.excel_api import excel_value
from dunning.sheets.reader import Values

EXCEL_COLUMNS = pick(EXCEL_BOARD_KEYS)
BOARD_HEADER = tuple(column.label for column in EXCEL_COLUMNS)


def as_of_value(value: object, *, default: date | None = None) -> date:
    """The optional as-of argument: blank → the rules' 基准日, else today."""
    if value in (None, ""):
        return default or date.today()
    try:
        day = parse_date(value)
    except ValueUnreadable as exc:
        raise AsOfUnreadable(value) from exc
    return day or default or date.today()


def row_decision(
    values: Sequence[object],
    header: Header,
    rules: Rules,
    *,
    as_of: date,
    sheet: str,
    sheet_row: int,
    log: Log | None = None,
) -> Decision:
    """One table row (its values from the table's first column) → its decision; with the collector's log (跟进记录),
    its disputes, promises to pay and 失联 rows for the row's contract."""
    inst = parse_row(values, header.columns, sheet=sheet, sheet_row=sheet_row)
    [inst] = with_contacts([inst], log, grace=rules.params.promise_grace_days, as_of=as_of)
    return decide(inst, rules, as_of=as_of)


TABLE_NAME = "表格"


def header_of(cells: Sequence[object]) -> Header:
    """The header row handed to a function (its cells, same columns as the row)."""
    return find_header([list(cells)], sheet=TABLE_NAME)


def rules_value(rows: Sequence[Sequence[object]] | None) -> Rules:
    """The rules range handed to a function (the 催款规则 sheet's cells); none given → the default rules."""
    if rows is None or all(is_empty_row(row) for row in rows):
        return _rules(None)
    return _rules(tuple(tuple(row) for row in rows))


@lru_cache(maxsize=8)
def _rules(rows: tuple[tuple[object, ...], ...] | None) -> Rules:
    """A recalculation hands every row's formula the same rules range: parsed once."""
    return load_rules(rows)


def row_function(
    row: Sequence[object] | None,
    header: Sequence[object] | None,
    *,
    as_of: object,
    rules: Sequence[Sequence[object]] | None,
    log: Sequence[Sequence[object]] | None = None,
) -> Decision:
    """`DUNNING_STAGE(row, header, [as_of], [rules], [log])` and its siblings: everything as values; `log` the
    跟进记录 sheet's cells from its first row (omitted → no log)."""
    if header is None or row is None or len(row) < 2:
        raise RowNeeded(None if row is None else len(row), None if header is None else len(header))
    if len(row) != len(header):
        raise RowWidthMismatch(len(row), len(header))
    parsed_rules = rules_value(rules)
    day = as_of_value(as_of, default=parsed_rules.params.as_of)
    contacts = read_log([list(r) for r in log]) if log else None
    return row_decision(row, header_of(header), parsed_rules, as_of=day, sheet=TABLE_NAME, sheet_row=0, log=contacts)


def board_row(d: Decision) -> list[object]:
    return [excel_value(column.cell(d)) for column in EXCEL_COLUMNS]


def board_array(
    table: Sequence[Sequence[object]],
    rules: Sequence[Sequence[object]] | None,
    *,
    as_of: date,
    sheet: str = TABLE_NAME,
    log: Sequence[Sequence[object]] | None = None,
) -> list[list[object]]:
    """`DUNNING_BOARD`: the table from its header row down (and the rules range, if any) → a header row and one
    row per input row, in the same order, blank for the rows above the header, empty rows and totals rows. The
    board is `dunning board`'s (`jobs.board_of`) of a workbook holding just these ranges (with the 跟进记录's cells
    from its first row, when given)."""
    rows: list[list[object]] = [list(r) if isinstance(r, (list, tuple)) else [r] for r in table]
    header = find_header(rows, sheet=sheet)
    sheets = {sheet: rows}
    if rules is not None and not all(is_empty_row(row) for row in rules):
        sheets[RULES_SHEET] = [list(row) for row in rules]
    if log:
        sheets[FOLLOW_UP_SHEET] = [list(row) for row in log]
    board = board_of(Values(Path(sheet), sheets), RunOptions(as_of=as_of))
    by_row = {d.sheet_row: d for d in board.decisions}
    blank: list[object] = [""] * len(BOARD_HEADER)
    out: list[list[object]] = []
    for number, cells in enumerate(rows, start=1):
        if number - 1 == header.index:
            out.append(list(BOARD_HEADER))
        elif number in by_row:
            out.append(board_row(by_row[number]))
        else:
            assert (
                number - 1 < header.index or is_empty_in(cells, header.columns) or is_totals_row(cells, header.columns)
            )
            out.append(list(blank))
    return out


def short_error(exc: Exception) -> str:
    """A problem as short text in the cell, never a traceback."""
    text = str(exc) if isinstance(exc, DunningError) else f"出错：{type(exc).__name__}"
    return text if len(text) <= 120 else text[:119] + "…"
