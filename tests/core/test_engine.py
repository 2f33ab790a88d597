"""Decision tables at every boundary of SPEC §4 (default rules, as-of 2026-11-20)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning.core.rules import PRESET_GRADED, preset_rules, with_params

from conftest import AS_OF, assert_stage, days, decide_one

# (case, row values, expected stage, expected action due, late)
TABLE = [
    ("4 days before due: not due", {"due_date": days(4)}, "not_due", days(1), False),
    ("3 days before due: reminder window opens", {"due_date": days(3)}, "reminder", days(3), False),
    ("1 day before due", {"due_date": days(1)}, "reminder", days(1), False),
    ("due day itself: still a reminder", {"due_date": AS_OF}, "reminder", AS_OF, False),
    ("first overdue day: first letter, due in 3 days", {"due_date": days(-1)}, "letter", days(2), False),
    ("3 days overdue, no letter: due today", {"due_date": days(-3)}, "letter", AS_OF, False),
    ("4 days overdue, no letter: late", {"due_date": days(-4)}, "letter", days(-1), True),
    ("letter 6 days ago: next tomorrow", {"due_date": days(-20), "letters_sent": 1, "last_letter_date": days(-6)},
     "letter", days(1), False),
    ("letter 7 days ago: next today", {"due_date": days(-20), "letters_sent": 1, "last_letter_date": days(-7)},
     "letter", AS_OF, False),
    ("letter 8 days ago: late", {"due_date": days(-20), "letters_sent": 1, "last_letter_date": days(-8)},
     "letter", days(-1), True),
    ("D + 2 months exactly: still a letter", {"due_date": date(2026, 9, 20)}, "letter", date(2026, 9, 23), True),
    ("D + 2 months + 1 day: lawyer, pending approval", {"due_date": date(2026, 9, 19)}, "lawyer_pending",
     date(2026, 11, 22), False),
    ("approved: lawyer's letter", {"due_date": date(2026, 9, 19), "lawyer_approved_by": "刘总"}, "lawyer_letter",
     date(2026, 11, 22), False),
    ("approval late after 3 days", {"due_date": date(2026, 9, 15)}, "lawyer_pending", date(2026, 11, 18), True),
    ("lawyer deadline day: still sent", {"due_date": days(-100), "lawyer_letter_date": days(-18)}, "lawyer_sent",
     AS_OF, False),  # sent + 3 days to arrive + 15 days to pay
    ("day after the deadline: suit", {"due_date": days(-100), "lawyer_letter_date": days(-19)}, "litigation",
     AS_OF, False),
    ("hold until today (inclusive)", {"due_date": days(-30), "hold_until": AS_OF}, "on_hold", AS_OF, False),
    ("hold ended yesterday", {"due_date": days(-2), "hold_until": days(-1)}, "letter", days(1), False),
    ("hold beats a sent lawyer's letter", {"due_date": days(-100), "lawyer_letter_date": days(-30),
                                           "hold_until": days(5)}, "on_hold", days(5), False),
    ("paid in full", {"due_date": days(-10), "amount_paid": Decimal(100000)}, "settled", None, False),
    ("one fen outstanding is chased", {"due_date": days(-10), "amount_paid": Decimal("99999.99")}, "letter",
     days(-7), True),
    ("overpaid is settled", {"due_date": days(-10), "amount_paid": Decimal(100001)}, "settled", None, False),
    ("settled beats hold", {"due_date": days(-10), "amount_paid": Decimal(100000), "hold_until": days(9)},
     "settled", None, False),
]  # fmt: skip


@pytest.mark.parametrize(("values", "stage", "due", "late"), [case[1:] for case in TABLE], ids=[c[0] for c in TABLE])
def test_decision_table(values: dict[str, object], stage: str, due: date | None, late: bool) -> None:
    decision = decide_one(**values)
    assert_stage(decision, stage, late=late)
    assert decision.action_due == due


@pytest.mark.parametrize(
    ("due", "last_letter_day", "first_lawyer_day"),
    [
        (date(2026, 8, 31), date(2026, 10, 31), date(2026, 11, 1)),
        (date(2025, 12, 31), date(2026, 2, 28), date(2026, 3, 1)),
        (date(2024, 12, 31), date(2025, 2, 28), date(2025, 3, 1)),
        (date(2023, 12, 31), date(2024, 2, 29), date(2024, 3, 1)),
    ],
)
def test_month_end_due_dates_use_calendar_months(due: date, last_letter_day: date, first_lawyer_day: date) -> None:
    assert_stage(decide_one(due_date=due, as_of=last_letter_day), "letter")
    assert_stage(decide_one(due_date=due, as_of=first_lawyer_day), "lawyer_pending")


def test_letter_number_counts_letters_sent() -> None:
    decision = decide_one(due_date=days(-30), letters_sent=3, last_letter_date=days(-7))
    assert_stage(decision, "letter", letter_no=4)
    assert decision.letter_due


def test_days_overdue_and_late_fee() -> None:
    decision = decide_one(due_date=days(-47), letters_sent=2, last_letter_date=days(-40))
    assert decision.days_overdue == 47
    assert decision.late_fee == Decimal("2350.00")  # 100000 × 0.0005 × 47
    assert decide_one(due_date=days(5)).days_overdue == -5
    assert decide_one(due_date=days(5)).late_fee == 0


def test_late_fee_rounds_half_up_in_decimal() -> None:
    # 333.33 × 0.0005 × 3 = 0.499995 → 0.50
    assert decide_one(due_date=days(-3), amount_due=Decimal("333.33")).late_fee == Decimal("0.50")


def test_row_rate_overrides_default() -> None:
    assert decide_one(due_date=days(-10), late_fee_rate=Decimal("0.001")).late_fee == Decimal("1000.00")


def test_minimum_amount_parameter() -> None:
    rules = with_params(preset_rules(), min_amount=Decimal(100))
    assert_stage(decide_one(rules=rules, due_date=days(-5), amount_paid=Decimal("99900.01")), "settled")
    assert_stage(decide_one(rules=rules, due_date=days(-5), amount_paid=Decimal("99900")), "letter")


def test_why_reads_like_the_process() -> None:
    decision = decide_one(due_date=days(-47), letters_sent=2, last_letter_date=days(-5))
    assert decision.why == "逾期47天，已发2封催款信，下一封11月22日；12月5日起转律师函"


def test_graded_preset_levels() -> None:
    graded = preset_rules(PRESET_GRADED)
    assert_stage(decide_one(rules=graded, due_date=days(20)), "reminder")
    assert_stage(decide_one(rules=graded, due_date=days(21)), "not_due")
    assert_stage(decide_one(rules=graded, due_date=days(-29)), "letter_1", action_due=days(-26), late=True)
    assert_stage(decide_one(rules=graded, due_date=days(-30)), "letter_2", action_due=days(2))
    first_sent = decide_one(rules=graded, due_date=days(-29), letters_sent=1, last_letter_date=days(-27))
    assert_stage(first_sent, "letter_1", action_due=days(1), late=False)
    assert not first_sent.letter_due
    assert_stage(decide_one(rules=graded, due_date=days(-90)), "lawyer_pending")
    assert_stage(decide_one(rules=graded, due_date=days(-89)), "letter_5")


def test_a_calendar_goes_when_its_rules_go() -> None:
    """A calendar's remembered working days belong to it: rules made and dropped (every recalculation of the
    Excel functions parses the rules anew) leave no calendar alive."""
    import gc
    import weakref
    from datetime import date as day

    from dunning.core.dates import WorkCalendar

    calendar = WorkCalendar(frozenset({day(2026, 12, 4)}))
    assert calendar.is_workday(day(2026, 12, 3)) and not calendar.is_workday(day(2026, 12, 4))
    gone = weakref.ref(calendar)
    del calendar
    gc.collect()
    assert gone() is None
