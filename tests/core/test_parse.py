"""Cell parsers: tables of what people type, and properties that must hold for any value."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunning.core.dates import parse_date
from dunning.core.errors import ValueUnreadable
from dunning.core.money import cents_text, parse_amount, parse_rate, yuan
from dunning.core.parse import parse_row

MARCH_5 = date(2026, 3, 5)


@pytest.mark.parametrize(
    "typed",
    [MARCH_5, datetime(2026, 3, 5, 0, 0), 46086, 46086.0, 46086.75, "46086", "2026/3/5", "2026-03-05", "2026.3.5",
     "2026年3月5日", "2026年3月5号", "3/5/2026", "20260305", 20260305, "２０２６年３月５日", " 2026-03-05 ",
     "2026-03-05 00:00:00", "2026-03-05T09:30", "2026 年 3 月 5 日", "\u200b2026/3/5"],
)  # fmt: skip
def test_dates_as_people_type_them(typed: object) -> None:
    if typed == "46086":  # a serial typed as text is refused: it is not how people write dates
        with pytest.raises(ValueUnreadable):
            parse_date(typed)
        return
    assert parse_date(typed) == MARCH_5


@pytest.mark.parametrize("typed", ["2026/13/45", "2026/2/30", "明天", "26/3/5", "2026-03", "#N/A", "#VALUE!",
                                   True, 0, -5, 3e9, "2026-03-05 上午"])  # fmt: skip
def test_unreadable_dates_are_refused(typed: object) -> None:
    with pytest.raises(ValueUnreadable):
        parse_date(typed)


def test_blank_dates() -> None:
    assert parse_date(None) is None
    assert parse_date("   ") is None
    assert parse_date("\u3000") is None


def test_excel_serials_both_epochs() -> None:
    assert parse_date(1) == date(1900, 1, 1)
    assert parse_date(59) == date(1900, 2, 28)
    assert parse_date(61) == date(1900, 3, 1)
    assert parse_date(44990, epoch1904=True) == date(2027, 3, 6)  # 1900 serial 46452 − 1462


@pytest.mark.parametrize(
    ("typed", "amount"),
    [(1234.5, "1234.5"), (5000, "5000"), (0.1, "0.1"), ("¥1,234.50", "1234.50"), ("1,234.5元", "1234.5"),
     ("12.5万", "125000.0"), ("12.5万元", "125000.0"), ("￥１２３４", "1234"), ("RMB 3,000", "3000"),
     ("人民币3000元", "3000"), ("-¥20", "-20"), (" 88.80 ", "88.80"), ("1 234", "1234"), (Decimal("7.77"), "7.77")],
)  # fmt: skip
def test_amounts_as_people_type_them(typed: object, amount: str) -> None:
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed", ["待定", "1,2,3", "12..5", "1e5", "#N/A", True, float("nan"), "¥", "万", 1e300, "2000000000000", "-1e15"]
)
def test_unreadable_amounts_are_refused(typed: object) -> None:
    with pytest.raises(ValueUnreadable):
        parse_amount(typed)


@pytest.mark.parametrize(
    ("typed", "rate"),
    [
        (0.0005, "0.0005"),
        ("万分之五", "0.0005"),
        ("万分之5", "0.0005"),
        ("0.05%", "0.0005"),
        ("千分之一", "0.001"),
        ("5‱", "0.0005"),
    ],
)
def test_rates(typed: object, rate: str) -> None:
    assert parse_rate(typed) == Decimal(rate)


@pytest.mark.parametrize("typed", ["5", 0.05, "5%", "-0.0005", "万分之一千"])
def test_absurd_rates_are_refused(typed: object) -> None:
    with pytest.raises(ValueUnreadable):
        parse_rate(typed)


def test_shown_money() -> None:
    assert yuan(Decimal("1234567.005")) == "¥1,234,567.01"
    assert yuan(Decimal("-20")) == "-¥20.00"
    assert cents_text(Decimal("0.125")) == "0.13"


# --- properties ------------------------------------------------------------------------------------

any_cell = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), st.dates(), st.datetimes(),
    st.decimals(allow_nan=True, allow_infinity=True),
)  # fmt: skip


@given(any_cell)
def test_parsers_never_raise_anything_but_unreadable(value: object) -> None:
    for parser in (parse_amount, parse_date, parse_rate):
        try:
            parser(value)
        except ValueUnreadable:
            pass


@given(st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"), places=2))
def test_amounts_round_trip_through_every_typed_form(amount: Decimal) -> None:
    assert parse_amount(yuan(amount)) == amount
    assert parse_amount(f"{amount:,}元") == amount
    assert parse_amount(float(amount)) == amount  # Excel's double keeps 15 significant digits
    assert parse_amount(str(amount)) == amount


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(9999, 12, 31)))
def test_dates_round_trip(day: date) -> None:
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.month}/{day.day}/{day.year}") == day
    serial = (day - date(1899, 12, 30)).days
    assert parse_date(serial) == day


COLUMNS = {"contract_no": (0, "合同编号"), "customer": (1, "客户姓名"), "amount_due": (2, "应收金额"),
           "due_date": (3, "约定付款日期"), "amount_paid": (4, "已收金额"), "letters_sent": (5, "已发催款信次数"),
           "last_letter_date": (6, "最近催款信日期"), "hold_until": (7, "暂缓催收至"), "consultant": (8, "置业顾问")}  # fmt: skip


@given(st.lists(any_cell, min_size=0, max_size=12))
def test_any_row_gives_a_row_or_problems_never_an_exception(cells: list[object]) -> None:
    inst = parse_row(cells, COLUMNS, sheet="合同执行情况", sheet_row=9)
    assert inst.invalid or (inst.amount_due is not None and inst.due_date is not None and inst.contract_no)
    if inst.invalid:
        assert inst.problems and all(p.row == 9 and p.sheet == "合同执行情况" for p in inst.problems)


def test_problem_names_sheet_row_column_and_value() -> None:
    inst = parse_row(["HT1", "张三", 5000, "2026/13/45"], COLUMNS, sheet="合同执行情况", sheet_row=12)
    assert inst.invalid
    assert [p.full() for p in inst.problems] == ['合同执行情况 第12行 约定付款日期: 无法识别 "2026/13/45"']
    assert inst.problems[0].short() == '约定付款日期: 无法识别 "2026/13/45"'


def test_unreadable_optional_amount_makes_the_row_invalid_text_does_not() -> None:
    paid = parse_row(["HT1", "张三", 5000, MARCH_5, "一半"], COLUMNS, sheet="S", sheet_row=3)
    assert paid.invalid and paid.problems[0].column == "已收金额"
    consultant = parse_row(["HT1", "张三", 5000, MARCH_5, None, None, None, None, "#N/A"], COLUMNS, sheet="S",
                           sheet_row=3)  # fmt: skip
    assert not consultant.invalid and consultant.problems[0].reason == "Excel 错误"
