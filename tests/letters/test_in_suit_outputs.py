"""A workbook whose team sheet has 起诉日期 and 案号: the board shows 诉讼中 with the case number in its
why, the letters job makes no letter for that contract, and the major-arrears report lists it with its
case number (the Word file read back)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions, letters

from conftest import AS_OF, BACKDATE, HEADER, days, write_workbook
from letters_helpers import letter_text

runner = CliRunner()
CASE = "(2026)浙0110民初123号"
SUIT = date(2026, 11, 10)


def _row(unit: str, contract: str, due: int, amount: int, suit: object = None, case: str = "") -> list[object]:
    return [unit, contract, "张三", "首付款", amount, 0, days(due), "王磊", None, None, None, None, None, suit, case]


@pytest.fixture
def book(tmp_path: Path) -> Path:
    rows = [
        _row("1-101", "HT-S", -100, 100_000, SUIT, CASE),  # filed at court
        _row("1-101", "HT-S", -3, 50_000),  # an instalment of the same contract whose first letter is due
        _row("1-102", "HT-L", -3, 80_000),  # an ordinary contract: its letter is made
    ]
    return write_workbook(tmp_path / "team.xlsx", rows, header=(*HEADER, "立案日期", "案号"))


def test_the_board_shows_in_suit_with_the_case_number(book: Path) -> None:
    result = runner.invoke(app, ["board", str(book), "--json", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    (suit,) = [r for r in json.loads(result.stdout) if r["stage"] == "in_suit"]
    assert suit["sheet_row"] == 2 and suit["stage_label"] == "诉讼中" and suit["owner"] == "市场部经理"
    assert suit["next_action"] == "跟进诉讼进展" and suit["action_due"] is None
    assert suit["why"] == f"已于2026年11月10日起诉（案号{CASE}），跟进诉讼进展"


def test_no_letter_for_a_contract_in_suit(book: Path) -> None:
    result = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert [m.letter.contract_no for m in result.made] == ["HT-L"]
    assert not list(book.parent.rglob("*HT-S*.docx"))
    assert [(s.reason, s.rows) for s in result.plan.skipped if s.contract == "HT-S"] == [(SkipReason.IN_SUIT, (3,))]


def test_the_major_arrears_report_lists_it_with_its_case_number(book: Path) -> None:
    result = runner.invoke(app, ["major-arrears", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    (report,) = (book.parent / "催款函").rglob("重大欠款上报_*.docx")
    text = letter_text(report)
    assert "HT-S" in text and "HT-L" not in text  # ¥100,000 is far below 重大欠款金额: listed for the suit
    assert f"2026年11月10日起诉，案号{CASE}" in text and "已起诉，诉讼中" in text and "诉讼中" in text
    assert f"跟进诉讼（案号{CASE}）" in text  # the proposal
