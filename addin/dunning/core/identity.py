"""What makes a contract the same contract however it is typed, and an instalment the same instalment
from run to run (the 幂等键 of 函件归档).

A contract number is compared as the team means it: full- and half-width alike, case ignored, spaces
ignored: `HT-20`, `ht-20`, `ＨＴ－２０` and `HT- 20` are one contract.

An instalment is its contract and its due date. When a contract has several rows due the same day,
the archived letter belongs to the row of its 款项类型, else to the row of its 应收金额 (keys written
since 2026-12 record it), else to none: retyping a 款项类型 does not make a new instalment, and a key
written before the amount was recorded (`合同|款项类型|到期日|级别|第几次`) is still recognised.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from dunning.core.parse import Instalment


@lru_cache(maxsize=65536)
def contract_id(text: str) -> str:
    """合同编号 as the team means it: NFKC (full-/half-width), case-insensitive, no white space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return "".join(text.casefold().split())


def instalment_key(inst: Instalment) -> str:
    """Contract + payment kind + due date + amount due, as typed: the first part of a letter's key."""
    due = inst.due_date.isoformat() if inst.due_date else ""
    amount = format(inst.amount_due, "f") if inst.amount_due is not None else ""
    return f"{inst.contract_no}|{inst.payment_kind}|{due}|{amount}"


class Archived(NamedTuple):
    """One letter as 函件归档's 幂等键 records it, for one instalment."""

    contract: str  # contract_id of the contract number
    kind: str  # the 款项类型, compared like a contract number
    due: str  # the due date, ISO
    amount: Decimal | None  # None in keys written before the amount was recorded
    code: str  # the ladder level's code
    number: int  # the letter's number (0: a reminder or a lawyer's letter)
    day: date | None = None  # the archive row's 基准日: when the letter was made
    reference: str = ""  # the archive row's 函件编号 (a lawyer's letter's number): "" before it was recorded
    received: date | None = None  # the archive row's 签收日期, as staff recorded the customer's receipt


def parse_key(key: str, *, day: date | None = None) -> Archived | None:
    """A 幂等键 (`合同|款项类型|到期日[|应收金额]|级别|第几次`) read back; None for text that is not one."""
    parts = key.split("|")
    if len(parts) < 5 or not parts[-1].isdigit():
        return None
    head, code, number = parts[:-2], parts[-2], int(parts[-1])
    amount = _amount(head[-1])
    if len(head) >= 4 and amount is not None and _is_day(head[-2]):
        contract, kind, due = "|".join(head[:-3]), head[-3], head[-2]
    elif _is_day(head[-1]):
        contract, kind, due, amount = "|".join(head[:-2]), head[-2], head[-1], None
    else:
        return None
    return Archived(contract_id(contract), contract_id(kind), due, amount, code, number, day)


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return text == ""
    return True


def parse_keys(keys: Iterable[str]) -> list[Archived]:
    return [entry for key in keys if (entry := parse_key(key)) is not None]


def archived_by_row(rows: Iterable[Instalment], archived: Iterable[Archived]) -> dict[int, list[Archived]]:
    """Sheet row → the archived letters that were for its instalment."""
    same_day: dict[tuple[str, str], list[Instalment]] = {}
    for inst in rows:
        if inst.due_date is not None and inst.contract_no:
            same_day.setdefault((contract_id(inst.contract_no), inst.due_date.isoformat()), []).append(inst)
    found: dict[int, list[Archived]] = {}
    for entry in archived:
        candidates = same_day.get((entry.contract, entry.due))
        owner = _owner(entry, candidates) if candidates else None
        if owner is not None:
            found.setdefault(owner.sheet_row, []).append(entry)
    return found


def _owner(entry: Archived, rows: Sequence[Instalment]) -> Instalment | None:
    """The one row of a contract's rows due that day the letter was for: the only one; else the one of
    its 款项类型; else the one of its amount; else none can be told."""
    if len(rows) == 1:
        return rows[0]
    same_kind = [inst for inst in rows if contract_id(inst.payment_kind) == entry.kind]
    if len(same_kind) == 1:
        return same_kind[0]
    if entry.amount is not None:
        same_amount = [inst for inst in same_kind or rows if inst.amount_due == entry.amount]
        if len(same_amount) == 1:
            return same_amount[0]
    return None
