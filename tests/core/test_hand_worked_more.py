"""More details of the rules a sampled mutation run of core and letters/plan (tests/benchmarks/mutation_score.py,
seed 27) found the core and letters tests let change unnoticed: worked out by hand from SPEC §4 and the
rules' own tables, in the comments, not read back from the code. As-of 2026-11-20, a Friday."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl

from dunning.core.board import Board, compute_board
from dunning.core.contracts import contract_problem
from dunning.core.follow_up import HEADER as LOG_HEADER
from dunning.core.follow_up import Log, read_log
from dunning.core.rules import preset_rules
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

from conftest import AS_OF, HEADER


def board(rows: list[list[object]], *, log: Log | None = None) -> Board:
    """The board of these data rows (sheet rows 2, 3 …) under HEADER's columns, default rules."""
    table: list[list[object]] = [list(HEADER), *rows]
    return compute_board(table, preset_rules(), as_of=AS_OF, sheet="合同执行情况", follow_up=log)


def test_a_merged_amount_paid_makes_its_rows_unreadable_not_unpaid(tmp_path: Path) -> None:
    """已收金额 merged down rows 2–3 (F2:F3, 100000 typed once): an amount cannot be shared by two rows, so
    each row's 已收金额 is unreadable and both are 数据有误 (SPEC §4: a filled cell is unreadable → invalid) —
    never read as 0 paid, which would ask 张三 and 李四 for the whole 100000 each (10 days overdue, letter)."""
    path = tmp_path / "m.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "合同执行情况"
    ws.append(list(HEADER[:7]))
    ws.append(["1-1", "HT-1", "张三", "首付款", 100000, 100000, date(2026, 11, 10)])
    ws.append(["1-2", "HT-2", "李四", "首付款", 100000, None, date(2026, 11, 10)])
    ws.merge_cells("F2:F3")
    wb.save(path)
    decided = {d.sheet_row: d for d in board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions}
    assert (decided[2].stage, decided[3].stage) == ("invalid", "invalid")
    assert not decided[2].letter_due and not decided[3].letter_due


def test_a_blank_name_on_an_unreadable_row_is_no_second_customer() -> None:
    """HT-1: row 2 张三 (valid, 10 days overdue); row 3 has no 客户姓名 (a required cell missing → 数据有误).
    A blank name is a missing name, not another customer's: the contract has one name, 张三, so no
    「客户姓名不一致」 (that is for two names typed, e.g. 张三 and 李四 on one contract)."""
    decided = board([
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 11, 10)],
        ["1-1", "HT-1", None, "二期款", 50000, 0, date(2026, 11, 15)],
    ]).decisions  # fmt: skip
    assert [d.stage for d in decided] == ["letter", "invalid"]
    assert contract_problem(decided) is None
    named = board([
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 11, 10)],
        ["1-1", "HT-1", "李四", "二期款", "五万", 0, date(2026, 11, 15)],
    ]).decisions  # fmt: skip
    assert contract_problem(named) == "同一合同的客户姓名不一致（第2行 张三、第3行 李四）：核对后再发函"


def test_a_letter_held_up_by_an_unreadable_row_says_it_is_late() -> None:
    """HT-1 row 2: due 11-10, nothing paid → 逾期10天 on 11-20, 催款信 no. 1, due D + 3 = 11-13 (SPEC §4),
    before T: late. Row 3's 应收金额 「五万」 cannot be read → 数据有误, so the contract's letter waits for
    row 3 to be fixed (the clerk's); its date stays 11-13 and the why says it is overdue:
    逾期10天；同一合同第3行数据有误，本合同暂不发函：修正第3行后再发函，已延误"""
    first, _ = board([
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 11, 10)],
        ["1-1", "HT-1", "张三", "二期款", "五万", 0, date(2026, 11, 15)],
    ]).decisions  # fmt: skip
    assert (first.action_due, first.late, first.letter_due) == (date(2026, 11, 13), True, False)
    assert first.why == "逾期10天；同一合同第3行数据有误，本合同暂不发函：修正第3行后再发函，已延误"


def test_a_broken_promise_leaves_the_contracts_instalment_not_yet_due_as_it_was() -> None:
    """跟进记录: on 11-05 张三 promised (款项类型 blank: the whole contract HT-1) to pay by 11-10; grace 1 day →
    kept open to 11-11, broken since (11-20 > 11-11). Row 3, 尾款 due 12-20, is 30 days ahead (D − T > 3 →
    未到期, SPEC §4), action due D − 3 = 12-17: a broken promise resumes the ladder of owed rows only; a row
    not yet due has no letter to resume and stays 未到期. Row 2 (due 10-20, 31 days overdue) is owed."""
    log = read_log([list(LOG_HEADER), [date(2026, 11, 5), "HT-1", None, "电话", "承诺付款", date(2026, 11, 10)]])
    owed, ahead = board([
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 10, 20)],
        ["1-1", "HT-1", "张三", "尾款", 50000, 0, date(2026, 12, 20)],
    ], log=log).decisions  # fmt: skip
    assert owed.stage == "letter" and owed.inst.broken_on == date(2026, 11, 10)
    assert (ahead.stage, ahead.action_due, ahead.letter_due) == ("not_due", date(2026, 12, 17), False)
