"""The 催款规则 sheet: parameters, the ladder, presets, and messages that name row, field and value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning.core.errors import RulesError
from dunning.core.rules import PRESET_GRADED, Basis, Unit
from dunning.core.rules_sheet import LADDER_HEADER, load_rules

from conftest import AS_OF, days, decide_one

DEFAULT_LADDER = [
    list(LADDER_HEADER),
    ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"],
    ["letter", "催款信", 1, "日", "到期日", "催款信", 7, "否", "手续办理专员", "寄发催款信"],
    ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"],
]


def sheet(*params: list[object], ladder: list[list[object]] | None = None) -> list[list[object]]:
    rows: list[list[object]] = [
        ["参数：改参数即可改变看板；填了下面的阶梯表时以阶梯表为准"],
        ["参数", "值"],
        *[list(p) for p in params],
    ]
    if ladder:
        rows += [[], ["阶梯表：留空 = 按上面的参数生成默认阶梯；填写后替代预设"], *ladder]
    return rows


def test_missing_sheet_gives_the_default_preset() -> None:
    rules = load_rules(None)
    assert [lv.code for lv in rules.levels] == ["reminder", "letter", "lawyer_letter"]
    assert rules.params.daily_rate == Decimal("0.0005")
    assert rules.params.min_amount == Decimal("0.01")


def test_parameters_are_read() -> None:
    rules = load_rules(sheet(["基准日", date(2026, 11, 20)], ["提前提醒天数", 5], ["违约金日利率", "万分之三"],
                             ["起催金额", "¥100"], ["公司名称", "锦绣华府置业有限公司"], ["节假日", "2027-01-01"],
                             ["节假日", date(2027, 2, 1)]))  # fmt: skip
    assert rules.params.as_of == AS_OF
    assert rules.levels[0].start == -5
    assert rules.params.daily_rate == Decimal("0.0003")
    assert rules.params.min_amount == Decimal(100)
    assert rules.params.company_name == "锦绣华府置业有限公司"
    assert rules.params.holidays == frozenset({date(2027, 1, 1), date(2027, 2, 1)})


def test_editing_a_threshold_changes_the_board() -> None:
    due_in_5 = {"due_date": days(5)}
    assert decide_one(rules=load_rules(sheet()), **due_in_5).stage == "not_due"
    assert decide_one(rules=load_rules(sheet(["提前提醒天数", 5])), **due_in_5).stage == "reminder"


def test_ladder_table_replaces_the_preset() -> None:
    ladder = [
        *DEFAULT_LADDER[:2],
        ["first", "首封", 1, "日", "到期日", "催款信", None, "否", "专员", "寄发"],
        ["letter", "催款信", 10, "日", "到期日", "催款信", 10, "否", "专员", "寄发"],
    ]
    rules = load_rules(sheet(ladder=ladder))
    assert [lv.code for lv in rules.levels] == ["reminder", "first", "letter"]
    assert rules.source == "规则表阶梯"
    assert load_rules(sheet(ladder=ladder), preset="") == rules  # `--rules ""`: blank is not given, not 默认


def test_a_blank_preset_is_no_preset() -> None:
    """`--rules ""` named no preset: the sheet's 预设 and ladder apply, with their checks; it read as 默认 while
    the sheet's ladder was used and the ladder's checks were skipped."""
    ladder = [*DEFAULT_LADDER[:2], ["letter", "催款信", 10, "日", "到期日", "催款信", 10, "否", "专员", "寄发"]]
    with pytest.raises(RulesError):
        load_rules(sheet(["预设", PRESET_GRADED], ladder=ladder), preset="")  # 预设 and a ladder: refused, as without


def test_default_ladder_on_the_sheet_equals_the_preset() -> None:
    on_sheet = load_rules(sheet(ladder=DEFAULT_LADDER))
    preset = load_rules(None)
    assert [(lv.code, lv.start, lv.unit, lv.basis, lv.repeat_days, lv.needs_approval) for lv in on_sheet.levels] == [
        (lv.code, lv.start, lv.unit, lv.basis, lv.repeat_days, lv.needs_approval) for lv in preset.levels
    ]


def test_graded_preset_by_parameter_and_by_command_line() -> None:
    by_sheet = load_rules(sheet(["预设", "阶梯催收"]))
    assert by_sheet.params.preset == PRESET_GRADED
    assert [lv.start for lv in by_sheet.levels] == [-20, 1, 30, 45, 60, 75, 90]
    by_option = load_rules(sheet(ladder=DEFAULT_LADDER), preset=PRESET_GRADED)
    assert by_option.source == PRESET_GRADED
    assert decide_one(rules=by_option, due_date=days(-31)).stage == "letter_2"


def test_preset_switch_with_a_ladder_table_is_refused_clearly() -> None:
    with pytest.raises(RulesError, match="预设为「阶梯催收」，但阶梯表填有级别"):
        load_rules(sheet(["预设", "阶梯催收"], ladder=DEFAULT_LADDER))


@pytest.mark.parametrize(
    ("params", "ladder_row", "message"),
    [
        ([["催款信间隔天数", "七"]], None, '第3行 催款信间隔天数 "七": 无法识别的金额'),
        ([["催款信间隔天数", -7]], None, '第3行 催款信间隔天数 "-7": 不能为负数'),
        ([["律师函期现天数", 15]], None, "未知参数，是否想写「律师函期限天数」"),
        ([["预设", "快速"]], None, "应为 默认 或 阶梯催收"),
        ([["提前提醒天数", 100000]], None, '提前提醒天数 "100000": 超出范围'),
        ([], ["x", "远", 10**9, "日", "到期日", "", None, "否", "", ""], "超出范围"),
        ([["基准日", "2026/13/1"]], None, '基准日 "2026/13/1": 无法识别'),
        ([], ["x", "多余", 5, "周", "到期日", "", None, "否", "", ""], '单位 "周": 应为 日、工作日、月'),
        ([], ["x", "多余", "三", "日", "到期日", "", None, "否", "", ""], '起始 "三"'),
        ([], ["x", "多余", 1, "日", "到期日", "", None, "否", "", ""], "与上一级起始相同"),
        ([], ["letter", "重复", 20, "日", "到期日", "", None, "否", "", ""], '级别代码 "letter": 重复'),
        ([], ["settled", "结清", 20, "日", "到期日", "", None, "否", "", ""], "是固定阶段的代码"),
        ([], ["y", "再催", 20, "日", "到期日", "", 0, "也许", "", ""], "需审批 \"也许\": 应为 是 或 否"),
    ],
)  # fmt: skip
def test_nonsense_is_named(params: list[list[object]], ladder_row: list[object] | None, message: str) -> None:
    ladder = [*DEFAULT_LADDER[:3], ladder_row] if ladder_row else None
    with pytest.raises(RulesError) as caught:
        load_rules(sheet(*params, ladder=ladder))
    assert message in str(caught.value)
    assert "催款规则 第" in str(caught.value) or "催款规则:" in str(caught.value)


def test_first_level_cannot_count_from_a_previous_letter() -> None:
    ladder = [list(LADDER_HEADER), ["a", "首封", 5, "日", "上一封函", "催款信", None, "否", "", ""]]
    with pytest.raises(RulesError, match="第一级没有上一封函可以起算"):
        load_rules(sheet(ladder=ladder))


def test_parameter_and_ladder_must_agree() -> None:
    with pytest.raises(RulesError, match="第3行：参数 提前提醒天数=5 与阶梯表「预先提醒」（第7行）的 起始 -3 不一致"):
        load_rules(sheet(["提前提醒天数", 5], ladder=DEFAULT_LADDER))


def test_month_end_and_working_day_levels() -> None:
    ladder = [
        list(LADDER_HEADER),
        ["letter", "催款信", 5, "工作日", "到期日", "催款信", None, "否", "专员", "寄发"],
        ["eom", "月末函", 1, "月", "月末", "催款信", None, "否", "专员", "寄发"],
        ["follow", "跟进函", 10, "日", "上一封函", "催款信", None, "否", "专员", "寄发"],
    ]
    rules = load_rules(sheet(ladder=ladder))
    assert [lv.unit for lv in rules.levels] == [Unit.WORKDAYS, Unit.MONTHS, Unit.DAYS]
    assert rules.levels[2].basis is Basis.PREVIOUS_LETTER
    due = date(2026, 9, 30)  # National Day week follows; 10 October is a make-up working day
    assert decide_one(rules=rules, due_date=due, as_of=date(2026, 10, 12)).stage == "not_due"
    assert decide_one(rules=rules, due_date=due, as_of=date(2026, 10, 13)).stage == "letter"
    # 1 month after 30 September is 30 October; the level begins at the end of that month
    assert decide_one(rules=rules, due_date=due, as_of=date(2026, 10, 30)).stage == "letter"
    assert decide_one(rules=rules, due_date=due, as_of=date(2026, 10, 31)).stage == "eom"
    sent = {"letters_sent": 2, "last_letter_date": date(2026, 10, 31)}
    assert decide_one(rules=rules, due_date=due, as_of=date(2026, 11, 9), **sent).stage == "eom"
    assert decide_one(rules=rules, due_date=due, as_of=date(2026, 11, 10), **sent).stage == "follow"


def test_years_outside_the_holiday_data_are_noted() -> None:
    ladder = [list(LADDER_HEADER), ["letter", "催款信", 5, "工作日", "到期日", "催款信", None, "否", "专员", "寄发"]]
    rules = load_rules(sheet(["节假日", "2031-01-02"], ladder=ladder))
    decision = decide_one(rules=rules, due_date=date(2030, 12, 31), as_of=date(2031, 1, 8))
    assert decision.stage == "letter"  # 1 and 3 Jan are weekdays, 2 Jan a listed holiday: the 5th is 8 Jan
    assert decide_one(rules=rules, due_date=date(2030, 12, 31), as_of=date(2031, 1, 7)).stage == "not_due"
    note = rules.calendar.coverage_note()
    assert note is not None and "2031" in note


@pytest.mark.parametrize(
    ("params", "ladder_row", "message"),
    [
        ([["催款信间隔天数", 0]], None, '第3行 催款信间隔天数 "0": 应大于0'),
        ([["律师函起算月数", 0]], None, '第3行 律师函起算月数 "0": 应大于0'),
        ([["律师函期限天数", 0]], None, '律师函期限天数 "0": 应大于0'),
        ([["催款信间隔天数", 7], ["催款信间隔天数", 14]], None, '第4行 催款信间隔天数 "14": 与第3行重复'),
        ([], ["x", "外部", 20, "日", "到期日", "../../秘密", None, "否", "", ""], '函件模板 "../../秘密": 应为模板文件夹中的模板名'),
        ([], ["x", "外部", 20, "日", "到期日", "C:\\模板\\信", None, "否", "", ""], "应为模板文件夹中的模板名"),
        ([], ["x", "外部", 20, "日", "到期日", "\\\\server\\share\\信", None, "否", "", ""], "应为模板文件夹中的模板名"),
        ([], ["x", "外部", 20, "日", "到期日", "/etc/passwd", None, "否", "", ""], "应为模板文件夹中的模板名"),
    ],
)  # fmt: skip
def test_rules_that_make_no_sense_or_leave_the_template_folder_are_named(
    params: list[list[object]], ladder_row: list[object] | None, message: str
) -> None:
    ladder = [*DEFAULT_LADDER[:3], ladder_row] if ladder_row else None
    with pytest.raises(RulesError) as caught:
        load_rules(sheet(*params, ladder=ladder))
    assert message in str(caught.value)


def test_a_phone_typed_as_a_number_reads_as_the_sheet_shows_it() -> None:
    rules = load_rules(sheet(["联系电话", 86886688.0], ["公司名称", "锦绣华府置业有限公司"]))
    assert rules.params.company_phone == "86886688"
