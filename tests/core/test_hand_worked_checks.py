"""The checks across a row's dates (SPEC §4, last paragraph) where the rest of the suite let a detail change
unnoticed (a sampled mutation run, tests/benchmarks/mutation_score.py): worked out by hand. As-of 2026-11-20."""

from __future__ import annotations

from datetime import date

from dunning.core.board import compute_board
from dunning.core.engine import Decision
from dunning.core.rules import preset_rules

from conftest import AS_OF, HEADER


def decided(*rows: list[object]) -> list[Decision]:
    table = [[*HEADER, "律师函签收日期"], *rows]
    return compute_board(table, preset_rules(), as_of=AS_OF, sheet="合同执行情况").decisions


def test_a_receipt_date_is_checked_against_the_sending() -> None:
    """A 律师函签收日期 (11-02) with no 律师函寄出日期 says so; one before its 寄出日期 (11-05) says that."""
    no_sending, before_sending = decided(
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 8, 10), "王磊", 3, date(2026, 9, 12), "刘总", None, None,
         date(2026, 11, 2)],
        ["1-2", "HT-2", "李四", "首付款", 100000, 0, date(2026, 8, 10), "王磊", 3, date(2026, 9, 12), "刘总",
         date(2026, 11, 5), None, date(2026, 11, 2)],
    )  # fmt: skip
    assert no_sending.problems == ('律师函签收日期: 没有律师函寄出日期，未采用 "2026-11-02"',)
    assert before_sending.problems == ('律师函签收日期: 早于律师函寄出日期，未采用 "2026-11-02"',)


def test_a_receipt_before_the_sending_does_not_start_the_deadline() -> None:
    """Sent 2026-11-05, 签收 typed as 2026-10-20 (before it was sent: a typing mistake, named on the row). Counted
    from that receipt the deadline was 10-20 + 15 days = 11-04, passed: 提起诉讼 on a letter sent 15 days ago.
    Not used, the deadline counts as without a receipt: 11-05 + 3 days' delivery = 11-08, + 15 days = 11-23
    (a Monday), so on 11-20 the row is 律师函已发, due 11-23."""
    (row,) = decided(
        ["1-2", "HT-2", "李四", "首付款", 100000, 0, date(2026, 8, 10), "王磊", 3, date(2026, 9, 12), "刘总",
         date(2026, 11, 5), None, date(2026, 10, 20)],
    )  # fmt: skip
    assert (row.stage, row.action_due) == ("lawyer_sent", date(2026, 11, 23)), row.why
    assert row.problems == ('律师函签收日期: 早于律师函寄出日期，未采用 "2026-10-20"',)


def test_a_date_a_century_away_stops_the_row() -> None:
    """100 years are 36,525 days. Due 2226-11-10 is 200 years after the as-of date; a last letter of 1926-11-12 is
    100 years and 8 days before it: each row is 数据有误, the cell named."""
    far_due, old_letter = decided(
        ["1-3", "HT-3", "王五", "首付款", 100000, 0, date(2226, 11, 10)],
        ["1-4", "HT-4", "赵六", "首付款", 100000, 0, date(2026, 11, 10), "王磊", 1, date(1926, 11, 12)],
    )
    assert (far_due.stage, far_due.problems) == ("invalid", ('约定付款日期: 距基准日超过100年，请核对 "2226-11-10"',))
    assert (old_letter.stage, old_letter.problems) == (
        "invalid", ('最近催款信日期: 距基准日超过100年，请核对 "1926-11-12"',)
    )  # fmt: skip
