"""The Excel functions' computations on values shaped as Excel hands them over (datetimes, floats,
strings, None, error strings)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dunning.core.errors import AsOfUnreadable, HeaderRefused, RowNeeded, RowWidthMismatch
from dunning.core.problems import WorkbookProblem as P
from dunning.core.rules import preset_rules
from dunning.core.table import find_header
from dunning.excel.bridge import (
    BOARD_HEADER,
    as_of_value,
    board_array,
    row_decision,
    row_function,
    rules_value,
    short_error,
)

from conftest import AS_OF

TABLE = [
    ["锦绣华府 合同执行情况表", None, None, None, None, None],
    ["合同编号", "客户姓名", "应收金额", "已收金额", "约定付款日期", "置业顾问"],
    ["HT1", "张三", 100000.0, None, datetime(2026, 10, 4), "李娜"],
    [None, None, None, None, None, None],
    ["HT2", "李四", 5000.0, 5000.0, datetime(2026, 11, 1), "王强"],
    ["HT3", "王五", "#N/A", None, datetime(2026, 11, 1), "王强"],
    ["HT4", "赵六", 8000.0, None, 46348.0, "王强"],  # a serial number: 2026-11-22
    ["合计", None, 113000.0, 5000.0, None, None],
]


def test_board_array_lines_up_with_the_table() -> None:
    out = board_array(TABLE, None, as_of=AS_OF)
    assert len(out) == len(TABLE)
    assert all(len(row) == len(BOARD_HEADER) for row in out)
    assert out[0] == [""] * 8 and out[1] == list(BOARD_HEADER)
    # no letter history anywhere (a first run): the first letter of a row 47 days overdue waits for it
    assert out[2] == ["催款信", 1, 47, 100000.0, 2350.0, "补填催款记录，或确认从未寄过", "手续办理专员", None]
    assert out[3] == [""] * 8 and out[7] == [""] * 8
    assert out[4][0] == "已结清"
    assert out[5][0] == "数据有误" and out[5][3] == 0.0
    assert out[6][:3] == ["预先提醒", None, -2]


def test_board_array_without_a_header_is_a_clear_error() -> None:
    with pytest.raises(HeaderRefused) as caught:
        board_array([["a", "b"], [1, 2]], None, as_of=AS_OF)
    assert caught.value.problem is P.NO_HEADER


def test_row_decision_from_row_values() -> None:
    header = find_header(TABLE, sheet="合同执行情况")
    d = row_decision(TABLE[2], header, preset_rules(), as_of=AS_OF, sheet="合同执行情况", sheet_row=3)
    assert (d.stage, d.days_overdue, d.next_action) == ("letter", 47, "寄发催款信")
    bad = row_decision(TABLE[5], header, preset_rules(), as_of=AS_OF, sheet="合同执行情况", sheet_row=6)
    assert bad.stage == "invalid" and bad.problems == ('应收金额: Excel 错误 "#N/A"',)


@pytest.mark.parametrize(("value", "expected"), [(None, AS_OF), ("", AS_OF), (datetime(2026, 1, 2), datetime(2026, 1, 2).date()),
                                                 ("2026/1/2", datetime(2026, 1, 2).date()), (46023.0, datetime(2026, 1, 1).date())])  # fmt: skip
def test_as_of_argument(value: object, expected: object) -> None:
    assert as_of_value(value, default=AS_OF) == expected


def test_bad_as_of_is_short_text() -> None:
    with pytest.raises(AsOfUnreadable) as caught:
        as_of_value("明天")
    assert caught.value.value == "明天" and short_error(caught.value) == "基准日无法识别：明天"
    assert short_error(ZeroDivisionError()) == "出错：ZeroDivisionError"


RULES = [["参数", "值"], ["基准日", datetime(2026, 11, 20)], ["律师函起算月数", 1], [None, None]]


def test_row_function_takes_the_row_and_the_header() -> None:
    d = row_function(TABLE[2], TABLE[1], as_of=None, rules=RULES)
    assert (d.stage, d.days_overdue) == ("lawyer_pending", 47)  # 1 month on the rules given: past it
    default = row_function(TABLE[2], TABLE[1], as_of=AS_OF, rules=None)
    assert default.stage == "letter"


def test_rules_given_as_values_are_parsed_once_per_range() -> None:
    assert rules_value(RULES) is rules_value([list(r) for r in RULES])
    assert rules_value(None) is rules_value([[None, None]])


@pytest.mark.parametrize(
    ("row", "header", "widths"),
    [
        (["HT1"], None, (1, None)),
        (TABLE[2], None, (6, None)),
        (None, TABLE[1], (None, 6)),
        (["HT1"], ["合同编号"], (1, 1)),
    ],
)
def test_a_single_cell_says_how_to_call_it(row: object, header: object, widths: tuple[int | None, int | None]) -> None:
    with pytest.raises(RowNeeded) as caught:
        row_function(row, header, as_of=None, rules=None)  # type: ignore[arg-type]
    assert (caught.value.row, caught.value.header) == widths
    assert short_error(caught.value).startswith("需要整行和表头")


def test_row_and_header_of_different_widths_is_named() -> None:
    with pytest.raises(RowWidthMismatch) as caught:
        row_function(TABLE[2][:5], TABLE[1], as_of=AS_OF, rules=None)
    assert (caught.value.row, caught.value.header) == (5, 6)
