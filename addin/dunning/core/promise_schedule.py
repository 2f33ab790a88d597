"""A promise to pay typed in 跟进记录, as a payment schedule for the customer to sign (付款承诺书 with one
date, 分期还款协议 with several). Pure: the log's contacts and the contract's board rows in, the schedule
out, or the refusal naming the cell to correct.

The schedule is one conversation's promise: the contract's 承诺付款 rows (with their 承诺付款日期) dated on
the latest 日期 that has any, up to the as-of date, in the log's row order, one period each. A row without
承诺金额 pays the balance (what is owed less the periods before it): only the last one may be blank. The
periods' dates must be on or after the document's date and each later than the one before; their amounts
positive and, together, no more than what is owed. What is owed: the contract's instalments due on or
before the as-of date and still unpaid (not a 定金, not on hold, not settled), only those of the promised
款项类型 when every promise row names one. Less than that is allowed: the document says the rest stays owed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from dunning.core.engine import Decision, is_deposit
from dunning.core.errors import CellProblem, DunningError
from dunning.core.fields import FOLLOW_UP_SHEET
from dunning.core.follow_up import Contact, Log, Outcome
from dunning.core.identity import contract_id
from dunning.core.money import ZERO
from dunning.core.parse import text_of
from dunning.core.promise_periods import by_day
from dunning.core.stages import INVALID, NOT_CHASED

AMOUNT, DAY = "承诺金额", "承诺付款日期"
READ = frozenset({"日期", "合同编号", "结果", DAY, AMOUNT})  # the cells a schedule is read from


class PromiseProblem(Enum):
    NO_COMPANY = "no_company"  # the rules sheet names no 公司名称: the document's 甲方
    NO_CONTRACT = "no_contract"  # no row of the contract on the team's sheet
    UNREADABLE_ROW = "unreadable_row"  # a row of the contract cannot be read: what is owed is not known
    UNREADABLE_LOG = "unreadable_log"  # a cell of the contract's log rows cannot be read
    NO_PROMISE = "no_promise"  # no 承诺付款 row for the contract up to the as-of date
    NOTHING_OWED = "nothing_owed"  # nothing due and unpaid
    NOT_POSITIVE = "not_positive"  # a 承诺金额 of zero or less
    BLANK_NOT_LAST = "blank_not_last"  # a blank 承诺金额 (the balance) before the last period
    NOTHING_LEFT = "nothing_left"  # the last period's blank 承诺金额 finds the balance paid by the ones before
    PAST = "past"  # a 承诺付款日期 before the document's date
    OUT_OF_ORDER = "out_of_order"  # a 承诺付款日期 not after the period before it
    OVER_OWED = "over_owed"  # the periods up to this one promise more than is owed


@dataclass(frozen=True, slots=True)
class PromiseRefusal:
    """Why no schedule, with the place to correct: the log's (sheet, row, column, value) or the sheet's row."""

    problem: PromiseProblem
    contract: str
    as_of: date
    sheet: str = FOLLOW_UP_SHEET
    row: int | None = None
    column: str = ""
    value: object = None
    owed: Decimal = ZERO
    promised: Decimal = ZERO  # the periods' total up to the row named
    day: date | None = None  # the date the row's date is compared with (the period before, or the as-of date)
    detail: str = ""  # an unreadable cell as the board names it


class PromiseRefused(DunningError):
    def __init__(self, refusal: PromiseRefusal) -> None:
        from dunning.core.messages import promise_refusal_text

        self.refusal = refusal
        super().__init__(promise_refusal_text(refusal))


@dataclass(frozen=True, slots=True)
class Period:
    number: int  # 期次, from 1
    row: int  # its 跟进记录 row
    day: date
    amount: Decimal
    balance: bool = False  # 承诺金额 was blank: the balance


@dataclass(frozen=True, slots=True)
class Schedule:
    contract: str
    agreed_on: date  # the conversation's 日期
    periods: tuple[Period, ...]
    owed: tuple[Decision, ...]  # the instalments owed, in sheet order

    @property
    def owed_total(self) -> Decimal:
        return sum((d.outstanding for d in self.owed), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.periods), ZERO)

    @property
    def remainder(self) -> Decimal:
        """What stays owed beyond the schedule (≥ 0)."""
        return self.owed_total - self.total


def schedule_of(
    rows: Sequence[Decision], log: Log, contract: str, *, as_of: date, typed: Sequence[Sequence[object]] = ()
) -> Schedule:
    """The contract's promise as a schedule, or PromiseRefused. `rows`: the board's rows of that contract;
    `log`: 跟进记录 as read, `typed` its rows as read from A1 (to tell which unreadable rows are the contract's)."""

    def refuse(problem: PromiseProblem, **facts: object) -> PromiseRefused:
        return PromiseRefused(PromiseRefusal(problem, contract, as_of, **facts))  # type: ignore[arg-type]

    if not rows:
        raise refuse(PromiseProblem.NO_CONTRACT)
    if bad := next((d for d in rows if d.stage == INVALID), None):
        raise refuse(PromiseProblem.UNREADABLE_ROW, sheet="", row=bad.sheet_row, detail="；".join(bad.problems))
    mine = [c for c in log.contacts if contract_id(c.contract_no) == contract_id(contract) and c.day <= as_of]
    if problem := _unreadable(log.problems, typed, contract):
        raise refuse(PromiseProblem.UNREADABLE_LOG, row=problem.row, column=problem.column, value=problem.value,
                     detail=problem.full())  # fmt: skip
    promises = [c for c in mine if c.outcome is Outcome.PROMISE and c.promised_on is not None]
    if not promises:
        raise refuse(PromiseProblem.NO_PROMISE)
    chosen = by_day(promises)[-1]  # the latest conversation's rows, in the log's order
    agreed_on = chosen[0].day
    owed = _owed(rows, chosen, as_of=as_of)
    total = sum((d.outstanding for d in owed), ZERO)
    if total <= 0:
        raise refuse(PromiseProblem.NOTHING_OWED)
    periods: list[Period] = []
    for number, c in enumerate(chosen, start=1):
        assert c.promised_on is not None
        before = periods[-1].day if periods else None
        so_far = sum((p.amount for p in periods), ZERO)
        if c.promised_on < as_of or (before is not None and c.promised_on <= before):
            why = PromiseProblem.PAST if c.promised_on < as_of else PromiseProblem.OUT_OF_ORDER
            raise refuse(why, row=c.row, column=DAY, value=c.promised_on, day=before if before else as_of)
        amount = c.promised_amount
        if amount is None and number < len(chosen):
            raise refuse(PromiseProblem.BLANK_NOT_LAST, row=c.row, column=AMOUNT)
        if amount is None and so_far >= total:
            raise refuse(PromiseProblem.NOTHING_LEFT, row=c.row, column=AMOUNT, owed=total, promised=so_far)
        if amount is not None and amount <= 0:
            raise refuse(PromiseProblem.NOT_POSITIVE, row=c.row, column=AMOUNT, value=amount)
        if amount is not None and so_far + amount > total:
            raise refuse(PromiseProblem.OVER_OWED, row=c.row, column=AMOUNT, value=amount, owed=total,
                         promised=so_far + amount)  # fmt: skip
        periods.append(Period(number, c.row, c.promised_on, total - so_far if amount is None else amount,
                              balance=amount is None))  # fmt: skip
    return Schedule(rows[0].inst.contract_no, agreed_on, tuple(periods), tuple(owed))


def _unreadable(
    problems: Sequence[CellProblem], typed: Sequence[Sequence[object]], contract: str
) -> CellProblem | None:
    """The first cell a promise depends on that cannot be read, in a log row naming the contract: a row left
    out for a bad date could be one of the periods, a bad 承诺金额 would read as the balance."""
    wanted = contract_id(contract)

    def names_it(row: int) -> bool:
        cells = typed[row - 1] if 0 < row <= len(typed) else ()
        return any(contract_id(text_of(v)) == wanted for v in cells if v is not None)

    return next((p for p in problems if p.column in READ and names_it(p.row)), None)


def _owed(rows: Sequence[Decision], chosen: Sequence[Contact], *, as_of: date) -> list[Decision]:
    """The instalments the promise is about: due by `as_of`, unpaid, chased (no 定金, none on hold); only
    the promised kinds when every promise row names one."""
    kinds = {contract_id(c.payment_kind) for c in chosen}
    every = "" in kinds
    return [
        d
        for d in rows
        if d.stage not in NOT_CHASED
        and d.outstanding > 0
        and d.inst.due_date is not None
        and d.inst.due_date <= as_of
        and not is_deposit(d.inst)
        and (every or contract_id(d.inst.payment_kind) in kinds)
    ]
