"""The 催款规则 sheet and the collector's log (跟进记录) that `dunning init` adds to a team's workbook: the default parameters with the
company's and the law firm's details left blank to fill in, and the ladder table's header with no rows,
so the parameters shape the board; below it, the default ladder as an example, under a 示例 note row
that the reader stops at (SPEC §5)."""

from __future__ import annotations

from dunning.core.fields import FOLLOW_UP_SHEET
from dunning.core.follow_up import HEADER as FOLLOW_UP_HEADER
from dunning.core.follow_up import NOTE as FOLLOW_UP_NOTE
from dunning.core.rules import Params, default_ladder
from dunning.core.rules_sheet import EXAMPLE, LADDER_HEADER, SHEET
from dunning.core.sms import PLACEHOLDERS
from dunning.sheets.layout import SheetLayout

# (parameter, value, note): the order the supervisor reads them in
FILL_IN = "（请填写）"
HEADING = "参数：改参数即可改变看板；填了下面的阶梯表时以阶梯表为准。节假日可加多行（参数 节假日，值 日期）"
LADDER_NOTE = (
    "阶梯表：留空 = 按上面的参数生成默认阶梯；填写后替代预设，上面的 提前提醒天数、催款信间隔天数、律师函起算月数"
    " 须与之一致。单位：日/工作日/月；起算：到期日/月末/上一封函；需审批：是/否"
)
EXAMPLE_NOTE = EXAMPLE + "（默认规则的阶梯，仅供参考；复制到上面的阶梯表并修改才生效）"
SMS_NOTE = "可用 " + "".join(f"{{{name}}}" for name in PLACEHOLDERS) + "；一条短信70字，超出时先省去电话，再省去公司"
LADDER_ROOM = 8  # empty rows under the ladder header before the example: room for the graded preset's 7 levels


def rules_layout() -> SheetLayout:
    params = Params()
    rows: list[tuple[str, object, str]] = [
        ("预设", "默认", "默认 或 阶梯催收（其级别固定，不随下面的天数改变）；下方阶梯表填写后以阶梯表为准"),
        ("基准日", None, "留空 = 今天"),
        ("提前提醒天数", params.reminder_days, "到期前几天电话提醒"),
        ("首封催款信天数", params.first_letter_days, "逾期后几天内寄出第一封催款信"),
        ("催款信间隔天数", params.letter_interval_days, "此后每隔几天一封"),
        ("催告期限天数", params.demand_days, "催款信给客户的付款期限：函件日期后至少几天，遇节假日顺延至工作日"),
        ("律师函起算月数", params.lawyer_after_months, "逾期满几个月转律师函（需营销副总审批）"),
        ("律师函办理天数", params.lawyer_action_days, "审批后几天内寄出律师函"),
        ("律师函期限天数", params.lawyer_deadline_days, "律师函给客户的付款期限（自收到之日起）"),
        ("律师函送达天数", params.lawyer_delivery_days, "未填签收日期时，按寄出后几天收到计算期限"),
        (
            "违约金日利率",
            float(params.daily_rate),
            "按合同约定填写，如 0.05% 或 万分之五；填 0 不计违约金",
        ),  # a rate, not money
        ("起催金额", params.min_amount, "欠款低于此数视为结清"),
        ("重大欠款金额", params.major_arrears, "一份合同逾期欠款合计达到此数，列入重大欠款上报表（报集团营销管理部）"),
        ("重大欠款逾期天数", params.major_arrears_days, "只计逾期达此天数的欠款；应起诉的合同总上报"),
        (
            "承诺宽限天数",
            params.promise_grace_days,
            "客户在「跟进记录」承诺付款后，承诺日期后再等几天核实到账，期间暂停发函",
        ),
        ("公司名称", None, FILL_IN + " 函件抬头和落款；不填写则不能生成函件"),
        ("公司地址", None, FILL_IN),
        ("联系电话", None, FILL_IN),
        ("落款", None, "如 某某置业有限公司销售部；留空 = 公司名称"),
        ("律师事务所", None, FILL_IN + " 不填写则不生成律师函"),
        ("律师事务所地址", None, FILL_IN),
        ("律师事务所电话", None, FILL_IN),
        ("承办律师", None, FILL_IN + " 律师函上签名的律师"),
        ("律师执业证号", None, FILL_IN),
        ("律师事务所邮编", None, FILL_IN + " 律师函的联系方式"),
        ("律师事务所邮箱", None, FILL_IN + " 律师函的联系方式"),
        ("律师函送达方式", params.lawyer_delivery_method, "律师函写明的送达方式，如 中国邮政EMS、专人送达"),
        (
            "违约金依据",
            params.fee_basis,
            "合同约定 或 公司标准：合同写明上面的违约金日利率时填 合同约定，函件才写“按合同约定”",
        ),
        ("律师费承担", "否", "是 = 合同约定律师费由违约方承担，函件才要求客户承担律师费"),
        ("可解除合同", "否", "是 = 合同约定逾期付款可解除合同，函件才写解除权并引用民法典第五百六十三条"),
        (
            "律师函编号格式",
            params.lawyer_number_format,
            "律师函编号：{年} 为发函年份，{序号} 为当年第几号（按函件归档顺延）",
        ),
        ("提醒短信", params.sms_reminder, "款项未到期时（电话提醒）发给客户的短信/微信，列在今日待办；" + SMS_NOTE),
        (
            "催款短信",
            params.sms_overdue,
            "款项已逾期时（寄函、函后回访、承诺到期核实）发给客户的短信/微信；" + SMS_NOTE,
        ),
    ]
    layout = SheetLayout(SHEET)
    layout.add(1, 1, HEADING, "bold")
    for column, title in enumerate(("参数", "值", "说明"), start=1):
        layout.add(2, column, title, "header")
    for row, (name, value, note) in enumerate(rows, start=3):
        layout.add(row, 1, name)
        layout.add(row, 2, value)
        layout.add(row, 3, note)
    _ladder(layout, 3 + len(rows) + 1, params)
    layout.widths = {c: min(60, w) for c, w in layout.widths.items()}
    return layout


def _ladder(layout: SheetLayout, row: int, params: Params) -> None:
    """The note, the ladder table's header and no rows; then the example, which the reader skips."""
    layout.add(row, 1, LADDER_NOTE, "bold")
    for column, title in enumerate(LADDER_HEADER, start=1):
        layout.add(row + 1, column, title, "header")
    example = row + 2 + LADDER_ROOM
    layout.add(example, 1, EXAMPLE_NOTE, "bold")
    for offset, level in enumerate(default_ladder(params), start=example + 1):
        values = (level.code, level.label, level.start, level.unit.value, level.basis.value, level.template,
                  level.repeat_days, "是" if level.needs_approval else "否", level.owner, level.action)  # fmt: skip
        for column, value in enumerate(values, start=1):
            layout.add(offset, column, value)


def follow_up_layout() -> SheetLayout:
    """The collector's log (跟进记录) as `dunning init` adds it: a one-line note, the header, no rows."""
    layout = SheetLayout(FOLLOW_UP_SHEET)
    layout.add(1, 1, FOLLOW_UP_NOTE, "bold")
    for column, title in enumerate(FOLLOW_UP_HEADER, start=1):
        layout.add(2, column, title, "header")
    layout.widths = {c: 14 for c in range(1, len(FOLLOW_UP_HEADER) + 1)} | {len(FOLLOW_UP_HEADER): 40}
    layout.freeze = (3, 1)
    return layout
