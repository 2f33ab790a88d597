"""Rows that share a due date are decided together (`decide_many` works a schedule out once per
distinct due date and tracking); each row must still get its own letter number, stage and dates.
Pairs of rows differing in one tracking cell, in one real workbook, with what a person expects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from dunning.core.board import Board
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import AS_OF, days, write_workbook

DUE = days(-20)  # 2026-10-31, every row below: 20 days overdue, in the letter window

# (sheet row, 已发催款信次数, 最近催款信日期, 律师函审批人, 律师函寄出日期, 暂缓催收至) →
# (stage, letter number, action due) worked out by hand from SPEC §4 at 2026-11-20
CASES = [
    # letters sent: the next letter is number k = sent + 1, a week after the last one
    (2, 1, days(-10), None, None, None, "letter", 2, date(2026, 11, 17)),
    (3, 3, days(-10), None, None, None, "letter", 4, date(2026, 11, 17)),
    # the same count, another date: a week after each
    (4, 1, days(-3), None, None, None, "letter", 2, date(2026, 11, 24)),
    # on hold until a later day, or until a day already past
    (5, 1, days(-10), None, None, days(3), "on_hold", None, date(2026, 11, 23)),
    (6, 1, days(-10), None, None, days(-1), "letter", 2, date(2026, 11, 17)),
    # a lawyer's letter sent (an approver typed; the deadline is sent + 3 days to arrive + 15 days to pay)
    (7, 1, days(-10), "刘总", days(-5), None, "lawyer_sent", None, date(2026, 12, 3)),
    (8, 1, days(-10), "刘总", days(-19), None, "litigation", None, AS_OF),
    (9, 0, None, None, None, None, "letter", 1, date(2026, 11, 3)),
]
LAWYER_DUE = date(2026, 8, 12)  # past 2 months: the lawyer's letter began 2026-10-13, to be sent by 10-15
LAWYER_CASES = [
    (10, 4, days(-30), None, None, None, "lawyer_pending", None, date(2026, 10, 15)),
    # approved: sent once the 4th letter's deadline (10-21 + 7 = 10-28, 催告期限天数) has passed, not on 10-15
    (11, 4, days(-30), "刘总", None, None, "lawyer_letter", None, date(2026, 10, 29)),
]


# The workbook is written once; the board is computed in each test, so that a mutation run (tests/benchmarks/
# mutation_score.py) sees which tests call which function.
@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [[f"1-{row}", f"HT{row}", "客户", "首付款", 100000, 0, DUE if row < 10 else LAWYER_DUE, "张丽", sent, last,
             approver, lawyer, hold] for row, sent, last, approver, lawyer, hold, *_ in CASES + LAWYER_CASES]  # fmt: skip
    return write_workbook(tmp_path_factory.mktemp("many") / "team.xlsx", rows)


@pytest.fixture
def board(team: Path) -> Board:
    return board_of(read_values(team), RunOptions(as_of=AS_OF))


@pytest.mark.parametrize("case", CASES + LAWYER_CASES, ids=[f"row{c[0]}-{c[6]}" for c in CASES + LAWYER_CASES])
def test_each_row_keeps_its_own_schedule(board: Board, case: tuple[object, ...]) -> None:
    row, stage, letter_no, action_due = case[0], case[6], case[7], case[8]
    decision = next(d for d in board.decisions if d.sheet_row == row)
    assert (decision.stage, decision.letter_no, decision.action_due) == (stage, letter_no, action_due), decision.why


# SPEC §4: who owns each stage's next action, and what it is
OWNERS = {
    2: ("手续办理专员", None),
    7: ("置业顾问", "跟进至律师函期限"),
    8: ("市场部经理", "当日上报营销副总并通知律师"),
    10: ("市场部经理", "提交营销副总审批名单及律师函文本"),
    11: ("手续办理专员", "3日内寄发或手递律师函并电话确认"),
}


@pytest.mark.parametrize("row", OWNERS)
def test_each_stage_names_its_owner_and_action(board: Board, row: int) -> None:
    decision = next(d for d in board.decisions if d.sheet_row == row)
    owner, action = OWNERS[row]
    assert decision.owner == owner
    if action is not None:
        assert decision.next_action == action


def test_every_row_carries_its_money(board: Board) -> None:
    """On hold, lawyer's letter sent or in suit, a row still owes 100000 and its late fee runs:
    100000 × 0.0005 × 20 days = 1000.00; the lawyer's rows, 100 days: 5000.00."""
    money = {d.sheet_row: (d.outstanding, d.days_overdue, d.late_fee) for d in board.decisions}
    for row, *_ in CASES:
        assert money[row] == (Decimal(100000), 20, Decimal("1000.00")), row
    for row, *_ in LAWYER_CASES:
        assert money[row] == (Decimal(100000), 100, Decimal("5000.00")), row


def test_why_counts_each_rows_letters(board: Board) -> None:
    whys = {d.sheet_row: d.why for d in board.decisions}
    assert "已发1封催款信" in whys[2] and "已发3封催款信" in whys[3]


def test_rows_sharing_a_schedule_keep_their_own_money(tmp_path: Path) -> None:
    """Same due date and tracking, different amounts and rates: 违约金 = 欠款 × 日利率 × 20 days."""
    header = ("合同编号", "客户姓名", "应收金额", "已收金额", "约定付款日期", "违约金日利率")
    rows = [["HT1", "甲", 100000, 0, DUE], ["HT2", "乙", 100000, 40000, DUE], ["HT3", "丙", 100000, 0, DUE, 0.001]]
    board = board_of(read_values(write_workbook(tmp_path / "money.xlsx", rows, header=header)), RunOptions(as_of=AS_OF))
    assert [(d.outstanding, d.late_fee) for d in board.decisions] == [
        (Decimal(100000), Decimal("1000.00")),  # 100000 × 0.0005 × 20
        (Decimal(60000), Decimal("600.00")),  # 60000 × 0.0005 × 20
        (Decimal(100000), Decimal("2000.00")),  # 100000 × 0.001 × 20
    ]


def test_rows_sharing_a_schedule_each_show_it_whole(tmp_path: Path) -> None:
    """Two instalments due the same day with the same tracking (one letter, 10 days ago): both rows show
    the second letter, due a week after the first (11-17, so late), to be sent by the staff; the
    lawyer's letter begins the day after due + 2 months (2027-01-01)."""
    rows = [["1-1", "HT1", "甲", "首付款", 100000, 0, DUE, "张丽", 1, days(-10)],
            ["1-2", "HT2", "乙", "首付款", 50000, 0, DUE, "张丽", 1, days(-10)]]  # fmt: skip
    board = board_of(read_values(write_workbook(tmp_path / "shared.xlsx", rows)), RunOptions(as_of=AS_OF))
    for d in board.decisions:
        shown = (d.stage, d.stage_label, d.days_overdue, d.letter_no, d.next_action, d.owner, d.action_due, d.late,
                 d.letter_due, d.level.code if d.level else None, d.escalate_on)  # fmt: skip
        assert shown == ("letter", "催款信", 20, 2, "寄发催款信", "手续办理专员", date(2026, 11, 17), True, True,
                         "letter", date(2027, 1, 1)), d.sheet_row  # fmt: skip
        assert "已发1封催款信" in d.why and "2027年1月1日起转律师函" in d.why, d.why
    assert [d.late_fee for d in board.decisions] == [Decimal("1000.00"), Decimal("500.00")]


def test_one_fen_still_owed_is_chased_and_none_is_settled(tmp_path: Path) -> None:
    """起催金额 0.01 (SPEC §4: settled when O < 0.01): 0.01 owed is a letter row; 0 owed is settled."""
    rows = [
        ["1-1", "HT1", "甲", "首付款", 100000, "99999.99", DUE],
        ["1-2", "HT2", "乙", "首付款", 100000, 100000, DUE],
    ]
    board = board_of(read_values(write_workbook(tmp_path / "fen.xlsx", rows)), RunOptions(as_of=AS_OF))
    assert [(d.stage, d.outstanding) for d in board.decisions] == [("letter", Decimal("0.01")), ("settled", 0)]


def test_the_late_fee_runs_from_the_first_overdue_day(tmp_path: Path) -> None:
    rows = [["1-1", "HT1", "甲", "首付款", 100000, 0, days(-1)], ["1-2", "HT2", "乙", "首付款", 100000, 0, AS_OF]]
    board = board_of(read_values(write_workbook(tmp_path / "day1.xlsx", rows)), RunOptions(as_of=AS_OF))
    assert [(d.days_overdue, d.late_fee) for d in board.decisions] == [(1, Decimal("50.00")), (0, 0)]  # 100000 × 0.0005
