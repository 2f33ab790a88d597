"""What a letter says, over generated team workbooks (tests/workbook_gen.py): each property reads one
`Run` — the workbook's spec (the truth), the board, the letters' plan and each planned letter's context
(what its template is filled with) — and checks it against the spec and the calendar, not against the code
under test.

To add a property: write `def prop_…(run: Run) -> None` asserting on the run, and decorate it with
`@prop`; it runs on its own examples and a failure names it. Examples are few (the letters are planned
and their contexts built, not rendered), so the module runs in seconds:

    HYPOTHESIS_PROFILE=long pytest tests/product/test_letter_properties.py   # 500 examples a property, not 25
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import workbook_gen as gen
from dunning.core.board import Board
from dunning.core.errors import DunningError
from dunning.jobs import RunOptions, board_of
from dunning.letters.context import build_context
from dunning.letters.plan import Plan, PlannedLetter, plan_letters
from dunning.sheets.reader import read_values
from workbook_gen import BookSpec

EXAMPLES = {"ci": 25, "long": 500}.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), 25)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
DEMAND_DAYS = 7  # 催告期限天数 (SPEC §4)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Run:
    spec: BookSpec
    board: Board
    plan: Plan
    letters: tuple[tuple[PlannedLetter, dict[str, object]], ...]  # each planned letter and its context

    @property
    def as_of(self) -> date:
        return self.spec.as_of

    def truth(self, sheet_row: int) -> gen.Instalment:
        return self.spec.data_rows()[sheet_row]


def run_of(spec: BookSpec, folder: Path) -> Run | None:
    """The workbook written, its board read, today's letters planned (nothing written); None when the
    whole workbook is refused with a message (acceptable: another module checks the message)."""
    path = gen.write_book(spec, folder / "合同台账.xlsx")
    try:
        board = board_of(read_values(path), RunOptions(as_of=spec.as_of))
    except DunningError:
        return None
    plan = plan_letters(board)
    contexts = tuple((letter, build_context(letter, board.rules, as_of=spec.as_of)) for letter in plan.letters)
    return Run(spec, board, plan, contexts)


@st.composite
def near_the_lawyers_track(draw: st.DrawFn) -> BookSpec:
    """Small workbooks where deadlines and the escalation meet: instalments up to 80 days overdue, up to 9
    letters sent, the last in the past ten days, the long-overdue ones sometimes approved for a 律师函;
    any as-of date (weekends and holidays included). Built with workbook_gen's own row helpers."""
    as_of = draw(st.dates(date(2025, 1, 1), gen.LATEST_AS_OF))
    rows = []
    for index in range(draw(st.integers(1, 3))):
        of = gen.contract(f"HT2026{index + 1:04d}", gen.CUSTOMERS[index])
        for kind in draw(st.lists(st.sampled_from(("首付款", "分期款", "尾款")), min_size=1, max_size=2, unique=True)):
            overdue = draw(st.integers(-5, 80) | st.integers(54, 66))  # often around the escalation (day 62)
            values: dict[str, object] = {}
            if overdue > 1 and draw(st.booleans()):
                values["letters_sent"] = draw(st.integers(1, 9))
                ago = draw(st.integers(0, 3) | st.integers(0, 10))
                values["last_letter"] = as_of - timedelta(days=min(ago, overdue - 1))
            if overdue > 62 and draw(st.booleans()):
                values["approver"] = gen.APPROVER
            amount = draw(st.integers(1_000, 900_000))
            rows.append(gen.instalment(of, kind, amount, as_of - timedelta(days=overdue), **values))
    return gen.book(as_of, *rows)


def _at_the_escalation() -> tuple[BookSpec, ...]:
    """Workbooks every run checks, on the sample's Friday 2026-11-20: the 9th letter two days before the
    escalation (its deadline was a Saturday); an approved 律师函 while the 9th letter's deadline runs; a
    letter row whose next letter would fall after its escalation."""
    friday, of = date(2026, 11, 20), gen.contract()
    return (
        gen.book(friday, gen.instalment(of, "尾款", 300000, date(2026, 9, 21), letters_sent=8,
                                        last_letter=date(2026, 11, 13))),
        gen.book(friday, gen.instalment(of, "尾款", 300000, date(2026, 9, 1), letters_sent=9,
                                        last_letter=date(2026, 11, 15), approver=gen.APPROVER)),
        gen.book(friday, gen.instalment(of, "尾款", 300000, date(2026, 9, 22), letters_sent=8, last_letter=friday)),
    )  # fmt: skip


WORKBOOKS = st.one_of(gen.books(), near_the_lawyers_track())
PROPERTIES: list[Callable[[Run], None]] = []


def prop(check: Callable[[Run], None]) -> Callable[[Run], None]:
    PROPERTIES.append(check)
    return check


# ---------------------------------------------------------------------------------------------
# The calendar, independently of the product: chinesecalendar's working days (the generated rules sheet
# lists no extra holidays), and the default ladder's escalation (SPEC §4: more than 2 calendar months).


def working_day_on_or_after(day: date) -> date:
    while not chinese_calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def stated_date(text: object) -> date:
    match = _DATE.fullmatch(str(text))
    assert match, f"not a date: {text!r}"
    return date(int(match[1]), int(match[2]), int(match[3]))


def demand_deadline(letter_date: date, run: Run) -> date:
    """The last day a dunning letter dated `letter_date` gives: 催告期限天数 on, moved to a working day."""
    del run  # the generated rules sheet leaves 催告期限天数 at SPEC's default
    return working_day_on_or_after(letter_date + timedelta(days=DEMAND_DAYS))


def escalation(due: date) -> date:
    return due + relativedelta(months=2) + timedelta(days=1)


# ---------------------------------------------------------------------------------------------
# Deadlines (issue 19: reasonable periods)


@prop
def prop_every_dunning_letter_gives_the_demand_period_to_a_working_day(run: Run) -> None:
    for letter, context in run.letters:
        if letter.level.before_due:
            continue
        deadline = stated_date(context["最后期限"])
        if letter.level.needs_approval:  # 律师函期限天数 from receipt, on a working day
            assert deadline >= run.as_of + timedelta(days=run.board.rules.params.lawyer_deadline_days), letter
        else:
            assert deadline == demand_deadline(run.as_of, run), (letter.contract_no, deadline)
        assert chinese_calendar.is_workday(deadline), (letter.contract_no, deadline)


@prop
def prop_a_reminder_goes_out_before_the_due_date_never_on_it(run: Run) -> None:
    for letter, context in run.letters:
        if letter.level.before_due:
            dues = [run.truth(d.sheet_row).due_date for d in letter.listed]
            assert dues and all(due > run.as_of for due in dues), (letter.contract_no, dues)
            assert stated_date(context["最后期限"]) == min(dues)


@prop
def prop_the_lawyers_letter_waits_for_the_last_letters_deadline(run: Run) -> None:
    """Never planned while the last 催款信's deadline runs; the board's row says when it may go."""
    planned = {d.sheet_row for letter in run.plan.letters if letter.level.needs_approval for d in letter.listed}
    for d in run.board.decisions:
        last = run.truth(d.sheet_row).last_letter
        if d.stage != "lawyer_letter" or last is None:
            continue
        running = run.as_of <= demand_deadline(last, run)
        assert not (running and d.sheet_row in planned), (d.sheet_row, last)
        if running:
            may_go = demand_deadline(last, run) + timedelta(days=1)
            assert d.action_due is not None and d.action_due >= may_go and not d.late, (d.sheet_row, d.why)
            assert f"{may_go.month}月{may_go.day}日起" in d.why, d.why


@prop
def prop_the_board_never_shows_a_letter_that_will_not_be_sent(run: Run) -> None:
    """A letter row waiting for its next letter: when the lawyer's track begins first, the board's next
    step is the escalation on that day, never the letter."""
    if run.board.rules.source != "默认":
        return
    for d in run.board.decisions:
        if d.stage != "letter" or d.letter_due or d.action_due is None:
            continue
        ladder = run.board.ladder.get(d.sheet_row)
        if ladder is not None and d.next_action != ladder.next_action:
            continue  # its contract gave it another action (lawyer's track, suit, first run): it shows no letter
        truth = run.truth(d.sheet_row)
        escalates = escalation(truth.due_date)
        assert d.action_due <= escalates, (d.sheet_row, d.action_due, escalates)
        if d.action_due == escalates:
            assert "律师函" in d.next_action and "下一封" not in d.why, (d.next_action, d.why)


@prop
def prop_a_letter_due_on_the_board_is_a_letter_of_the_run(run: Run) -> None:
    """The board's 今日发函 is what the letters job makes (issue 20): a row whose letter is due today is in
    one of the day's letters; a row of a contract in the lawyer's track is never a late ordinary letter."""
    planned = {d.sheet_row for letter in run.plan.letters for d in letter.due}
    planned |= {d.sheet_row for d in run.plan.withheld}  # a first run's: named by the run (the board does not know)
    track = {d.inst.contract_no for d in run.board.decisions if d.level is not None and d.level.needs_approval}
    track |= {d.inst.contract_no for d in run.board.decisions if d.stage in ("lawyer_pending", "lawyer_sent",
                                                                              "litigation", "in_suit")}  # fmt: skip
    for d in run.board.decisions:
        assert not d.letter_due or d.sheet_row in planned, (d.sheet_row, d.why, run.plan.skipped)
        if d.inst.contract_no in track and d.level is not None and not d.level.needs_approval:
            assert not d.late and ("律师函程序" in d.why or "起诉" in d.why), (d.sheet_row, d.why)


# ---------------------------------------------------------------------------------------------
# Every property above, each on its own generated workbooks (keep this last: it reads PROPERTIES)


def _examples(specs: tuple[BookSpec, ...]) -> Callable[[Callable[[BookSpec], None]], Callable[[BookSpec], None]]:
    def add(test: Callable[[BookSpec], None]) -> Callable[[BookSpec], None]:
        for spec in specs:
            test = example(spec)(test)
        return test

    return add


@pytest.mark.parametrize("check", PROPERTIES, ids=lambda check: check.__name__)
def test_property(check: Callable[[Run], None]) -> None:
    @SETTINGS
    @given(WORKBOOKS)
    @_examples(_at_the_escalation())
    def holds(spec: BookSpec) -> None:
        with tempfile.TemporaryDirectory() as folder:
            run = run_of(spec, Path(folder))
        if run is not None:
            check(run)

    holds()
