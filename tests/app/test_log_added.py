"""The collector's log (跟进记录, issue 23) is added by the first run that finds none, not only by `dunning init`:
a refresh or a real letters run adds it empty (its note and header), after 催款规则 or else after the team's
sheet, in the run's one save; a dry run adds nothing; a log that is there keeps every byte of its rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.follow_up import HEADER, NOTE
from package_helpers import sheet_part

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
LOG = "跟进记录"
ROWS = [["1-101", "HT1", "张三", "首付款", 100000, 0, days(-5), "李娜"],
        ["1-102", "HT2", "李四", "尾款", 80000, 0, days(-40), "王强"]]  # fmt: skip


def refresh(book: Path) -> None:
    result = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output


def letters(book: Path, *more: str) -> str:
    result = runner.invoke(app, ["letters", str(book), "--as-of", AS_OF.isoformat(), "--backdate", BACKDATE, *more])
    assert result.exit_code == 0, result.output
    return result.stdout


def assert_empty_log(book: Path) -> None:
    ws = openpyxl.load_workbook(book)[LOG]
    assert ws.cell(1, 1).value == NOTE and [c.value for c in ws[2]] == list(HEADER) and ws.max_row == 2


def backups(book: Path) -> int:
    return len(list((book.parent / ".dunning-backup").glob(f"{book.stem}*")))


def test_refresh_adds_the_log_after_the_rules_sheet_in_its_one_save(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "台账.xlsx", ROWS)  # with 催款规则, no 跟进记录
    refresh(book)
    names = openpyxl.load_workbook(book).sheetnames
    assert names.index(LOG) == names.index("催款规则") + 1, names
    assert_empty_log(book)
    assert backups(book) == 1  # one save: the board, 今日待办 and the log together
    refresh(book)  # the second refresh finds it and leaves it
    assert openpyxl.load_workbook(book).sheetnames.count(LOG) == 1


def test_without_a_rules_sheet_the_log_goes_after_the_teams_sheet(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "台账.xlsx", ROWS, sheet="销售台账", company=False)
    refresh(book)
    names = openpyxl.load_workbook(book).sheetnames
    assert "催款规则" not in names and names.index(LOG) > names.index("销售台账"), names
    assert_empty_log(book)


def test_a_real_letters_run_adds_the_log_and_a_dry_run_adds_nothing(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "台账.xlsx", ROWS)
    before = book.read_bytes()
    letters(book, "--dry-run")
    assert book.read_bytes() == before
    assert "已生成" in letters(book) or list((tmp_path / "催款函").rglob("*.docx"))
    names = openpyxl.load_workbook(book).sheetnames
    assert names.index(LOG) == names.index("催款规则") + 1, names
    assert_empty_log(book)
    assert backups(book) == 1  # the letters' archive, tracking cells and the log: one save


def test_a_letters_run_that_makes_no_letter_still_adds_the_log(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "台账.xlsx", [["1-101", "HT1", "张三", "首付款", 100000, 0, days(30), "李娜"]])
    letters(book)
    assert_empty_log(book)


def test_a_log_that_is_there_keeps_every_byte_of_what_people_typed(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "台账.xlsx", ROWS)
    wb = openpyxl.load_workbook(book)
    log = wb.create_sheet(LOG)
    log.append(list(HEADER))  # hers: no note line, her own widths
    log.append([days(-3), "HT1", None, "电话", "未接通", None, None, "李娜", "下午再打"])
    log.column_dimensions["I"].width = 50
    wb.save(book)
    typed = sheet_part(book, LOG)
    refresh(book)
    letters(book)
    refresh(book)
    assert sheet_part(book, LOG) == typed
    assert openpyxl.load_workbook(book).sheetnames.count(LOG) == 1
