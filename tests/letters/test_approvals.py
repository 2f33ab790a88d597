"""The vice-president's approval pack on the sample: every contract awaiting approval listed with its
pending instalments' figures, each with a draft 律师函; nothing else, and the workbook untouched."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.money import yuan
from dunning.jobs import load_board

from letters_helpers import letter_text

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
runner = CliRunner()


def test_the_pack_lists_every_pending_contract_with_its_figures_and_a_draft(tmp_path: Path) -> None:
    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    board = load_board(book)
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
