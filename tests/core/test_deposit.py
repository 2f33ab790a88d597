"""A 定金 carries no 违约金: owed only once handed over (民法典第586条) (issue 19)."""

from __future__ import annotations

from decimal import Decimal

from dunning.core.engine import decide_many
from dunning.core.rules import preset_rules

from conftest import AS_OF, days, decide_one, instalment


def test_a_deposit_carries_no_late_fee() -> None:
    deposit = decide_one(payment_kind="定金", amount_due=Decimal(50000), amount_paid=Decimal(0), due_date=days(-40))
    instalment_row = decide_one(
        payment_kind="首付款", amount_due=Decimal(50000), amount_paid=Decimal(0), due_date=days(-40)
    )
    assert deposit.late_fee == Decimal("0") and instalment_row.late_fee > 0
    rows = [
        instalment(payment_kind="定金", amount_due=Decimal(50000), amount_paid=Decimal(0), due_date=days(-40))
        for _ in range(3)
    ]
    assert all(d.late_fee == 0 for d in decide_many(rows, preset_rules(), as_of=AS_OF))  # the fast path too
