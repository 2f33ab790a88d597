"""What became of each letter after it was made, as staff record it in 函件归档's delivery columns (寄送方式,
快递单号, 签收日期, 退回日期; a run writes them blank): which letters are not marked as sent yet, and which
contracts cannot be reached (their latest letter came back, or 跟进记录 says 失联) until contact shows again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dunning.core.archive_record import archive_columns, cell_of, day_of
from dunning.core.follow_up import Contact, Log, Outcome, with_follow_up
from dunning.core.identity import contract_id
from dunning.core.parse import Instalment

UNSENT_AFTER_DAYS = 3  # a letter made this many days before the run and not marked as sent is listed
UNSENT_WITHIN_DAYS = 30  # … up to this many: older letters (an archive's rows from before the columns) are history


@dataclass(frozen=True)
class Delivery:
    """One archived letter and what staff recorded of its delivery."""

    contract: str
    stage: str
    day: date  # the letter's date (its 基准日; 生成时间 where that is blank)
    sent_by: str
    tracking: str
    received: date | None
    returned: date | None

    @property
    def sent(self) -> bool:
        return bool(self.sent_by or self.tracking)

    def label(self) -> str:
        return f"{self.contract} {self.stage}（{self.day.isoformat()}）"


def deliveries(rows: Sequence[Sequence[object]] | None) -> list[Delivery]:
    """Every archived letter with a contract and a date, in the archive's order (its rows as read, header first)."""
    found = []
    at = archive_columns(rows[0] if rows else ())
    for row in list(rows or [])[1:]:
        contract = _text(cell_of(row, at["contract_no"]))
        day = typed_day(cell_of(row, at["as_of"])) or typed_day(cell_of(row, at["made_at"]))
        if not contract or day is None:
            continue
        found.append(
            Delivery(
                contract=contract,
                stage=_text(cell_of(row, at["stage_label"])) or "函件",
                day=day,
                sent_by=_text(cell_of(row, at["sent_by"])),
                tracking=_text(cell_of(row, at["tracking"])),
                received=typed_day(cell_of(row, at["received"])),
                returned=typed_day(cell_of(row, at["returned"])),
            )
        )
    return found


def not_marked_sent(rows: Sequence[Sequence[object]] | None, *, as_of: date) -> list[str]:
    """The letters made 3 to 30 days before `as_of` whose 寄送方式 and 快递单号 are both blank: made, and nobody
    recorded that they went out. Older ones are not asked about again (an archive kept before these columns
    existed would list every letter it ever made)."""
    return [d.label() for d in deliveries(rows)
            if not d.sent and UNSENT_AFTER_DAYS <= (as_of - d.day).days <= UNSENT_WITHIN_DAYS]  # fmt: skip


CONTACT = frozenset({Outcome.REACHED, Outcome.PROMISE, Outcome.DISPUTE, Outcome.RESOLVED, Outcome.PAID_UNCHECKED})


def with_contacts(
    instalments: list[Instalment], log: Log | None, letters: Sequence[Delivery] = (), *, grace: int, as_of: date
) -> list[Instalment]:
    """Each instalment with what the collector's log (跟进记录) says of its contract — an open dispute, a promise
    kept open or broken (`grace`: 承诺宽限天数) — and, with 函件归档's deliveries, since when it cannot be reached."""
    if log is not None:
        instalments = with_follow_up(instalments, log, grace=grace, as_of=as_of)
    if lost := unreachable(letters, log.contacts if log else (), as_of=as_of):
        instalments = [i._replace(unreachable_on=lost[key]) if (key := contract_id(i.contract_no)) in lost and
                       not i.invalid else i for i in instalments]  # fmt: skip
    return instalments


def unreachable(letters: Sequence[Delivery], contacts: Sequence[Contact], *, as_of: date) -> dict[str, date]:
    """Each contract (its contract_id) that cannot be reached on `as_of`, and since when: the latest of its
    events up to that day is its latest letter's 退回日期 or a 跟进记录 row with 结果 失联. A later letter (signed
    for, or made after the return) or a log row of contact (已接通, 承诺付款, 有异议, 异议已解决, 已付款待核实)
    shows contact again; 未接通 says nothing either way. On one day, contact wins."""
    events: dict[str, list[tuple[date, bool]]] = {}  # contract → (day, lost)
    latest: dict[str, Delivery] = {}
    for letter in letters:
        if letter.day <= as_of:
            key = contract_id(letter.contract)
            if key not in latest or letter.day >= latest[key].day:
                latest[key] = letter
    for key, letter in latest.items():
        if letter.returned is not None and letter.returned <= as_of:
            events.setdefault(key, []).append((letter.returned, True))
        else:
            day = letter.received if letter.received is not None and letter.received <= as_of else letter.day
            events.setdefault(key, []).append((day, False))
    for c in contacts:
        if c.day <= as_of and (c.outcome is Outcome.UNREACHABLE or c.outcome in CONTACT):
            events.setdefault(contract_id(c.contract_no), []).append((c.day, c.outcome is Outcome.UNREACHABLE))
    found = {}
    for key, seen in events.items():
        day, lost = max(seen, key=lambda e: (e[0], not e[1]))
        if lost:
            found[key] = day
    return found


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def typed_day(value: object) -> date | None:
    """A date cell; a date typed as text (2026-11-20, 2026/11/20) too, as staff type them."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip().replace("/", "-"))
        except ValueError:
            return None
    return day_of(value)
