"""The first run on a team's own sheet (issue 20): no 函件归档 and no tracking columns, so the sheet cannot
say whether the customers long overdue had letters before. No 第1次 letter goes to them until their
history is filled or she confirms none were sent (--no-prior-letters). Real .xlsx kept the way a team
keeps one (title rows, her own headers, no tracking columns); letters read back with python-docx."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from docx import Document
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions, letters
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, days, write_workbook

TEAM_HEADER = ("序号", "合同号", "业主姓名", "房间号", "款项名称", "应收款", "已付款", "应收日期", "备注")
TITLES = (("锦绣华府 合同执行情况表",), ("制表：销售部", None, None, "单位：元"))
ROWS = [  # sheet rows 4–8 (two title rows, the header on row 3)
    (1, "HT-01", "王五", "3-1-101", "首付款", 200000, 0, days(-45), ""),  # 45 days overdue: withheld
    (2, "HT-01", "王五", "3-1-101", "分期款", 50000, 0, days(-2), ""),  # in its window, but waits with row 4
    (3, "HT-02", "赵六", "3-1-102", "分期款", 80000, 10000, days(-61), "已电话沟通"),  # 61 days: withheld
    (4, "HT-03", "钱七", "3-2-201", "首付款", 120000, 0, days(-2), ""),  # first letter genuinely due
    (5, "HT-04", "孙八", "3-2-202", "尾款", 90000, 0, days(2), ""),  # reminder
]
runner = CliRunner()


def team_book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "合同执行情况表.xlsx", ROWS, header=TEAM_HEADER, above=TITLES)


def test_first_run_withholds_the_long_overdue_rows_and_names_them(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    dry = letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    assert {p.contract_no for p in dry.plan.letters} == {"HT-03", "HT-04"}
    assert dry.plan.first_run and sorted(d.sheet_row for d in dry.plan.withheld) == [4, 5, 6]
    assert [(s.reason, s.contract, s.rows, s.also, s.number) for s in dry.plan.skipped] == [
        (SkipReason.WITHHELD_FIRST_RUN, "HT-01", (4, 5), (5,), 10),  # row 5's letter waits with row 4's
        (SkipReason.WITHHELD_FIRST_RUN, "HT-02", (6,), (), 10),  # overdue 10 days or more, no history
    ]

    made = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert {m.letter.contract_no for m in made.made} == {"HT-03", "HT-04"}
    assert made.columns is not None and made.columns.row == 3  # her columns reported on the first run
    archive = openpyxl.load_workbook(book)["函件归档"]
    assert {row[2] for row in archive.iter_rows(min_row=2, values_only=True)} == {"HT-03", "HT-04"}

    again = letters(book, RunOptions(as_of=AS_OF, dry_run=True))  # the archive now holds only this product's letters
    assert not again.plan.letters and sorted(d.sheet_row for d in again.plan.withheld) == [4, 5, 6]
    assert again.columns is None  # no longer the first run: the column report is not repeated


def test_no_prior_letters_makes_them_as_the_first_and_logs_it(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    out = runner.invoke(app, ["letters", str(book), "--as-of", AS_OF.isoformat(), "--backdate", BACKDATE,
                              "--no-prior-letters"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "已按 --no-prior-letters 确认此前未寄过催款信：第4、5、6行" in out.output
    made = {p.name for p in (tmp_path / "催款函").rglob("*.docx") if not p.name.startswith("全部")}
    assert any("HT-01" in name for name in made) and any("HT-02" in name for name in made), made
    (letter,) = [p for p in (tmp_path / "催款函").rglob("*HT-02*.docx")]
    assert "HT-02-1" in "\n".join(p.text for p in Document(str(letter)).paragraphs)  # 第1次: <合同编号>-1
    logged = (tmp_path / ".dunning-backup" / "dunning.log").read_text(encoding="utf-8")
    assert "no prior letters confirmed (--no-prior-letters) for 3 rows, sent as letter 1: 4, 5, 6" in logged


def test_the_first_run_reports_her_columns_at_the_top(tmp_path: Path) -> None:
    out = runner.invoke(app, ["letters", str(team_book(tmp_path)), "--as-of", AS_OF.isoformat(), "--dry-run"])
    assert out.exit_code == 0, out.output
    head = [line for line in out.output.splitlines() if line.strip()]
    assert head[0].startswith("首次在此工作簿上生成函件：工作表「合同执行情况」第3行是表头"), out.output
    assert "B列「合同号」→合同编号" in head[1] and "H列「应收日期」→约定付款日期" in head[1], head[1]
    assert "未使用：A列「序号」" in head[1]
    assert "已发催款信次数" in head[2] and "最近催款信日期" in head[2], head[2]
    assert "第4行已逾期10天以上" in out.output  # the dry run shows the withheld rows too


def test_once_her_history_is_filled_the_run_is_an_ordinary_one(tmp_path: Path) -> None:
    header = (*TEAM_HEADER, "已发催款信次数", "最近催款信日期")
    rows = [(*row, None, None) for row in ROWS]
    rows[0] = (*ROWS[0], 2, days(-9))  # two letters sent by hand, the last 9 days ago: the third is due
    rows[2] = (*ROWS[2], 1, days(-3))  # one sent 3 days ago: the next one not yet
    book = write_workbook(tmp_path / "合同执行情况表.xlsx", rows, header=header, above=TITLES)
    result = letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    assert not result.plan.first_run and not result.plan.withheld and result.columns is None
    numbers = {p.contract_no: p.letter_no for p in result.plan.letters}
    assert numbers == {"HT-01": 3, "HT-03": 1, "HT-04": None}, numbers


def test_the_first_runs_board_says_what_the_run_withholds(tmp_path: Path) -> None:
    """The board agrees with the first run: the withheld rows are not 今日发函 nor late, and say why."""
    from dunning.core.first_run import HELD_ACTION
    from dunning.jobs import RunOptions, board_of

    rows = {d.sheet_row: d for d in board_of(read_values(team_book(tmp_path)), RunOptions(as_of=AS_OF)).decisions}
    for row in (4, 5, 6):
        held = rows[row]
        assert held.stage == "letter" and not held.letter_due and not held.late, (row, held.why)
        assert held.next_action == HELD_ACTION and "没有催款记录" in held.why and "--no-prior-letters" in held.why
    assert rows[7].letter_due  # a first letter genuinely due goes out
