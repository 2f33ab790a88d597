"""What the approval pack and the major-arrears report say about a contract beyond its overdue figures:
its price and how much of it is paid, what the team has written in 备注, the instalments a list leaves
out, and what the company proposes to do next. Pure text from the board's rows.

The contract price is the sum of the contract's 应收金额 rows (定金 included: the sheet lists every part
of the price as an instalment, and has no price column of its own); a row whose 应收金额 cannot be read
(数据有误) leaves the price incomplete, said so, and the paid share is then not given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dunning.core.engine import Decision
from dunning.core.money import ZERO, yuan
from dunning.core.stages import IN_SUIT, INVALID, LAWYER_PENDING, LAWYER_SENT, LITIGATION, NOT_CHASED, Kind
from dunning.letters.history import InstalmentHistory, cn, labels, letters_text

UNSTATED = "未说明"


@dataclass(frozen=True, slots=True)
class Price:
    total: Decimal  # the sum of the readable 应收金额
    paid: Decimal
    unread: tuple[int, ...]  # rows not counted: unreadable (数据有误)

    def text(self) -> str:
        if not self.unread:
            return yuan(self.total)
        return f"{yuan(self.total)}\n（不含第{'、'.join(map(str, self.unread))}行：数据有误）"

    def paid_share(self) -> str:
        """`48.4%`; `—` when the price is incomplete or nil."""
        if self.unread or self.total <= 0:
            return "—"
        return f"{(self.paid * 100 / self.total).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def price(rows: Sequence[Decision]) -> Price:
    read = [d.inst for d in rows if d.inst.amount_due is not None and d.stage != INVALID]
    unread = tuple(d.sheet_row for d in rows if d.inst.amount_due is None or d.stage == INVALID)
    return Price(sum((i.amount_due or ZERO for i in read), ZERO), sum((i.amount_paid for i in read), ZERO), unread)


def notes(rows: Sequence[Decision]) -> str:
    """The team's 备注 of the contract's rows as typed, each under its instalment when the contract has
    several rows; `未说明` when none."""
    typed = [d for d in rows if d.inst.note]
    if not typed:
        return UNSTATED
    if len(rows) == 1:
        return typed[0].inst.note
    named = labels(rows)
    return "；".join(f"{named[d.sheet_row]}：{d.inst.note}" for d in typed)


def proposal(d: Decision) -> str:
    """What the company proposes for an instalment at its stage."""
    inst = d.inst
    if d.stage == IN_SUIT:
        return f"跟进诉讼（案号{inst.case_no}）" if inst.case_no else "跟进诉讼（案号未登记，请补填）"
    if d.stage == LITIGATION:
        return "委托律师起诉（当日上报营销副总）"
    if d.stage == LAWYER_SENT:
        return f"律师函期满（{cn(d.action_due)}）未付即起诉" if d.action_due else "律师函期满未付即起诉"
    if d.stage == LAWYER_PENDING:
        return "报营销副总审批律师函"
    if d.level is not None and d.level.kind is Kind.LAWYER:
        return "寄发律师函并电话确认"
    if d.escalate_on is not None:
        return f"继续书面催告，{cn(d.escalate_on)}起转律师函"
    return "继续书面催告"


def proposals(rows: Sequence[Decision]) -> str:
    """The proposals for the contract's chased rows, the furthest stage first, each naming its
    instalments when they differ."""
    chased = sorted((d for d in rows if d.stage not in NOT_CHASED), key=lambda d: -d.shown_as.step)
    named = labels(rows)
    found: dict[str, list[str]] = {}
    for d in chased:
        found.setdefault(proposal(d), []).append(named[d.sheet_row])
    if len(found) <= 1:
        return next(iter(found), "—")
    return "；".join(f"{'、'.join(dict.fromkeys(kinds))}：{text}" for text, kinds in found.items())


def other_overdue(rows: Sequence[Decision], listed: Sequence[Decision], history: dict[int, InstalmentHistory]) -> str:
    """The contract's overdue instalments a list leaves out, each with its figures and where it stands:
    `尾款 2026年9月23日到期，欠¥1,283,605.00，逾期58天，催款信8封（最近 2026年11月17日），当前阶段：催款信`."""
    shown = {d.sheet_row for d in listed}
    parts = []
    for d in rows:
        if d.sheet_row in shown:
            continue
        if d.stage == INVALID:
            parts.append(f"第{d.sheet_row}行数据有误，未列入")
        elif (d.days_overdue or 0) > 0 and d.outstanding > 0:
            done = letters_text(history[d.sheet_row]) if d.sheet_row in history else ""
            parts.append(
                f"{d.inst.payment_kind or f'第{d.sheet_row}行'} {cn(d.inst.due_date)}到期，欠{yuan(d.outstanding)}，"
                f"逾期{d.days_overdue}天，{done}，当前阶段：{d.stage_label}"
            )
    return "；".join(parts)
