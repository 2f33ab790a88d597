"""Details of the rules the rest of the suite let change unnoticed (a sampled mutation run of core and
letters/plan, tests/benchmarks/mutation_score.py, found each one): worked out by hand from SPEC §4–§5 and the
rules' own tables, in the comments, not read back from the code. As-of 2026-11-20, a Friday."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning.core.archive_record import ARCHIVE_HEADER, NOWHERE, archive_columns
from dunning.core.board import Board, compute_board
from dunning.core.dates import WorkCalendar
from dunning.core.errors import RulesError
from dunning.core.header_check import ColumnSeen, check_header
from dunning.core.identity import Archived, contract_id
from dunning.core.outcomes import RowFacts, facts_of
from dunning.core.rules import PRESET_GRADED, Rules, preset_rules
from dunning.core.rules_sheet import LADDER_HEADER, load_rules
from dunning.core.table import near_miss
from dunning.core.text import clean_controls
from dunning.core.today import todo_list

from conftest import AS_OF, HEADER, days, decide_one


def board(rows: list[list[object]], rules: Rules | None = None, *, header: list[str] | None = None,
          archive: tuple[Archived, ...] = ()) -> Board:  # fmt: skip
    """The board of these data rows (sheet rows 2, 3 …) under HEADER's columns."""
    table = [header or list(HEADER), *rows]
    return compute_board(table, rules or preset_rules(), as_of=AS_OF, sheet="合同执行情况", archive=archive)


def test_a_contract_in_the_lawyers_track_holds_its_other_rows_each_with_its_own_date() -> None:
    """Row 2 is due 2026-09-19: on 11-20 more than D + 2 months (11-19) → 律师函待审批, so the contract is in
    the lawyer's track (SPEC §6). Its other rows get no ordinary letter, but keep their dates:
    - row 3, due 11-22, is 2 days ahead (0 ≤ D − T ≤ 3 → reminder): no reminder letter, a phone call instead,
      due on D itself, 11-22, as a reminder's action is (SPEC §4: reminder · action due D);
    - row 4, due 11-10 (10 days overdue, a letter row), has its 律师函审批人 filled: it goes with the contract's
      next 律师函, today (11-20) — due today is not before T, so not late."""
    decided = board([
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 9, 19)],
        ["1-1", "HT-1", "张三", "尾款", 50000, 0, date(2026, 11, 22)],
        ["1-1", "HT-1", "张三", "二期款", 30000, 0, date(2026, 11, 10), None, None, None, "刘总"],
    ]).decisions  # fmt: skip
    track, reminder, approved = decided
    assert (track.stage, track.action_due) == ("lawyer_pending", date(2026, 11, 22))  # D + 2 months + 3 days
    assert reminder.next_action == "电话提醒客户按时付款（不寄提醒函）"
    assert (reminder.action_due, reminder.late, reminder.letter_due) == (date(2026, 11, 22), False, False)
    assert approved.next_action == "随后续律师函寄出"
    assert (approved.action_due, approved.late, approved.letter_due) == (AS_OF, False, True)


@pytest.mark.parametrize(
    ("overdue", "action"),
    [  # 阶梯催收 (SPEC §5): letters at 1, 30, 45, 60, 75 days overdue, each with its own action
        (1, "寄发付款提示函（附付款单据）"),
        (30, "寄发催款函，询问是否遗忘"),
        (44, "寄发催款函，询问是否遗忘"),
        (45, "寄发催款函，请客户说明情况"),
        (75, "寄发催款函，告知合同违约责任"),
    ],
)
def test_each_graded_letter_says_what_to_send(overdue: int, action: str) -> None:
    decision = decide_one(rules=preset_rules(PRESET_GRADED), due_date=days(-overdue))
    assert decision.next_action == action


def test_the_archive_says_which_graded_letter_went_last() -> None:
    """阶梯催收, due 2026-10-11: 40 days overdue on 11-20, in the window of the 2nd letter (催款函（是否遗忘）,
    from day 30 = 11-10). The tracking cells are blank; 函件归档 has letter 1 made on 11-11 as level letter_1,
    the 付款提示函 (sent late, a day into the 2nd letter's window). So the 2nd letter is still to send, now —
    not "the level that had begun on 11-11 went out" (which would wait for the 3rd, from day 45). The problem
    names the count column as her header spells it (letters_sent, an accepted English name)."""
    due = date(2026, 10, 11)
    header = list(HEADER)
    header[8] = "letters_sent"
    sent = Archived(contract_id("HT-1"), contract_id("首付款"), due.isoformat(), Decimal(100000), "letter_1", 1,
                    date(2026, 11, 11))  # fmt: skip
    (decision,) = board([["1-1", "HT-1", "张三", "首付款", 100000, 0, due]], preset_rules(PRESET_GRADED),
                        header=header, archive=(sent,)).decisions  # fmt: skip
    assert (decision.stage, decision.letter_no, decision.letter_due) == ("letter_2", 2, True)
    assert decision.next_action == "寄发催款函，询问是否遗忘"
    (problem,) = decision.problems
    assert problem.startswith("letters_sent: 本行记0封")
    assert "请把 letters_sent 改为1、最近催款信日期 改为2026-11-11" in problem


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (date(2026, 11, 23), -3, date(2026, 11, 18)),  # Mon → Fri 20, Thu 19, Wed 18
        (date(2026, 11, 23), 3, date(2026, 11, 26)),  # Mon → Tue 24, Wed 25, Thu 26
        (date(2026, 10, 8), -1, date(2026, 9, 30)),  # 国庆 1–7 October 2026 are rest days
        (date(2026, 10, 9), 1, date(2026, 10, 10)),  # Saturday 10 October 2026 is a make-up working day
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_working_days_are_counted_both_ways(day: date, count: int, expected: date) -> None:
    assert WorkCalendar().add_workdays(day, count) == expected


def test_a_reminder_counted_in_working_days_opens_before_the_due_date() -> None:
    """A ladder whose reminder starts 3 working days before the due date: due Monday 2026-11-23, it opens on
    Wednesday 11-18 (Fri 20, Thu 19, Wed 18), so on 11-20 the row is a reminder row, not 未到期."""
    ladder = [
        list(LADDER_HEADER),
        ["reminder", "预先提醒", -3, "工作日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"],
        ["letter", "催款信", 1, "日", "到期日", "催款信", 7, "否", "手续办理专员", "寄发催款信"],
        ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"],
    ]
    rules = load_rules([["参数", "值"], [], *ladder])
    assert decide_one(rules=rules, due_date=date(2026, 11, 23)).stage == "reminder"


@pytest.mark.parametrize(
    ("ladder_row", "message"),
    [
        (["settled", "结清", 20, "日", "到期日", "", None, "否", "", ""],
         '催款规则 第6行 级别代码 "settled": 是固定阶段的代码，不能用作级别'),
        (["y", "再催", 20, "日", "到期日", "", 0, "否", "", ""],
         '催款规则 第6行 重复间隔天数 "0": 应大于0，或留空表示只发一次'),
    ],
)  # fmt: skip
def test_a_ladder_rows_mistake_is_named_in_full(ladder_row: list[object], message: str) -> None:
    """Row 1 the parameters' header, row 2 blank, the ladder's header on row 3, two levels (4, 5), the bad one on row 6."""
    ladder = [
        list(LADDER_HEADER),
        ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"],
        ["letter", "催款信", 1, "日", "到期日", "催款信", 7, "否", "手续办理专员", "寄发催款信"],
        ladder_row,
    ]
    with pytest.raises(RulesError) as caught:
        load_rules([["参数", "值"], [], *ladder])
    assert str(caught.value) == message


def test_a_parameter_the_ladder_contradicts_shows_a_blank_interval_as_once() -> None:
    """Row 2 sets 催款信间隔天数 7; the ladder's 催款信 (row 6: 参数 header, the parameter, a blank row, the ladder's
    header, 预先提醒, 催款信) leaves 重复间隔天数 blank, which means once."""
    ladder = [
        list(LADDER_HEADER),
        ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"],
        ["letter", "催款信", 1, "日", "到期日", "催款信", None, "否", "手续办理专员", "寄发催款信"],
        ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"],
    ]
    with pytest.raises(RulesError) as caught:
        load_rules([["参数", "值"], ["催款信间隔天数", 7], [], *ladder])
    assert str(caught.value) == (
        "催款规则 第2行：参数 催款信间隔天数=7 与阶梯表「催款信」（第6行）的 重复间隔天数 空（只发一次） 不一致："
        "改成一致，或清空阶梯表（用参数）"
    )


def test_the_consultant_calls_three_days_after_a_letter() -> None:
    """HT-1 (consultant 王磊), due 11-10, its 1st 催款信 went out on 11-17: the next is due 11-24 (+7), so today
    (11-20) the row asks for no letter; but 11-17 + 3 = 11-20, the day to call the customer and check that the
    letter arrived — one item, for 王磊, due today, not late."""
    decided = board([["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 11, 10), "王磊", 1, date(2026, 11, 17)]])
    sent = Archived(contract_id("HT-1"), contract_id("首付款"), "2026-11-10", Decimal(100000), "letter", 1,
                    date(2026, 11, 17))  # fmt: skip
    (call,) = todo_list(decided, [sent])
    assert (call.who, call.task, call.contract_no, call.sheet_row) == ("王磊", "函后回访", "HT-1", 2)
    assert (call.action, call.due, call.late) == ("电话确认客户已收到2026-11-17的函件", AS_OF, False)


def test_dunning_check_says_why_a_column_is_not_read() -> None:
    """Columns A–D are the four required fields; E is 合同号, another name of 合同编号 (SPEC §3.1), already
    read from A; F is no field's name."""
    report = check_header(
        {"合同执行情况": [["合同编号", "客户姓名", "应收金额", "约定付款日期", "合同号", "楼栋负责人"]]},
        ours=frozenset(),
    )
    assert report.columns[4:] == (
        ColumnSeen("E", "合同号", "", "", "与A列同为合同编号：读A列，本列不读"),
        ColumnSeen("F", "楼栋负责人", "", "", "未使用（不是本工具认识的列名）"),
    )


def test_dunning_check_lists_the_columns_after_a_blank_heading() -> None:
    """C has no heading: it is not listed, and D, E still are."""
    report = check_header(
        {"合同执行情况": [["合同编号", "客户姓名", None, "应收金额", "约定付款日期"]]}, ours=frozenset()
    )
    assert [(c.column, c.key) for c in report.columns] == [("A", "contract_no"), ("B", "customer"),
                                                           ("D", "amount_due"), ("E", "due_date")]  # fmt: skip


def test_a_near_miss_is_a_heading_no_field_reads() -> None:
    """约定付款日期 is missing. 付款日期 shares 付款日期 with it: 2×4 / (4 + 6) = 0.8 of its letters, over the 0.6 a
    near miss needs, so D is offered. 应付款 (应收金额's other name) and 签收日期 (律师函签收日期's) are close too, but
    they are read as those fields: nothing is offered."""
    assert near_miss("due_date", ["合同编号", "客户姓名", "应收金额", "付款日期"]) == "D列「付款日期」"
    assert near_miss("due_date", ["合同编号", "客户姓名", "应付款", "签收日期"]) == ""
    assert (
        near_miss("due_date", ["合同编号", None, 2026, " ", "付款日期"]) == "E列「付款日期」"
    )  # blank cells pass over


def test_dunning_check_of_a_workbook_with_only_the_tools_sheets() -> None:
    report = check_header({"催款看板": [["合同编号"]]}, ours=frozenset({"催款看板"}))
    assert (report.sheet, report.row, report.columns, report.problems) == (
        "",
        None,
        (),
        ("工作簿中没有合同执行情况表",),
    )
    assert not report.ok


def test_the_archive_restores_a_sheet_without_tracking_columns() -> None:
    """Her sheet has no 已发催款信次数 / 最近催款信日期 columns yet (the tool adds them); 函件归档 holds letter 1 of
    11-11 for the row: the problem names the columns by their own names."""
    due = date(2026, 10, 30)
    sent = Archived(contract_id("HT-1"), contract_id("首付款"), due.isoformat(), Decimal(100000), "letter", 1,
                    date(2026, 11, 11))  # fmt: skip
    (decision,) = board([["1-1", "HT-1", "张三", "首付款", 100000, 0, due]], header=list(HEADER[:7]),
                        archive=(sent,)).decisions  # fmt: skip
    assert decision.problems == (
        "已发催款信次数: 本行记0封、最近催款信日期为空，函件归档记有1封（最近一封2026-11-11）："
        "已按归档计算，请把 已发催款信次数 改为1、最近催款信日期 改为2026-11-11",
    )


def test_a_loan_instalment_on_hold_waits_for_its_hold_date() -> None:
    """按揭款 whose due cell says 待放款 (SPEC §4: 按揭办理中) but 暂缓催收至 11-25 ≥ T: on_hold comes first in the
    precedence, and its action is due on the hold date."""
    (decision,) = board(
        [["1-1", "HT-1", "张三", "按揭款", 100000, 0, "待放款", None, None, None, None, None, date(2026, 11, 25)]]
    ).decisions
    assert (decision.stage, decision.action_due, decision.late) == ("on_hold", date(2026, 11, 25), False)


def test_a_broken_promise_gives_the_letter_back_to_the_clerk() -> None:
    """Due 2026-09-25: D + 2 months = 11-25, so the lawyer's level begins 11-26. Letter 1 went out 11-19; the next
    would be 11-26 (+7), the day the row escalates, so the ladder alone shows 转律师函审批 for 市场部经理 on 11-26.
    But the customer promised to pay on 11-18 and did not: with one day of grace the promise broke on 11-20, the
    ladder resumes at once (SPEC §4) — letter 2 is due today, the clerk's (手续办理专员) to send."""
    waiting = decide_one(due_date=date(2026, 9, 25), letters_sent=1, last_letter_date=date(2026, 11, 19))
    assert (waiting.owner, waiting.next_action, waiting.action_due) == (
        "市场部经理",
        "转律师函审批",
        date(2026, 11, 26),
    )
    broken = decide_one(due_date=date(2026, 9, 25), letters_sent=1, last_letter_date=date(2026, 11, 19),
                        broken_on=date(2026, 11, 18), broken_promises=1)  # fmt: skip
    assert (broken.letter_no, broken.letter_due, broken.action_due, broken.late) == (2, True, AS_OF, False)
    assert (broken.owner, broken.next_action) == ("手续办理专员", "寄发催款信")


def test_a_skipped_rows_facts_name_its_row() -> None:
    """Row 2, 首付款 ¥100,000 unpaid, due 11-10: 10 days overdue, at the 催款信 level."""
    decision = decide_one(due_date=date(2026, 11, 10), payment_kind="首付款")
    assert facts_of(decision) == RowFacts(2, "首付款", Decimal(100000), 10, date(2026, 11, 10), "催款信")


def test_control_characters_become_spaces() -> None:
    rows: list[list[object]] = [["HT\x0b1", 5, "张\x07三"], ["李四", None]]
    assert clean_controls(rows) == 2
    assert rows == [["HT 1", 5, "张 三"], ["李四", None]]


def test_a_row_without_contract_number_is_invalid_not_a_totals_row() -> None:
    """SPEC §3/§7: a row whose required 合同编号 is blank is 数据有误 and named; a due cell typed with a space
    (待 放款, 银行　审批中 with a full-width one) still says the loan is pending (按揭办理中); the 合计 row is not a
    data row."""
    decided = board([
        ["1-1", None, "张三", "首付款", 100000, 0, date(2026, 11, 10)],
        ["1-2", "HT-2", "李四", "按揭款", 300000, 0, "待 放款"],
        ["1-3", "HT-3", "王五", "按揭款", 300000, 0, "银行\u3000审批中"],
        [None, "合计", None, None, 700000, 0, None],
    ]).decisions  # fmt: skip
    assert [(d.sheet_row, d.stage) for d in decided] == [(2, "invalid"), (3, "mortgage"), (4, "mortgage")]
    assert decided[0].problems == ("合同编号: 缺少必填值",)


def test_an_archive_column_with_a_blank_heading_is_read_where_it_is_written() -> None:
    """函件归档 is written 生成时间 … 幂等键 (columns 0–12), 函件编号 13, 倒签原因 14, 寄送方式 15 … Here 13's heading is
    blank: 函件编号 is read there; 14 holds a heading of her own: 倒签原因 is nowhere; the header ends before 15:
    寄送方式 is read at 15 (blank cells)."""
    columns = archive_columns([*ARCHIVE_HEADER[:13], None, "我的备注"])
    assert (columns["keys"], columns["reference"], columns["backdate"], columns["sent_by"]) == (12, 13, NOWHERE, 15)


def test_a_letter_count_is_a_whole_number_not_below_zero() -> None:
    """已发催款信次数 counts letters: 1.5 and -1 are no count; the row is 数据有误 and the cell named."""
    decided = board([
        ["1-1", "HT-1", "张三", "首付款", 100000, 0, date(2026, 11, 10), "王磊", 1.5, date(2026, 11, 12)],
        ["1-2", "HT-2", "李四", "首付款", 100000, 0, date(2026, 11, 10), "王磊", -1, date(2026, 11, 12)],
    ]).decisions  # fmt: skip
    assert [(d.stage, d.problems) for d in decided] == [
        ("invalid", ('已发催款信次数: 不是非负整数 "1.5"',)),
        ("invalid", ('已发催款信次数: 不是非负整数 "-1"',)),
    ]


def test_the_example_below_the_ladder_is_not_read() -> None:
    """A row beginning 示例 (here in its second cell, the first blank) ends the ladder table: the level written
    under it as an example is not one of the ladder's."""
    ladder = [
        list(LADDER_HEADER),
        ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"],
        ["letter", "催款信", 1, "日", "到期日", "催款信", 7, "否", "手续办理专员", "寄发催款信"],
        ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"],
        [None, "示例：下面一行是写法示范，不读"],
        ["extra", "示范级", 100, "日", "到期日", "催款信", None, "否", "", ""],
    ]
    assert [level.code for level in load_rules([["参数", "值"], [], *ladder]).levels] == [
        "reminder", "letter", "lawyer_letter"
    ]  # fmt: skip


def test_a_disputed_row_still_counts_its_days_overdue() -> None:
    """Due 11-10, disputed on 11-17: 有异议 (no letter), the reply due 11-17 + 7 = 11-24; still 10 days overdue
    (SPEC §4: days overdue = T − D for every row), with its late fee 100,000 × 0.0005 × 10 = 500.00."""
    decision = decide_one(due_date=date(2026, 11, 10), disputed_on=date(2026, 11, 17))
    assert (decision.stage, decision.action_due) == ("disputed", date(2026, 11, 24))
    assert (decision.days_overdue, decision.late_fee) == (10, Decimal("500.00"))
