"""The vice-president's approval pack on the sample: every contract awaiting approval listed with its
pending instalments' figures, each with a draft 律师函; nothing else, and the workbook untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.money import yuan
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from letters_helpers import letter_text

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
AS_OF = date(2026, 11, 20)  # the sample's 基准日
runner = CliRunner()


def test_the_pack_lists_every_pending_contract_with_its_figures_and_a_draft(tmp_path: Path) -> None:
    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    board = board_of(read_values(book), RunOptions())
    pending: dict[str, list] = {}
    for d in board.decisions:  # the oracle: the board's own rows at 律师函待审批
        if d.stage == "lawyer_pending":
            pending.setdefault(d.inst.contract_no, []).append(d)
    assert pending

    result = runner.invoke(app, ["approvals", str(book)])
    assert result.exit_code == 0, result.output
    (pack,) = (tmp_path / "催款函").rglob("律师函审批_*.docx")
    text = letter_text(pack)
    owed = sum((d.outstanding for rows in pending.values() for d in rows), Decimal(0))
    assert "律师函审批名单" in text and yuan(owed) in text and "审批人（签字）" in text
    for contract, rows in pending.items():
        assert contract in result.stdout and f"《商品房买卖合同》（合同编号：{contract}）" in text
        for d in rows:
            assert f"{d.inst.contract_no} | {d.inst.customer}" in text and yuan(d.outstanding) in text
    others = {d.inst.contract_no for d in board.decisions if d.stage in ("lawyer_letter", "lawyer_sent")} - set(pending)
    assert not [c for c in others if f"《商品房买卖合同》（合同编号：{c}）" in text]
    assert text.count("编号：（草稿，编号待定）") == len(pending)  # a draft takes no number of the firm's
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before


def test_no_pending_approval_makes_nothing(tmp_path: Path) -> None:
    from conftest import days, write_workbook

    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]])
    result = runner.invoke(app, ["approvals", str(book), "--as-of", "2026-11-20"])
    assert result.exit_code == 0 and "没有待审批的律师函" in result.stdout
    assert not (tmp_path / "催款函").exists()


# ---- the pack as the vice-president reads it (issue 19), on the sample at its as-of date 2026-11-20


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pack")
    book = folder / SAMPLE.name
    shutil.copy(SAMPLE, book)
    result = runner.invoke(app, ["approvals", str(book)])
    assert result.exit_code == 0, result.output
    (found,) = (folder / "催款函").rglob("律师函审批_*.docx")
    return found


def _list_rows(pack: Path) -> list[list[str]]:
    """The approval list's rows (header first) with each cell's text, merged cells once per row."""
    table = Document(str(pack)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def _contract_rows(pack: Path, contract: str) -> tuple[list[list[str]], str]:
    """A contract's instalment rows in the list and the note row under them."""
    rows = _list_rows(pack)
    first = next(i for i, row in enumerate(rows) if row[0] == contract)
    mine = [rows[first]]
    for row in rows[first + 1 :]:
        if len(set(row)) == 1:  # the note row: one cell across the table
            return mine, row[0]
        mine.append(row)
    raise AssertionError(f"no note row under {contract}")


def test_each_contract_has_boxes_to_tick_agree_or_not(pack: Path) -> None:
    heading, *rows = _list_rows(pack)
    assert heading[-1] == "审批意见"
    board = board_of(read_values(SAMPLE), RunOptions())
    pending = {d.inst.contract_no for d in board.decisions if d.stage == "lawyer_pending"}
    ticked = {row[0] for row in rows if row[-1] == "□同意\n□不同意"}
    assert ticked == pending
    boxes = [tc for tc in Document(str(pack)).tables[0]._tbl.iter(qn("w:tc")) if "□不同意" in "".join(tc.itertext())]
    assert len(boxes) == len(pending)  # one per contract, not one per instalment


def test_letters_sent_per_instalment_and_the_contracts_other_overdue_instalments(pack: Path) -> None:
    """0019: the 首付款 awaits approval with its own 9 letters (last 04-20); its 尾款, overdue 58 days with
    8 letters, is not in this approval and is named under it."""
    (row,), note = _contract_rows(pack, "JXHF-2026-0019")
    assert row[2:5] == ["首付款", "2026-02-22", "271"] and row[7] == "9封\n2026-04-20"
    assert "本合同其他逾期款项（不在本次审批）：尾款 2026年9月23日到期，欠¥1,283,605.00，逾期58天，" in note
    assert "催款信8封（最近 2026年11月17日）" in note and note.startswith("置业顾问：王磊。")


def test_how_late_the_approval_is(pack: Path) -> None:
    """The 律师函 was due to go out 2 calendar months + 3 days after the due date."""
    for contract, due in (("JXHF-2026-0019", date(2026, 2, 22)), ("JXHF-2026-0048", date(2026, 9, 17))):
        (row,), _ = _contract_rows(pack, contract)
        late = (AS_OF - (due + relativedelta(months=2) + timedelta(days=3))).days
        assert row[8] == (f"已超期\n{late}天" if late > 0 else "今日到期" if late == 0 else f"{-late}天内")
    (row,), _ = _contract_rows(pack, "JXHF-2026-0049")  # due 09-18: to go out by 11-21
    assert row[8] == "1天内"


def test_the_teams_note_and_earlier_lawyer_letters_are_shown(pack: Path) -> None:
    _, note = _contract_rows(pack, "JXHF-2026-0045")
    assert note.endswith("备注：分期款：客户已提前支付部分款项。")
    _, note = _contract_rows(pack, "JXHF-2026-0020")  # its other 分期款 had a 律师函 on 06-26
    assert "已发律师函：律师函 2026年6月26日寄出（分期款（2026年4月23日）），签收日期未登记" in note
    assert "第112行数据有误，未列入" in note and "备注：尾款：面积差待测绘确认。" in note


def test_lines_for_the_manager_the_lawyer_and_the_vice_president(pack: Path) -> None:
    text = letter_text(pack)
    for line in ("提交人（市场部经理）：", "审核（律师）：律师函文本已审核", "审批（营销副总）：", "审批人（签字）："):
        assert line in text
    assert "同意部分（请在名单上勾选）" not in text


def test_every_draft_is_marked_at_its_top(pack: Path) -> None:
    from dunning.reports.approvals import DRAFT_MARK

    paragraphs = [p.text for p in Document(str(pack)).paragraphs]
    marks = [i for i, text in enumerate(paragraphs) if text == DRAFT_MARK]
    firms = [i for i, text in enumerate(paragraphs) if text == "浙江锦程律师事务所"]  # each draft's letterhead
    assert len(marks) == len(firms) == 13
    assert all(paragraphs[i + 1] == "浙江锦程律师事务所" for i in marks)  # the first line of each draft


def test_the_list_prints_on_a4_with_no_figure_broken(pack: Path, tmp_path: Path) -> None:
    """Rendered by LibreOffice: every amount, date and contract number of the list whole on its line."""
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("LibreOffice / poppler not installed")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(pack)], check=True, capture_output=True, timeout=300)  # fmt: skip
    pdf = tmp_path / pack.with_suffix(".pdf").name
    first_page = subprocess.run(["pdftotext", "-l", "1", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                text=True).stdout  # fmt: skip
    _, *rows = _list_rows(pack)
    for row in rows:
        if row[0].startswith("JXHF"):
            for figure in (row[0], row[3], row[5], row[6]):
                assert figure in first_page, figure
    assert "¥9,435,478.50" in first_page and "审批人（签字）" in first_page  # the total and the signatures: page 1
