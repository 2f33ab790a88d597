"""What `=DUNNING_STAGE(A4)` and its siblings compute: the board of the caller's workbook, from the values the
add-in's VBA gathered in Excel's own process (`dunning.addin_build.function_vba`), so nothing here calls back into Excel.

The VBA hands over, as plain arrays, the used range of the table's sheet, of 催款规则, 函件归档 and 跟进记录 (each with the
row and column it starts at), the as-of date a formula gave (or nothing), Excel's today and the workbook's date
system; it gets back one row per row of the table's used range holding the five functions' values, computed by
`dunning board`'s own code (`jobs.board_of`: the rules, the archive's letters, the contract pass, a first run's
hold), so a cell always agrees with 催款看板. Rows that are no contract row (above the header, blank, totals) are
blank. A problem that concerns the whole table (no header, unreadable rules) comes back as one text, which the VBA
shows in every cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from dunning.core.columns import BY_KEY
from dunning.core.fields import ARCHIVE_SHEET, FOLLOW_UP_SHEET
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.core.run_options import RunOptions
from dunning.excel.bridge import as_of_value, short_error
from dunning.jobs import board_of
from dunning.sheets.excel_api import excel_value
from dunning.sheets.reader import Values, from_a1

# The five functions, in the order of the VBA's columns: DUNNING_STAGE, _NEXT_ACTION, _DAYS_OVERDUE, _LATE_FEE,
# _ACTION_DUE.
OUTCOME_KEYS = ("stage_label", "next_action", "days_overdue", "late_fee", "action_due")
OUTCOME_COLUMNS = tuple(BY_KEY[key] for key in OUTCOME_KEYS)
Block = Sequence[Sequence[object]]


def placed(top: object, left: object, rows: Block | None) -> list[list[object]]:
    """A used range's values, starting at row `top` and column `left`, as a sheet's rows from A1 (the way the
    button's reader pads them)."""
    if rows is None or not _whole(top, absent=0):
        return []
    return from_a1(_whole(top), _whole(left), rows)


def _whole(value: object, *, absent: int = 1) -> int:
    """A row or column number as VBA passes it (a Double); 0 or nothing: the sheet is absent."""
    number = int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0
    return number if number >= 1 else absent


def table_outcomes(
    book: str,
    sheet: str,
    table: tuple[object, object, Block | None],
    rules: tuple[object, object, Block | None] | None,
    archive: tuple[object, object, Block | None] | None,
    *,
    as_of: object,
    today: date,
    epoch1904: bool = False,
    merged: str = "",
    follow_up: tuple[object, object, Block | None] | None = None,
) -> list[list[object]] | str:
    """One row of five values per row of the table's used range (blank for rows that hold no instalment), or
    the text of a problem that concerns the whole table. `merged`: the table's merged ranges as the VBA lists
    them ("top,left,bottom,right;…", sheet rows and columns), filled as `dunning board` fills them."""
    sheets = {sheet: placed(*table)}
    for name, block in ((RULES_SHEET, rules), (ARCHIVE_SHEET, archive), (FOLLOW_UP_SHEET, follow_up)):
        if block is not None and name != sheet and _whole(block[0], absent=0):
            sheets[name] = placed(*block)
    try:
        given = as_of_value(as_of) if as_of not in (None, "") else None
        values = Values(Path(book or "工作簿"), sheets, epoch1904, merged={sheet: spans(merged)})
        board = board_of(values, RunOptions(as_of=given), today=today)
    except Exception as exc:  # noqa: BLE001 - every cell shows the problem as short text, never a traceback
        return short_error(exc)
    by_row = {d.sheet_row: d for d in board.decisions}
    first = _whole(table[0])
    blank: list[object] = [""] * len(OUTCOME_COLUMNS)
    out: list[list[object]] = []
    for row in range(first, first + len(table[2] or ())):
        decision = by_row.get(row)
        out.append(blank if decision is None else [_cell(column.cell(decision)) for column in OUTCOME_COLUMNS])
    return out + [blank]  # one row more than the table: never a one-row answer (CallUDF makes that 1-D)


def spans(text: object) -> list[tuple[int, int, int, int]]:
    """The VBA's list of merged ranges → the reader's spans (0-based first row, first column, last row, last
    column); a malformed entry is left out."""
    out = []
    for part in str(text or "").split(";"):
        numbers = part.split(",")
        if len(numbers) == 4 and all(n.strip().isdigit() for n in numbers):
            top, left, bottom, right = (int(n) - 1 for n in numbers)
            out.append((top, left, bottom, right))
    return out


def _cell(value: object) -> object:
    shown = excel_value(value)
    return "" if shown is None else shown


def today_of(value: object) -> date:
    """Excel's today as VBA's `Date` reaches Python (a datetime at midnight)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")
