"""Finding the header by its names: title rows above, any column order, aliases, English."""

from __future__ import annotations

import random

import pytest

from dunning.core.errors import HeaderRefused
from dunning.core.problems import WorkbookProblem as P
from dunning.core.table import data_rows, find_header


def test_header_below_title_and_note_rows() -> None:
    rows = [["锦绣华府项目 合同执行情况表"], ["制表：销售部", None, "更新：2026-11-20"], [],
            ["合同号", "买受人", "应交金额（元）", "付款期限", "置业顾问"], ["HT1", "张三", 1, "2026-01-01", "王磊"]]  # fmt: skip
    header = find_header(rows, sheet="S")
    assert header.index == 3
    assert header.columns["contract_no"] == (0, "合同号")
    assert header.columns["amount_due"] == (2, "应交金额（元）")
    assert header.columns["consultant"] == (4, "置业顾问")


@pytest.mark.parametrize("seed", range(5))
def test_any_column_order(seed: int) -> None:
    names = ["合同编号", "客户姓名", "应收金额", "约定付款日期", "房号", "已收金额", "备注", "自定义列"]
    random.Random(seed).shuffle(names)
    header = find_header([names], sheet="S")
    assert {k: v[1] for k, v in header.columns.items()}["due_date"] == "约定付款日期"
    assert header.columns["unit"][0] == names.index("房号")
    assert header.unknown == ("自定义列",)


def test_english_and_spaced_headers() -> None:
    header = find_header([["Contract No", "Customer", "Amount Due", "Due Date", "amount_paid"]], sheet="S")
    assert set(header.columns) == {"contract_no", "customer", "amount_due", "due_date", "amount_paid"}
    wrapped = find_header([["*合同编号", "客户 姓名", "应收金额(元)", "约定付款\n日期"]], sheet="S")
    assert set(wrapped.columns) == {"contract_no", "customer", "amount_due", "due_date"}


def test_no_header_is_one_clear_error() -> None:
    with pytest.raises(HeaderRefused) as refused:
        find_header([["a", "b"], [1, 2]], sheet="合同执行情况")
    assert (refused.value.problem, refused.value.sheet) == (P.NO_HEADER, "合同执行情况")


def test_missing_required_column_is_named() -> None:
    with pytest.raises(HeaderRefused) as refused:
        find_header([["标题"], ["合同编号", "客户姓名", "应收金额", "房号"]], sheet="合同执行情况")
    assert (refused.value.problem, refused.value.row, refused.value.value) == (P.MISSING_COLUMNS, 2, ("due_date",))
    assert refused.value.items[0].startswith("约定付款日期")


def test_duplicate_header_is_refused_with_both_columns() -> None:
    with pytest.raises(HeaderRefused) as refused:
        find_header([["合同编号", "客户姓名", "应收金额", "约定付款日期", "应交金额"]], sheet="S")
    assert (refused.value.problem, refused.value.sheet, refused.value.row) == (P.DUPLICATE_HEADER, "S", 1)
    assert refused.value.items == ("C列「应收金额」和E列「应交金额」都是应收金额",)


def test_totals_and_empty_rows_are_not_data() -> None:
    rows = [["合同编号", "客户姓名", "应收金额", "约定付款日期"], ["HT1", "张三", 1, "2026-01-01"], [None, "", None],
            ["HT2", "李四", 2, "2026-01-02"], ["合  计", None, 3, None], [None, "总计", 3], ["小计：", None, 3]]  # fmt: skip
    header = find_header(rows, sheet="S")
    assert [number for number, _ in data_rows(rows, header)] == [2, 4]
