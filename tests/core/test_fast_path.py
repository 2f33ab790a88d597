"""`decide_many` is `decide` for every row, only faster: it works a schedule out once per distinct due date
and tracking (暂缓催收至, 已发催款信次数, 最近催款信日期, 律师函审批人/寄出日期/签收日期, and 函件归档's level of the
last letter) and copies it to the other rows with that key, recomputing only their money and problems.
Whatever the rows, the board must not be able to tell: every field of every row's Decision equals what
`decide` gives that row alone.

Two sources of rows, both decided under each preset (默认, 阶梯催收):

* instalments drawn directly: on each of a few due dates, rows for a first tracking profile (letters
  being sent, a lawyer's letter sent, or on hold) and for one profile per tracking value that differs
  from it in that value alone, so that rows differing in exactly one part of the memo's key always meet;
  each row with its own amount, payment, daily rate and problems; a few more rows of any sort (settled,
  invalid, missing their amount or due date);
* whole team workbooks from tests/workbook_gen.py, written to .xlsx and read back as the board reads them
  (`read_values` → `read_table` → the board's cross-row `check_rows`), plus twins of some rows that share
  their schedule but not their money, so that the memo is used.

Each path is given its own deep copy of the rows: `decide` may add a problem to a row and mark it invalid.
"""

from __future__ import annotations

import copy
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import workbook_gen as gen
from dunning.core.board import check_rows, read_table
from dunning.core.engine import Decision, decide, decide_many
from dunning.core.errors import CellProblem
from dunning.core.parse import Instalment
from dunning.core.rules import Rules, preset_rules
from dunning.sheets.reader import read_values, rules_of

PRESETS = ("默认", "阶梯催收")
RULES = {name: preset_rules(name) for name in PRESETS}
SHEET = "合同执行情况"
COMPARED = tuple(name for name in Decision._fields if name != "inst")  # `inst`: compared by its sheet row
TRACKING = ("hold_until", "letters_sent", "last_letter_date", "lawyer_approved_by", "lawyer_letter_date",
            "lawyer_received_date", "last_level")  # fmt: skip  # last_level: 函件归档's code of the last letter
CENT = Decimal("0.01")


def fast_and_slow(rows: list[Instalment], rules: Rules, as_of: date) -> tuple[list[Decision], list[Decision]]:
    fast = decide_many(copy.deepcopy(rows), rules, as_of=as_of)
    slow = [decide(inst, rules, as_of=as_of) for inst in copy.deepcopy(rows)]
    return fast, slow


def differences(fast: Decision, slow: Decision) -> dict[str, tuple[object, object]]:
    """Field → (fast path's value, slow path's value), for every field that differs."""
    diff = {name: (getattr(fast, name), getattr(slow, name)) for name in COMPARED
            if getattr(fast, name) != getattr(slow, name)}  # fmt: skip
    if fast.inst.sheet_row != slow.inst.sheet_row:
        diff["inst.sheet_row"] = (fast.inst.sheet_row, slow.inst.sheet_row)
    if fast.inst.invalid != slow.inst.invalid:  # what later readers of the row (letters, checks) see
        diff["inst.invalid"] = (fast.inst.invalid, slow.inst.invalid)
    return diff


def assert_same_decisions(rows: list[Instalment], rules: Rules, as_of: date) -> list[Decision]:
    """Returns the decisions (the slow path's)."""
    fast, slow = fast_and_slow(rows, rules, as_of)
    assert len(fast) == len(slow) == len(rows)
    for inst, f, s in zip(rows, fast, slow, strict=True):
        assert f.inst.sheet_row == inst.sheet_row, "decide_many changed the order of the rows"
        diff = differences(f, s)
        assert not diff, f"row {inst.sheet_row} ({s.stage}): fast path ≠ decide: {diff}\n  row: {inst}"
    return slow


def statistics(rows: list[Instalment], decisions: list[Decision]) -> None:
    """For `--hypothesis-show-statistics`: how many rows the memo can serve, and the stages seen."""
    open_rows = [d.inst for d in decisions if d.stage not in ("invalid", "settled")]
    shared = len(open_rows) - len({schedule_key(inst) for inst in open_rows})
    event(f"open rows sharing a schedule with an earlier row: {min(shared, 5)}{'+' if shared >= 5 else ''}")
    for stage in {d.stage for d in decisions}:
        event(f"stage {stage}")


def schedule_key(inst: Instalment) -> tuple[object, ...]:
    """The due date and every tracking value: rows equal in these share a schedule (statistics only)."""
    return (inst.due_date, *(getattr(inst, name) for name in TRACKING))


# ---------------------------------------------------------------------------------------------
# Instalments drawn directly


def offset(as_of: date, low: int, high: int) -> st.SearchStrategy[date]:
    return st.integers(low, high).map(lambda n: as_of + timedelta(days=n))


def sometimes(strategy: st.SearchStrategy[object], one_in: int) -> st.SearchStrategy[object]:
    """The strategy's value once in `one_in` draws, else None (a blank cell)."""
    return st.integers(1, one_in).flatmap(lambda n: strategy if n == 1 else st.none())


# days from the as-of date
DATE_SPANS = {"hold_until": (-10, 30), "last_letter_date": (-70, 3), "lawyer_letter_date": (-40, 3),
              "lawyer_received_date": (-40, 5)}  # fmt: skip
APPROVERS = ("", "刘总", "王副总")


def tracking_values(as_of: date, rules: Rules) -> dict[str, st.SearchStrategy[object]]:
    """What each tracking cell may hold, around the as-of date (some after it, as people type them)."""
    dates = {name: sometimes(offset(as_of, *span), 2) for name, span in DATE_SPANS.items()}
    return {**dates, "letters_sent": st.integers(0, 5), "lawyer_approved_by": st.sampled_from(APPROVERS),
            "last_level": st.sampled_from(last_levels(rules))}  # fmt: skip


def last_levels(rules: Rules) -> tuple[str, ...]:
    """函件归档's level code for a row's last letter: none, a letter level of the ladder, or a code the ladder
    no longer has (the rules changed since)."""
    return ("", *(level.code for _, level in rules.letter_levels), "letter_9")


@st.composite
def another_value(draw: st.DrawFn, name: str, value: object, as_of: date, rules: Rules) -> object:
    """A value of the tracking cell `name` other than `value`."""
    if name == "letters_sent":
        assert isinstance(value, int)
        return (value + draw(st.integers(1, 5))) % 6
    if name in ("lawyer_approved_by", "last_level"):
        choices = APPROVERS if name == "lawyer_approved_by" else last_levels(rules)
        return draw(st.sampled_from([choice for choice in choices if choice != value]))
    day = draw(offset(as_of, *DATE_SPANS[name]))
    return None if value is not None and (day == value or draw(st.booleans())) else day


@st.composite
def tracking_profiles(draw: st.DrawFn, as_of: date, rules: Rules) -> list[dict[str, object]]:
    """A first profile (letters being sent, a lawyer's letter sent, or on hold), then for each tracking
    value a profile that differs from it in that value alone, and sometimes one that differs in all."""
    values = tracking_values(as_of, rules)
    scenario = draw(st.sampled_from(("letters", "letters", "lawyer", "hold")))
    base = {name: draw(strategy) for name, strategy in values.items()}
    if scenario != "hold" and base["hold_until"] is not None:
        base["hold_until"] = draw(st.none() | offset(as_of, -30, -1))  # a hold that has ended
    if scenario == "letters":
        base["lawyer_letter_date"] = base["lawyer_received_date"] = None
        if draw(st.booleans()):  # some sent, the last one before (or, mistyped, after) the as-of date
            base["letters_sent"] = draw(st.integers(1, 5))
            base["last_letter_date"] = draw(offset(as_of, *DATE_SPANS["last_letter_date"]))
    elif scenario == "lawyer":
        base["lawyer_letter_date"] = draw(offset(as_of, -40, 3))
        base["lawyer_approved_by"] = draw(st.sampled_from(("刘总", "王副总")))
        if draw(st.booleans()):  # 签收 a few days after it was sent
            base["lawyer_received_date"] = base["lawyer_letter_date"] + timedelta(days=draw(st.integers(0, 8)))
    else:
        base["hold_until"] = draw(offset(as_of, 0, 30))
    profiles = [base] + [{**base, name: draw(another_value(name, base[name], as_of, rules))} for name in TRACKING]
    if draw(st.booleans()):
        profiles.append({name: draw(strategy) for name, strategy in values.items()})
    return profiles


@st.composite
def paid_amounts(draw: st.DrawFn, due: Decimal, *, owing: bool = False) -> Decimal:
    share = Decimal(draw(st.integers(1, 99))) / 100
    if owing or draw(st.integers(0, 2)):  # still owing: nothing, part, or all but a fen
        return draw(st.sampled_from((Decimal(0), (due * share).quantize(CENT), due - CENT)))
    # settled: paid in full, all but a fraction of a fen, or more than owed
    return draw(st.sampled_from((due, due - Decimal("0.004"), due + Decimal(draw(st.integers(1, 500_000))) / 100)))


RATES = (None, Decimal("0.0005"), Decimal("0.001"), Decimal("0.0003"), Decimal(0))
REMARKS = (  # problems that do not stop a row (an Excel error in a text cell, a duplicate, a missing date)
    ("备注", "#N/A", "Excel 错误"),
    ("合同编号", "HT1", "与第9行重复（合同编号+款项类型+约定付款日期）"),
    ("最近催款信日期", None, "已发催款信2次但没有日期：补填后才能排定下一封"),
)


@st.composite
def instalment_rows(draw: st.DrawFn, due: date, profile: dict[str, object], *, owing: bool) -> Instalment:
    """A row due on `due` with the tracking `profile`; unless it is `owing` (valid, not settled), it may be
    settled, invalid, or miss its amount or due date."""
    amount: Decimal | None = Decimal(draw(st.integers(1_000, 30_000_000))) / 100
    if draw(st.booleans()):
        amount = amount.quantize(Decimal(100))
    paid = draw(paid_amounts(amount, owing=owing))
    due_date: date | None = due
    if not owing and not draw(st.integers(0, 15)):
        amount, due_date = (None, due) if draw(st.booleans()) else (amount, None)
    inst = Instalment(0, contract_no=f"HT{draw(st.integers(1, 4))}", customer="林黛玉", amount_due=amount,
                      due_date=due_date, payment_kind=draw(st.sampled_from(gen.KINDS)), amount_paid=paid,
                      late_fee_rate=draw(st.sampled_from(RATES)), **profile)  # type: ignore[arg-type]  # fmt: skip
    remarks = draw(st.lists(st.sampled_from(REMARKS), max_size=2, unique=True))
    inst = inst.with_problems([CellProblem(SHEET, 0, column, value, reason) for column, value, reason in remarks])
    if not owing and not draw(st.integers(0, 8)):  # a cell the stage depends on could not be read
        inst = inst.with_problems([CellProblem(SHEET, 0, "已收金额", "见备注", "无法识别")], invalid=True)
    if due_date is None or amount is None:
        missing = "约定付款日期" if due_date is None else "应收金额"
        inst = inst.with_problems([CellProblem(SHEET, 0, missing, None, "缺少必填值")], invalid=True)
    return inst


@st.composite
def boards(draw: st.DrawFn) -> tuple[str, date, list[Instalment]]:
    """A rule preset, an as-of date, and rows: on every due date, a row still owing for every tracking
    profile (so that rows differing in one tracking value meet on one date) and a second one for the first
    profile (so that the memo serves it), then a few rows of any sort; shuffled, numbered from sheet row 2."""
    preset = draw(st.sampled_from(PRESETS))
    as_of = draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    # up to 150 days overdue: past 阶梯催收's 90-day lawyer's letter and 默认's 2 months; some not yet due
    offsets = draw(st.lists(st.integers(-150, 25), min_size=1, max_size=3, unique=True))
    dues = [as_of + timedelta(days=n) for n in offsets]
    profiles = draw(tracking_profiles(as_of, RULES[preset]))
    rows = [draw(instalment_rows(due, profile, owing=True)) for due in dues for profile in (profiles[0], *profiles)]
    for _ in range(draw(st.sampled_from(range(1, 8)))):
        rows.append(draw(instalment_rows(draw(st.sampled_from(dues)), draw(st.sampled_from(profiles)), owing=False)))
    rows = [
        inst._replace(sheet_row=number, problems=tuple(replace(p, row=number) for p in inst.problems))
        for number, inst in enumerate(draw(st.permutations(rows)), start=2)
    ]
    return preset, as_of, rows


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boards())
def test_fast_path_equals_decide_on_drawn_instalments(board: tuple[str, date, list[Instalment]]) -> None:
    preset, as_of, rows = board
    note(f"preset {preset}, as of {as_of}")
    statistics(rows, assert_same_decisions(rows, RULES[preset], as_of))


# ---------------------------------------------------------------------------------------------
# Whole workbooks from tests/workbook_gen.py, read as the board reads them


@st.composite
def twins(draw: st.DrawFn, rows: list[Instalment]) -> list[Instalment]:
    """Copies of some rows with their schedule but their own money: another amount paid, another rate."""
    made = []
    for index, inst in enumerate(rows):
        if inst.invalid or inst.amount_due is None or not draw(st.booleans()):
            continue
        made.append(inst._replace(sheet_row=1000 + index, amount_paid=draw(paid_amounts(inst.amount_due)),
                            late_fee_rate=draw(st.sampled_from(RATES))))  # fmt: skip
    return made


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(gen.books(), st.sampled_from(PRESETS), st.data())
def test_fast_path_equals_decide_on_generated_workbooks(spec: gen.BookSpec, preset: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        values = read_values(gen.write_book(spec, Path(tmp) / "合同台账.xlsx"))
    name, grid, header = values.data_table()
    rows = read_table(grid, sheet=name, epoch1904=values.epoch1904, header=header)
    rows = check_rows(rows, sheet=name, as_of=spec.as_of)  # the board's cross-row checks, before it decides
    rows += data.draw(twins(rows), label="twins")
    note(f"features: {sorted(spec.features)}; preset {preset}, as of {spec.as_of}")
    statistics(rows, assert_same_decisions(rows, rules_of(values, preset=preset), spec.as_of))


# ---------------------------------------------------------------------------------------------
# A discrepancy found: a row whose dates overflow the calendar, sharing its key with a row before it


def test_rows_whose_dates_overflow_get_their_own_problem() -> None:
    """A memo hit once copied the first row's 数据有误 without the overflow problem decide adds to each row
    (unreachable through the board, which stops dates 100 years away first; the fast path is right anyway)."""
    due = date(9999, 12, 31)  # the letter level begins the day after: past Python's last date
    rows = [Instalment(2, "HT1", "林黛玉", Decimal(100000), due), Instalment(3, "HT2", "薛宝钗", Decimal(50000), due)]
    assert_same_decisions(rows, RULES["默认"], due)
