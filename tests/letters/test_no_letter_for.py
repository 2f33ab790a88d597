"""No letter for a contract with an unreadable row, nor for one whose only overdue instalment is a 定金;
each is skipped with its reason (issue 19)."""

from __future__ import annotations

from pathlib import Path

from dunning.core.outcomes import SkipReason
from dunning.jobs import RunOptions, letters

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates


def test_unreadable_rows_and_deposits_get_no_letter(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    rows = [
        ["1-101", "HT1", "张三", "首付款", 100000, 0, days(-10)],
        ["1-101", "HT1", "张三", "尾款", "十万左右", 0, days(-5)],
        ["1-102", "HT2", "李四", "定金", 50000, 0, days(-10)],
        ["1-103", "HT3", "王五", "首付款", 100000, 0, days(-10)],
    ]
    result = letters(write_workbook(tmp_path / "台账.xlsx", rows), RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert [m.letter.contract_no for m in result.made] == ["HT3"]
    skipped = [(s.reason, s.contract, s.rows) for s in result.plan.skipped]
    assert (SkipReason.UNREADABLE_ROWS, "HT1", (3,)) in skipped and (SkipReason.DEPOSIT_ONLY, "HT2", (4,)) in skipped
