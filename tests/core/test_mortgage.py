"""按揭 / 贷款 / 公积金 instalments: no date until the bank lends; 按揭办理中, never dunned, never 数据有误."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions, board_of, letters
from dunning.sheets.reader import read_values

from conftest import AS_OF, days, write_workbook


@pytest.mark.parametrize(
    ("kind", "due"),
    [("按揭款", "待放款"), ("商业贷款", None), ("公积金贷款", "银行审批中"), ("首付款", "按揭中"), ("按揭", "")],
)
def test_a_loan_not_yet_lent_is_followed_not_dunned(tmp_path: Path, kind: str, due: object) -> None:
    rows = [("1-101", "HT-1", "张三", "首付款", 300_000, 0, days(-30), "王磊"),
            ("1-101", "HT-1", "张三", kind, 1_200_000, 0, due, "王磊")]  # fmt: skip
    book = write_workbook(tmp_path / "台账.xlsx", rows)
    loan = board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions[1]
    assert loan.stage == "mortgage" and loan.stage_label == "按揭办理中"  # was 数据有误 (无法识别 "待放款")
    assert loan.owner == "置业顾问" and loan.next_action == "跟进银行放款进度"
    assert loan.outstanding == 1_200_000 and not loan.problems and not loan.letter_due
    result = letters(
        book, RunOptions(as_of=AS_OF, dry_run=True, no_prior_letters=True)
    )  # a first run: none sent before
    assert [p.contract_no for p in result.plan.letters] == [
        "HT-1"
    ]  # the 首付款 is still dunned; the contract is readable
    assert not {SkipReason.INVALID_ROW, SkipReason.UNREADABLE_ROWS} & {s.reason for s in result.plan.skipped}


def test_once_a_date_is_typed_it_is_dunned_like_any_instalment(tmp_path: Path) -> None:
    rows = [("1-101", "HT-1", "张三", "按揭款", 1_200_000, 0, days(-20), "王磊")]
    decision = board_of(read_values(write_workbook(tmp_path / "台账.xlsx", rows)), RunOptions(as_of=AS_OF)).decisions[0]
    assert decision.stage == "letter" and decision.days_overdue == 20


def test_an_unreadable_date_of_another_kind_is_still_an_error(tmp_path: Path) -> None:
    rows = [("1-101", "HT-1", "张三", "首付款", 300_000, 0, "下个月", "王磊")]
    decision = board_of(read_values(write_workbook(tmp_path / "台账.xlsx", rows)), RunOptions(as_of=AS_OF)).decisions[0]
    assert decision.stage == "invalid"


def test_a_dispute_comes_before_the_loan(tmp_path: Path) -> None:
    """SPEC §4's order: 有异议 before 按揭办理中 — a disputed contract's loan row is the dispute to answer."""
    import openpyxl

    from dunning.core.follow_up import HEADER

    rows = [("1-101", "HT-1", "张三", "首付款", 300_000, 0, days(-30), "王磊"),
            ("1-101", "HT-1", "张三", "按揭款", 1_200_000, 0, "待放款", "王磊")]  # fmt: skip
    book = write_workbook(tmp_path / "台账.xlsx", rows)
    wb = openpyxl.load_workbook(book)
    log = wb.create_sheet("跟进记录")
    log.append(list(HEADER))
    log.append([AS_OF, "HT-1", None, "电话", "有异议", None, None, "王磊", "对按揭金额有异议"])
    wb.save(book)
    first, loan = board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions
    assert (first.stage_label, loan.stage_label) == ("有异议", "有异议")  # the loan row was 按揭办理中
    assert loan.owner == "市场部经理" and loan.outstanding == 1_200_000
