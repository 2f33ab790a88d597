"""The customer's receipt of a 律师函 as staff record it in 函件归档 (签收日期, issue 23): where the team's sheet has no
律师函签收日期 for a row whose 律师函 was sent, the archive's receipt of that letter is the one the deadline counts from
(SPEC §4: 律师函期限天数 from receipt when known, else from the day sent plus 律师函送达天数)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from dunning.core.identity import Archived, archived_by_row
from dunning.core.parse import Instalment


def with_receipts(
    instalments: list[Instalment], archive: Sequence[Archived], *, lawyer_codes: Collection[str], as_of: date
) -> list[Instalment]:
    """Each row's 律师函签收日期 taken from the archive when its cell is blank: the 签收日期 of the row's latest 律师函
    made on or before its 律师函寄出日期 (the letter that was posted), when it is on or after that day and not after
    `as_of` (a receipt not yet known on the as-of date, or before the letter went out, is not used)."""
    found = archived_by_row(instalments, archive)
    done = []
    for inst in instalments:
        sent = inst.lawyer_letter_date
        if sent is not None and inst.lawyer_received_date is None and not inst.invalid:
            made = [e for e in found.get(inst.sheet_row, ()) if e.code in lawyer_codes and e.day and e.day <= sent]
            latest = max(made, key=lambda e: e.day or date.min, default=None)
            received = latest.received if latest is not None else None
            if received is not None and sent <= received <= as_of:
                inst = inst._replace(lawyer_received_date=received)
        done.append(inst)
    return done
