"""The checks that look across rows and at the tracking (SPEC §4, last paragraph): each problem is shown
on its row, names the column and the value, and does not stop the row. Real workbooks read back from
tmp_path."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunning.core.board import Board
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import AS_OF, days, write_workbook

# 房号, 合同编号, 客户姓名, 款项类型, 应收金额, 已收金额, 约定付款日期, 置业顾问, 已发催款信次数, 最近催款信日期,
# 律师函审批人, 律师函寄出日期 — the sheet rows are 2, 3, 4 … in this order
ROWS = [
    ["1-101", "HT1", "张三", "首付款", 100000, 120000, days(-10)],  # 2: paid more than due
    ["1-102", "HT2", "李四", "首付款", 80000, 0, days(-5)],  # 3: the same instalment as row 4
    ["1-102", "HT2", "李四", "首付款", 80000, 0, days(-5)],  # 4
    ["1-102", "HT2", "李四", "尾款", 50000, 0, days(-5)],  # 5: same contract and date, another kind: fine
    ["1-103", "HT3", "王五", "首付款", 80000, 0, days(-5)],  # 6: same kind and date, another contract: fine
    ["1-104", "HT4", "赵六", "首付款", 60000, 0, days(-10), "张丽", 1, days(2)],  # 7: letter dated after as-of
    ["1-105", "HT5", "钱七", "尾款", 60000, 0, days(-100), "张丽", 3, days(-60), "刘总", days(5)],  # 8: lawyer's
    ["1-106", "HT6", "孙八", "尾款", 60000, 0, date(2037, 1, 1)],  # 9: 3695 days ahead
    ["1-107", "HT7", "周九", "尾款", 60000, 0, date(2036, 11, 1)],  # 10: 3634 days ahead: fine
    ["1-108", "HT8", "吴十", "首付款", 60000, 0, date(2016, 11, 1)],  # 11: 3671 days back
    ["1-109", "HT9", "郑一", "首付款", 60000, 60000, date(2016, 12, 1)],  # 12: 3642 days back: fine
    ["1-110", "HT10", "冯二", "首付款", 60000, 0, days(-20), "王磊", 2],  # 13: 2 letters sent, no date
    ["1-111", "HT11", "陈三", "首付款", 60000, 0, days(-20), "王磊", 1, days(-9)],  # 14: nothing wrong
    ["1-112", "HT12", "褚四", "首付款", 60000, 0, days(-20), "王磊", 1, AS_OF],  # 15: a letter sent today: fine
    ["1-113", "HT13", "卫五", "尾款", 60000, 0, days(-100), "王磊", 3, days(-60), "刘总", AS_OF],  # 16: lawyer's today
]


# The workbook is written once; the board is computed in each test, so that a mutation run (tests/benchmarks/
# mutation_score.py) sees which tests call which function.
@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("checks") / "team.xlsx", ROWS)


@pytest.fixture
def board(team: Path) -> Board:
    return board_of(read_values(team), RunOptions(as_of=AS_OF))


def problems_of(board: Board, row: int) -> list[str]:
    return [list(d.problems) for d in board.decisions if d.sheet_row == row][0]


def stage_of(board: Board, row: int) -> str:
    return next(d.stage for d in board.decisions if d.sheet_row == row)


def assert_one_problem(board: Board, row: int, column: str, *phrases: str) -> None:
    """Exactly one problem on the row; it names the column and says what is wrong."""
    found = problems_of(board, row)
    assert len(found) == 1, f"row {row}: {found}"
    assert found[0].startswith(f"{column}: "), found[0]
    for phrase in phrases:
        assert phrase in found[0], f"row {row}: {phrase!r} not in {found[0]!r}"


def test_paid_more_than_due_is_a_problem_and_the_row_is_settled(board: Board) -> None:
    assert_one_problem(board, 2, "已收金额", "大于应收金额", "120000")
    assert stage_of(board, 2) == "settled"


def test_the_same_instalment_twice_names_the_other_row_on_both(board: Board) -> None:
    assert_one_problem(board, 3, "合同编号", "与第4行重复", "合同编号+款项类型+约定付款日期", '"HT2"')
    assert_one_problem(board, 4, "合同编号", "与第3行重复", '"HT2"')
    assert stage_of(board, 3) == stage_of(board, 4) == "letter"  # a problem does not stop the row


@pytest.mark.parametrize("row", [5, 6, 10, 12, 14, 15, 16])
def test_rows_without_anything_wrong_have_no_problem(board: Board, row: int) -> None:
    assert problems_of(board, row) == []


def test_tracking_dates_after_the_as_of_date(board: Board) -> None:
    assert_one_problem(board, 7, "最近催款信日期", "晚于基准日", "2026-11-22")
    assert_one_problem(board, 8, "律师函寄出日期", "晚于基准日", "2026-11-25")
    assert stage_of(board, 8) == "lawyer_sent"


def test_due_dates_more_than_ten_years_away(board: Board) -> None:
    assert_one_problem(board, 9, "约定付款日期", "超过10年", "2037-01-01")
    assert_one_problem(board, 11, "约定付款日期", "超过10年", "2016-11-01")
    assert stage_of(board, 9) == "not_due" and stage_of(board, 11) == "lawyer_pending"


def test_a_letter_count_without_its_date_is_named(board: Board) -> None:
    """SPEC §4: a contradiction in the tracking is a problem on the row (the next letter cannot be
    scheduled from a date that is not there)."""
    assert_one_problem(board, 13, "最近催款信日期", "已发催款信2次但没有日期")


def test_the_checks_reach_the_json_board(tmp_path: Path) -> None:
    """What `dunning board --json` prints for a duplicated instalment (SPEC §7 `problems`)."""
    from dunning.core.columns import record

    path = write_workbook(tmp_path / "dup.xlsx", ROWS[1:3])
    records = [record(d) for d in board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions]
    assert [(r["sheet_row"], len(r["problems"])) for r in records] == [(2, 1), (3, 1)]  # type: ignore[arg-type]
    assert "与第3行重复" in records[0]["problems"][0]  # type: ignore[index]


def test_rows_after_an_unreadable_row_are_still_checked(tmp_path: Path) -> None:
    rows = [
        ["1-101", "HT1", "张三", "首付款", None, 0, days(-10)],
        ["1-102", "HT2", "李四", "首付款", 100, 150, days(-10)],
    ]
    board = board_of(read_values(write_workbook(tmp_path / "after.xlsx", rows)), RunOptions(as_of=AS_OF))
    assert stage_of(board, 2) == "invalid"
    assert_one_problem(board, 3, "已收金额", "大于应收金额")


def test_the_same_instalment_under_two_spellings_of_its_contract_is_a_duplicate(tmp_path: Path) -> None:
    rows = [["1-101", "HT-20", "张三", "首付款", 80000, 0, days(-5)],
            ["1-101", "ｈｔ－20", "张三", "首付款", 80000, 0, days(-5)]]  # fmt: skip
    board = board_of(read_values(write_workbook(tmp_path / "team.xlsx", rows)), RunOptions(as_of=AS_OF))
    assert problems_of(board, 2) == ['合同编号: 与第3行重复（合同编号+款项类型+约定付款日期） "HT-20"']
    assert problems_of(board, 3) == [
        '合同编号: "ht-20" 与第2行的 "HT-20" 写法不同，按同一合同处理',
        '合同编号: 与第2行重复（合同编号+款项类型+约定付款日期） "ht-20"',
    ]
