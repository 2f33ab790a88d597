"""A planned letter → the dictionary its Word template is filled with (Chinese placeholder names).

Pure: no docx here. Every placeholder a template may use is in `FIELDS`; a template that asks for
another name is refused before anything is rendered.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from dunning.core.dates import chinese_date
from dunning.core.engine import Decision
from dunning.core.money import ZERO, round_cents, yuan
from dunning.core.rules import Rules, Unit, lawyer_deadline
from dunning.letters.plan import PlannedLetter

# placeholder → what it holds (the README's table is checked against this)
FIELDS: dict[str, str] = {
    "客户姓名": "客户姓名", "合同编号": "合同编号", "房号": "房号", "通讯地址": "客户的通讯地址",
    "客户电话": "客户的联系电话", "置业顾问": "签约的置业顾问",
    "欠款金额": "所列各期欠款合计，如 ¥120,000.00", "欠款金额大写": "人民币大写，如 人民币壹拾贰万元整",
    "违约金": "违约金合计（至函件日期）", "违约金大写": "违约金的人民币大写",
    "应付合计": "欠款金额 + 违约金", "应付合计大写": "应付合计的人民币大写",
    "约定付款日期": "所列最早一期的约定付款日期，如 2026年9月17日", "逾期天数": "所列各期中最长的逾期天数",
    "第几次": "第几封催款信（预先提醒函、律师函为 1）", "最后期限": "要求付清的最后日期",
    "日期": "函件日期，如 2026年11月20日", "日利率": "违约金日利率，如 0.05%",
    "公司名称": "规则表的公司名称", "公司地址": "规则表的公司地址", "公司电话": "规则表的联系电话",
    "落款": "规则表的落款", "审批人": "律师函审批人", "律师函期限天数": "律师函给出的付款期限（天）",
    "律师事务所": "规则表的律师事务所", "律师事务所地址": "规则表的律师事务所地址", "律师事务所电话": "规则表的律师事务所电话",
    "款项明细": "所列各期：款项类型、约定付款日期、应收金额、已收金额、欠款金额、逾期天数、违约金",
}  # fmt: skip
ROW_FIELDS = ("款项类型", "约定付款日期", "应收金额", "已收金额", "欠款金额", "逾期天数", "违约金")
TONES = ("温和", "严正", "严厉")


def in_words(amount: Decimal) -> str:
    """人民币大写: 壹拾万元整, 壹拾万元柒角捌分."""
    import cn2an

    rounded = round_cents(amount)
    sign = "负" if rounded < 0 else ""
    return f"人民币{sign}{cn2an.an2cn(f'{abs(rounded):f}', 'rmb')}"


def rate_text(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def deadline(letter: PlannedLetter, rules: Rules, *, as_of: date) -> date:
    """The last day to pay that the letter states: the due date for a reminder; the next letter's
    date for a dunning letter; the lawyer's-letter deadline (as the board counts it) for that one."""
    params = rules.params
    if letter.level.before_due:
        dues = [d.inst.due_date for d in letter.due if d.inst.due_date]
        return min(dues) if dues else as_of
    if letter.level.needs_approval:
        return lawyer_deadline(as_of, rules)  # sent today: the date the board counts litigation from
    days = letter.level.repeat_days or params.letter_interval_days
    if letter.level.unit is Unit.WORKDAYS:  # a ladder in working days sets its deadlines in working days
        return rules.calendar.add_workdays(as_of, days)
    return as_of + timedelta(days=days)


def tone(letter: PlannedLetter) -> str:
    """温和, 严正 or 严厉: how far the main row has gone towards the lawyer's letter (by thirds), or,
    with no lawyer's level, by letter number (1–2, 3–5, 6 and on)."""
    main = letter.main
    due = main.inst.due_date
    days = main.days_overdue or 0
    if main.escalate_on is not None and due is not None and (main.escalate_on - due).days > 0:
        share = days / (main.escalate_on - due).days
        return TONES[0] if share < 1 / 3 else TONES[1] if share < 2 / 3 else TONES[2]
    number = letter.letter_no or 1
    return TONES[0] if number <= 2 else TONES[1] if number <= 5 else TONES[2]


def _row(d: Decision) -> dict[str, object]:
    inst = d.inst
    return {
        "款项类型": inst.payment_kind or "—",
        "约定付款日期": chinese_date(inst.due_date) if inst.due_date else "",
        "应收金额": yuan(inst.amount_due or ZERO),
        "已收金额": yuan(inst.amount_paid),
        "欠款金额": yuan(d.outstanding),
        "逾期天数": max(d.days_overdue or 0, 0),
        "违约金": yuan(d.late_fee),
    }


def build_context(letter: PlannedLetter, rules: Rules, *, as_of: date) -> dict[str, object]:
    params, main = rules.params, letter.main
    inst = main.inst
    listed = letter.listed
    owed = sum((d.outstanding for d in listed), ZERO)
    fees = sum((d.late_fee for d in listed), ZERO)
    dues = [d.inst.due_date for d in listed if d.inst.due_date]
    rate = inst.late_fee_rate if inst.late_fee_rate is not None else params.daily_rate
    return {
        "客户姓名": inst.customer, "合同编号": inst.contract_no, "房号": inst.unit, "通讯地址": inst.address,
        "客户电话": inst.phone, "置业顾问": inst.consultant,
        "欠款金额": yuan(owed), "欠款金额大写": in_words(owed),
        "违约金": yuan(fees), "违约金大写": in_words(fees),
        "应付合计": yuan(owed + fees), "应付合计大写": in_words(owed + fees),
        "约定付款日期": chinese_date(min(dues)) if dues else "",
        "逾期天数": max((max(d.days_overdue or 0, 0) for d in listed), default=0),
        "第几次": letter.letter_no or 1,
        "最后期限": chinese_date(deadline(letter, rules, as_of=as_of)),
        "日期": chinese_date(as_of), "日利率": rate_text(rate),
        "公司名称": params.company_name, "公司地址": params.company_address, "公司电话": params.company_phone,
        "落款": params.signatory or params.company_name, "审批人": inst.lawyer_approved_by,
        "律师函期限天数": params.lawyer_deadline_days,
        "律师事务所": params.law_firm, "律师事务所地址": params.law_firm_address, "律师事务所电话": params.law_firm_phone,
        "款项明细": [_row(d) for d in listed],
    }  # fmt: skip
