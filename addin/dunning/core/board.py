"""The whole board: every data row of the table decided, in sheet order, with the checks that
look across rows (the same instalment twice), what a contract's rows decide together (core.contracts),
and the notes the board shows once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from dunning.core.collector import paused
from dunning.core.contracts import agree
from dunning.core.delivery import Delivery, with_contacts
from dunning.core.engine import Decision, decide_many
from dunning.core.errors import AsOfOutOfRange, CellProblem, ValueUnreadable
from dunning.core.fields import BY_KEY
from dunning.core.first_run import hold_on_board, is_first_run
from dunning.core.follow_up import Log
from dunning.core.identity import Archived, archived_by_row, contract_id
from dunning.core.money import CENT, cents_text, parse_amount
from dunning.core.parse import Instalment, parse_rows
from dunning.core.receipts import with_receipts
from dunning.core.rules import Rules
from dunning.core.table import Header, data_rows, find_header

FAR_YEARS = 10
FAR_DAYS = 3652  # ten years of calendar days, leap days included
CENTURY_DAYS = 36525
DATE_KEYS = ("due_date", "hold_until", "last_letter_date", "lawyer_letter_date", "lawyer_received_date", "suit_date")
# the as-of dates whose rows' dates (within a century) keep every calendar sum inside Python's dates
FIRST_AS_OF, LAST_AS_OF = date(1901, 1, 1), date(9898, 12, 31)


@dataclass
class Board:
    as_of: date
    rules: Rules
    sheet: str
    decisions: list[Decision]
    notes: list[str] = field(default_factory=list)
    archive: Sequence[Sequence[object]] = ()  # 函件归档's rows as read (header first): the reports' letter history
    # the rows the contract pass rewrote (core.contracts.agree), as the ladder decided them, by sheet row:
    # what the letters' plan works from
    ladder: dict[int, Decision] = field(default_factory=dict)

    def as_decided(self, rows: Iterable[Decision]) -> list[Decision]:
        """`rows` as the ladder decided them, before their contract's rows were taken into account."""
        return [self.ladder.get(d.sheet_row, d) for d in rows]


def compute_board(
    rows: Sequence[Sequence[object]],
    rules: Rules,
    *,
    as_of: date,
    sheet: str,
    first_row: int = 1,
    epoch1904: bool = False,
    header: Header | None = None,
    archive: Sequence[Archived] = (),
    follow_up: Log | None = None,
    delivery: Sequence[Delivery] = (),
) -> Board:
    """Rows as read from the sheet (values as Excel holds them) → the board. `archive` (函件归档's letters)
    says which level each row's last letter was, and how many were sent when the tracking cells lost it;
    `follow_up` (跟进记录, core.follow_up) the disputes and promises to pay; its unreadable cells are notes;
    `delivery` (函件归档's delivery columns, core.delivery) with the log which contracts cannot be reached."""
    header = header or find_header(rows, sheet=sheet, first_row=first_row)
    instalments = read_table(rows, sheet=sheet, first_row=first_row, epoch1904=epoch1904, header=header)
    headers = {key: text for key, (_, text) in header.columns.items()}
    if archive:
        instalments = with_archive(instalments, archive, rules, sheet=sheet, headers=headers)
        instalments = with_receipts(instalments, archive, lawyer_codes=rules.approval_codes, as_of=as_of)
    instalments = with_contacts(instalments, follow_up, delivery, grace=rules.params.promise_grace_days, as_of=as_of)
    board = decide_table(instalments, rules, as_of=as_of, sheet=sheet, headers=headers)
    if follow_up is not None:
        board.notes += [f"{p.full()}：该行未计入" if p.column in ("日期", "合同编号", "结果", "承诺付款日期")
                        else p.full() for p in follow_up.problems]  # fmt: skip
    if not archive and is_first_run(board, archived_any=False):  # no letter recorded anywhere yet
        held = hold_on_board(board.decisions, rules, as_of=as_of)
        board.ladder.update(
            {row: d for d in board.decisions if (row := d.sheet_row) in held and row not in board.ladder}
        )
        board.decisions = [held.get(d.sheet_row, d) for d in board.decisions]
    return board


def with_archive(
    instalments: list[Instalment], archive: Sequence[Archived], rules: Rules, *, sheet: str, headers: Mapping[str, str]
) -> list[Instalment]:
    """The archive is the record of the letters sent. Where it holds more dunning letters of a row than
    its tracking cells say (or the date of the last one they lack), the row is decided from the archive
    and a problem names the disagreement, so the supervisor can restore the cells; a lawyer's letter it
    holds that 律师函寄出日期 does not is named. Each row's last letter's level is the archive's."""
    found = archived_by_row(instalments, archive)
    approval = rules.approval_codes
    checked = list(instalments)
    for index, inst in enumerate(instalments):
        if inst.sheet_row not in found or inst.invalid:
            continue
        entries = found[inst.sheet_row]
        checked[index] = _as_archived(inst, [e for e in entries if e.number > 0], sheet=sheet, headers=headers)
        lawyer = [e for e in entries if e.code in approval and e.day is not None]
        if lawyer and inst.lawyer_letter_date is None:
            column = headers.get("lawyer_letter_date") or BY_KEY["lawyer_letter_date"].name
            when = max(e.day for e in lawyer if e.day is not None).isoformat()
            reason = f"为空，函件归档记有{when}生成的律师函：已寄出的请补填寄出日期"
            checked[index] = checked[index].with_problems([CellProblem(sheet, inst.sheet_row, column, None, reason)])
    return checked


def _as_archived(inst: Instalment, letters: list[Archived], *, sheet: str, headers: Mapping[str, str]) -> Instalment:
    if not letters:
        return inst
    last = max(letters, key=lambda e: (e.number, e.day or date.min))
    sent, day = inst.letters_sent, inst.last_letter_date
    if last.number < sent or (last.number == sent and (day is not None or last.day is None)):
        code = next((e.code for e in letters if e.number == sent), "")
        return inst._replace(last_level=code) if code else inst
    count = headers.get("letters_sent") or BY_KEY["letters_sent"].name
    dated = headers.get("last_letter_date") or BY_KEY["last_letter_date"].name
    on = last.day.isoformat() if last.day else "（无日期）"
    reason = (
        f"本行记{sent}封、{dated}{day.isoformat() if day else '为空'}，函件归档记有{last.number}封（最近一封{on}）："
        f"已按归档计算，请把 {count} 改为{last.number}、{dated} 改为{on}"
    )
    restored = inst._replace(letters_sent=last.number, last_letter_date=last.day or day, last_level=last.code)
    return restored.with_problems([CellProblem(sheet, inst.sheet_row, count, None, reason)])


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
    with paused():
        numbered = list(data_rows(rows, header, first_row=first_row))
        return parse_rows(numbered, header.columns, sheet=sheet, epoch1904=epoch1904)


def decide_table(
    instalments: list[Instalment], rules: Rules, *, as_of: date, sheet: str, headers: Mapping[str, str] | None = None
) -> Board:
    """The rules applied to every instalment, with the checks that look across rows."""
    if not FIRST_AS_OF <= as_of <= LAST_AS_OF:
        raise AsOfOutOfRange(as_of, FIRST_AS_OF, LAST_AS_OF)
    with paused():
        checked = check_rows(instalments, sheet=sheet, as_of=as_of, headers=headers)
        decisions, ladder = agree(decide_many(checked, rules, as_of=as_of), rules, as_of=as_of)
    notes = [note] if (note := rules.calendar.coverage_note()) else []
    return Board(as_of, rules, sheet, decisions, notes, ladder=ladder)


def check_rows(
    instalments: list[Instalment], *, sheet: str, as_of: date, headers: Mapping[str, str] | None = None
) -> list[Instalment]:
    """Data-quality problems that do not stop a row, tracking that contradicts itself, and dates so
    far from the as-of date that they can only be typing mistakes (those stop the row): the rows with
    their problems added, in the same order."""
    seen: dict[tuple[str, str, date], int] = {}
    found: dict[int, list[CellProblem]] = {}  # index → problems found here
    named = headers or {}
    for index, found_here in _spellings(instalments, sheet=sheet, headers=named):
        found[index] = [found_here]
    stopped: set[int] = set()
    unreceived: set[int] = set()  # a 律师函签收日期 that cannot be the receipt: not used

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
            found.setdefault(index, []).extend(problems)
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
            problems.append(problem(inst, "lawyer_received_date", received.isoformat(), f"{why}，未采用"))
            unreceived.add(index)  # the deadline counts from the day sent + 律师函送达天数, as without a receipt
        if inst.suit_date is not None and inst.suit_date > as_of:
            problems.append(problem(inst, "suit_date", inst.suit_date.isoformat(), "晚于基准日"))
        if inst.case_no and inst.suit_date is None:
            problems.append(problem(inst, "case_no", inst.case_no, "有案号但没有起诉日期：补填起诉日期后按诉讼中跟进"))
        if abs((due - as_of).days) > FAR_DAYS:
            problems.append(problem(inst, "due_date", due.isoformat(), f"距基准日超过{FAR_YEARS}年"))
        if inst.stated_outstanding and (mismatch := _stated_mismatch(inst)):
            problems.append(problem(inst, "stated_outstanding", inst.stated_outstanding, mismatch))
        if inst.letters_sent and last is None:
            undated = f"已发催款信{inst.letters_sent}次但没有日期：补填后才能排定下一封"
            problems.append(problem(inst, "last_letter_date", None, undated))
        first = seen.setdefault((contract_id(inst.contract_no), inst.payment_kind, due), index)
        if first != index:
            other = instalments[first]
            problems.append(problem(inst, "contract_no", inst.contract_no, _duplicate(other)))
            found.setdefault(first, []).append(problem(other, "contract_no", other.contract_no, _duplicate(inst)))
        if problems:
            found.setdefault(index, []).extend(problems)
    checked = list(instalments)
    for index in unreceived:
        checked[index] = checked[index]._replace(lawyer_received_date=None)
    for index in found.keys() | stopped:
        checked[index] = checked[index].with_problems(found.get(index, ()), invalid=index in stopped)
    return checked


def _stated_mismatch(inst: Instalment) -> str | None:
    """Her own 未收金额 against 应收金额 − 已收金额 (the figure the board and the letters use)."""
    assert inst.amount_due is not None
    computed = inst.amount_due - inst.amount_paid
    try:
        stated = parse_amount(inst.stated_outstanding)
    except ValueUnreadable:
        return f"无法识别，未核对（按 应收金额−已收金额 {cents_text(computed)} 计）"
    if stated is None or abs(stated - computed) < CENT:
        return None
    return f"与 应收金额−已收金额（{cents_text(computed)}）不一致：按 {cents_text(computed)} 计，请核对"


def _duplicate(other: Instalment) -> str:
    return f"与第{other.sheet_row}行重复（合同编号+款项类型+约定付款日期）"


def _spellings(
    instalments: Sequence[Instalment], *, sheet: str, headers: Mapping[str, str]
) -> Iterator[tuple[int, CellProblem]]:
    """(index, problem) for each row whose contract number is spelt otherwise than the contract's first
    row (case, width, spaces): one contract all the same, said so the team can make them alike."""
    spelt: dict[str, str] = {}  # contract → its first spelling: the distinct spellings, in the sheet's order
    for number in dict.fromkeys(map(attrgetter("contract_no"), instalments)):
        if number and spelt.setdefault(contract_id(number), number) != number:
            break
    else:  # each contract spelt one way (the usual case): nothing to say, no pass over the rows
        return
    first: dict[str, Instalment] = {}
    column = headers.get("contract_no") or BY_KEY["contract_no"].name
    for index, inst in enumerate(instalments):
        if not inst.contract_no:
            continue
        other = first.setdefault(contract_id(inst.contract_no), inst)
        if other.contract_no != inst.contract_no:
            reason = f'"{inst.contract_no}" 与第{other.sheet_row}行的 "{other.contract_no}" 写法不同，按同一合同处理'
            yield index, CellProblem(sheet, inst.sheet_row, column, None, reason)
