"""Excel functions (xlwings UDFs), category 催款. Each converts its arguments, calls `dunning.bridge`
and shapes the result; a problem shows as short text in the cell, never a traceback.

`DUNNING_STAGE(A2)` and its siblings take one cell (or the row) of the team's table and read that
row of the sheet — one COM call — with the sheet's header and the workbook's rules cached for a few
seconds, so a recalculation of many cells reads them once. `DUNNING_BOARD(table)` takes the whole
table as values and returns one spilled array: the fast path for big sheets.
"""

from __future__ import annotations

import time
from typing import Any

import xlwings as xw

from dunning.bridge import as_of_value, board_array, row_decision, short_error
from dunning.core.engine import Decision
from dunning.core.rules import Rules
from dunning.core.rules_sheet import SHEET as RULES_SHEET
from dunning.core.rules_sheet import load_rules
from dunning.core.table import Header, find_header

CACHE_SECONDS = 5.0
_cache: dict[tuple[str, str], tuple[float, object]] = {}


def _cached(key: tuple[str, str], make: Any) -> Any:
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = make()
    _cache[key] = (now, value)
    return value


def _rules(book: Any) -> Rules:
    def make() -> Rules:
        names = [s.name for s in book.sheets]
        rows = book.sheets[RULES_SHEET].used_range.value if RULES_SHEET in names else None
        if rows is not None and not isinstance(rows[0], list):
            rows = [rows]
        return load_rules(rows)

    return _cached((book.name, "\0rules"), make)  # type: ignore[no-any-return]


def _header(sheet: Any) -> tuple[Header, int]:
    """The sheet's header and the column where its used range starts."""

    def make() -> tuple[Header, int]:
        used = sheet.used_range
        top = used.options(ndim=2).value
        rows = top[:30]
        first_row = used.row
        header = find_header(rows, sheet=sheet.name, first_row=first_row)
        return header, used.column

    return _cached((sheet.book.name, sheet.name), make)  # type: ignore[no-any-return]


def _decision(cell_or_row: Any, as_of: object) -> Decision:
    sheet = cell_or_row.sheet
    header, first_column = _header(sheet)
    rules = _rules(sheet.book)
    width = max(index for index, _ in header.columns.values()) + 1
    row = cell_or_row.row
    values = sheet.range((row, first_column), (row, first_column + width - 1)).options(ndim=1).value
    day = as_of_value(as_of, default=rules.params.as_of)
    return row_decision(values, header, rules, as_of=day, sheet=sheet.name, sheet_row=row)


def _one(cell_or_row: Any, as_of: object, pick: Any) -> object:
    try:
        return pick(_decision(cell_or_row, as_of))
    except Exception as exc:  # noqa: BLE001 - a cell shows a short text, never a traceback
        return short_error(exc)


CELL_DOC = "表格中本行的任一单元格（或整行）"
AS_OF_DOC = "基准日（可选；默认规则表的基准日，否则今天）"


@xw.func(category="催款")
@xw.arg("cell_or_row", xw.Range, doc=CELL_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
def DUNNING_STAGE(cell_or_row, as_of=None):  # noqa: ANN001, ANN201, N802
    """本行的催款阶段（预先提醒、催款信、律师函待审批……）"""
    return _one(cell_or_row, as_of, lambda d: d.stage_label)


@xw.func(category="催款")
@xw.arg("cell_or_row", xw.Range, doc=CELL_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
def DUNNING_NEXT_ACTION(cell_or_row, as_of=None):  # noqa: ANN001, ANN201, N802
    """本行的下一步动作"""
    return _one(cell_or_row, as_of, lambda d: d.next_action)


@xw.func(category="催款")
@xw.arg("cell_or_row", xw.Range, doc=CELL_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
def DUNNING_DAYS_OVERDUE(cell_or_row, as_of=None):  # noqa: ANN001, ANN201, N802
    """本行的逾期天数（到期前为负数）"""
    return _one(cell_or_row, as_of, lambda d: d.days_overdue)


@xw.func(category="催款")
@xw.arg("cell_or_row", xw.Range, doc=CELL_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
def DUNNING_LATE_FEE(cell_or_row, as_of=None):  # noqa: ANN001, ANN201, N802
    """本行至基准日的违约金（元）"""
    return _one(cell_or_row, as_of, lambda d: float(d.late_fee))


@xw.func(category="催款")
@xw.arg("cell_or_row", xw.Range, doc=CELL_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
def DUNNING_ACTION_DUE(cell_or_row, as_of=None):  # noqa: ANN001, ANN201, N802
    """本行下一步动作的截止日期"""
    return _one(cell_or_row, as_of, lambda d: d.action_due)


@xw.func(category="催款")
@xw.arg("table", ndim=2, doc="合同执行情况表：从表头行到最后一行")
@xw.arg("as_of", doc=AS_OF_DOC)
def DUNNING_BOARD(table, as_of=None):  # noqa: ANN001, ANN201, N802
    """整张表的看板，一次返回：表头行（催款阶段…截止日期）和与原表逐行对齐的结果"""
    try:
        rules = _rules(xw.Book.caller())
        return board_array(table, rules, as_of=as_of_value(as_of, default=rules.params.as_of))
    except Exception as exc:  # noqa: BLE001 - a cell shows a short text, never a traceback
        return [[short_error(exc)]]
