"""The lawyer's letter's deadline counts from receipt (收到本函之日起): the 签收日期 when typed, else
the day sent plus 律师函送达天数; the board and the letter count it the same way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dunning.core.rules_sheet import load_rules

from conftest import decide_one

SENT = date(2026, 11, 1)
DUE = date(2026, 8, 1)


@pytest.mark.parametrize(("as_of", "stage"), [
    (SENT + timedelta(days=3 + 15), "lawyer_sent"),  # the last day: 3 days to arrive, 15 to pay
    (SENT + timedelta(days=3 + 15 + 1), "litigation"),
])  # fmt: skip
def test_without_a_receipt_date_the_letter_is_taken_to_arrive_after_the_delivery_days(as_of: date, stage: str) -> None:
    d = decide_one(due_date=DUE, as_of=as_of, lawyer_approved_by="刘总", lawyer_letter_date=SENT, letters_sent=8,
                   last_letter_date=SENT - timedelta(days=10))  # fmt: skip
    assert d.stage == stage, d.why
    assert d.action_due == (SENT + timedelta(days=18) if stage == "lawyer_sent" else as_of)


def test_a_receipt_date_moves_the_deadline_and_says_so() -> None:
    received = SENT + timedelta(days=9)
    d = decide_one(due_date=DUE, as_of=SENT + timedelta(days=20), lawyer_approved_by="刘总", lawyer_letter_date=SENT,
                   lawyer_received_date=received, letters_sent=8, last_letter_date=SENT - timedelta(days=10))  # fmt: skip
    assert d.stage == "lawyer_sent" and d.action_due == received + timedelta(days=15)
    assert "签收" in d.why


def test_the_delivery_allowance_is_a_rules_parameter() -> None:
    rules = load_rules([["参数", "值"], ["律师函送达天数", 0], ["律师函期限天数", 10]])
    d = decide_one(due_date=DUE, as_of=SENT + timedelta(days=11), rules=rules, lawyer_approved_by="刘总",
                   lawyer_letter_date=SENT, letters_sent=8, last_letter_date=SENT - timedelta(days=10))  # fmt: skip
    assert d.stage == "litigation"
