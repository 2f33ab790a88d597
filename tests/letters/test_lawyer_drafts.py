"""The 律师函's number and its draft for the approval pack: the firm's format, serials never reused, a
draft without a number that refers to the contract's earlier 律师函 (0020's expired one) and lists every
instalment to approve (0019's and 0036's overdue 尾款)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunning.core.errors import RulesError
from dunning.core.rules_sheet import load_rules
from dunning.jobs import RunOptions, board_of
from dunning.letters.context import build_context
from dunning.letters.lawyer import Numbering
from dunning.letters.plan import lawyer_draft
from dunning.letters.render import Template
from dunning.letters.templates import builtin_templates
from dunning.sheets.reader import read_values

from letters_helpers import letter_text

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"


def test_serials_follow_every_archived_number_of_the_format_and_year() -> None:
    archived = [
        "〔2026〕律函字第7号",
        "〔2025〕律函字第9号",
        "〔2026〕明理律函字第12号",
        "HT1-3",
        " 〔2026〕律函字第2号 ",
    ]
    numbering = Numbering("〔{年}〕律函字第{序号}号", archived, year=2026)
    assert [numbering.take(), numbering.take()] == ["〔2026〕律函字第8号", "〔2026〕律函字第9号"]
    assert Numbering("〔{年}〕律函字第{序号}号", archived, year=2027).take() == "〔2027〕律函字第1号"
    assert Numbering("明理律函第{序号}号", ["明理律函第41号"], year=2026).take() == "明理律函第42号"


@pytest.mark.parametrize("typed", ["律函第N号", "〔{年}〕律函字第{编号}号", "{序号}-{序号}"])
def test_a_number_format_without_one_serial_is_refused(typed: str) -> None:
    with pytest.raises(RulesError, match="律师函编号格式"):
        load_rules([["参数", "值"], ["律师函编号格式", typed]])


def render(draft: object, board: object, tmp_path: Path) -> str:
    target = tmp_path / "draft.docx"
    context = build_context(draft, board.rules, as_of=board.as_of)  # type: ignore[arg-type, attr-defined]
    Template(builtin_templates() / "律师函.docx").render(context, target)
    return letter_text(target)


def test_0020_draft_says_the_earlier_letter_has_expired(tmp_path: Path) -> None:
    board = board_of(read_values(SAMPLE), RunOptions())
    text = render(lawyer_draft(board, "JXHF-2026-0020"), board, tmp_path)
    assert "编号：（草稿，编号待定）" in text and "律函字第" not in text
    assert (
        "本所已于2026年6月26日就您应于2026年4月23日支付的分期款向您发出律师函，期限已于2026年7月14日届满，"
        "您至今仍未付清。" in text
    )


@pytest.mark.parametrize(
    ("contract", "rows", "total"),
    [("JXHF-2026-0019", ["首付款 | 2026年2月22日", "尾款 | 2026年9月23日"], "¥1,783,705.00"),
     ("JXHF-2026-0036", ["首付款 | 2026年5月25日", "尾款 | 2026年11月18日"], "¥1,812,768.00")],
)  # fmt: skip
def test_draft_lists_the_overdue_final_instalment_for_approval(
    tmp_path: Path, contract: str, rows: list[str], total: str
) -> None:
    board = board_of(read_values(SAMPLE), RunOptions())
    text = render(lawyer_draft(board, contract), board, tmp_path)
    assert all(row in text for row in rows) and total in text
