"""The board's summary (SPEC §3: counts and amounts by stage, ageing buckets, by consultant, by payment
kind) and the per-row order by urgency, on small real workbooks whose every figure is worked out by hand
below; then the same figures read back from the 催款看板 sheet that `dunning refresh` writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.board import Board
from dunning.core.summary import Summary, summarise
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import AS_OF, days, write_workbook

# As-of 2026-11-20. Sheet rows 2–11: 房号, 合同编号, 客户姓名, 款项类型, 应收金额, 已收金额, 约定付款日期, 置业顾问,
# 已发催款信次数, 最近催款信日期, 律师函审批人, 律师函寄出日期, 暂缓催收至.
TEAM = [
    ["1-1", "HT1", "甲", "首付款", 100000, 0, days(30), "张丽"],  # 2 not_due, action 12-17
    ["1-2", "HT2", "乙", "尾款", 80000, 80000, days(-10), "张丽"],  # 3 settled
    ["1-3", "HT3", "丙", "首付款", 90000, 0, "2026/13/45", "王磊"],  # 4 invalid
    ["1-4", "HT4", "丁", "分期款", 50000, 10000, days(-10), "王磊"],  # 5 letter, due 11-13: late; 40000 owed
    ["1-5", "HT5", "戊", "首付款", 60000, 0, days(2), "张丽"],  # 6 reminder, action 11-22
    ["1-6", "HT6", "己", "尾款", 200000, 0, date(2026, 9, 1), "王磊"],  # 7 lawyer_pending, due 11-04: late
    ["1-7", "HT7", "庚", "首付款", 30000, 0, days(-3), None],  # 8 letter, due today
    ["1-8", "HT8", "辛", "分期款", 40000, 0, days(-30), "张丽", None, None, None, None, days(5)],  # 9 on_hold to 11-25
    ["1-9", "HT9", "壬", "尾款", 10000, 0, AS_OF, "张丽"],  # 10 reminder, the due day: call today
    # 11 litigation: the lawyer's letter of 10-01 gave until 10-16; report today; 172 days overdue
    ["1-10", "HT10", "癸", "尾款", 70000, 0, date(2026, 6, 1), "王磊", 4, date(2026, 8, 5), "刘总", date(2026, 10, 1)],
]


# The workbook is written once; the board is computed in each test, so that a mutation run (tests/benchmarks/
# mutation_score.py) sees which tests call which function.
@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("summary") / "team.xlsx", TEAM)


@pytest.fixture
def summary(team: Path) -> Summary:
    return summarise(board_of(read_values(team), RunOptions(as_of=AS_OF)))


def test_rows_are_ordered_late_first_then_rows_to_fix_then_by_action_date(summary: Summary) -> None:
    # late: row 7 (due 11-04) before row 5 (11-13); the invalid row 4; then by action date: rows 11, 8
    # and 10 all today (suit before a letter before a reminder), 6 (11-22), 9 (11-25), 2 (12-17); settled last
    assert [d.sheet_row for d in summary.rows] == [7, 5, 4, 11, 8, 10, 6, 9, 2, 3]


def test_by_consultant(summary: Summary) -> None:
    """谁签约、谁负责: (actions due today, late, open rows, overdue amount) for each signing consultant."""
    lines = {c.consultant: (c.due_today, c.late, c.open_rows, c.overdue_amount) for c in summary.by_consultant}
    assert lines == {
        "张丽": (1, 0, 4, Decimal(40000)),  # rows 2, 6, 9, 10 open; 10 due today; only 9 is overdue
        "王磊": (1, 2, 3, Decimal(310000)),  # 11 due today; 5 and 7 late; 5, 7, 11 overdue; 4 is invalid
        "（未填）": (1, 0, 1, Decimal(30000)),  # row 8: no consultant typed; due today
    }


def test_by_stage_counts_rows_and_sums_what_is_still_owed(summary: Summary) -> None:
    assert [(line.label, line.count, line.amount) for line in summary.by_stage] == [
        ("提起诉讼", 1, Decimal(70000)),
        ("律师函待审批", 1, Decimal(200000)),
        ("催款信", 2, Decimal(70000)),
        ("预先提醒", 2, Decimal(70000)),
        ("暂缓催收", 1, Decimal(40000)),
        ("未到期", 1, Decimal(100000)),
        ("数据有误", 1, Decimal(0)),
        ("已结清", 1, Decimal(0)),
    ]


def test_by_payment_kind_counts_open_rows(summary: Summary) -> None:
    lines = {line.label: (line.count, line.amount) for line in summary.by_kind}
    assert lines == {"首付款": (3, Decimal(190000)), "分期款": (2, Decimal(80000)), "尾款": (3, Decimal(280000))}


def test_headline(summary: Summary) -> None:
    headline = dict(summary.headline)
    assert headline["基准日"] == AS_OF and headline["数据行"] == 10
    assert headline["未结清欠款"] == Decimal(550000)  # 100000+40000+60000+200000+30000+40000+10000+70000
    assert headline["其中逾期欠款"] == Decimal(380000)  # rows 5, 7, 8, 9, 11
    # 40000×0.0005×10 + 200000×0.0005×80 + 30000×0.0005×3 + 40000×0.0005×30 + 70000×0.0005×172
    # = 200 + 8000 + 45 + 600 + 6020
    assert headline["违约金合计"] == Decimal("14865.00")
    assert (headline["今日应办"], headline["已延误"], headline["律师函待审批"], headline["应起诉"],
            headline["数据有误行"]) == (3, 2, 1, 1, 1)  # fmt: skip


# days overdue on each side of every ageing boundary (SPEC §3: 未到期, 1–15, 16–30, 31–60, 61–90, >90)
AGES = (-5, 0, 1, 15, 16, 30, 31, 60, 61, 90, 91, 200)


@pytest.fixture(scope="module")
def ageing_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows = [[f"2-{i}", f"AG{i}", "客户", "尾款", 10000 + age, 0, days(-age)] for i, age in enumerate(AGES)]
    return write_workbook(tmp_path_factory.mktemp("ageing") / "ageing.xlsx", rows)


@pytest.fixture
def ageing_board(ageing_book: Path) -> Board:
    return board_of(read_values(ageing_book), RunOptions(as_of=AS_OF))


def test_every_age_is_read_as_built(ageing_board: Board) -> None:
    assert [d.days_overdue for d in ageing_board.decisions] == list(AGES)


def test_ageing_buckets_at_their_boundaries(ageing_board: Board) -> None:
    lines = [(line.label, line.count, line.amount) for line in summarise(ageing_board).ageing]
    assert lines == [
        ("未到期", 2, Decimal(9995 + 10000)),
        ("1–15天", 2, Decimal(10001 + 10015)),
        ("16–30天", 2, Decimal(10016 + 10030)),
        ("31–60天", 2, Decimal(10031 + 10060)),
        ("61–90天", 2, Decimal(10061 + 10090)),
        (">90天", 2, Decimal(10091 + 10200)),
    ]


def test_overdue_money_starts_on_the_first_overdue_day(ageing_board: Board) -> None:
    """Every row but those 5 days before and on the due day is overdue (rows have no consultant)."""
    summary = summarise(ageing_board)
    overdue = sum((Decimal(10000 + age) for age in AGES if age >= 1), Decimal(0))
    assert (
        dict(summary.headline)["其中逾期欠款"] == overdue == Decimal(100595)
    )  # 10 rows × 10000 + 1+15+16+30+31+60+61+90+91+200
    assert [(c.consultant, c.open_rows, c.overdue_amount) for c in summary.by_consultant] == [("（未填）", 12, overdue)]


def test_ageing_leaves_out_settled_and_invalid_rows(tmp_path: Path) -> None:
    rows = [["1", "S1", "客户", "尾款", 5000, 5000, days(-20)], ["2", "S2", "客户", "尾款", None, 0, days(-20)],
            ["3", "S3", "客户", "尾款", 7000, 2000, days(-20)]]  # fmt: skip
    lines = summarise(board_of(read_values(write_workbook(tmp_path / "a.xlsx", rows)), RunOptions(as_of=AS_OF))).ageing
    assert {line.label: (line.count, line.amount) for line in lines if line.count} == {"16–30天": (1, Decimal(5000))}


def board_sheet_table(ws: openpyxl.worksheet.worksheet.Worksheet, title: str) -> list[tuple[object, ...]]:
    """The rows of a summary table on 催款看板: below its title and header, up to the first empty row."""
    spot = next(c for row in ws.iter_rows() for c in row if c.value == title)
    lines = []
    for r in range(spot.row + 2, ws.max_row + 1):
        values = tuple(ws.cell(r, spot.column + i).value for i in range(5))
        if values[0] is None:
            break
        lines.append(values)
    return lines


def test_refresh_writes_the_same_figures_into_the_board_sheet(team: Path, tmp_path: Path) -> None:
    book = tmp_path / "team.xlsx"
    book.write_bytes(team.read_bytes())
    result = CliRunner().invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(book)["催款看板"]
    header = [c.value for c in ws[5]]
    assert header[:4] == ["原表行", "合同编号", "客户姓名", "催款阶段"]
    assert [ws.cell(r, 1).value for r in range(6, 16)] == [7, 5, 4, 11, 8, 10, 6, 9, 2, 3]
    assert ws.cell(6, header.index("延误") + 1).value == "已延误"
    consultants = board_sheet_table(ws, "按置业顾问（谁签约、谁负责）")
    assert {line[0]: tuple(line[1:]) for line in consultants} == {
        "张丽": (1, 0, 4, 40000), "王磊": (1, 2, 3, 310000), "（未填）": (1, 0, 1, 30000),
    }  # fmt: skip
    ageing = board_sheet_table(ws, "账龄（未结清）")
    assert [(line[0], line[1]) for line in ageing] == [("未到期", 3), ("1–15天", 2), ("16–30天", 1), ("31–60天", 0),
                                                       ("61–90天", 1), (">90天", 1)]  # fmt: skip
