"""Which letters to make today: one coherent letter per contract, decided at contract level (as a
dunning run does: the notice's level is the highest of its items).

- Reminders go once per instalment; dunning letters only when due (the first in its window, then at
  the interval); nothing for settled, on-hold, not-due, lawyer-sent, litigation or invalid rows
  (litigation is reported for escalation).
- Once any instalment of a contract is in the lawyer's track (awaiting approval, approved, sent,
  litigation, in suit: 起诉日期 filled), the contract gets no ordinary letter or reminder: a friendly
  letter beside a lawyer's letter or a suit contradicts it. Its rows that would have had one are reported. A lawyer's letter lists only
  the approved instalments it is for, and only once the rules sheet names the law firm.
- An ordinary letter lists its due rows and every other overdue instalment still in the ordinary track;
  an instalment on hold (an agreed deferral) is never listed or demanded.
- A contract whose rows disagree on the customer, repeat an instalment, or show a negative payment gets
  no letter: the reason names the rows.

A letter already in the archive (same contract, instalment, level and letter number) is not made
again, so pressing the button twice on one day makes nothing new; the contract is compared however it
is spelt and the instalment survives a retyped 款项类型 (core.identity).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from dunning.core.board import Board
from dunning.core.contracts import by_contract, contract_conflict, in_lawyer_track, not_to_dun, paused
from dunning.core.engine import Decision, is_deposit
from dunning.core.first_run import history_start, hold_back, is_first_run, withheld_skip
from dunning.core.identity import Archived, archived_by_row, contract_id, instalment_key, parse_key
from dunning.core.outcomes import Skipped, SkipReason, facts_of
from dunning.core.rules import Level, demand_running
from dunning.core.stages import IN_SUIT, INVALID, LAWYER_PENDING, LITIGATION
from dunning.letters.lawyer import (
    NO_RECORD,
    EarlierLetter,
    LawyerRecord,
    Numbering,
    at_level,
    chased_overdue,
    earlier_letters,
    mentioned,
    to_approve,
    uncovered_skip,
    with_approved,
)
from dunning.letters.statements import earlier_notices


@dataclass(frozen=True)
class PlannedLetter:
    contract_no: str
    level: Level
    letter_no: int | None
    due: tuple[Decision, ...]  # the rows whose letter is due: their tracking moves on
    listed: tuple[Decision, ...]  # the instalments the letter demands (its table and totals)
    keys: tuple[str, ...]  # one per due row, for the archive
    mentioned: tuple[Decision, ...] = ()  # the contract's other instalments the letter names but does not demand
    number: str | None = None  # a 律师函's number from the firm's format (None: a draft, or another letter)
    earlier: tuple[EarlierLetter, ...] = ()  # the contract's 律师函 sent before this one
    notices: tuple[date, ...] = ()  # dates of the archive's earlier dunning letters for the listed instalments

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

    @property
    def reference(self) -> str:
        """函件编号 (the archive's): a 律师函's number; a dunning letter's <合同编号>-<第几次>, as its heading
        prints it; a reminder prints none."""
        if self.level.needs_approval or self.level.before_due:
            return self.number or ""
        return f"{self.contract_no}-{self.letter_no or 1}"


@dataclass
class Plan:
    letters: list[PlannedLetter] = field(default_factory=list)
    pending_approval: list[str] = field(default_factory=list)
    escalations: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # why no letter, as data (core.messages words it)
    first_run: bool = False  # the workbook records no letter yet (letters.first_run)
    withheld: list[Decision] = field(default_factory=list)  # long overdue, no letter history: not made
    confirmed: list[Decision] = field(default_factory=list)  # the same, made as 第1次 (--no-prior-letters)


def letter_key(d: Decision) -> str:
    """Contract + instalment + level + letter number: what makes a letter the same letter."""
    code, number = _letter_id(d)
    return f"{instalment_key(d.inst)}|{code}|{number}"


def _letter_id(d: Decision) -> tuple[str, int]:
    return (d.level.code if d.level else d.stage), d.letter_no or 0


def _archived_for(rows: list[Decision], archived: dict[str, list[Archived]]) -> dict[int, set[tuple[str, int]]]:
    """Sheet row → (level, letter number) of each archived letter of its instalment (core.identity: the
    contract however spelt, the due date; a retyped 款项类型 is the same instalment)."""
    entries = archived.get(contract_id(rows[0].inst.contract_no), [])
    found = archived_by_row((d.inst for d in rows), entries)
    return {row: {(e.code, e.number) for e in letters} for row, letters in found.items()}


def _demanded(rows: list[Decision], due_rows: set[int], level: Level) -> tuple[tuple[Decision, ...], ...]:
    """(demanded, mentioned). A lawyer's letter demands only the approved instalments it is for and names
    the contract's other open ones (`lawyer.mentioned`). A dunning letter demands every overdue instalment still chased by ordinary letters and names those
    whose reminder falls due with it as falling due, never as owed. A reminder demands the instalments
    falling due and names the overdue ones still owed."""
    if level.needs_approval:
        listed = tuple(d for d in rows if d.sheet_row in due_rows)
        return listed, mentioned(rows, listed)
    chased = [d for d in rows if d.sheet_row in due_rows or chased_overdue(d)]
    reminders = tuple(d for d in chased if d.sheet_row in due_rows and d.level is not None and d.level.before_due)
    reminder_rows = {d.sheet_row for d in reminders}
    others = tuple(d for d in chased if d.sheet_row not in reminder_rows)
    return (reminders, others) if level.before_due else (others, reminders)


def _without_template(contract: str, due: list[Decision], order: dict[str, int]) -> Skipped | None:
    """Why no letter can be made when the level the letter would be at has no 函件模板."""
    top = max(due, key=lambda d: order[d.level.code])  # type: ignore[union-attr]
    level = top.level
    if level is None or level.template:
        return None
    return Skipped(SkipReason.NO_TEMPLATE, contract, (top.sheet_row,), level=level.label)


def _lawyer_waiting(contract: str, rows: list[Decision], board: Board) -> list[Skipped]:
    """Approved lawyer's letters not made today: the last dunning letter's time to pay still runs
    (core.rules.demand_running; the board's why says the same, core.why.lawyer_waits)."""
    reasons = []
    for d in rows:
        if d.letter_due or d.level is None or not d.level.needs_approval or not d.inst.lawyer_approved_by:
            continue
        running = demand_running(d.inst.last_letter_date, board.rules, as_of=board.as_of)
        if running is not None:
            reasons.append(
                Skipped(SkipReason.LAWYER_WAITS, contract, (d.sheet_row,), d.level.label, (facts_of(d),),
                        number=d.inst.letters_sent or None, until=running, as_of=board.as_of)
            )  # fmt: skip
    return reasons


def plan_letters(
    board: Board,
    *,
    archived: Iterable[str | Archived] = frozenset(),
    record: LawyerRecord = NO_RECORD,
    no_prior_letters: bool = False,
) -> Plan:
    """The letters of the as-of date. `archived`: the archive's letters (sheets.archive.archived_letters,
    with the day each was made) or their keys (幂等键) alone. `record`: the archive's earlier letters and
    numbers, for a 律师函's reference to the contract's earlier ones and its number (given here: recorded
    only when archived). On a first run (letters.first_run) the long-overdue rows get no dunning letter
    unless `no_prior_letters` (she confirmed none were sent)."""
    plan = Plan()
    order = {level.code: i for i, level in enumerate(board.rules.levels)}
    by_id: dict[str, list[Archived]] = {}
    for item in archived:
        if (entry := parse_key(item) if isinstance(item, str) else item) is not None:
            by_id.setdefault(entry.contract, []).append(entry)
    plan.first_run = is_first_run(board, archived_any=bool(by_id))
    start = history_start(board, by_id)  # None: the sheet keeps its own letter history
    numbering = Numbering(board.rules.params.lawyer_number_format, record.numbers, year=board.as_of.year)
    for contract, rows in by_contract(board.as_decided(board.decisions)).items():
        rows = with_approved(rows, board.rules)
        sent = _archived_for(rows, by_id)
        letter = _contract_letter(
            board, plan, contract, rows, order=order, sent=sent, start=start, confirmed=no_prior_letters
        )
        if letter is None:
            continue
        notices = earlier_notices(rows, letter.listed, by_id.get(contract_id(contract), []), as_of=board.as_of)
        letter = replace(letter, notices=notices)
        if letter.level.needs_approval:
            earlier = earlier_letters(rows, record.letters, board.rules)
            letter = replace(letter, number=numbering.take(), earlier=earlier)
        plan.letters.append(letter)
    return plan


def _contract_letter(
    board: Board,
    plan: Plan,
    contract: str,
    rows: list[Decision],
    *,
    order: dict[str, int],
    sent: dict[int, set[tuple[str, int]]],
    start: date | None,
    confirmed: bool,
) -> PlannedLetter | None:
    """The contract's letter of the day, if any; what is reported about it goes into `plan`."""
    waiting = uncovered_skip(rows)
    if any(d.stage == LAWYER_PENDING for d in rows) or waiting:
        plan.pending_approval.append(contract)
    if any(d.stage == LITIGATION for d in rows):
        plan.escalations.append(contract)
    for d in rows:
        if d.stage == INVALID:
            plan.skipped.append(Skipped(SkipReason.INVALID_ROW, contract, (d.sheet_row,), detail=tuple(d.problems)))
    if waiting:
        plan.skipped.append(replace(waiting, contract=contract))
    plan.skipped.extend(_lawyer_waiting(contract, rows, board))
    if stopped := paused(rows, board.rules, as_of=board.as_of):  # the collector's log: disputes, promises
        plan.skipped.extend(stopped)
        if any(s.reason is SkipReason.DISPUTED for s in stopped):
            return None
    candidates = [d for d in rows if d.letter_due and d.level is not None]
    if not candidates:
        return None
    if skip := not_to_dun(rows, candidates):
        plan.skipped.append(replace(skip, contract=contract))
        return None
    candidates = [d for d in candidates if not is_deposit(d.inst)]  # a 定金 is never demanded by letter
    blank = _without_template(contract, candidates, order)
    if blank:
        plan.skipped.append(blank)
        return None
    candidates = [d for d in candidates if d.level is not None and d.level.template]
    problem = contract_conflict(rows)
    if problem:
        plan.skipped.append(replace(problem, contract=contract))
        return None
    if any(in_lawyer_track(d) for d in rows):
        ordinary = [d for d in candidates if not in_lawyer_track(d)]
        if reason := _no_ordinary_letter(contract, rows, ordinary):
            plan.skipped.append(reason)
        candidates = [d for d in candidates if in_lawyer_track(d)]
    if start is not None:
        candidates = _first_run(board, plan, contract, candidates, start=start, confirmed=confirmed)
    due = [d for d in candidates if _letter_id(d) not in sent.get(d.sheet_row, ())]
    if not due:
        if candidates:
            made = tuple(d.sheet_row for d in candidates)
            plan.skipped.append(Skipped(SkipReason.ALREADY_MADE, contract, made))
        return None
    top = max(due, key=lambda d: order[d.level.code])  # type: ignore[union-attr]
    level = top.level
    assert level is not None
    if level.needs_approval and not board.rules.params.law_firm:
        plan.skipped.append(Skipped(SkipReason.NO_LAW_FIRM, contract, tuple(d.sheet_row for d in due), level.label))
        return None
    numbers = [d.letter_no for d in due if d.level == level and d.letter_no]
    due_rows = {d.sheet_row for d in due}  # a row's number is its key: one decision per sheet row
    listed, others = _demanded(rows, due_rows, level)
    keys = tuple(letter_key(d) for d in due)
    return PlannedLetter(contract, level, max(numbers) if numbers else None, tuple(due), listed, keys, others)


def _first_run(
    board: Board, plan: Plan, contract: str, candidates: list[Decision], *, start: date, confirmed: bool
) -> list[Decision]:
    """A first run's letters (letters.first_run): the rows long overdue when the history starts withheld
    and reported, or, when she confirmed no letter went out before, made as 第1次 and counted for the log."""
    kept, withheld = hold_back(candidates, board, start=start)
    if not withheld:
        return candidates
    if confirmed:
        plan.confirmed.extend(withheld)
        return candidates
    plan.withheld.extend(withheld)
    plan.skipped.append(withheld_skip(contract, withheld, board, start=start))  # the board says it too
    return kept


def _no_ordinary_letter(contract: str, rows: list[Decision], ordinary: list[Decision]) -> Skipped | None:
    """Why a contract in the lawyer's track (or in suit) gets none of its ordinary letters: an overdue
    instalment is reported by `lawyer.uncovered_skip` (to be approved into the next 律师函); one falling
    due gets no reminder beside a 律师函 (the 律师函 names it); in suit, the suit follows the rest."""
    if not ordinary:
        return None
    if any(d.stage == IN_SUIT for d in rows):
        reason, named = SkipReason.IN_SUIT, ordinary
    else:
        reason, named = SkipReason.NO_REMINDER_IN_LAWYER_TRACK, [d for d in ordinary if d.level and d.level.before_due]
    if not named:
        return None
    return Skipped(reason, contract, tuple(d.sheet_row for d in named), items=tuple(map(facts_of, named)))


def lawyer_draft(board: Board, contract: str, record: LawyerRecord = NO_RECORD) -> PlannedLetter | None:
    """The draft 律师函 of a contract for the approval pack: every instalment to approve (`to_approve`),
    the contract's other open ones named, its earlier 律师函 referred to, no number (it is given only when
    the letter is made). None when nothing awaits approval or the rules have no lawyer's level."""
    level = board.rules.approval_level
    rows = next(
        (found for name, found in by_contract(board.as_decided(board.decisions)).items() if name == contract), []
    )
    listed = tuple(at_level(d, level) for d in to_approve(rows)) if level is not None else ()
    if level is None or not listed:
        return None
    return PlannedLetter(
        contract, level, None, listed, listed, (), mentioned(rows, listed),
        earlier=earlier_letters(rows, record.letters, board.rules),
    )  # fmt: skip
