"""What the add-in's worksheet functions ask of Python (xlwings UDFs, category 催款). Excel calls the add-in's own
VBA (`dunning.addin_build.function_vba`), which calls these through xlwings' server with plain values — never a Range, so
nothing here calls back into Excel; a problem shows as short text in the cell, never a traceback.

- `TABLE_OUTCOMES`: what `=DUNNING_STAGE(A4)` and its siblings need, the five values of every row of the table,
  from the used ranges of the table, 催款规则 and 函件归档 (`dunning.excel.workbook_functions`). Not a worksheet function.
- The long form `=DUNNING_STAGE($A4:$Q4, $A$3:$Q$3, 基准日, 催款规则表, 跟进记录!$A$1:$I$500)`: the row's values, the
  header's, an as-of (a date; blank → the rules' 基准日, else today), the rules' cells (omitted → the built-in rules)
  and the collector's log from its first row (omitted → none: no promise, dispute or 失联 is seen).
- `DUNNING_BOARD(table, [as_of], [rules], [log])`: the table from its header row down → one array.
"""

from __future__ import annotations

from collections.abc import Callable

import xlwings as xw

from dunning.core.engine import Decision
from dunning.excel.bridge import as_of_value, board_array, row_function, rules_value, short_error
from dunning.excel.workbook_functions import table_outcomes, today_of
from dunning.sheets.excel_api import excel_value

ROW_DOC = "表格中本行（如 $A4:$Q4，或 合同执行情况[@]）"
HEADER_DOC = "表头行，与本行同样的列（如 $A$3:$Q$3，或 合同执行情况[#Headers]）"
AS_OF_DOC = "基准日（可选；日期、单元格或名称，如 基准日；留空 = 规则表的基准日，否则今天）"
RULES_DOC = "催款规则表的区域（可选，如 催款规则!$A$1:$J$40；省略 = 默认规则）"
LOG_DOC = "跟进记录表的区域（可选，如 跟进记录!$A$1:$I$500；省略 = 不读跟进记录）"
TABLE_DOC = "合同执行情况表：从表头行到最后一行"


def _one(
    row: object, header: object, as_of: object, rules: object, log: object, pick: Callable[[Decision], object]
) -> object:
    try:
        decision = row_function(row, header, as_of=as_of, rules=rules, log=log)  # type: ignore[arg-type]
        return excel_value(pick(decision))
    except Exception as exc:  # noqa: BLE001 - a cell shows a short text, never a traceback
        return short_error(exc)


@xw.func(category="催款")
@xw.arg("row", ndim=1, err_to_str=True, doc=ROW_DOC)
@xw.arg("header", ndim=1, doc=HEADER_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("rules", ndim=2, err_to_str=True, doc=RULES_DOC)
@xw.arg("log", ndim=2, err_to_str=True, doc=LOG_DOC)
def DUNNING_STAGE(row, header=None, as_of=None, rules=None, log=None):  # noqa: ANN001, ANN201, N802
    """本行的催款阶段（预先提醒、催款信、律师函待审批……）"""
    return _one(row, header, as_of, rules, log, lambda d: d.stage_label)


@xw.func(category="催款")
@xw.arg("row", ndim=1, err_to_str=True, doc=ROW_DOC)
@xw.arg("header", ndim=1, doc=HEADER_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("rules", ndim=2, err_to_str=True, doc=RULES_DOC)
@xw.arg("log", ndim=2, err_to_str=True, doc=LOG_DOC)
def DUNNING_NEXT_ACTION(row, header=None, as_of=None, rules=None, log=None):  # noqa: ANN001, ANN201, N802
    """本行的下一步动作"""
    return _one(row, header, as_of, rules, log, lambda d: d.next_action)


@xw.func(category="催款")
@xw.arg("row", ndim=1, err_to_str=True, doc=ROW_DOC)
@xw.arg("header", ndim=1, doc=HEADER_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("rules", ndim=2, err_to_str=True, doc=RULES_DOC)
@xw.arg("log", ndim=2, err_to_str=True, doc=LOG_DOC)
def DUNNING_DAYS_OVERDUE(row, header=None, as_of=None, rules=None, log=None):  # noqa: ANN001, ANN201, N802
    """本行的逾期天数（到期前为负数）"""
    return _one(row, header, as_of, rules, log, lambda d: d.days_overdue)


@xw.func(category="催款")
@xw.arg("row", ndim=1, err_to_str=True, doc=ROW_DOC)
@xw.arg("header", ndim=1, doc=HEADER_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("rules", ndim=2, err_to_str=True, doc=RULES_DOC)
@xw.arg("log", ndim=2, err_to_str=True, doc=LOG_DOC)
def DUNNING_LATE_FEE(row, header=None, as_of=None, rules=None, log=None):  # noqa: ANN001, ANN201, N802
    """本行至基准日的违约金（元）"""
    return _one(row, header, as_of, rules, log, lambda d: d.late_fee)


@xw.func(category="催款")
@xw.arg("row", ndim=1, err_to_str=True, doc=ROW_DOC)
@xw.arg("header", ndim=1, doc=HEADER_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("rules", ndim=2, err_to_str=True, doc=RULES_DOC)
@xw.arg("log", ndim=2, err_to_str=True, doc=LOG_DOC)
def DUNNING_ACTION_DUE(row, header=None, as_of=None, rules=None, log=None):  # noqa: ANN001, ANN201, N802
    """本行下一步动作的截止日期（请把单元格设为日期格式）"""
    return _one(row, header, as_of, rules, log, lambda d: d.action_due)


@xw.func(category="催款")
@xw.arg("table_values", ndim=2, err_to_str=True)
@xw.arg("rules_values", ndim=2, err_to_str=True)
@xw.arg("archive_values", ndim=2, err_to_str=True)
@xw.arg("log_values", ndim=2, err_to_str=True)
def TABLE_OUTCOMES(  # noqa: N802, PLR0913 - the add-in's VBA calls it with plain values, one argument each
    book,
    sheet,
    table_top,
    table_left,
    table_values,
    rules_top,
    rules_left,
    rules_values,  # noqa: ANN001
    archive_top,
    archive_left,
    archive_values,
    as_of,
    today,
    date1904,
    merged="",  # noqa: ANN001
    log_top=0,  # noqa: ANN001
    log_left=0,  # noqa: ANN001
    log_values=None,  # noqa: ANN001
):  # noqa: ANN201
    """Not a worksheet function: what `=DUNNING_STAGE(A4)` and its siblings (the add-in's VBA module) ask of
    Python on a change, with the table, the rules, the archive and the log (跟进记录) as values (`dunning.excel.workbook_functions`)."""
    return table_outcomes(book, sheet, (table_top, table_left, table_values), (rules_top, rules_left, rules_values),
                          (archive_top, archive_left, archive_values), as_of=as_of, today=today_of(today),
                          epoch1904=bool(date1904), merged=merged or "",
                          follow_up=(log_top, log_left, log_values))  # fmt: skip


@xw.func(category="催款")
@xw.arg("table", ndim=2, err_to_str=True, doc=TABLE_DOC)
@xw.arg("as_of", doc=AS_OF_DOC)
@xw.arg("rules", ndim=2, err_to_str=True, doc=RULES_DOC)
@xw.arg("log", ndim=2, err_to_str=True, doc=LOG_DOC)
def DUNNING_BOARD(table, as_of=None, rules=None, log=None):  # noqa: ANN001, ANN201, N802
    """整张表的看板，一次返回：表头行（催款阶段…截止日期）和与原表逐行对齐的结果"""
    try:
        day = as_of_value(as_of, default=rules_value(rules).params.as_of)
        return board_array(table, rules, as_of=day, log=log)
    except Exception as exc:  # noqa: BLE001 - a cell shows a short text, never a traceback
        return [[short_error(exc)]]
