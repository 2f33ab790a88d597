"""What she reads on her first morning: the board's words say each thing once."""

from __future__ import annotations

from conftest import AS_OF, decide_one


def test_due_today_is_said_once() -> None:
    text = decide_one(due_date=AS_OF).why
    assert text.startswith("今天到期，") and "（今天）" not in text  # was 今天到期（今天）


def test_an_unreadable_row_shows_the_amount_that_could_be_read() -> None:
    from pathlib import Path
    from tempfile import TemporaryDirectory

    from dunning.jobs import RunOptions, board_of
    from dunning.sheets.reader import read_values

    from conftest import days, write_workbook

    with TemporaryDirectory() as folder:
        rows = [("1-101", "HT-1", "张三", "首付款", "120万", 0, "2026/13/45", "王磊"),
                ("1-102", "HT-2", "李四", "首付款", "120万", "两万", days(-3), "王磊")]  # fmt: skip
        board = board_of(read_values(write_workbook(Path(folder) / "台账.xlsx", rows)), RunOptions(as_of=AS_OF))
    bad_date, bad_paid = board.decisions
    assert bad_date.stage == "invalid" and bad_date.outstanding == 1_200_000  # was ¥0.00
    assert bad_paid.stage == "invalid" and bad_paid.outstanding == 0  # 已收 unknown: the balance is not known
