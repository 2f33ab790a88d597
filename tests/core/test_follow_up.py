"""跟进记录 read into typed contacts (a bad cell named, the other rows go on) and what it says of an
instalment on the as-of date; the stages 有异议 and 承诺付款 in SPEC §4's precedence."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from dunning.core.follow_up import HEADER, NOTE, Contact, Outcome, facts_of, read_log

from conftest import AS_OF, assert_stage, days, decide_one


def test_rows_as_read_become_contacts_and_each_bad_cell_is_named() -> None:
    rows: list[list[object]] = [
        [NOTE],
        list(HEADER),
        [datetime(2026, 11, 18), "HT001", "", "电话", "承诺付款", "2026/11/25", 50000, "李娜", "月底前"],
        ["2026/13/45", "HT002", None, "电话", "已接通"],  # a date that cannot be read: the row is left out
        [days(-1), "HT003", None, "飞鸽", "有异议"],  # 方式 not in the list: named, the row counts
        [days(-1), "HT004", None, "电话", "答应了"],  # 结果 not in the list
        [days(-1), "HT005", None, "电话", "承诺付款"],  # a promise with no date
        [],
        [days(-1), "HT006", "尾款", "上门", " 异议已解决 ", None, "五万", "王经理"],  # an unreadable amount: named
    ]
    log = read_log(rows)
    assert [c.contract_no for c in log.contacts] == ["HT001", "HT003", "HT006"]
    first = log.contacts[0]
    assert first == Contact(3, date(2026, 11, 18), "HT001", "", "电话", Outcome.PROMISE, date(2026, 11, 25),
                            Decimal(50000), "李娜", "月底前")  # fmt: skip
    assert log.contacts[2].outcome is Outcome.RESOLVED and log.contacts[2].payment_kind == "尾款"
    named = [(p.sheet, p.row, p.column, p.value) for p in log.problems]
    assert named == [("跟进记录", 4, "日期", "2026/13/45"), ("跟进记录", 5, "方式", "飞鸽"), ("跟进记录", 6, "结果", "答应了"),
                     ("跟进记录", 7, "承诺付款日期", None), ("跟进记录", 9, "承诺金额", "五万")]  # fmt: skip


def test_no_sheet_or_no_header_reads_as_an_empty_log() -> None:
    assert read_log(None).contacts == [] and read_log([["随便写的"]]).contacts == []


def contact(day: date, outcome: Outcome, promised: date | None = None, row: int = 3) -> Contact:
    return Contact(row, day, "HT001", "", "电话", outcome, promised)


def test_a_dispute_is_open_until_a_later_resolution() -> None:
    disputed = [contact(days(-9), Outcome.DISPUTE), contact(days(-5), Outcome.REACHED)]
    assert facts_of(disputed, grace=1, as_of=AS_OF).disputed_on == days(-9)
    resolved = [*disputed, contact(days(-2), Outcome.RESOLVED)]
    assert facts_of(resolved, grace=1, as_of=AS_OF).disputed_on is None
    assert facts_of(resolved, grace=1, as_of=days(-3)).disputed_on == days(-9)  # not yet resolved then
    again = [*resolved, contact(days(-1), Outcome.DISPUTE)]
    assert facts_of(again, grace=1, as_of=AS_OF).disputed_on == days(-1)


def test_promises_kept_open_broken_and_rescheduled() -> None:
    kept = [contact(days(-3), Outcome.PROMISE, days(-1))]  # promised yesterday, one day of grace: today
    assert facts_of(kept, grace=1, as_of=AS_OF).promised_on == days(-1)
    assert facts_of(kept, grace=0, as_of=AS_OF).broken_on == days(-1)
    # promised 11-05, re-promised on 11-06 (before it fell due) for 11-12: one promise broken, not two
    rescheduled = [contact(days(-16), Outcome.PROMISE, days(-15)), contact(days(-14), Outcome.PROMISE, days(-8))]
    facts = facts_of(rescheduled, grace=1, as_of=AS_OF)
    assert (facts.promised_on, facts.broken_on, facts.broken_promises) == (None, days(-8), 1)
    # broken twice, then a new promise open: 承诺付款, the two breaks remembered
    twice = [contact(days(-30), Outcome.PROMISE, days(-25)), contact(days(-20), Outcome.PROMISE, days(-15)),
             contact(days(-2), Outcome.PROMISE, days(3))]  # fmt: skip
    facts = facts_of(twice, grace=1, as_of=AS_OF)
    assert (facts.promised_on, facts.broken_on, facts.broken_promises) == (days(3), days(-15), 2)


TABLE = [
    ("a dispute stops the ladder", {"due_date": days(-20), "disputed_on": days(-2)}, "disputed"),
    ("a dispute beats a promise", {"due_date": days(-20), "disputed_on": days(-2), "promised_on": days(3)},
     "disputed"),
    ("a dispute beats a lawyer's letter sent", {"due_date": days(-100), "lawyer_letter_date": days(-40),
                                                "disputed_on": days(-2)}, "disputed"),
    ("in suit beats a dispute", {"due_date": days(-100), "suit_date": days(-5), "disputed_on": days(-2)}, "in_suit"),
    ("hold beats a dispute", {"due_date": days(-20), "hold_until": days(5), "disputed_on": days(-2)}, "on_hold"),
    ("settled beats a dispute", {"due_date": days(-20), "amount_paid": Decimal(100000), "disputed_on": days(-2)},
     "settled"),
    ("a promise pauses a letter", {"due_date": days(-20), "promised_on": days(2)}, "promised"),
    ("a promise pauses an unapproved lawyer's letter", {"due_date": days(-100), "promised_on": days(2)}, "promised"),
    ("a promise never pauses an approved lawyer's letter", {"due_date": days(-100), "lawyer_approved_by": "刘总",
                                                            "promised_on": days(2)}, "lawyer_letter"),
    ("a promise leaves an instalment not yet due alone", {"due_date": days(10), "promised_on": days(2)}, "not_due"),
    ("a promise pauses a reminder", {"due_date": days(2), "promised_on": days(2)}, "promised"),
    ("a lawyer's letter sent beats a promise", {"due_date": days(-100), "lawyer_letter_date": days(-5),
                                                "promised_on": days(2)}, "lawyer_sent"),
]  # fmt: skip


@pytest.mark.parametrize(("values", "stage"), [(v, s) for _, v, s in TABLE], ids=[c for c, _, _ in TABLE])
def test_the_logs_stages_in_their_precedence(values: dict[str, object], stage: str) -> None:
    assert_stage(decide_one(**values), stage)


def test_owners_actions_and_dates() -> None:
    d = decide_one(due_date=days(-20), disputed_on=days(-2))
    assert (d.stage_label, d.owner, d.next_action, d.action_due, d.letter_due) == (
        "有异议", "市场部经理", "核实并答复客户异议", days(5), False)  # fmt: skip
    p = decide_one(due_date=days(-20), promised_on=days(2), promised_amount=Decimal(50000))
    assert (p.stage_label, p.owner, p.next_action, p.action_due, p.letter_due) == (
        "承诺付款", "置业顾问", "承诺日次日核实到账", days(3), False)  # fmt: skip
    assert "承诺11月22日前付款¥50,000.00" in p.why


def test_a_broken_promise_brings_the_next_letter_to_the_day_it_broke() -> None:
    # 2 letters, the last 11-15 (next 11-22); promised 11-16, one day of grace: broken on 11-18
    values = {"due_date": days(-30), "letters_sent": 2, "last_letter_date": days(-5), "broken_on": days(-4),
              "broken_promises": 1}  # fmt: skip
    assert_stage(decide_one(as_of=days(-2), **values), "letter", action_due=days(-2), late=False, letter_no=3)
    assert decide_one(as_of=days(-2), **values).letter_due
    late = decide_one(**values)  # two days on, not sent: late since 11-18
    assert late.letter_due and late.late and late.action_due == days(-2)
    sent = decide_one(**{**values, "letters_sent": 3, "last_letter_date": days(-2)})  # sent on 11-18
    assert not sent.letter_due and sent.action_due == days(5) and "承诺未兑现" in sent.why
