"""The first run on a team's own sheet: the workbook records no letter yet (no 函件归档, or an empty
one, and not one tracking value: 已发催款信次数, 最近催款信日期 and 律师函寄出日期 blank on every row).

The sheet then cannot say whether the customers long overdue were sent letters before the product
(by hand, from another file). A 第1次 letter to a customer who had two already contradicts them, so an
ordinary dunning letter is withheld for an instalment overdue longer than the first letter's window
plus one interval — until its 已发催款信次数 / 最近催款信日期 are filled (the next run is then no first
run), or she confirms none were sent (`--no-prior-letters`; the button asks once).

The bound, per instalment: the ladder's first dunning-letter level's start (from its due date), plus
首封催款信天数 (the window the first letter goes out in), plus that level's repeat interval, or
催款信间隔天数 when it repeats at no interval (a graded ladder). With the default rules: more than
3 + 7 = 10 days overdue. Reminders (before the due date) and an approved 律师函 (someone signed for it
in 律师函审批人) are not withheld: neither claims to be the first letter of a chase.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dunning.core.contracts import by_contract
from dunning.core.engine import Decision
from dunning.core.identity import Archived, archived_by_row, contract_id
from dunning.core.messages import withheld_text
from dunning.core.outcomes import Skipped, SkipReason
from dunning.core.rules import Rules, level_start
from dunning.core.stages import Kind
from dunning.core.why import overdue_text

if TYPE_CHECKING:
    from dunning.core.board import Board


def _tracked(d: Decision) -> bool:
    return bool(d.inst.letters_sent or d.inst.last_letter_date or d.inst.lawyer_letter_date)


def is_first_run(board: Board, *, archived_any: bool) -> bool:
    """No letter in the archive and no tracking value on any row."""
    return not archived_any and not any(_tracked(d) for d in board.decisions)


def history_start(board: Board, archived: Mapping[str, Sequence[Archived]]) -> date | None:
    """The day the workbook's letter history starts, when only this product has recorded letters: the
    archive's first 基准日 (the as-of date when there is none). None once any row's tracking values
    were typed by hand (a row the archive has no letter for): the sheet then keeps its own history.

    After a first run whose long-overdue rows were withheld, the archive and the tracking columns hold
    only the letters made since: those rows are still unknown, and stay withheld on the next runs."""
    tracked = [d for d in board.decisions if _tracked(d)]
    tracked_by: dict[str, list[Decision]] = {}  # by contract_id, as the archive's letters are
    for d in tracked:
        tracked_by.setdefault(contract_id(d.inst.contract_no), []).append(d)
    for contract, rows in tracked_by.items():
        found = archived_by_row((d.inst for d in rows), archived.get(contract, ()))
        if any(d.sheet_row not in found for d in rows):
            return None
    days = [e.day for entries in archived.values() for e in entries if e.day is not None]
    return min([*days, board.as_of])


def history_bound(rules: Rules, due: date) -> date | None:
    """The last day an instalment due on `due` can be on its first letter without one having been due
    before: the first letter level's start + 首封催款信天数 − 1 + the interval. None without letter levels."""
    if not rules.letter_levels:
        return None
    _, level = rules.letter_levels[0]
    start = level_start(level, due=due, last_letter=None, calendar=rules.calendar)
    if start is None:
        return None
    interval = level.repeat_days or rules.params.letter_interval_days
    return start + timedelta(days=rules.params.first_letter_days - 1 + interval)


def unrecorded(d: Decision, rules: Rules, *, as_of: date) -> bool:
    """A dunning letter due on an instalment already overdue past `history_bound` on `as_of` (the day
    its history starts), none recorded for it."""
    level, due = d.level, d.inst.due_date
    if not d.letter_due or level is None or level.kind is not Kind.LETTER or due is None:
        return False
    if d.inst.letters_sent or d.inst.last_letter_date:
        return False
    bound = history_bound(rules, due)
    return bound is not None and as_of > bound


def hold_back(candidates: Sequence[Decision], board: Board, *, start: date) -> tuple[list[Decision], list[Decision]]:
    """(the letters still to make, the rows withheld): those already long overdue on `start` (the day
    the history starts). When a contract has a withheld row its other dunning letters wait with it (the
    letter would list the long-overdue instalment as its 第1次); its reminders go out."""
    withheld = [d for d in candidates if unrecorded(d, board.rules, as_of=start)]
    if not withheld:
        return list(candidates), []
    kept = [d for d in candidates if d.level is not None and d.level.before_due]
    held = {d.sheet_row for d in withheld} | {d.sheet_row for d in kept}
    return kept, withheld + [d for d in candidates if d.sheet_row not in held]


def days_bound(rules: Rules) -> int:
    """The bound in days overdue with the default shape (a level starting on the first overdue day)."""
    interval = rules.params.letter_interval_days
    if rules.letter_levels:
        interval = rules.letter_levels[0][1].repeat_days or interval
    return rules.params.first_letter_days + interval


def withheld_skip(contract: str, rows: Sequence[Decision], board: Board, *, start: date) -> Skipped:
    """The contract's withheld rows: those long overdue, and the letters waiting with them."""
    long = {d.sheet_row for d in rows if unrecorded(d, board.rules, as_of=start)}
    shown = tuple(sorted({d.sheet_row for d in rows}))
    also = tuple(row for row in shown if row not in long)
    return Skipped(SkipReason.WITHHELD_FIRST_RUN, contract, shown, number=days_bound(board.rules), also=also)


def rows_text(rows: Sequence[Decision]) -> str:
    return "、".join(str(row) for row in sorted({d.sheet_row for d in rows}))


def hold_on_board(decisions: list[Decision], rules: Rules, *, as_of: date) -> dict[int, Decision]:
    """A first run's board: each row whose letter the run withholds (and the other dunning letters of its
    contract, which wait with it) shows why and what to do, with no letter due and never late; by sheet
    row. The letters' plan decides from the rows as the ladder left them (`Board.ladder`)."""
    held: dict[int, Decision] = {}
    for rows in by_contract(decisions).values():
        long = [d for d in rows if unrecorded(d, rules, as_of=as_of)]
        if not long:
            continue
        waiting = [d for d in rows if d.letter_due and d.level is not None and d.level.kind is Kind.LETTER]
        reason = _reason(long, waiting, rules)
        for d in waiting:
            why = f"{overdue_text(d)}；{reason}"
            held[d.sheet_row] = d._replace(
                next_action=HELD_ACTION, action_due=None, late=False, letter_due=False, why=why
            )
    return held


HELD_ACTION = "补填催款记录，或确认从未寄过"


def _reason(long: Sequence[Decision], waiting: Sequence[Decision], rules: Rules) -> str:
    others = [d for d in waiting if d not in long]
    return withheld_text(_sorted(long), _sorted(others), days=days_bound(rules))


def _sorted(rows: Sequence[Decision]) -> tuple[int, ...]:
    return tuple(sorted({d.sheet_row for d in rows}))
