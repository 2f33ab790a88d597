"""What a letters run records in the workbook: one 函件归档 row per letter made (`archive_rows`, with its
操作人), and the values as read changed the way the run wrote them (`recorded`), for a refresh that need not
read the workbook again."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from dunning.atomic import real_path
from dunning.core.fields import ARCHIVE_SHEET
from dunning.core.money import ZERO
from dunning.letters.batch import LettersResult
from dunning.sheets.layout import Cell, put_cells
from dunning.sheets.reader import Values


def archive_rows(
    result: LettersResult, *, workbook: Path, now: datetime, backdate: str | None = None
) -> list[tuple[object, ...]]:
    """One 函件归档 row per letter made; the file named relative to the workbook's folder when inside it;
    the run's --backdate reason in 倒签原因."""
    from dunning.core.archive_record import ArchiveRow

    rows = []
    for made in result.made:
        letter = made.letter
        try:
            shown = str(made.file.relative_to(real_path(workbook).parent))
        except ValueError:
            shown = str(made.file)
        owed = sum((d.outstanding for d in letter.listed), ZERO)
        fees = sum((d.late_fee for d in letter.listed), ZERO)
        rows.append(
            ArchiveRow(
                made_at=now,
                as_of=result.board.as_of,
                contract_no=letter.contract_no,
                customer=letter.customer,
                stage_label=letter.main.stage_label,
                level_code=letter.level.code,
                letter_no=letter.letter_no,
                outstanding=owed,
                late_fee=fees,
                file=shown,
                sha256=made.sha256,
                operator=operator(),
                keys=letter.keys,
                reference=letter.reference,
                backdate=backdate or "",
            ).cells()
        )
    return rows


def operator() -> str:
    """Who ran the job, for the archive's 操作人."""
    try:
        return os.environ.get("USERNAME") or getpass.getuser()
    except (KeyError, OSError):  # no user name on this system
        return ""


def recorded(
    values: Values,
    sheet: str,
    cells: Sequence[Cell],
    titles: Sequence[Cell],
    entries: Sequence[Sequence[object]],
) -> None:
    """The values as read, changed in place as a letters run wrote the workbook: its tracking cells, the archive's
    new headings and its rows appended after the last row (with the header when 函件归档 was empty)."""
    from dunning.core.archive_record import ARCHIVE_HEADER

    for name, changes in ((sheet, cells), (ARCHIVE_SHEET, titles)):
        put_cells(values.sheets.setdefault(name, []), changes)
    archive = values.sheets.setdefault(ARCHIVE_SHEET, [])
    if not any(value not in (None, "") for row in archive for value in row):
        archive[:] = [list(ARCHIVE_HEADER)]
    archive.extend(list(row) for row in entries)
