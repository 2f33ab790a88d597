"""函件归档's record declared once (dunning.core.archive_record): the header, a row's cells and every reader's
columns derive from the same fields, so the readers agree with each other and with what a run writes."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal

from dunning.core.archive_record import ARCHIVE_HEADER, ArchiveRow, archive_columns
from dunning.letters.history import read_archive
from dunning.sheets.archive import archived_files, archived_keys, archived_letters, archived_references, latest_run

KEY = "HT-1|首付款|2026-10-01|100000.00|letter_1|1"
ROW = ArchiveRow(made_at=datetime(2026, 11, 20, 9), as_of=date(2026, 11, 20), contract_no="HT-1", customer="张三",
                 stage_label="催款信", level_code="letter_1", letter_no=1, outstanding=Decimal("100000.00"),
                 late_fee=Decimal("1234.56"), file="催款函/HT-1.docx", sha256="ab" * 32, operator="王磊", keys=(KEY,),
                 reference="HT-1-1", backdate="")  # fmt: skip


def test_the_header_and_the_cells_come_from_the_same_fields() -> None:
    assert len(ARCHIVE_HEADER) == len(fields(ArchiveRow)) == len(ROW.cells()) == 19
    written = dict(zip(ARCHIVE_HEADER, ROW.cells(), strict=True))
    assert written["违约金"] == Decimal("1234.56") and written["幂等键"] == KEY and written["倒签原因"] is None
    assert archive_columns(ARCHIVE_HEADER) == {f.name: i for i, f in enumerate(fields(ArchiveRow))}


def test_both_readers_find_the_columns_by_their_headers() -> None:
    """An archive whose columns a person reordered (and a 13-column one) reads the same letters in the archive
    reader the letters run uses and in the letter history the approval pack uses."""
    order = [*reversed(range(len(ARCHIVE_HEADER)))]
    moved = [[ARCHIVE_HEADER[i] for i in order], [ROW.cells()[i] for i in order]]
    plain = [list(ARCHIVE_HEADER), list(ROW.cells())]
    for rows in (plain, moved):
        (letter,) = archived_letters(rows)
        assert (letter.contract, letter.number, letter.reference, letter.day) == (
            "ht-1",
            1,
            "HT-1-1",
            date(2026, 11, 20),
        )
        assert archived_keys(rows) == {KEY} and archived_files(rows) == ["催款函/HT-1.docx"]
        assert archived_references(rows) == ["HT-1-1"] and latest_run(rows) == date(2026, 11, 20)
        (history,) = read_archive(rows)["ht-1"]
        assert (history.day, history.number) == (date(2026, 11, 20), "HT-1-1")
    old = [list(ARCHIVE_HEADER[:13]), list(ROW.cells()[:13])]
    assert archived_references(old) == [] and [e.number for e in archived_letters(old)] == [1]
