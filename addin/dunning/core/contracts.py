"""What a contract's rows decide together: the board shows what the letters job will do for the contract.

Each row is decided alone (core.engine); a letter is made per contract (letters.plan), and some of a
contract's rows stop its letters. Those rules live here, once, for both the board and the plan:

* once any row is in the lawyer's track (`in_lawyer_track`: awaiting approval, approved, sent, past its
  deadline, in suit), the contract's other rows get no ordinary letter or reminder: their overdue ones
  are put before the vice-president with the 律师函 (an approved one goes out in the next 律师函), one
  falling due gets a phone call, and a contract in suit is followed with the suit;
* a row whose letter is due gets none while a row of its contract cannot be read (`not_to_dun`), while
  its rows contradict each other (`contract_problem`), for a 定金, without a template at its level, or,
  for a 律师函, without the law firm named in the rules.

`agree` rewrites those rows' next action, owner, date and why (their stage code stays SPEC §4's), never
no letter due, and never late where the tool itself refuses the letter (a row held up by the team's
data or rules keeps its letter's date): the board never tells staff to do what the tool will refuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from dunning.core.engine import Decision, decide, is_deposit
from dunning.core.identity import contract_id
from dunning.core.messages import conflict_text
from dunning.core.outcomes import Skipped, SkipReason, facts_of
from dunning.core.rules import Rules
from dunning.core.stages import DISPUTED, IN_SUIT, INVALID, LAWYER_PENDING, LAWYER_TRACK, PROMISED, STRUCTURAL
from dunning.core.why import overdue_text

MANAGER = STRUCTURAL[LAWYER_PENDING].owner  # 市场部经理: the approvals and the suit are the manager's
CLERK = STRUCTURAL[INVALID].owner  # 手续办理专员: the sheet's data
DEPOSIT_ACTION = "按合同约定处理定金"  # a 定金 is owed only once handed over: no 催款函 for it


def by_contract(decisions: Iterable[Decision]) -> dict[str, list[Decision]]:
    """Contract number → its rows, in sheet order (the letters and the reports decide per contract).
    Rows whose numbers differ only in case, width or spaces are one contract, named as its first row
    spells it."""
    contracts: dict[str, list[Decision]] = {}
    spelt: dict[str, str] = {}
    for d in decisions:
        name = spelt.setdefault(contract_id(d.inst.contract_no), d.inst.contract_no)
        contracts.setdefault(name, []).append(d)
    return contracts


def in_lawyer_track(d: Decision) -> bool:
    """Awaiting approval, approved (a level that needs approval), sent, past its deadline, or in suit."""
    return d.stage in LAWYER_TRACK or (d.level is not None and d.level.needs_approval)


def contract_conflict(rows: Sequence[Decision]) -> Skipped | None:
    """Why no letter can be addressed for this contract: rows that contradict each other (the customer's
    name, an instalment twice, a negative amount)."""
    contract = rows[0].inst.contract_no if rows else ""
    valid = [d for d in rows if d.stage != INVALID]
    names: dict[str, int] = {}
    for d in rows:  # an invalid row's customer counts too: it was typed against this contract
        if d.inst.customer or d.stage != INVALID:
            names.setdefault(d.inst.customer, d.sheet_row)
    if len(names) > 1:
        return Skipped(SkipReason.CUSTOMER_MISMATCH, contract, tuple(names.values()), detail=tuple(names))
    seen: dict[tuple[object, ...], int] = {}
    for d in valid:
        key = (d.inst.payment_kind, d.inst.due_date, d.inst.amount_due)
        if key in seen:
            return Skipped(SkipReason.DUPLICATE_INSTALMENT, contract, (seen[key], d.sheet_row))
        seen[key] = d.sheet_row
    for d in valid:
        if d.inst.amount_paid < 0 or (d.inst.amount_due or 0) < 0:
            return Skipped(SkipReason.NEGATIVE_AMOUNT, contract, (d.sheet_row,))
    return None


def contract_problem(rows: Sequence[Decision]) -> str | None:
    """`contract_conflict` as the board and the approval pack say it: `<what>：<what to do>`."""
    conflict = contract_conflict(rows)
    return conflict_text(conflict) if conflict else None


def unreadable_rows(rows: Sequence[Decision]) -> str:
    """`7、9`: the contract's rows that cannot be read ("" when none)."""
    return "、".join(str(d.sheet_row) for d in rows if d.stage == INVALID)


def not_to_dun(rows: Sequence[Decision], candidates: Sequence[Decision]) -> Skipped | None:
    """Why a contract gets no letter at all: an unreadable row (its amounts are unknown, so any total
    would be wrong), or only 定金 to demand (owed only once handed over; no 催款函 for it)."""
    contract = rows[0].inst.contract_no if rows else ""
    if unreadable := tuple(d.sheet_row for d in rows if d.stage == INVALID):
        return Skipped(SkipReason.UNREADABLE_ROWS, contract, unreadable)
    if all(is_deposit(d.inst) for d in candidates):
        return Skipped(SkipReason.DEPOSIT_ONLY, contract, tuple(d.sheet_row for d in candidates))
    return None


def paused(rows: Sequence[Decision], rules: Rules, *, as_of: date) -> list[Skipped]:
    """Why the collector's log (跟进记录) stops a contract's letters today: a dispute stops every letter of
    the contract; a promise kept open stops its instalment's (or, with a blank 款项类型, the contract's)
    ordinary letters. Reported for the rows whose letter the ladder alone would have made today."""
    contract = rows[0].inst.contract_no if rows else ""
    found: list[Skipped] = []
    would = [
        d
        for d in rows
        if d.letter_due
        or ((d.stage in (DISPUTED, PROMISED) or d.inst.unreachable_on) and _would_send(d, rules, as_of=as_of))
    ]
    if dispute := next((d for d in rows if d.stage == DISPUTED), None):
        if would:
            found.append(Skipped(SkipReason.DISPUTED, contract, tuple(d.sheet_row for d in would),
                                 items=tuple(map(facts_of, would)), day=dispute.inst.disputed_on))  # fmt: skip
        return found
    if lost := [d for d in would if d.inst.unreachable_on is not None and not d.letter_due and d.stage != PROMISED]:
        found.append(Skipped(SkipReason.UNREACHABLE, contract, tuple(d.sheet_row for d in lost),
                             items=tuple(map(facts_of, lost)), day=lost[0].inst.unreachable_on))  # fmt: skip
    for d in (d for d in would if d.stage == PROMISED):
        found.append(Skipped(SkipReason.PROMISED, contract, (d.sheet_row,), items=(facts_of(d),),
                             day=d.inst.promised_on, until=d.action_due, as_of=as_of))  # fmt: skip
    return found


def _would_send(d: Decision, rules: Rules, *, as_of: date) -> bool:
    """Whether the ladder alone (the log unread) makes this row's letter today."""
    bare = d.inst._replace(
        disputed_on=None, promised_on=None, promised_amount=None, broken_on=None, unreachable_on=None
    )
    return decide(bare, rules, as_of=as_of).letter_due


def agree(decisions: list[Decision], rules: Rules, *, as_of: date) -> tuple[list[Decision], dict[int, Decision]]:
    """The rows as the board shows them (in the same order), and each rewritten row as the ladder decided
    it, by sheet row (what the letters' plan works from)."""
    changed: dict[int, Decision] = {}
    for rows in by_contract(decisions).values():
        if not any(d.level is not None for d in rows):  # nothing on the ladder: nothing to hold back
            continue
        contract = _Contract(rows)
        for d in rows:
            shown = _with_contract(d, contract, rules, as_of=as_of)
            if shown is not d:
                changed[d.sheet_row] = shown
    if not changed:
        return decisions, {}
    ladder = {d.sheet_row: d for d in decisions if d.sheet_row in changed}
    return [changed.get(d.sheet_row, d) for d in decisions], ladder


class _Contract:
    """What a contract's rows say of each of them, worked out once (contract_problem when first asked)."""

    def __init__(self, rows: list[Decision]) -> None:
        self.rows = rows
        self.suit = next((r for r in rows if r.stage == IN_SUIT), None)
        self.dispute = next((r for r in rows if r.stage == DISPUTED), None)
        self.track = next((r for r in rows if in_lawyer_track(r)), None)
        self.unreadable = unreadable_rows(rows)
        self._problem: list[str | None] = []

    @property
    def problem(self) -> str | None:
        if not self._problem:
            self._problem.append(contract_problem(self.rows))
        return self._problem[0]


def _with_contract(d: Decision, contract: _Contract, rules: Rules, *, as_of: date) -> Decision:
    if d.level is None or d.stage in LAWYER_TRACK:
        return d
    if (dispute := contract.dispute) is not None:  # no letter of any kind while the customer disputes
        return _held(d, f"客户有异议（第{dispute.sheet_row}行），本合同暂停发函", "待异议解决后再发函", MANAGER)
    if not in_lawyer_track(d):
        if (suit := contract.suit) is not None:
            return _held(d, f"合同已起诉（第{suit.sheet_row}行），不再寄普通催款函/提醒函", "随诉讼一并跟进", MANAGER)
        if contract.track is not None:
            d = _in_lawyer_matter(d, contract.track, rules, as_of=as_of)
    if not d.letter_due:
        return d
    return _blocked(d, contract, rules) or d


def _in_lawyer_matter(d: Decision, track: Decision, rules: Rules, *, as_of: date) -> Decision:
    """A row still on the ordinary ladder of a contract in the lawyer's track (`track`, its first such row)."""
    where = f"合同已进入律师函程序（第{track.sheet_row}行）"
    level, approval = d.level, rules.approval_level
    assert level is not None
    if is_deposit(d.inst):
        return _held(d, f"{where}；定金不发催款函", DEPOSIT_ACTION, d.owner)
    if level.before_due:
        held = _held(d, f"{where}，不寄提醒函", "电话提醒客户按时付款（不寄提醒函）", level.owner or d.owner)
        return held._replace(action_due=d.action_due)
    if approval is not None and d.inst.lawyer_approved_by and (d.days_overdue or 0) > 0:
        why = f"{overdue_text(d)}；{where}，{approval.label}已由{d.inst.lawyer_approved_by}审批：随后续{approval.label}寄出"
        return d._replace(next_action=f"随后续{approval.label}寄出", owner=approval.owner or d.owner, action_due=as_of,
                          late=False, letter_due=True, why=why)  # fmt: skip
    held = _held(d, f"{where}，本期不再寄普通催款函", "律师函审批时一并报批", MANAGER)
    return held._replace(action_due=max(track.action_due or as_of, as_of))  # with the contract's, never past


def _blocked(d: Decision, contract: _Contract, rules: Rules) -> Decision | None:
    """A row whose letter is due today but will not be made: why, and who clears the way (None: it will).
    The letter's date stays (late once passed): the way is the team's to clear, the data or the rules."""
    level = d.level
    assert level is not None
    if is_deposit(d.inst):  # never: no date to keep
        return _held(d, "定金不发催款函", DEPOSIT_ACTION, d.owner)
    if unreadable := contract.unreadable:
        return _waits(d, f"同一合同第{unreadable}行数据有误，本合同暂不发函", f"修正第{unreadable}行后再发函", CLERK)
    if problem := contract.problem:
        return _waits(d, problem.rsplit("：", 1)[0], problem.rsplit("：", 1)[-1], CLERK)
    rules_lack = (
        f"「催款规则」中「{level.label}」的 函件模板 为空" if not level.template
        else "「催款规则」中没有律师事务所" if level.needs_approval and not rules.params.law_firm
        else ""
    )  # fmt: skip
    if rules_lack:  # the action stays the level's: the rules sheet is filled in, then the letter goes
        return d._replace(letter_due=False, why=f"{d.why}；{rules_lack}，暂不能生成{level.label}：请先填写")
    return None


def _waits(d: Decision, reason: str, action: str, owner: str) -> Decision:
    """The row's letter held up until `action` is done: its date kept (`，已延误` once passed)."""
    late = "，已延误" if d.late else ""
    why = f"{overdue_text(d)}；{reason}：{action}{late}"
    return d._replace(next_action=action, owner=owner, letter_due=False, why=why)


def _held(d: Decision, reason: str, action: str, owner: str) -> Decision:
    """The row with no letter due, never late (the tool refuses its letter): `逾期20天；<reason>：<action>`."""
    why = f"{overdue_text(d)}；{reason}：{action}"
    return d._replace(next_action=action, owner=owner, action_due=None, late=False, letter_due=False, why=why)
