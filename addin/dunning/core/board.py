"""The whole board: every data row of the table decided, in sheet order, with the checks that
look across rows (the same instalment twice) and the notes the board shows once."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from dunning.core.engine import Decision, decide_many
from dunning.core.errors import CellProblem, DunningError
from dunning.core.fields import BY_KEY
from dunning.core.money import cents_text
from dunning.core.parse import Instalment, instalment_key, parse_rows
from dunning.core.rules import Rules
from dunning.core.table import Header, data_rows, find_header

FAR_YEARS = 10
FAR_DAYS = 3652  # ten years of calendar days, leap days included
CENTURY_DAYS = 36525
DATE_KEYS = ("due_date", "hold_until", "last_letter_date", "lawyer_letter_date", "lawyer_received_date")
# the as-of dates whose rows' dates (within a century) keep every calendar sum inside Python's dates
FIRST_AS_OF, LAST_AS_OF = date(1901, 1, 1), date(9898, 12, 31)


@dataclass
class Board:
    as_of: date
    rules: Rules
    sheet: str
    decisions: list[Decision]
    notes: list[str] = field(default_factory=list)


def by_contract(decisions: Iterable[Decision]) -> dict[str, list[Decision]]:
    """Contract number → its rows, in sheet order (the letters and the reports decide per contract)."""
    contracts: dict[str, list[Decision]] = {}
    for d in decisions:
        contracts.setdefault(d.inst.contract_no, []).append(d)
    return contracts


def compute_board(
    rows: Sequence[Sequence[object]],
    rules: Rules,
    *,
    as_of: date,
    sheet: str,
    first_row: int = 1,
    epoch1904: bool = False,
    header: Header | None = None,
    last_levels: Mapping[tuple[str, int], str] | None = None,
) -> Board:
    """Rows as read from the sheet (values as Excel holds them) → the board. `last_levels` (from 函件归档:
    (instalment key, letter number) → ladder code) says which level each row's last letter was."""
    header = header or find_header(rows, sheet=sheet, first_row=first_row)
    instalments = read_table(rows, sheet=sheet, first_row=first_row, epoch1904=epoch1904, header=header)
    if last_levels:
        instalments = [_with_last_level(inst, last_levels) for inst in instalments]
    headers = {key: text for key, (_, text) in header.columns.items()}
    return decide_table(instalments, rules, as_of=as_of, sheet=sheet, headers=headers)


def _with_last_level(inst: Instalment, last_levels: Mapping[tuple[str, int], str]) -> Instalment:
    code = last_levels.get((instalment_key(inst), inst.letters_sent)) if inst.letters_sent else None
    return inst._replace(last_level=code) if code else inst


def read_table(
    rows: Sequence[Sequence[object]],
    *,
    sheet: str,
    first_row: int = 1,
    epoch1904: bool = False,
    header: Header | None = None,
) -> list[Instalment]:
    """The typed values of the table's data rows → instalments (cells that cannot be read named)."""
    header = header or find_header(rows, sheet=sheet, first_row=first_row)
    with _collector_paused():
        numbered = list(data_rows(rows, header, first_row=first_row))
        return parse_rows(numbered, header.columns, sheet=sheet, epoch1904=epoch1904)


def decide_table(
    instalments: list[Instalment], rules: Rules, *, as_of: date, sheet: str, headers: Mapping[str, str] | None = None
) -> Board:
    """The rules applied to every instalment, with the checks that look across rows."""
    if not FIRST_AS_OF <= as_of <= LAST_AS_OF:
        raise DunningError(f"基准日 {as_of.isoformat()} 超出可计算的范围（{FIRST_AS_OF.year}–{LAST_AS_OF.year}年）")
    with _collector_paused():
        checked = check_rows(instalments, sheet=sheet, as_of=as_of, headers=headers)
        decisions = decide_many(checked, rules, as_of=as_of)
    notes = [note] if (note := rules.calendar.coverage_note()) else []
    return Board(as_of, rules, sheet, decisions, notes)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the board is built: it makes hundreds of thousands of
    acyclic objects, and each automatic pass would rescan every cell value read (2–3× the time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_rows(
    instalments: list[Instalment], *, sheet: str, as_of: date, headers: Mapping[str, str] | None = None
) -> list[Instalment]:
    """Data-quality problems that do not stop a row, tracking that contradicts itself, and dates so
    far from the as-of date that they can only be typing mistakes (those stop the row): the rows with
    their problems added, in the same order."""
    seen: dict[tuple[str, str, date], int] = {}
    found: dict[int, list[CellProblem]] = {}  # index → problems found here
    stopped: set[int] = set()
    named = headers or {}

    def problem(inst: Instalment, key: str, value: object, reason: str) -> CellProblem:
        return CellProblem(sheet, inst.sheet_row, named.get(key) or BY_KEY[key].name, value, reason)

    for index, inst in enumerate(instalments):
        if inst.invalid or inst.due_date is None or inst.amount_due is None:
            continue
        due, last, lawyer = inst.due_date, inst.last_letter_date, inst.lawyer_letter_date
        problems: list[CellProblem] = []
        for key in DATE_KEYS:
            day = getattr(inst, key)
            if day is not None and abs((day - as_of).days) > CENTURY_DAYS:
                problems.append(problem(inst, key, day.isoformat(), "距基准日超过100年，请核对"))
                stopped.add(index)
        if index in stopped:
            found[index] = problems
            continue
        if inst.amount_paid > inst.amount_due:
            paid_more = f"大于{named.get('amount_due') or BY_KEY['amount_due'].name}"
            problems.append(problem(inst, "amount_paid", cents_text(inst.amount_paid), paid_more))
        if last is not None and last > as_of:
            problems.append(problem(inst, "last_letter_date", last.isoformat(), "晚于基准日"))
        if lawyer is not None and lawyer > as_of:
            problems.append(problem(inst, "lawyer_letter_date", lawyer.isoformat(), "晚于基准日"))
        received = inst.lawyer_received_date
        if received is not None and (received > as_of or lawyer is None or received < lawyer):
            why = "晚于基准日" if received > as_of else "没有律师函寄出日期" if lawyer is None else "早于律师函寄出日期"
            problems.append(problem(inst, "lawyer_received_date", received.isoformat(), why))
        if abs((due - as_of).days) > FAR_DAYS:
            problems.append(problem(inst, "due_date", due.isoformat(), f"距基准日超过{FAR_YEARS}年"))
        if inst.letters_sent and last is None:
            undated = f"已发催款信{inst.letters_sent}次但没有日期：补填后才能排定下一封"
            problems.append(problem(inst, "last_letter_date", None, undated))
        first = seen.setdefault((inst.contract_no, inst.payment_kind, due), index)
        if first != index:
            other = instalments[first]
            problems.append(problem(inst, "contract_no", inst.contract_no, _duplicate(other)))
            found.setdefault(first, []).append(problem(other, "contract_no", other.contract_no, _duplicate(inst)))
        if problems:
            found.setdefault(index, []).extend(problems)
    checked = list(instalments)
    for index in found.keys() | stopped:
        checked[index] = checked[index].with_problems(found.get(index, ()), invalid=index in stopped)
    return checked


def _duplicate(other: Instalment) -> str:
    return f"与第{other.sheet_row}行重复（合同编号+款项类型+约定付款日期）"
