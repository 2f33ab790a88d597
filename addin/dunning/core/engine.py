"""Rules applied to one instalment: its stage, the next action, who owns it and by when.

Precedence (shared/SPEC.md §4): invalid → settled → on_hold → in_suit → disputed → litigation →
lawyer_sent → promised (never over an approved 律师函) → the ladder's levels from the highest reached down
→ not_due. A broken promise (core.follow_up) brings the next letter forward to the day it broke. `as_of` is always given by the caller.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from dunning.core.errors import CellProblem
from dunning.core.follow_up import resumed
from dunning.core.money import ZERO, round_cents
from dunning.core.parse import Instalment
from dunning.core.rules import Basis, Level, Rules, demand_running, lawyer_deadline, level_start, payment_deadline
from dunning.core.stages import (
    DISPUTE_REPLY_DAYS,
    DISPUTED,
    IN_SUIT,
    INVALID,
    LAWYER_PENDING,
    LAWYER_SENT,
    LITIGATION,
    MORTGAGE,
    NOT_DUE,
    ON_HOLD,
    PROMISED,
    SETTLED,
    STRUCTURAL,
    UNREACHABLE_ACTION,
    UNREACHABLE_OWNER,
    Kind,
    Stage,
    stage_of,
)
from dunning.core.why import explain, settled_why


class Decision(NamedTuple):
    """What the board shows for one data row, and what the letters job needs to act on it. Immutable (a
    named tuple, cheap to build one per row): each output reads it, none changes it; its key is its
    row's number (`sheet_row`)."""

    inst: Instalment
    stage: str
    stage_label: str
    outstanding: Decimal = ZERO
    late_fee: Decimal = ZERO
    days_overdue: int | None = None
    letter_no: int | None = None
    next_action: str = ""
    owner: str = ""
    action_due: date | None = None
    late: bool = False
    letter_due: bool = False  # a letter of this stage's level should go out on the as-of date
    level: Level | None = None
    escalate_on: date | None = None  # when the approval level begins, for the why text
    why: str = ""
    problems: tuple[str, ...] = ()

    @property
    def sheet_row(self) -> int:
        return self.inst.sheet_row

    def for_row(self, inst: Instalment, outstanding: Decimal, late_fee: Decimal, problems: tuple[str, ...]) -> Decision:
        """This schedule for another row that shares it: that row, its money and its problems, the rest as
        it is (decide_many's memo; built from the tuple's slices, ~3× faster than `_replace`)."""
        return _new_tuple(Decision, (inst, *self[1:3], outstanding, late_fee, *self[5:-1], problems))

    @property
    def shown_as(self) -> Stage:
        """The stage's entry in the stage table (a ladder level's by its kind)."""
        return stage_of(self.stage, self.level.kind if self.level else None)


_new_tuple = tuple.__new__
# for_row's slices: the row first, its money after stage and label, its problems last
assert Decision._fields[:5] == ("inst", "stage", "stage_label", "outstanding", "late_fee")
assert Decision._fields[-1] == "problems"

# what a row's schedule (stage, action, dates, why) cannot depend on: who and what it is, its money,
# which decide_many recomputes for each row, and its problems (an invalid row never reaches the memo).
# Every other field of a row is in the memo's key, so a field added later is in it unless named here.
NOT_SCHEDULE = frozenset({"sheet_row", "contract_no", "customer", "unit", "payment_kind", "consultant", "phone",
                          "address", "note", "amount_due", "amount_paid", "late_fee_rate", "lawyer_tracking_no",
                          "salutation", "stated_outstanding", "problems"})  # fmt: skip
SCHEDULE_FIELDS = tuple(name for name in Instalment._fields if name not in NOT_SCHEDULE)
schedule_of = attrgetter(*SCHEDULE_FIELDS)  # a row → its memo key, in C


def decide(inst: Instalment, rules: Rules, *, as_of: date) -> Decision:
    try:
        decision = _stage(inst, rules, as_of=as_of)
    except OverflowError:  # a date sum past year 9999: only a mistyped date gets there
        problem = CellProblem("", inst.sheet_row, "日期", None, "超出可计算的日期范围，请核对本行日期")
        inst = inst.with_problems([problem], invalid=True)
        decision = _structural(inst, INVALID)
    decision = decision._replace(late=decision.action_due is not None and decision.action_due < as_of)
    return decision._replace(
        why=explain(decision, rules, as_of=as_of), problems=tuple(p.short() for p in inst.problems)
    )


SETTLED_WHY = settled_why(ZERO)
# a settled row's fields between its money and its why: the defaults (late_fee … escalate_on)
_SETTLED_MIDDLE = tuple(Decision._field_defaults[name] for name in Decision._fields[4:-2])
assert Decision._fields[-2:] == ("why", "problems")


def decide_many(instalments: list[Instalment], rules: Rules, *, as_of: date) -> list[Decision]:
    """`decide` for every row. Rows that share a due date and tracking share their schedule (stage,
    action, dates, why), so it is worked out once; only the money is each row's own."""
    memo: dict[tuple[object, ...], Decision] = {}
    min_amount = rules.params.min_amount
    settled_label = STRUCTURAL[SETTLED].label
    out: list[Decision] = []
    append = out.append
    for inst in instalments:
        if inst.invalid or inst.amount_due is None or inst.due_date is None:
            append(decide(inst, rules, as_of=as_of))
            continue
        outstanding = inst.amount_due - inst.amount_paid
        problems = tuple(p.short() for p in inst.problems) if inst.problems else ()
        if outstanding < min_amount:  # built as for_row builds (the named tuple's own __new__ is Python)
            why = settled_why(outstanding) if outstanding < 0 else SETTLED_WHY
            append(_new_tuple(Decision, (inst, SETTLED, settled_label, outstanding, *_SETTLED_MIDDLE, why, problems)))
            continue
        key = schedule_of(inst)
        proto = memo.get(key)
        if proto is None or proto.stage == INVALID:  # a date sum that overflowed: the row's own problem
            decision = decide(inst, rules, as_of=as_of)
            memo.setdefault(key, decision)
            append(decision)
            continue
        fee = late_fee(inst, outstanding, proto.days_overdue or 0, rules)
        append(proto.for_row(inst, outstanding, fee, problems))
    return out


def is_deposit(inst: Instalment) -> bool:
    """A 定金: owed only once handed over (民法典第586条), so it carries no 违约金 and gets no dunning letter."""
    return (inst.payment_kind or "").strip() == "定金"


def late_fee(inst: Instalment, outstanding: Decimal, days: int, rules: Rules) -> Decimal:
    """违约金: outstanding × daily rate (the row's, else the rules') × days overdue, half-up to the fen;
    none on a 定金."""
    if days <= 0 or is_deposit(inst):
        return ZERO
    rate = rules.params.daily_rate if inst.late_fee_rate is None else inst.late_fee_rate
    return round_cents(outstanding * rate * days)


def _structural(
    inst: Instalment,
    code: str,
    *,
    outstanding: Decimal = ZERO,
    late_fee: Decimal = ZERO,
    days_overdue: int | None = None,
    action_due: date | None = None,
) -> Decision:
    stage = STRUCTURAL[code]
    return Decision(
        inst,
        code,
        stage.label,
        outstanding,
        late_fee,
        days_overdue,
        next_action=stage.action,
        owner=stage.owner,
        action_due=action_due,
    )


def _awaiting_loan(inst: Instalment, rules: Rules, *, as_of: date) -> Decision:
    """A loan instalment with no date yet: 按揭办理中, after what SPEC §4 puts before it (settled, a hold, a suit, a
    dispute)."""
    outstanding = (inst.amount_due or ZERO) - inst.amount_paid
    if outstanding < rules.params.min_amount:
        return _structural(inst, SETTLED, outstanding=outstanding)
    if inst.hold_until is not None and inst.hold_until >= as_of:
        return _structural(inst, ON_HOLD, outstanding=outstanding, action_due=inst.hold_until)
    if inst.suit_date is not None:
        return _structural(inst, IN_SUIT, outstanding=outstanding)
    if inst.disputed_on is not None:
        reply = inst.disputed_on + timedelta(days=DISPUTE_REPLY_DAYS)
        return _structural(inst, DISPUTED, outstanding=outstanding, action_due=reply)
    return _structural(inst, MORTGAGE, outstanding=outstanding)


def _stage(inst: Instalment, rules: Rules, *, as_of: date) -> Decision:
    if inst.awaiting_loan and not inst.invalid and inst.amount_due is not None:
        return _awaiting_loan(inst, rules, as_of=as_of)
    if inst.invalid or inst.amount_due is None or inst.due_date is None:
        owed = inst.amount_due if not inst.paid_unknown else None  # what could be read is shown (120万)
        return _structural(inst, INVALID, outstanding=ZERO if owed is None else owed - inst.amount_paid)
    params = rules.params
    due = inst.due_date
    outstanding = inst.amount_due - inst.amount_paid
    if outstanding < params.min_amount:
        return _structural(inst, SETTLED, outstanding=outstanding)
    days = (as_of - due).days
    fee = late_fee(inst, outstanding, days, rules)
    if inst.hold_until is not None and inst.hold_until >= as_of:
        return _structural(
            inst, ON_HOLD, outstanding=outstanding, late_fee=fee, days_overdue=days, action_due=inst.hold_until
        )
    if inst.suit_date is not None:  # filed at court: no more letters, the manager follows the case
        return _structural(inst, IN_SUIT, outstanding=outstanding, late_fee=fee, days_overdue=days)
    if inst.disputed_on is not None:  # the customer disputes: no letter until the log says it is resolved
        reply = inst.disputed_on + timedelta(days=DISPUTE_REPLY_DAYS)
        return _structural(inst, DISPUTED, outstanding=outstanding, late_fee=fee, days_overdue=days, action_due=reply)
    if inst.lawyer_letter_date is not None:
        deadline = lawyer_deadline(inst.lawyer_letter_date, rules, received=inst.lawyer_received_date)
        code, action_due = (LITIGATION, as_of) if as_of > deadline else (LAWYER_SENT, deadline)
        return _structural(inst, code, outstanding=outstanding, late_fee=fee, days_overdue=days, action_due=action_due)
    decision = _ladder(inst, rules, as_of=as_of)
    level = decision.level
    approved = level is not None and level.needs_approval and bool(inst.lawyer_approved_by)
    if inst.promised_on is not None and decision.stage != NOT_DUE and not approved:  # nothing owed yet: not due
        check = inst.promised_on + timedelta(days=params.promise_grace_days)
        return _structural(inst, PROMISED, outstanding=outstanding, late_fee=fee, days_overdue=days, action_due=check)
    if inst.broken_on is not None:
        decision = resumed(decision, rules, as_of=as_of)
    if inst.unreachable_on is not None and decision.level is not None and decision.level.kind is not Kind.LAWYER:
        decision = decision._replace(
            next_action=UNREACHABLE_ACTION, owner=UNREACHABLE_OWNER, action_due=as_of, letter_due=False
        )  # a returned letter or 失联: the address or phone first, no letter posted to it
    return decision._replace(outstanding=outstanding, late_fee=fee, days_overdue=days)


def _ladder(inst: Instalment, rules: Rules, *, as_of: date) -> Decision:
    """The row's place on the ladder: the highest level that has begun on the as-of date, and what
    that level asks for next.

    Each level begins on its own date (`level_start`, from the due date, the month's end, or the
    previous letter). A level counted from the previous letter can only follow the level before it:
    it is skipped until that level's letter was sent (`sent_at`, the index of the last letter level
    sent), and once its own letter was sent it began on that letter's date. A reminder holds a row
    only up to its due date: one that would begin after it is no reminder, and once the date has
    passed the row waits for the next level (a 月末 ladder's first letter) as not due. `upcoming` is
    the next level's date after the as-of date (when a row waiting will be acted on); `approval_start`
    the lawyer's level's (when the board escalates, stated in the why and bounding a letter's deadline).
    """
    assert inst.due_date is not None
    levels, due, cal = rules.levels, inst.due_date, rules.calendar
    last = inst.last_letter_date
    sent_at = _last_letter_level(inst, rules)
    reached: int | None = None  # the highest level begun on the as-of date, and its start
    reached_start: date | None = None
    upcoming: date | None = None
    approval_start: date | None = None
    for index, level in enumerate(levels):
        if level.basis is Basis.PREVIOUS_LETTER:
            if sent_at is None or sent_at < index - 1:  # the level before it has not been sent yet
                continue
            # sent already: it began with its letter; else it begins counted from the last letter
            start = last if sent_at >= index else level_start(level, due=due, last_letter=last, calendar=cal)
        else:
            start = level_start(level, due=due, last_letter=last, calendar=cal)
        if start is None or (level.before_due and start > due):
            continue
        if level.needs_approval:
            approval_start = start
        if start > as_of:
            upcoming = upcoming or start
        elif not (level.before_due and as_of > due):
            reached, reached_start = index, start
    if reached is None or reached_start is None:
        return Decision(inst, NOT_DUE, STRUCTURAL[NOT_DUE].label, action_due=upcoming, escalate_on=approval_start)
    level = levels[reached]
    base = Decision(
        inst,
        level.code,
        level.label,
        next_action=level.action,
        owner=level.owner,
        level=level,
        escalate_on=approval_start,
    )
    if level.needs_approval:
        action_due = reached_start - timedelta(days=1 - rules.params.lawyer_action_days)
        if inst.lawyer_approved_by:  # sent once the last dunning letter's time to pay has run out
            if last is not None:
                action_due = max(action_due, payment_deadline(last, rules) + timedelta(days=1))
            return base._replace(action_due=action_due, letter_due=demand_running(last, rules, as_of=as_of) is None)
        pending = STRUCTURAL[LAWYER_PENDING]
        return base._replace(
            stage=LAWYER_PENDING,
            stage_label=f"{level.label}待审批",
            owner=pending.owner,
            next_action=pending.action,
            action_due=action_due,
        )
    if level.before_due:  # the phone call until the due date; the letter goes out before it, never on it
        return base._replace(action_due=due, letter_due=as_of < due)
    base = base._replace(letter_no=inst.letters_sent + 1)
    if inst.letters_sent and last is None:  # a count without its date: when the next one is due is unknown
        return base._replace(next_action="补填最近催款信日期", action_due=as_of)
    if sent_at is not None and sent_at >= reached and last is not None:
        if level.repeat_days:
            next_letter = last + timedelta(days=level.repeat_days)
            return _or_escalation(base._replace(action_due=next_letter, letter_due=as_of >= next_letter), rules)
        waiting = base._replace(
            action_due=_next_start(rules, reached, due=due, last=last), next_action="等待下一级催收"
        )
        return _or_escalation(waiting, rules)
    return base._replace(action_due=reached_start + timedelta(days=rules.params.first_letter_days - 1), letter_due=True)


def _or_escalation(d: Decision, rules: Rules) -> Decision:
    """A letter row waiting for its next letter: when the row reaches the lawyer's level (`escalate_on`)
    on or before that letter's day, the letter is never sent; the board shows the escalation instead,
    on its day, for the manager who submits it for approval."""
    escalate_on, approval = d.escalate_on, rules.approval_level
    if d.letter_due or escalate_on is None or approval is None or d.action_due is None or d.action_due < escalate_on:
        return d
    pending = STRUCTURAL[LAWYER_PENDING]
    return d._replace(action_due=escalate_on, next_action=f"转{approval.label}审批", owner=pending.owner)


def _next_start(rules: Rules, index: int, *, due: date, last: date) -> date | None:
    for level in rules.levels[index + 1 :]:
        return level_start(level, due=due, last_letter=last, calendar=rules.calendar)
    return None


def _last_letter_level(inst: Instalment, rules: Rules) -> int | None:
    """The ladder index of the last dunning letter sent.

    As 函件归档 records it when the archive holds the row's last letter (its level's code, still a letter
    level of the ladder). Otherwise (letters sent before the product, an archive kept elsewhere, a
    ladder since changed) from the tracking columns: the sheet records how many letters went out and
    when the last one did; the level is the highest letter level (counted from the due date) that had
    begun on that date, and a letter sent before any letter level began counts as the first's.
    """
    last = inst.last_letter_date
    if last is None:
        return None
    if inst.last_level:
        for index, level in enumerate(rules.levels):
            if level.code == inst.last_level and level.kind is Kind.LETTER:
                return index
    assert inst.due_date is not None
    letter_levels = rules.letter_levels
    if not letter_levels:
        return None
    found = letter_levels[0][0]
    for index, level in letter_levels:
        start = level_start(level, due=inst.due_date, last_letter=last, calendar=rules.calendar)
        if start is not None and start <= last:
            found = index
    return found
