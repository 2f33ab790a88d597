"""`dunning board` in the terminal: the sample's board at every width keeps contract numbers, customers
and amounts whole, in the board sheet's order, with names as owners; and `--as-of` in the sheet's forms."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from dunning.board_text import COLUMNS, PIPED_WIDTH, owner_name, print_board
from dunning.cli import app
from dunning.core.board import Board
from dunning.core.engine import Decision
from dunning.core.money import yuan
from dunning.jobs import RunOptions, board_of
from dunning.sheets.layout import BOARD_HEADER_ROW, board_layout
from dunning.sheets.reader import read_values

from conftest import AS_OF, days, decide_one, write_workbook

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
ROLES = {"手续办理专员", "市场部经理"}  # the stages' owners the sheet names no one for
DROP_ORDER = [c.name for c in sorted((c for c in COLUMNS if c.drop), key=lambda c: c.drop)]
runner = CliRunner()


@pytest.fixture(scope="module")
def board() -> Board:
    board = board_of(read_values(SAMPLE), RunOptions())
    assert all(d.inst.contract_no and d.inst.customer for d in board.decisions)
    return board


def sheet_order(board: Board) -> list[Decision]:
    """The rows as the `催款看板` sheet lists them (its 原表行 column, top to bottom)."""
    by_row = {d.sheet_row: d for d in board.decisions}
    cells = sorted((c for c in board_layout(board).cells if c.column == 1 and c.row > BOARD_HEADER_ROW),
                   key=lambda c: c.row)  # fmt: skip
    return [by_row[int(str(c.value))] for c in cells]


def render(board: Board, width: int) -> list[str]:
    console = Console(width=width, record=True, file=io.StringIO())
    print_board(board, console)
    lines = console.export_text().splitlines()
    assert max(cell_len(line) for line in lines) <= width
    return lines


def table_rows(lines: list[str]) -> tuple[list[str], list[dict[str, str]]]:
    """The header and, for each board row, its first line's cells by column name."""
    header = [cell.strip() for cell in next(line for line in lines if "┃" in line).split("┃")]
    rows = []
    for line in lines:
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) == len(header) and cells[header.index("合同编号")]:
            rows.append(dict(zip(header, cells, strict=True)))
    return header, rows


def expected_owner(d: Decision) -> str:
    return d.owner if d.owner in ROLES else d.inst.consultant


def test_the_order_is_the_board_sheets_not_the_sheets(board: Board) -> None:
    order = sheet_order(board)
    assert [d.sheet_row for d in order] != sorted(d.sheet_row for d in order)
    assert order[0].late and not order[-1].late


@pytest.mark.parametrize("width", [80, 100, 120, 160, 220])
def test_table_keeps_values_whole_in_board_order(board: Board, width: int) -> None:
    header, rows = table_rows(render(board, width))
    order = sheet_order(board)
    assert {"合同编号", "客户", "阶段", "欠款"} <= set(header)
    assert [r["合同编号"] for r in rows] == [d.inst.contract_no for d in order]
    for row, d in zip(rows, order, strict=True):
        assert row["客户"] == d.inst.customer and row["欠款"] == yuan(d.outstanding)
        if "违约金" in row:
            assert row["违约金"] == yuan(d.late_fee)
        if "责任人" in row:
            assert row["责任人"] == expected_owner(d), d.why
        if "行" in row:
            assert row["行"] == str(d.sheet_row)


@pytest.mark.parametrize("width", [80, 100, 120, 160, 220])
def test_columns_go_in_the_stated_order(board: Board, width: int) -> None:
    header, _ = table_rows(render(board, width))
    hidden = [name for name in DROP_ORDER if name not in header]
    assert hidden == DROP_ORDER[: len(hidden)]
    assert (width >= 160) == ("违约金" in header) and (width >= 120) == ("下一步" in header)


def test_piped_width_shows_every_column(board: Board) -> None:
    header, rows = table_rows(render(board, PIPED_WIDTH))
    assert header == [c.name for c in COLUMNS] and len(rows) == len(board.decisions)


@pytest.mark.parametrize("width", [40, 60])
def test_too_narrow_for_a_table_gives_a_block_per_row(board: Board, width: int) -> None:
    lines = render(board, width)
    blocks: list[list[str]] = []
    for line in lines:
        if set(line.strip()) == {"─"}:
            blocks.append([])
        elif blocks:
            blocks[-1].append(line)
    order = sheet_order(board)
    assert len(blocks) == len(order)
    for block, d in zip(blocks, order, strict=True):
        assert block[0].split()[0] == d.inst.contract_no
        assert " ".join(block).split()[:3] == [d.inst.contract_no, d.inst.customer, d.stage_label]
        assert any(f"欠款：{yuan(d.outstanding)}" in line.split() for line in block)
        assert any(f"责任人：{expected_owner(d)}" in line.split() for line in block if expected_owner(d))


def test_owners_are_the_signing_consultants_names(board: Board) -> None:
    _, rows = table_rows(render(board, PIPED_WIDTH))
    names = {d.inst.consultant for d in board.decisions}
    owners = {r["责任人"] for r in rows}
    assert owners <= names | ROLES and names <= owners and "置业顾问" not in owners
    consultants_stages = {r["阶段"] for r in rows if r["责任人"] in names and r["下一步"]}
    assert {"预先提醒", "律师函已发"} <= consultants_stages


@pytest.mark.parametrize(("values", "owner"), [
    ({"due_date": days(2), "consultant": "李娜"}, "李娜"),  # 预先提醒: the consultant phones
    ({"due_date": days(2)}, "置业顾问"),  # nobody named: the role
    ({"due_date": days(30), "consultant": "李娜"}, "李娜"),  # 未到期: the case's owner
    ({"due_date": days(-10), "consultant": "李娜"}, "手续办理专员"),  # 催款信
    ({"due_date": days(-70), "consultant": "李娜"}, "市场部经理"),  # 律师函待审批
    ({"due_date": days(-70), "consultant": "李娜", "lawyer_letter_date": days(-3)}, "李娜"),  # 律师函已发
])  # fmt: skip
def test_owner_rule(values: dict[str, object], owner: str) -> None:
    assert owner_name(decide_one(**values)) == owner


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "team.xlsx", [["1-101", "BJYF-2026-0001", "张三", "首付款", 12250, 0, days(-47), "李娜"],
                                                   ["1-102", "BJYF-2026-0002", "李四", "首付款", 8000, 0, days(2), "王强"]])  # fmt: skip


@pytest.mark.parametrize("text", ["2026/11/24", "2026-11-24", "2026.11.24", "2026年11月24日", "2026/11/24 "])
def test_as_of_takes_the_sheets_date_forms(team: Path, text: str) -> None:
    result = runner.invoke(app, ["board", str(team), "--json", "--as-of", text])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["days_overdue"] == 47 + 4


@pytest.mark.parametrize("text", ["2026/13/45", "明天", "", "24.11.2026"])
def test_unreadable_as_of_is_one_clear_line(team: Path, text: str) -> None:
    result = runner.invoke(app, ["board", str(team), "--as-of", text])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"--as-of 应为 YYYY-MM-DD（或 2026/11/24、2026.11.24、2026年11月24日）：无法识别「{text}」"
    ]


def test_board_command_prints_whole_values_when_piped(team: Path) -> None:
    result = runner.invoke(app, ["board", str(team), "--as-of", f"{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日"])
    assert result.exit_code == 0, result.output
    _, rows = table_rows(result.stdout.splitlines())
    # no letter history (a first run): the long-overdue row waits for it, so it is not the late one first
    assert [(r["合同编号"], r["欠款"], r["责任人"]) for r in rows] == [("BJYF-2026-0002", "¥8,000.00", "王强"),
                                                                 ("BJYF-2026-0001", "¥12,250.00", "手续办理专员")]  # fmt: skip
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= PIPED_WIDTH
