"""Which letters to make today: one letter per contract, at the highest level among its due rows.

Reminders go once per instalment; dunning letters only when due (the first in its window, then at
the interval); lawyer's letters only for approved rows — the others are reported as pending
approval — and only once the rules sheet names the law firm whose letter it is; nothing for settled, on-hold, not-due, lawyer-sent, litigation or invalid rows (litigation
is reported for escalation). A letter already in the archive (same contract, instalment, level and
letter number) is not made again, so pressing the button twice on one day makes nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dunning.core.board import Board
from dunning.core.engine import Decision
from dunning.core.rules import Level


@dataclass(frozen=True)
class PlannedLetter:
    contract_no: str
    level: Level
    letter_no: int | None
    due: tuple[Decision, ...]  # the rows whose letter is due: their tracking moves on
    listed: tuple[Decision, ...]  # every instalment the letter lists: the due ones and all overdue ones
    keys: tuple[str, ...]  # one per due row, for the archive

    @property
    def main(self) -> Decision:
        """The due row at the letter's level that decides its number and stage."""
        return next(d for d in self.due if d.level == self.level)

    @property
    def stage(self) -> str:
        return self.main.stage

    @property
    def customer(self) -> str:
        return self.main.inst.customer


@dataclass
class Plan:
    letters: list[PlannedLetter] = field(default_factory=list)
    pending_approval: list[str] = field(default_factory=list)
    escalations: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def letter_key(d: Decision) -> str:
    """Contract + instalment + level + letter number: what makes a letter the same letter."""
    inst, level = d.inst, d.level
    due = inst.due_date.isoformat() if inst.due_date else ""
    code = level.code if level else d.stage
    return f"{inst.contract_no}|{inst.payment_kind}|{due}|{code}|{d.letter_no or 0}"


def _by_contract(decisions: Iterable[Decision]) -> dict[str, list[Decision]]:
    contracts: dict[str, list[Decision]] = {}
    for d in decisions:
        contracts.setdefault(d.inst.contract_no, []).append(d)
    return contracts


def _overdue(d: Decision) -> bool:
    return d.stage not in ("settled", "invalid") and (d.days_overdue or 0) > 0


def plan_letters(board: Board, *, archived: frozenset[str] | set[str] = frozenset()) -> Plan:
    plan = Plan()
    order = {level.code: i for i, level in enumerate(board.rules.levels)}
    for contract, rows in _by_contract(board.decisions).items():
        if any(d.stage == "lawyer_pending" for d in rows):
            plan.pending_approval.append(contract)
        if any(d.stage == "litigation" for d in rows):
            plan.escalations.append(contract)
        for d in rows:
            if d.stage == "invalid":
                plan.skipped.append(
                    (
                        contract or f"第{d.sheet_row}行",
                        f"第{d.sheet_row}行数据有误，该行未处理：{'；'.join(d.problems)}",
                    )
                )
        candidates = [d for d in rows if d.letter_due and d.level is not None and d.level.template]
        due = [d for d in candidates if letter_key(d) not in archived]
        if not due:
            if candidates:
                plan.skipped.append((contract, "已生成过，不再重复生成"))
            continue
        top = max(due, key=lambda d: order[d.level.code])  # type: ignore[union-attr]
        level = top.level
        assert level is not None
        if level.needs_approval and not board.rules.params.law_firm:
            plan.skipped.append((contract, f"{level.label}未生成：请先在「催款规则」填写 律师事务所（及地址、电话）"))
            continue
        numbers = [d.letter_no for d in due if d.level == level and d.letter_no]
        due_ids = {id(d) for d in due}
        listed = tuple(d for d in rows if id(d) in due_ids or _overdue(d))
        plan.letters.append(PlannedLetter(contract, level, max(numbers) if numbers else None, tuple(due), listed,
                                          tuple(letter_key(d) for d in due)))  # fmt: skip
    return plan
