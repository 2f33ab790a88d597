"""Details of the letters' plan the rest of the suite let change unnoticed (found by a sampled mutation run,
tests/benchmarks/mutation_score.py): worked out by hand from SPEC §4–§6, in the comments. As-of 2026-11-20."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunning.core.board import Board, compute_board
from dunning.core.outcomes import RowFacts, Skipped, SkipReason
from dunning.core.rules import preset_rules
from dunning.letters.plan import plan_letters

from conftest import AS_OF, HEADER


def board(*rows: list[object]) -> Board:
    return compute_board([list(HEADER), *rows], preset_rules(), as_of=AS_OF, sheet="合同执行情况")


def test_an_approved_lawyers_letter_waits_for_the_last_letters_deadline() -> None:
    """HT-1, due 2026-09-01: 80 days overdue, past D + 2 months, its 律师函 approved by 刘总. Its 3rd 催款信 went out
    on 11-18 and gave the customer 7 days (催告期限天数): to Wednesday 11-25, a working day. Until that passes no
    律师函: today's plan makes none and says so for HT-1's row 2, the 3rd letter's deadline 11-25."""
    plan = plan_letters(board(["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 9, 1), "王磊", 3,
                               date(2026, 11, 18), "刘总"]))  # fmt: skip
    assert not plan.letters
    assert plan.skipped == [
        Skipped(SkipReason.LAWYER_WAITS, "HT-1", (2,), "律师函",
                (RowFacts(2, "首付款", Decimal(100000), 80, date(2026, 9, 1), "律师函"),),
                number=3, until=date(2026, 11, 25), as_of=AS_OF)
    ]  # fmt: skip


def test_a_first_run_withholds_long_overdue_letters_unless_told_none_were_sent() -> None:
    """HT-2, due 10-01, 50 days overdue, and the sheet records no letter (no archive either: a first run).
    Past the first run's 10 days, the plan does not guess that none went out: no letter, unless she says so."""
    first = board(["1-2", "HT-2", "李四", "首付款", 100000, 0, date(2026, 10, 1), "王磊"])
    withheld = plan_letters(first)
    assert withheld.first_run and not withheld.letters
    assert [(s.reason, s.contract, s.rows, s.number) for s in withheld.skipped] == [
        (SkipReason.WITHHELD_FIRST_RUN, "HT-2", (2,), 10)
    ]
    told = plan_letters(first, no_prior_letters=True)
    assert [letter.contract_no for letter in told.letters] == ["HT-2"] and not told.skipped
