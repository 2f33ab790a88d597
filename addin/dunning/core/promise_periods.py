"""The promises to pay typed in 跟进记录, judged on the as-of date: the one kept open (its date pauses the
letters, 承诺付款) and the ones broken (the ladder resumes, 承诺未兑现). Pure: one scope's promise rows (the
contract's blank-款项类型 ones and one kind's) and the contract's instalments in, a `Verdict` out.

The promises are the 承诺付款 rows with a 承诺付款日期, grouped by the 日期 they were logged on (`by_day`;
core.promise_schedule prints the latest group as the document to sign). One row is a single promise: open
while its date + grace ≥ the as-of date, broken once past it. Two or more rows are a schedule (分期还款协议,
"乙方未按上述任何一期的日期足额付款的，甲方将恢复催收程序"): its periods in date order, each in turn —

* the open period is the earliest whose date + grace ≥ the as-of date: it alone pauses the letters, with its
  date and amount (the check falls due at each period's date + grace);
* a period past its grace is kept when what the covered instalments still owe now (those of the schedule's
  款项类型 — every kind when a row leaves it blank — due on or before its 日期, no 定金, none on hold that
  day: what was owed when it was agreed; Σ 应收 − 已收, each row at least 0) is no more than the periods
  after it promise; else it is broken on its date, counted once, and the later periods no longer pause
  anything. So the part of what was owed that the schedule leaves out is due with period 1, as the
  document says (其余仍应按合同约定支付); and a period paid late counts as kept once paid (the sheet keeps
  no payment dates);
* a period followed by one with a blank 承诺金额 ("the rest") cannot be judged by amount: it counts as kept
  and the pause moves on to the next period. Type every amount to have each period judged.

A promise or schedule logged on a later day supersedes the earlier ones (rescheduled before it fell due):
an earlier period whose last day (date + grace) is on or after that day neither breaks nor stays open, and
none after it; the periods that lapsed before it keep their verdicts. So only the latest-logged promise
can be open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

from dunning.core.identity import contract_id
from dunning.core.money import ZERO

if TYPE_CHECKING:
    from dunning.core.follow_up import Contact
    from dunning.core.parse import Instalment


@dataclass(frozen=True, slots=True)
class Verdict:
    open: Contact | None = None  # the promise (or the schedule's period) kept open
    broken: tuple[date, ...] = ()  # the dates of the promises broken, one per promise or schedule


def by_day(promises: Iterable[Contact]) -> list[list[Contact]]:
    """The promise rows grouped by the 日期 they were logged on, earliest first, each in the log's row order."""
    groups: dict[date, list[Contact]] = {}
    for c in sorted(promises, key=attrgetter("day", "row")):
        groups.setdefault(c.day, []).append(c)
    return list(groups.values())


def judge(promises: Sequence[Contact], *, grace: int, as_of: date, instalments: Sequence[Instalment] = ()) -> Verdict:
    """The verdict on one scope's promise rows known on the as-of date (each with its 承诺付款日期);
    `instalments`: the contract's (every kind), for what a schedule's covered instalments still owe."""
    groups = by_day(promises)
    open_: Contact | None = None
    broken: list[date] = []
    for index, rows in enumerate(groups):
        until = groups[index + 1][0].day if index + 1 < len(groups) else None
        found, broke = _verdict_of(rows, until=until, grace=grace, as_of=as_of, instalments=instalments)
        open_ = found or open_
        broken += [broke] if broke else []
    return Verdict(open_, tuple(broken))


def _verdict_of(
    rows: Sequence[Contact], *, until: date | None, grace: int, as_of: date, instalments: Sequence[Instalment]
) -> tuple[Contact | None, date | None]:
    """One day's promise rows → (the period open, the date it broke on); `until`: the next promise's 日期."""
    periods = sorted(rows, key=lambda c: (c.promised_on, c.row))
    owed: Decimal | None = None
    for index, period in enumerate(periods):
        assert period.promised_on is not None
        last_day = period.promised_on + timedelta(days=grace)
        if until is not None and until <= last_day:
            return None, None  # rescheduled before it fell due
        if last_day >= as_of:
            return period, None
        after = periods[index + 1 :]
        if not after and len(periods) == 1:
            return None, period.promised_on  # a single promise past its grace
        if any(p.promised_amount is None for p in after):
            continue  # "the rest" follows: not judged by amount
        owed = covered_owed(instalments, rows) if owed is None else owed
        if owed > sum((p.promised_amount or ZERO for p in after), ZERO):
            return None, period.promised_on
    return None, None


def covered_owed(instalments: Sequence[Instalment], rows: Sequence[Contact]) -> Decimal:
    """What the instalments a schedule covers owe now: those of its rows' 款项类型 (every kind when one is
    blank) due on or before its 日期, not a 定金, not on hold that day, readable; 应收 − 已收, each at least 0."""
    from dunning.core.engine import is_deposit  # the engine reads this module (through follow_up)

    agreed = rows[0].day
    kinds = {contract_id(c.payment_kind) for c in rows}
    total = ZERO
    for inst in instalments:
        due, hold = inst.due_date, inst.hold_until
        if inst.invalid or due is None or due > agreed or (hold is not None and hold >= agreed) or is_deposit(inst):
            continue
        if "" in kinds or contract_id(inst.payment_kind) in kinds:
            total += max((inst.amount_due or ZERO) - inst.amount_paid, ZERO)
    return total
