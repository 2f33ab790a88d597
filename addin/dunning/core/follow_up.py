"""The collector's log (跟进记录): one row per contact with a customer, typed by people. The product
reads it and never rewrites it. `read_log` turns its rows as read into typed contacts, naming each bad
cell (sheet, row, column, value) while the other rows go on; `with_follow_up` gives each instalment
what the log says of it on the as-of date: an open dispute, a promise kept open, the promises broken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from dunning.core.dates import parse_date
from dunning.core.errors import CellProblem, ValueUnreadable
from dunning.core.fields import FOLLOW_UP_SHEET
from dunning.core.identity import contract_id
from dunning.core.money import parse_amount
from dunning.core.parse import Instalment, is_empty_row, text_of
from dunning.core.promise_periods import judge
from dunning.core.stages import Kind

if TYPE_CHECKING:
    from dunning.core.engine import Decision
    from dunning.core.rules import Rules

HEADER = ("日期", "合同编号", "款项类型", "方式", "结果", "承诺付款日期", "承诺金额", "记录人", "备注")
NOTE = (
    "跟进记录：每次联系客户记一行。款项类型留空 = 整份合同；方式：电话/短信/微信/上门/邮寄；"
    "结果：未接通/已接通/承诺付款/有异议/异议已解决/已付款待核实/失联。承诺付款须填承诺付款日期；本表只读不改"
)
METHODS = ("电话", "短信", "微信", "上门", "邮寄")
REQUIRED = ("日期", "合同编号", "结果")


class Outcome(Enum):
    NO_ANSWER = "未接通"
    REACHED = "已接通"
    PROMISE = "承诺付款"
    DISPUTE = "有异议"
    RESOLVED = "异议已解决"
    PAID_UNCHECKED = "已付款待核实"
    UNREACHABLE = "失联"


@dataclass(frozen=True, slots=True)
class Contact:
    """One row of the log, typed."""

    row: int  # the sheet's row number
    day: date
    contract_no: str
    payment_kind: str  # "" = the whole contract
    method: str
    outcome: Outcome
    promised_on: date | None = None
    promised_amount: Decimal | None = None
    recorder: str = ""
    note: str = ""


@dataclass
class Log:
    contacts: list[Contact] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def read_log(rows: Sequence[Sequence[object]] | None, *, sheet: str = FOLLOW_UP_SHEET, epoch1904: bool = False) -> Log:
    """The log's rows as read (from A1) → its contacts and the problems of the cells that cannot be read."""
    log = Log()
    if not rows:
        return log
    found = _header(rows)
    if found is None:
        return log
    index, columns = found
    for number, cells in enumerate(rows[index + 1 :], start=index + 2):
        if is_empty_row(cells):
            continue
        contact, problems = _contact(cells, columns, row=number, sheet=sheet, epoch1904=epoch1904)
        log.problems += problems
        if contact is not None:
            log.contacts.append(contact)
    return log


def _header(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]] | None:
    """The header row (among the first ten) and each heading's column."""
    for index, cells in enumerate(rows[:10]):
        texts = [text_of(c).replace(" ", "") for c in cells]
        if all(name in texts for name in REQUIRED):
            return index, {name: texts.index(name) for name in HEADER if name in texts}
    return None


def _contact(
    cells: Sequence[object], columns: dict[str, int], *, row: int, sheet: str, epoch1904: bool
) -> tuple[Contact | None, list[CellProblem]]:
    problems: list[CellProblem] = []

    def cell(name: str) -> object:
        at = columns.get(name)
        return cells[at] if at is not None and at < len(cells) else None

    def bad(name: str, reason: str) -> None:
        value = cell(name)
        problems.append(CellProblem(sheet, row, name, None if value in (None, "") else value, reason))

    def day_of(name: str) -> date | None:
        try:
            return parse_date(cell(name), epoch1904=epoch1904)
        except ValueUnreadable as exc:
            bad(name, f"无法识别（{exc.reason}）")
            return None

    day, promised = day_of("日期"), day_of("承诺付款日期")
    contract, result, method = text_of(cell("合同编号")), text_of(cell("结果")), text_of(cell("方式"))
    outcome = next((o for o in Outcome if o.value == result.replace(" ", "")), None)
    if cell("日期") in (None, ""):
        bad("日期", "缺少必填值")
    if not contract:
        bad("合同编号", "缺少必填值")
    if outcome is None:
        bad("结果", "缺少必填值" if not result else f"应为 {'/'.join(o.value for o in Outcome)} 之一")
    if method and method not in METHODS:
        bad("方式", f"应为 {'/'.join(METHODS)} 之一")  # named, the row still counts
    if outcome is Outcome.PROMISE and promised is None and cell("承诺付款日期") in (None, ""):
        bad("承诺付款日期", "承诺付款须填写承诺付款日期")
    try:
        amount = parse_amount(cell("承诺金额"))
    except ValueUnreadable as exc:
        bad("承诺金额", f"无法识别（{exc.reason}）")
        amount = None
    if day is None or not contract or outcome is None or (outcome is Outcome.PROMISE and promised is None):
        return None, problems
    kind = text_of(cell("款项类型"))
    return Contact(row, day, contract, kind, method, outcome, promised, amount,
                   text_of(cell("记录人")), text_of(cell("备注"))), problems  # fmt: skip


@dataclass(frozen=True, slots=True)
class Facts:
    """What the log says of one instalment on the as-of date."""

    disputed_on: date | None = None  # an open dispute's date (有异议 with no later 异议已解决)
    promised_on: date | None = None  # a promise kept open: its 承诺付款日期 (+ grace ≥ the as-of date)
    promised_amount: Decimal | None = None
    broken_on: date | None = None  # the last broken promise's 承诺付款日期
    broken_promises: int = 0


def facts_of(contacts: Sequence[Contact], *, grace: int, as_of: date, instalments: Sequence[Instalment] = ()) -> Facts:
    """The facts of an instalment from its contacts (the contract's blank-kind ones and its own kind's),
    in the order they happened; contacts dated after the as-of date are not yet known. `instalments`: the
    contract's, for what a schedule of promises covers.

    A dispute is open when a 有异议 row has no later 异议已解决 row. The promises (承诺付款 with a date)
    are judged in core.promise_periods: a promise is open while its date + `grace` ≥ the as-of date and
    broken once past it, unless a later promise was logged on or before its last day (rescheduled before
    it fell due); several logged on one day are a schedule, each period checked in turn."""
    known = sorted((c for c in contacts if c.day <= as_of), key=lambda c: (c.day, c.row))
    disputed: date | None = None
    for c in known:
        if c.outcome is Outcome.DISPUTE:
            disputed = disputed or c.day
        elif c.outcome is Outcome.RESOLVED:
            disputed = None
    promises = [c for c in known if c.outcome is Outcome.PROMISE and c.promised_on is not None]
    verdict = judge(promises, grace=grace, as_of=as_of, instalments=instalments)
    open_, broken = verdict.open, verdict.broken
    return Facts(
        disputed, open_.promised_on if open_ else None, open_.promised_amount if open_ else None,
        max(broken) if broken else None, len(broken),
    )  # fmt: skip


def with_follow_up(instalments: list[Instalment], log: Log, *, grace: int, as_of: date) -> list[Instalment]:
    """Each instalment with what the log says of it (unchanged when the log says nothing of it); the facts
    are worked out once per contract and 款项类型 its log rows name, from the contract's instalments together."""
    if not log.contacts:
        return instalments
    by_contract: dict[str, list[Contact]] = {}
    for c in log.contacts:
        by_contract.setdefault(contract_id(c.contract_no), []).append(c)
    keys = [None if inst.invalid else contract_id(inst.contract_no) for inst in instalments]
    contracts: dict[str, list[Instalment]] = {}
    for key, inst in zip(keys, instalments, strict=True):
        if key is not None and key in by_contract:
            contracts.setdefault(key, []).append(inst)
    named = {key: {contract_id(c.payment_kind) for c in by_contract[key] if c.payment_kind} for key in contracts}
    out = list(instalments)
    found: dict[tuple[str, str], Facts] = {}
    for index, (key, inst) in enumerate(zip(keys, instalments, strict=True)):
        if key is None or key not in contracts:
            continue
        kind = contract_id(inst.payment_kind) if named[key] else ""
        kind = kind if kind in named[key] else ""  # a kind no row names: the blank-kind rows only
        facts = found.get((key, kind))
        if facts is None:
            mine = [c for c in by_contract[key] if not c.payment_kind or contract_id(c.payment_kind) == kind]
            facts = found[key, kind] = facts_of(mine, grace=grace, as_of=as_of, instalments=contracts[key])
        if facts != Facts():
            out[index] = inst._replace(
                disputed_on=facts.disputed_on, promised_on=facts.promised_on, promised_amount=facts.promised_amount,
                broken_on=facts.broken_on, broken_promises=facts.broken_promises,
            )  # fmt: skip
    return out


def resumed(d: Decision, rules: Rules, *, as_of: date) -> Decision:
    """A row on the ladder after a broken promise: the next dunning letter is due the day the promise
    broke (its date + grace + 1), unless a letter went out since; its number stays the ladder's (letters
    sent + 1, never a 第1次 again). Rows at other levels, or not yet at a letter, are as the ladder says."""
    inst, level = d.inst, d.level
    if inst.broken_on is None or level is None or level.kind is not Kind.LETTER or d.letter_no is None:
        return d
    broke = inst.broken_on + timedelta(days=rules.params.promise_grace_days + 1)
    last = inst.last_letter_date
    if broke > as_of or (last is not None and last >= broke) or (inst.letters_sent and last is None):
        return d
    if d.letter_due:  # paused by the promise: due from the day it broke, not late before
        return d._replace(action_due=max(d.action_due or broke, broke))
    if not level.repeat_days:  # its level's one letter went out: the ladder waits for the next level
        return d
    return d._replace(letter_due=True, action_due=broke, next_action=level.action, owner=level.owner or d.owner)
