"""The 律师函 as a law firm writes it: one letter per contract matter, numbered by the firm, a later one
referring to the earlier ones.

- Which instalments a 律师函 covers: those approved (律师函审批人) or sent (律师函寄出日期). An overdue
  instalment of a contract in the lawyer's track that none covers is named for approval; once approved it
  goes out in the contract's next (follow-up) 律师函.
- The earlier 律师函 of a contract: the archive's (函件归档 rows at the approval level: date and 函件编号),
  and any 律师函寄出日期 the archive does not know of (then no number is claimed).
- The number: 律师函编号格式 (`〔{年}〕律函字第{序号}号`), the serial the next of that year after every
  number of that format the archive holds; drafts get none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from dunning.core.contracts import in_lawyer_track
from dunning.core.dates import chinese_date
from dunning.core.engine import Decision, is_deposit
from dunning.core.identity import Archived, archived_by_row, contract_id
from dunning.core.outcomes import Skipped, SkipReason, facts_of
from dunning.core.rules import Level, Rules, lawyer_deadline
from dunning.core.stages import IN_SUIT, LAWYER_PENDING, NOT_CHASED, PAUSED
from dunning.letters.statements import due_text, kind_of

DRAFT_NUMBER = "（草稿，编号待定）"


@dataclass(frozen=True)
class LawyerRecord:
    """What the archive says of earlier letters: each letter per instalment (with its day and 函件编号),
    and every 函件编号 it holds (whatever became of the letter's file)."""

    letters: Sequence[Archived] = ()
    numbers: Sequence[str] = ()


NO_RECORD = LawyerRecord()


@dataclass(frozen=True)
class EarlierLetter:
    """A 律师函 already sent for the contract."""

    sent: date
    number: str  # "" when the archive does not record it
    rows: tuple[Decision, ...]  # its instalments, as they stand today
    deadline: date  # its last day to pay (rules.lawyer_deadline from its tracked dates)


def chased_overdue(d: Decision) -> bool:
    """Overdue and still chased by ordinary letters: not settled, invalid, on hold or in the lawyer's track."""
    return d.stage not in NOT_CHASED | PAUSED and not in_lawyer_track(d) and (d.days_overdue or 0) > 0


def lawyer_matter(rows: Sequence[Decision]) -> bool:
    """The contract is in the lawyer's track (and not yet in suit): its overdue instalments go by 律师函."""
    return any(in_lawyer_track(d) for d in rows) and not any(d.stage == IN_SUIT for d in rows)


def uncovered(rows: Sequence[Decision]) -> list[Decision]:
    """The overdue instalments of a contract in the lawyer's track that no 律师函 covers (no 定金: owed only
    once handed over)."""
    if not lawyer_matter(rows):
        return []
    return [d for d in rows if chased_overdue(d) and not is_deposit(d.inst)]


def with_approved(rows: list[Decision], rules: Rules) -> list[Decision]:
    """The contract's rows with each uncovered instalment whose 律师函审批人 is filled at the approval
    level, its 律师函 due: it goes out in the contract's follow-up letter (and its sending sets 律师函寄出日期)."""
    level = rules.approval_level
    approved = {d.sheet_row for d in uncovered(rows) if d.inst.lawyer_approved_by}
    if level is None or not approved:
        return rows
    return [at_level(d, level) if d.sheet_row in approved else d for d in rows]


def at_level(d: Decision, level: Level) -> Decision:
    """The instalment as the 律师函 (`level`, the approval level) treats it: its letter due."""
    return d._replace(
        stage=level.code, stage_label=level.label, level=level, letter_due=True, letter_no=None,
        next_action=level.action, owner=level.owner,
    )  # fmt: skip


def to_approve(rows: Sequence[Decision]) -> list[Decision]:
    """The instalments of a contract to put before the vice-president: those awaiting approval at the
    lawyer's level and the uncovered overdue ones not approved yet (one 律师函 per contract matter)."""
    waiting = {d.sheet_row for d in rows if d.stage == LAWYER_PENDING}
    waiting |= {d.sheet_row for d in uncovered(rows) if not d.inst.lawyer_approved_by}
    return [d for d in rows if d.sheet_row in waiting]


def uncovered_skip(rows: Sequence[Decision]) -> Skipped | None:
    """The skip of a contract's overdue instalments no 律师函 covers and none approved (to be approved
    into the next 律师函)."""
    waiting = [d for d in uncovered(rows) if not d.inst.lawyer_approved_by]
    if not waiting:
        return None
    rows_ = tuple(d.sheet_row for d in waiting)
    return Skipped(
        SkipReason.NOT_IN_LAWYER_LETTER, rows[0].inst.contract_no, rows_, items=tuple(map(facts_of, waiting))
    )


def mentioned(rows: Sequence[Decision], listed: Iterable[Decision]) -> tuple[Decision, ...]:
    """The contract's other open instalments a 律师函 names without demanding: overdue ones no 律师函
    covers (awaiting approval, or still at a dunning level) and those falling due (their reminder window);
    never one on hold, settled, in suit, a 定金, or one an earlier 律师函 covers (that letter is named)."""
    shown = {d.sheet_row for d in listed}
    return tuple(
        d
        for d in rows
        if d.sheet_row not in shown
        and not is_deposit(d.inst)
        and (d.stage == LAWYER_PENDING or chased_overdue(d) or falling_due(d))
    )


def falling_due(d: Decision) -> bool:
    return d.stage not in NOT_CHASED and d.level is not None and d.level.before_due and (d.days_overdue or 0) <= 0


def earlier_letters(rows: Sequence[Decision], letters: Sequence[Archived], rules: Rules) -> tuple[EarlierLetter, ...]:
    """The 律师函 already sent for this contract, oldest first: the archive's at the approval level
    (grouped by day and number), then each 律师函寄出日期 of a row no archived 律师函 covers."""
    if not rows:
        return ()
    codes = rules.approval_codes
    contract = contract_id(rows[0].inst.contract_no)
    groups: dict[tuple[date | None, str], list[Archived]] = {}
    for entry in letters:
        if entry.contract == contract and entry.code in codes:
            groups.setdefault((entry.day, entry.reference), []).append(entry)
    by_row = {d.sheet_row: d for d in rows}
    found: list[EarlierLetter] = []
    covered: set[int] = set()
    for (day, number), entries in groups.items():
        owners = sorted(archived_by_row((d.inst for d in rows), entries))
        own = tuple(by_row[row] for row in owners)
        covered.update(owners)
        sent = min((d.inst.lawyer_letter_date for d in own if d.inst.lawyer_letter_date), default=day)
        if sent is None:
            continue
        found.append(_earlier(sent, number, own, rules))
    dated: dict[date, list[Decision]] = {}
    for d in rows:
        if d.inst.lawyer_letter_date is not None and d.sheet_row not in covered:
            dated.setdefault(d.inst.lawyer_letter_date, []).append(d)
    found += [_earlier(sent, "", tuple(own), rules) for sent, own in dated.items()]
    return tuple(sorted(found, key=lambda e: (e.sent, e.number)))


def _earlier(sent: date, number: str, rows: tuple[Decision, ...], rules: Rules) -> EarlierLetter:
    received = [d.inst.lawyer_received_date for d in rows if d.inst.lawyer_received_date]
    return EarlierLetter(sent, number, rows, lawyer_deadline(sent, rules, received=min(received, default=None)))


def earlier_text(letters: Sequence[EarlierLetter], *, as_of: date) -> str:
    """前次律师函: one sentence naming each earlier 律师函 by date (and number when the archive has it),
    what it was for, and whether its deadline has passed (届满 only once it has); "" when none."""
    clauses = []
    for index, letter in enumerate(letters):
        items = "、".join(f"应于{due_text(d)}支付的{kind_of(d)}" for d in letter.rows) or "购房款"
        head = "本所已于" if index == 0 else "又于"
        clause = f"{head}{chinese_date(letter.sent)}就您{items}向您发出{letter.number}律师函"
        if as_of > letter.deadline:
            still = any(d.outstanding > 0 for d in letter.rows)
            clause += f"，期限已于{chinese_date(letter.deadline)}届满" + ("，您至今仍未付清" if still else "")
        else:
            clause += f"，要求您于{chinese_date(letter.deadline)}（含当日）前付清"
        clauses.append(clause)
    return "；".join(clauses) + "。" if clauses else ""


_FIELD = re.compile(r"\{(年|序号)\}")


class Numbering:
    """The firm's numbers for one run: 律师函编号格式 with the letter's year and the next serial of that
    year after every number of that format the archive holds (a number once given is never reused)."""

    def __init__(self, pattern: str, numbers: Iterable[str], *, year: int) -> None:
        self.pattern, self.year = pattern, year
        parts = _FIELD.split(pattern)  # literal, field, literal, field, literal …
        self._regex = re.compile(
            "".join(
                re.escape(part) if i % 2 == 0 else ("(?P<year>\\d{4})" if part == "年" else "(?P<serial>\\d+)")
                for i, part in enumerate(parts)
            )
        )
        self.last = max((serial for text in numbers if (serial := self._serial(text)) is not None), default=0)

    def _serial(self, text: str) -> int | None:
        found = self._regex.fullmatch(text.strip())
        if found is None or ("year" in found.groupdict() and int(found["year"]) != self.year):
            return None
        return int(found["serial"])

    def take(self) -> str:
        """The next number, taken."""
        self.last += 1
        return self.pattern.replace("{年}", str(self.year)).replace("{序号}", str(self.last))
