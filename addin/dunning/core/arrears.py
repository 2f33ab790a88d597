"""重大欠款 (SPEC §1 step 7: major arrears are reported to group marketing management): the contracts
whose overdue balance reaches the rules sheet's 重大欠款金额, and every contract that has reached suit,
with what has been done about each. Pure: the report writer lays these out.

A contract's overdue balance is what its readable, unheld instalments overdue by at least 重大欠款逾期天数
(default 30: an instalment a few days late is usually a bank transfer on its way, not a matter for the
group) still owe. An instalment on hold (an agreed deferral) or not yet due is not arrears, and an
unreadable row cannot be counted — each is named in the contract's notes so the figure is never
silently short. A contract at 提起诉讼 or 诉讼中 (起诉日期 filled) is reported whatever it owes, with its
case number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from dunning.core.board import Board
from dunning.core.contracts import by_contract
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.money import ZERO, yuan
from dunning.core.stages import IN_SUIT, INVALID, LITIGATION, NOT_CHASED, ON_HOLD


@dataclass(frozen=True, slots=True)
class MajorArrear:
    contract_no: str
    customer: str
    unit: str
    consultant: str
    instalments: int  # overdue instalments counted
    max_days: int
    owed: Decimal
    late_fees: Decimal
    stage_label: str  # the furthest stage any of them has reached (what was done: letters.history)
    reasons: tuple[str, ...]
    notes: tuple[str, ...]


def _overdue(d: Decision, days: int) -> bool:
    return d.stage not in NOT_CHASED and (d.days_overdue or 0) >= days and d.outstanding > 0


def _distinct(values: list[str]) -> str:
    return "、".join(dict.fromkeys(v for v in values if v)) or "—"


def _furthest(rows: list[Decision]) -> Decision:
    """The row furthest along the process, the longest overdue among equals."""
    return max(rows, key=lambda d: (d.shown_as.step, d.days_overdue or 0))


def _notes(rows: list[Decision]) -> list[str]:
    notes = []
    for d in rows:
        if d.stage == INVALID:
            notes.append(f"第{d.sheet_row}行数据有误，未计入")
        elif d.stage == ON_HOLD and d.outstanding > 0:
            until = f"至{chinese_date(d.inst.hold_until)}" if d.inst.hold_until else ""
            notes.append(f"第{d.sheet_row}行暂缓催收{until}，{yuan(d.outstanding)} 未计入")
    if len({d.inst.customer for d in rows}) > 1:
        notes.append("同一合同的客户姓名不一致，请核对")
    return notes


def major_arrears(board: Board) -> list[MajorArrear]:
    """Contracts to report, the largest overdue balance first."""
    threshold, days = board.rules.params.major_arrears, board.rules.params.major_arrears_days
    found = []
    for contract, rows in by_contract(board.decisions).items():
        if not contract:  # rows without a contract number are unreadable: no contract to report
            continue
        overdue = [d for d in rows if _overdue(d, days) or d.stage in (LITIGATION, IN_SUIT)]
        if not overdue:
            continue
        owed = sum((d.outstanding for d in overdue), ZERO)
        reasons = []
        if owed >= threshold:
            reasons.append("逾期欠款达上报金额")
        if any(d.stage == LITIGATION for d in overdue):
            reasons.append("律师函期限已过，应起诉")
        if any(d.stage == IN_SUIT for d in overdue):
            reasons.append("已起诉，诉讼中")
        if not reasons:
            continue
        found.append(
            MajorArrear(
                contract,
                _distinct([d.inst.customer for d in rows]),
                _distinct([d.inst.unit for d in rows]),
                _distinct([d.inst.consultant for d in rows]),
                len(overdue),
                max(d.days_overdue or 0 for d in overdue),
                owed,
                sum((d.late_fee for d in overdue), ZERO),
                _furthest(overdue).stage_label,
                tuple(reasons),
                tuple(_notes(rows)),
            )
        )
    found.sort(key=lambda m: (-m.owed, m.contract_no))
    return found
