"""What a letters run reports instead of a letter, as data: why (`SkipReason`), for which contract and
rows, and the facts the message names. The words are core.messages'; code and tests branch on the
reason and read the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dunning.core.engine import Decision


class SkipReason(Enum):
    """Why a contract (or a row) got no letter today; the value is the code `dunning letters --json` gives."""

    INVALID_ROW = "invalid_row"  # the row cannot be read: detail holds its problems
    UNREADABLE_ROWS = "unreadable_rows"  # a row of the contract cannot be read: no total is right
    DEPOSIT_ONLY = "deposit_only"  # only 定金 due: owed once handed over, never demanded by letter
    NO_TEMPLATE = "no_template"  # the level reached has no 函件模板 on the rules sheet
    CUSTOMER_MISMATCH = "customer_mismatch"  # the contract's rows name different customers (detail: the names)
    DUPLICATE_INSTALMENT = "duplicate_instalment"  # two rows are the same instalment
    NEGATIVE_AMOUNT = "negative_amount"  # a negative amount due or paid
    NOT_IN_LAWYER_LETTER = "not_in_lawyer_letter"  # overdue, in the lawyer's track, not approved into a 律师函
    LAWYER_WAITS = "lawyer_waits"  # an approved 律师函 waits for the last 催款信's time to pay
    IN_SUIT = "contract_in_suit"  # in suit: no ordinary letter or reminder
    NO_REMINDER_IN_LAWYER_TRACK = "no_reminder_in_lawyer_track"  # falling due beside a 律师函: a phone call
    WITHHELD_FIRST_RUN = "withheld_first_run"  # a first run, long overdue, no letter history
    ALREADY_MADE = "already_made"  # the archive has these letters: not made twice
    NO_LAW_FIRM = "no_law_firm"  # a 律师函 with no 律师事务所 on the rules sheet
    DISPUTED = "contract_disputed"  # 跟进记录: the customer disputes (day: since when), no letter until resolved
    PROMISED = "promise_open"  # 跟进记录: a promise to pay kept open (day: the date promised, until: its last day)
    UNREACHABLE = "contact_unreachable"  # a letter came back (退回日期) or 跟进记录 says 失联 (day: since when)


@dataclass(frozen=True, slots=True)
class RowFacts:
    """One row as a skip names it."""

    row: int
    kind: str = ""  # 款项类型 as typed ("" when blank)
    outstanding: Decimal = Decimal(0)
    days_overdue: int | None = None
    due: date | None = None
    stage: str = ""  # the stage's label


@dataclass(frozen=True, slots=True)
class Skipped:
    """No letter for `contract` (its `rows`) today, and why. `level`: the letter's level label where the
    reason names it; `items`: the rows' facts the message names; `detail`: texts the message quotes (a
    row's cell problems, the customers' names)."""

    reason: SkipReason
    contract: str  # as the sheet spells it; "" for an unreadable row without one
    rows: tuple[int, ...] = ()
    level: str = ""
    items: tuple[RowFacts, ...] = ()
    detail: tuple[str, ...] = ()
    number: int | None = None  # LAWYER_WAITS: the 催款信 whose time to pay runs; WITHHELD_FIRST_RUN: the days bound
    until: date | None = None  # LAWYER_WAITS: the last day of that time to pay
    as_of: date | None = None  # LAWYER_WAITS: the run's day (dates in its year are written short)
    also: tuple[int, ...] = ()  # WITHHELD_FIRST_RUN: the rows whose letters wait with the long-overdue ones
    day: date | None = None  # DISPUTED: the dispute's date; PROMISED: the date promised; UNREACHABLE: since


def facts_of(d: Decision) -> RowFacts:
    return RowFacts(
        d.sheet_row, d.inst.payment_kind or "", d.outstanding, d.days_overdue, d.inst.due_date, d.stage_label
    )
