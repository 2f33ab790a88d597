"""Back-dating is never silent (issue 19): letters dated more than 3 days before today (the real clock)
need `--backdate REASON`, and the reason is in every 函件归档 row of the run and in the log. The
workbooks here are dated relative to today, so the tests do not drift; the button's refusal is in
tests/excel/test_excel_button.py."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.archive_record import ARCHIVE_HEADER
from dunning.core.errors import DunningError
from dunning.jobs import RunOptions
from dunning.jobs import letters as run_letters
from dunning.log import close, log_file

from conftest import days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
ARCHIVE = "函件归档"
REASON = "客户要求按原寄送日期补发"
DEMO_REASON = "演示：样例工作簿的基准日"


@pytest.fixture(autouse=True)
def _release() -> None:
    yield
    close()


def team_book(folder: Path, as_of: date, name: str = "team.xlsx") -> Path:
    """Two contracts with a letter due on `as_of`: a first 催款信 and a reminder."""
    make_templates(folder / "函件模板")
    rows = [["1-101", "HT1", "张三", "首付款", 100000, 0, days(-5, base=as_of), "李娜"],
            ["1-102", "HT2", "李四", "尾款", 80000, 0, days(2, base=as_of), "王强"]]  # fmt: skip
    return write_workbook(folder / name, rows)


def letters(book: Path, as_of: date, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["letters", str(book), "--as-of", as_of.isoformat(), *extra])
    return result.exit_code, result.stdout, result.stderr


def archive(book: Path) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(book)[ARCHIVE].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


def test_letters_dated_two_months_back_are_refused_without_a_reason(tmp_path: Path) -> None:
    today = date.today()
    long_ago = today - timedelta(days=63)
    book = team_book(tmp_path, long_ago)
    before = book.read_bytes()
    code, _, err = letters(book, long_ago)
    assert code == 2
    assert f"基准日 {long_ago.isoformat()}（--as-of）比今天（{today.isoformat()}）早 63 天：函件会倒签日期" in err, err
    assert '--backdate "原因"' in err and len(err.strip().splitlines()) == 1
    assert book.read_bytes() == before  # no tracking cell moved, nothing archived
    assert not (tmp_path / "催款函").exists()  # no letter
    assert "未执行：基准日" in log_file(book).read_text(encoding="utf-8")
    assert letters(book, long_ago, "--dry-run")[0] == 0  # a dry run dates nothing


def test_the_reason_is_in_every_archive_row_of_the_run_and_in_the_log(tmp_path: Path) -> None:
    long_ago = date.today() - timedelta(days=60)
    book = team_book(tmp_path, long_ago)
    code, out, err = letters(book, long_ago, "--backdate", f"  {REASON}\n")
    assert code == 0, err
    assert f"倒签：函件日期 {long_ago.isoformat()}（比今天早 60 天），原因「{REASON}」" in out
    rows = archive(book)
    assert [row["合同编号"] for row in rows] == ["HT1", "HT2"]
    assert all(row["倒签原因"] == REASON for row in rows), rows
    logged = log_file(book).read_text(encoding="utf-8")
    assert f"letters {long_ago.isoformat()}: dated 60 days before today" in logged and REASON in logged


def test_a_blank_reason_is_refused(tmp_path: Path) -> None:
    long_ago = date.today() - timedelta(days=60)
    book = team_book(tmp_path, long_ago)
    code, _, err = letters(book, long_ago, "--backdate", "  ")
    assert code == 2 and "--backdate 需要写明补发的原因" in err, err
    assert not (tmp_path / "催款函").exists()


def test_three_days_back_needs_no_reason_four_do(tmp_path: Path) -> None:
    today = date.today()
    three, four = today - timedelta(days=3), today - timedelta(days=4)
    code, _, err = letters(team_book(tmp_path / "a", three), three)
    assert code == 0, err
    with pytest.raises(DunningError, match=f"基准日 {four.isoformat()}.*比今天（{today.isoformat()}）早 4 天"):
        run_letters(team_book(tmp_path / "b", four), RunOptions(as_of=four))


def test_the_rules_sheets_date_is_back_dating_too(tmp_path: Path) -> None:
    long_ago = date.today() - timedelta(days=30)
    make_templates(tmp_path / "函件模板")
    rows = [["1-101", "HT1", "张三", "首付款", 100000, 0, days(-5, base=long_ago), "李娜"]]
    book = write_workbook(
        tmp_path / "t.xlsx", rows, rules=[["参数", "值"], ["公司名称", "锦绣华府"], ["基准日", long_ago]]
    )
    result = runner.invoke(app, ["letters", str(book)])
    assert result.exit_code == 2 and f"基准日 {long_ago.isoformat()}（「催款规则」的基准日）" in result.stderr


def test_an_archive_of_the_earlier_thirteen_columns_keeps_reading_and_gets_the_new_heading(tmp_path: Path) -> None:
    long_ago = date.today() - timedelta(days=60)
    book = team_book(tmp_path, long_ago)
    wb = openpyxl.load_workbook(book)
    old = wb.create_sheet(ARCHIVE)
    old.append(list(ARCHIVE_HEADER[: ARCHIVE_HEADER.index("幂等键") + 1]))  # as written before 倒签原因
    key = f"HT1|首付款|{days(-5, base=long_ago).isoformat()}|100000|letter|1"
    old.append([None, long_ago - timedelta(days=1), "HT1", "张三", "催款信", "letter", 1, 100000, 0, "x.docx", "0",
                "", key])  # fmt: skip
    wb.save(book)
    code, _, err = letters(book, long_ago, "--backdate", REASON)
    assert code == 0, err
    sheet = openpyxl.load_workbook(book)[ARCHIVE]
    assert [c.value for c in sheet[1]] == list(ARCHIVE_HEADER)
    rows = archive(book)
    assert [row["合同编号"] for row in rows] == ["HT1", "HT2"]  # HT1's letter is archived already: not made again
    assert rows[0]["倒签原因"] is None and rows[1]["倒签原因"] == REASON


def test_a_column_of_her_own_where_the_reason_goes_is_not_written_under(tmp_path: Path) -> None:
    long_ago = date.today() - timedelta(days=60)
    book = team_book(tmp_path, long_ago)
    wb = openpyxl.load_workbook(book)
    old = wb.create_sheet(ARCHIVE)
    old.append([*ARCHIVE_HEADER[: ARCHIVE_HEADER.index("幂等键") + 1], "备注"])
    wb.save(book)
    before = book.read_bytes()
    code, _, err = letters(book, long_ago, "--backdate", REASON)
    assert code == 2 and "「函件归档」N1 是「备注」" in err, err
    assert book.read_bytes() == before and not (tmp_path / "催款函").exists()


def test_the_demo_says_its_letters_are_back_dated_and_why(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    late = (date.today() - date(2026, 11, 20)).days
    assert f"倒签：函件日期 2026-11-20（比今天早 {late} 天），原因「{DEMO_REASON}」" in result.stdout
    rows = archive(out / "sample_contracts.xlsx")
    assert rows and all(row["倒签原因"] == DEMO_REASON for row in rows)
