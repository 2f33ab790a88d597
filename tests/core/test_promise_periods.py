"""A schedule of promises (several 承诺付款 rows logged on one 日期) judged period by period: the open period
is the earliest not yet past its grace; one past it is kept when what the covered instalments still owe is
no more than the later periods promise, else broken. Hand-worked numbers in the comments; AS_OF = 11-20."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from dunning.core.follow_up import Contact, Facts, Log, Outcome, facts_of, with_follow_up
from dunning.core.parse import Instalment
from dunning.core.promise_periods import covered_owed

from conftest import days, instalment

AGREED = date(2026, 11, 19)
FIRST, SECOND, THIRD = date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31)


def promise(on: date, amount: int | None, *, day: date = AGREED, row: int = 3, kind: str = "") -> Contact:
    money = None if amount is None else Decimal(amount)
    return Contact(row, day, "HT-1", kind, "上门", Outcome.PROMISE, on, money)


# HT-1 owes 270,000 due by 11-19 (首付款 200,000, 分期款 70,000); a 定金, a row on hold and the 尾款 (not due
# yet) are not covered
OWED = [instalment(payment_kind="首付款", amount_due=Decimal(200000), due_date=date(2026, 10, 20)),
        instalment(payment_kind="分期款", amount_due=Decimal(70000), due_date=date(2026, 11, 10)),
        instalment(payment_kind="定金", amount_due=Decimal(20000), due_date=date(2026, 9, 1)),
        instalment(payment_kind="物业费", amount_due=Decimal(5000), due_date=date(2026, 11, 1),
                   hold_until=date(2026, 11, 25)),
        instalment(payment_kind="尾款", amount_due=Decimal(500000), due_date=date(2027, 3, 1))]  # fmt: skip
TWO = [promise(FIRST, 100000), promise(SECOND, 170000, row=4)]


def paid(first: int, second: int = 0) -> list[Instalment]:
    return [OWED[0]._replace(amount_paid=Decimal(first)), OWED[1]._replace(amount_paid=Decimal(second)), *OWED[2:]]


def test_what_a_schedule_covers() -> None:
    assert covered_owed(OWED, TWO) == Decimal(270000)
    assert covered_owed(paid(150000, 80000), TWO) == Decimal(50000)  # 分期款 overpaid counts 0, not −10,000
    # rows naming a 款项类型 cover that kind only
    assert covered_owed(OWED, [promise(FIRST, 50000, kind="分期款"), promise(SECOND, 20000, kind="分期款")]) == 70000


def test_each_period_pauses_up_to_its_own_date_plus_grace() -> None:
    facts = facts_of(TWO, grace=1, as_of=days(0), instalments=OWED)
    assert (facts.promised_on, facts.promised_amount, facts.broken_on) == (FIRST, Decimal(100000), None)
    assert facts_of(TWO, grace=1, as_of=date(2026, 12, 1), instalments=OWED).promised_on == FIRST  # its last day


def test_a_period_missed_breaks_the_schedule_once() -> None:
    # 12-02: owed 270,000 > 170,000 → broken on 11-30; period 2 pauses nothing; on 2027-01-05 still one break
    for as_of in (date(2026, 12, 2), date(2027, 1, 5)):
        facts = facts_of(TWO, grace=1, as_of=as_of, instalments=OWED)
        assert facts == Facts(broken_on=FIRST, broken_promises=1)
    # 100,000 paid: 170,000 ≤ 170,000 → kept, period 2 open; 2027-01-02 with 1 yuan owed → broken on 12-31
    assert facts_of(TWO, grace=1, as_of=date(2026, 12, 2), instalments=paid(100000)).promised_on == SECOND
    assert facts_of(TWO, grace=1, as_of=date(2027, 1, 2), instalments=paid(200000, 69999)).broken_on == SECOND
    assert facts_of(TWO, grace=1, as_of=date(2027, 1, 2), instalments=paid(200000, 70000)) == Facts()


def test_less_than_owed_leaves_the_rest_due_with_period_one() -> None:
    # 80,000 + 100,000 of 270,000: after period 1's 80,000, 190,000 > 100,000 → broken; 170,000 paid → kept
    less = [promise(FIRST, 80000), promise(SECOND, 100000, row=4)]
    assert facts_of(less, grace=1, as_of=date(2026, 12, 2), instalments=paid(80000)).broken_on == FIRST
    assert facts_of(less, grace=1, as_of=date(2026, 12, 2), instalments=paid(170000)).promised_on == SECOND


def test_the_rest_after_a_period_keeps_it_unjudged() -> None:
    # three periods, the last blank: periods 1 and 2 cannot be judged by amount; each in turn is open
    rest = [promise(FIRST, 100000), promise(SECOND, 50000, row=4), promise(THIRD, None, row=5)]
    for as_of, open_, amount in ((date(2026, 12, 2), SECOND, Decimal(50000)), (date(2027, 1, 2), THIRD, None)):
        facts = facts_of(rest, grace=1, as_of=as_of, instalments=OWED)
        assert (facts.promised_on, facts.promised_amount, facts.broken_promises) == (open_, amount, 0)
    assert facts_of(rest, grace=1, as_of=date(2027, 2, 2), instalments=OWED).broken_on == THIRD


def test_a_later_promise_supersedes_the_rest_of_the_schedule() -> None:
    # logged 11-28 (before period 1's last day 12-01): rescheduled, nothing broken, the new promise open
    again = [*TWO, promise(date(2026, 12, 15), 270000, day=date(2026, 11, 28), row=6)]
    facts = facts_of(again, grace=1, as_of=date(2026, 12, 5), instalments=OWED)
    assert (facts.promised_on, facts.broken_on) == (date(2026, 12, 15), None)
    # logged 12-03, after period 1 broke: the break stays (one), the new promise open
    late = [*TWO, promise(date(2026, 12, 10), 270000, day=date(2026, 12, 3), row=6)]
    facts = facts_of(late, grace=1, as_of=date(2026, 12, 5), instalments=OWED)
    assert (facts.promised_on, facts.broken_on, facts.broken_promises) == (date(2026, 12, 10), FIRST, 1)


def test_the_board_judges_a_contract_once_from_all_its_instalments() -> None:
    # the periods in the log out of order, the contract number typed in full-width: still one schedule
    log = Log([replace(promise(SECOND, 170000), contract_no="ＨＴ－１"), promise(FIRST, 100000, row=4)])
    out = with_follow_up(paid(100000), log, grace=1, as_of=date(2026, 12, 2))
    assert [(i.payment_kind, i.promised_on, i.broken_on) for i in out[:2]] == [
        ("首付款", SECOND, None), ("分期款", SECOND, None)]  # fmt: skip
    out = with_follow_up(OWED, log, grace=1, as_of=date(2026, 12, 2))
    assert {(i.promised_on, i.broken_on, i.broken_promises) for i in out} == {(None, FIRST, 1)}


def test_a_schedule_naming_a_kind_pauses_that_kind_only() -> None:
    # 分期款 70,000 in two periods of 35,000: on 12-02 with 35,000 paid (35,000 ≤ 35,000) period 2 is open;
    # the 首付款 hears nothing of it
    log = Log([promise(FIRST, 35000, kind="分期款"), promise(SECOND, 35000, row=4, kind="分期款")])
    out = with_follow_up(paid(0, 35000), log, grace=1, as_of=date(2026, 12, 2))
    assert [(i.payment_kind, i.promised_on, i.broken_on) for i in out[:2]] == [
        ("首付款", None, None), ("分期款", SECOND, None)]  # fmt: skip
    out = with_follow_up(paid(0, 34999), log, grace=1, as_of=date(2026, 12, 2))
    assert [(i.promised_on, i.broken_on) for i in out[:2]] == [(None, None), (None, FIRST)]


def test_the_latest_logged_promise_is_the_open_one() -> None:
    # promised on 11-01 for 12-31, then on 11-10 for 11-25 (sooner): the later word counts. On 11-24 the
    # 11-25 promise is open; on 11-27 it is broken (11-26 its last day) and 12-31 pauses nothing any more
    # (a single row each: no amounts judged)
    words = [promise(SECOND, None, day=date(2026, 11, 1)), promise(date(2026, 11, 25), None, day=date(2026, 11, 10))]
    assert facts_of(words, grace=1, as_of=date(2026, 11, 24)).promised_on == date(2026, 11, 25)
    assert facts_of(words, grace=1, as_of=date(2026, 11, 27)) == Facts(broken_on=date(2026, 11, 25), broken_promises=1)
