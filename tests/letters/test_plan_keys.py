"""What makes a letter the same letter (SPEC §6: pressing the button twice makes nothing new): the
contract, the instalment (款项类型 and due date), the level and the letter number. Two instalments of
one contract due the same day are two instalments: a letter for one does not stand for the other."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
from docx import Document
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.archive_record import ARCHIVE_HEADER
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import BACKDATE, write_workbook

runner = CliRunner()
DUE = date(2026, 11, 17)


def letters(book: Path, as_of: date) -> dict[str, object]:
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", as_of.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def generated(out: dict[str, object]) -> list[tuple[str, str, int]]:
    return [(g["contract_no"], g["stage"], g["letter_no"]) for g in out["generated"]]  # type: ignore[attr-defined]


def test_a_second_instalment_due_the_same_day_gets_its_own_first_letter(tmp_path: Path) -> None:
    """首付款 and 分期款 of HT1 both fall due on 17 November; the 分期款 is on hold until the 19th.
    On the 18th the 首付款 gets letter 1; on the 20th the hold is over and the 分期款 is one day
    into its own letter window: its letter 1 is due, and is a different letter from the 首付款's."""
    rows = [["1-101", "HT1", "张三", "首付款", 300000, 0, DUE],
            ["1-101", "HT1", "张三", "分期款", 200000, 0, DUE, None, None, None, None, None, date(2026, 11, 19)]]  # fmt: skip
    book = write_workbook(tmp_path / "team.xlsx", rows)

    first = letters(book, date(2026, 11, 18))
    assert generated(first) == [("HT1", "letter", 1)]

    second = letters(book, date(2026, 11, 20))
    assert generated(second) == [("HT1", "letter", 1)]
    assert second["skipped"] == []
    folder = tmp_path / "催款函" / book.stem
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("HT1_*.docx"))
    assert names == ["2026-11-18/HT1_催款信_第1次.docx", "2026-11-20/HT1_催款信_第1次.docx"]


def test_pressing_twice_on_the_second_day_makes_nothing_new(tmp_path: Path) -> None:
    rows = [["1-101", "HT1", "张三", "首付款", 300000, 0, DUE],
            ["1-101", "HT1", "张三", "分期款", 200000, 0, DUE, None, None, None, None, None, date(2026, 11, 19)]]  # fmt: skip
    book = write_workbook(tmp_path / "team.xlsx", rows)
    letters(book, date(2026, 11, 18))
    letters(book, date(2026, 11, 20))
    again = letters(book, date(2026, 11, 20))
    assert generated(again) == []


def retype(book: Path, row: int, column: str, value: object) -> None:
    """The team edits a cell of 合同执行情况 (row as numbered in the sheet, column by header)."""
    wb = openpyxl.load_workbook(book)
    ws = wb["合同执行情况"]
    header = [cell.value for cell in ws[1]]
    ws.cell(row, header.index(column) + 1, value)
    wb.save(book)


REMIND_DUE = date(2026, 11, 22)  # the reminder goes out from the 19th (3 days before)


def test_retyping_the_payment_kind_after_a_reminder_does_not_send_it_again(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "team.xlsx", [["1-101", "HT1", "张三", "首付款", 300000, 0, REMIND_DUE]])
    assert generated(letters(book, date(2026, 11, 19))) == [("HT1", "reminder", None)]

    retype(book, 2, "款项类型", "首期款")
    again = letters(book, date(2026, 11, 20))
    assert generated(again) == []
    assert [(s["contract_no"], s["code"], s["rows"]) for s in again["skipped"]] == [("HT1", "already_made", [2])]  # type: ignore[index,union-attr]


def test_two_instalments_due_the_same_day_keep_their_letters_when_one_is_retyped(tmp_path: Path) -> None:
    """The 款项类型 tells them apart while it stands; once it is retyped, the amount the key records does."""
    rows = [["1-101", "HT1", "张三", "首付款", 300000, 0, REMIND_DUE],
            ["1-101", "HT1", "张三", "分期款", 200000, 0, REMIND_DUE]]  # fmt: skip
    book = write_workbook(tmp_path / "team.xlsx", rows)
    assert generated(letters(book, date(2026, 11, 19))) == [("HT1", "reminder", None)]

    retype(book, 2, "款项类型", "首期款")
    assert generated(letters(book, date(2026, 11, 20))) == []


def _with_archive(book: Path, *keys: str) -> Path:
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("函件归档")
    ws.append(list(ARCHIVE_HEADER))
    for key in keys:
        row: list[object] = [None] * len(ARCHIVE_HEADER)
        row[ARCHIVE_HEADER.index("基准日")] = date(2026, 11, 19)
        row[ARCHIVE_HEADER.index("幂等键")] = key
        ws.append(row)
    wb.save(book)
    return book


def test_a_key_written_before_the_amount_was_recorded_is_still_recognised(tmp_path: Path) -> None:
    """函件归档 rows written by earlier versions key a letter as 合同|款项类型|到期日|级别|第几次."""
    rows = [["1-101", "HT1", "张三", "首付款", 300000, 0, REMIND_DUE]]
    old_key = f"HT1|首付款|{REMIND_DUE.isoformat()}|reminder|0"
    book = _with_archive(write_workbook(tmp_path / "same.xlsx", rows), old_key)
    assert generated(letters(book, date(2026, 11, 20))) == []

    retyped = [["1-101", "ht1", "张三", "首期款", 300000, 0, REMIND_DUE]]
    book = _with_archive(write_workbook(tmp_path / "retyped.xlsx", retyped), old_key)
    assert generated(letters(book, date(2026, 11, 20))) == []


def test_one_contract_however_its_number_is_spelt_gets_one_letter(tmp_path: Path) -> None:
    """ "HT-20", "ht-20" and "ＨＴ －２０" are one contract: one letter, under the first row's spelling, and
    each other spelling named on the board."""
    rows = [["1-101", "HT-20", "张三", "首付款", 300000, 0, DUE],
            ["1-101", "ht-20", "张三", "分期款", 200000, 0, DUE],
            ["1-101", "ＨＴ －２０", "张三", "尾款", 100000, 0, DUE]]  # fmt: skip
    book = write_workbook(tmp_path / "team.xlsx", rows)

    first = letters(book, date(2026, 11, 18))
    assert generated(first) == [("HT-20", "letter", 1)]
    (made,) = first["generated"]  # type: ignore[misc]
    text = "\n".join(p.text for p in Document(str(tmp_path / made["file"])).paragraphs)
    assert "HT-20" in text and "ht-20" not in text
    assert Path(made["file"]).name == "HT-20_催款信_第1次.docx"
    assert generated(letters(book, date(2026, 11, 18))) == []

    board = {
        d.sheet_row: d.problems for d in board_of(read_values(book), RunOptions(as_of=date(2026, 11, 18))).decisions
    }
    assert board[2] == ()
    assert board[3] == ('合同编号: "ht-20" 与第2行的 "HT-20" 写法不同，按同一合同处理',)
    assert board[4] == ('合同编号: "HT -20" 与第2行的 "HT-20" 写法不同，按同一合同处理',)
