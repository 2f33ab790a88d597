"""A planned letter → the dictionary its Word template is filled with (Chinese placeholder names).

Pure: no docx here. Every placeholder a template may use is in `FIELDS`; a template that asks for
another name is refused before anything is rendered.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dunning.core.dates import chinese_date
from dunning.core.engine import Decision, is_deposit
from dunning.core.money import ZERO, round_cents, yuan
from dunning.core.rules import Rules, lawyer_deadline, payment_deadline
from dunning.letters.lawyer import DRAFT_NUMBER, earlier_text
from dunning.letters.plan import PlannedLetter
from dunning.letters.statements import (
    address_block,
    contractual_rate,
    department,
    due_text,
    kind_of,
    notice_record,
    recipients,
    salutation,
    unbroken,
)

# placeholder → what it holds (the README's table is checked against this)
FIELDS: dict[str, str] = {
    "客户姓名": "客户姓名", "合同编号": "合同编号", "房号": "房号", "通讯地址": "客户的通讯地址",
    "客户电话": "客户的联系电话", "置业顾问": "签约的置业顾问",
    "欠款金额": "所列各期欠款合计，如 ¥120,000.00", "欠款金额大写": "人民币大写，如 人民币壹拾贰万元整",
    "违约金": "违约金合计（至函件日期）", "违约金大写": "违约金的人民币大写",
    "应付合计": "欠款金额 + 违约金", "应付合计大写": "应付合计的人民币大写",
    "约定付款日期": "所列最早一期的约定付款日期，如 2026年9月17日", "逾期天数": "所列各期中最长的逾期天数",
    "第几次": "第几封催款信（预先提醒函、律师函为 1）",
    "最后期限": "要求付清的最后日期（含当日）：催款信为函件日期后 催告期限天数 天、遇节假日顺延至工作日；律师函为收到后 律师函期限天数 天；预先提醒函为约定付款日期",
    "催告期限天数": "规则表的催告期限天数：催款信给出的付款期限（天）",
    "日期": "函件日期，如 2026年11月20日",
    "日利率": "所列各期的违约金日利率，如 0.05%；各期不同时列出各个日利率，注明 各期不同，见明细",
    "日利率说明": "违约金怎么计：各期日利率相同时为 每日0.05%，不同时为 各期约定的日利率（见上表）",
    "计违约金": "所列各期是否计违约金（日利率为 0 或未填时为否，函件不写违约金的句子和数字）",
    "公司名称": "规则表的公司名称", "公司地址": "规则表的公司地址", "公司电话": "规则表的联系电话",
    "落款": "规则表的落款", "审批人": "律师函审批人", "律师函期限天数": "律师函给出的付款期限（天）",
    "律师事务所": "规则表的律师事务所", "律师事务所地址": "规则表的律师事务所地址", "律师事务所电话": "规则表的律师事务所电话",
    "承办律师": "规则表的承办律师（签名的律师）", "律师执业证号": "规则表的律师执业证号",
    "款项明细": "所列各期：款项类型、约定付款日期、应收金额、已收金额、欠款金额、逾期天数、日利率、违约金",
    "另提示": "同一合同的其他款项（一句话，不计入合计）：催款函里即将到期的款项，提醒函里已逾期的款项，"
              "律师函里未列入本函的逾期款项和即将到期的款项；没有则为空",
    "律师函编号": "律师事务所的函件编号（规则表 律师函编号格式，如 〔2026〕律函字第3号）；审批稿为 （草稿，编号待定）",
    "前次律师函": "同一合同此前的律师函（日期、编号、所涉款项、期限是否届满），一句话；没有则为空",
    "催告记录": "函件归档记有的、此前就所列各期寄出的书面催告（日期和次数），如 我司已于2026年10月3日、10月10日先后2次向您书面催告"
                "（律师函为 委托人已于…）；归档没有则为空。函件只凭它写此前的催告",
    "按合同约定": "违约金日利率是否为合同约定（规则表 违约金依据 为 合同约定，或所列各期都在本行填有违约金日利率）；否则函件不写“按合同约定”",
    "律师费由对方承担": "规则表 律师费承担 为 是（合同约定律师费由违约方承担）；否则函件不要求客户承担律师费",
    "可解除合同": "规则表 可解除合同 为 是（合同约定逾期付款可解除合同）；否则函件不写解除权、不引用民法典第五百六十三条",
    "律师事务所邮编": "规则表的律师事务所邮编", "律师事务所邮箱": "规则表的律师事务所邮箱",
    "律师函送达方式": "规则表的律师函送达方式，如 中国邮政EMS",
    "收件人": "买受人，共同买受人逐一列出，如 张三、李四（客户姓名里用 、 , / 或空格分开的姓名）",
    "称谓": "称呼客户的话，带冒号：称谓 列所填（如 张先生、李女士：），未填为收件人（如 张三、李四：）",
    "地址块": "信封式收件人信息（一行一项，只列已填的）：收件人、通讯地址、联系电话",
    "落款部门": "规则表的落款去掉开头的公司名称（如 销售部），印在公司盖章行下；落款未填或就是公司名称时为空",
    # 付款承诺书 / 分期还款协议 (letters.promise; empty in a letter)
    "文书标题": "付款承诺书（还款计划只有一期）或 分期还款协议（两期及以上）",
    "分期": "还款计划是否有两期及以上（模板里写 {% if 分期 %}…{% else %}…{% endif %}）",
    "期数": "还款计划的期数",
    "协商日期": "跟进记录中这次承诺的日期（承诺付款各行的 日期），如 2026年11月19日",
    "还款计划": "各期：期次、付款日期、金额、金额大写（跟进记录中同一日期登记的承诺付款各行，按行序）",
    "承诺合计": "还款计划各期金额合计", "承诺合计大写": "承诺合计的人民币大写",
    "余欠说明": "还款计划合计少于欠款时，说明其余欠款仍按合同约定支付的一句话；否则为空",
}  # fmt: skip
PLAN_FIELDS = ("期次", "付款日期", "金额", "金额大写")  # each row of 还款计划
ROW_FIELDS = ("款项类型", "约定付款日期", "应收金额", "已收金额", "欠款金额", "逾期天数", "日利率", "违约金")
TONES = ("温和", "严正", "严厉")


def in_words(amount: Decimal) -> str:
    """人民币大写: 壹拾万元整, 壹拾万元柒角捌分."""
    import cn2an

    rounded = round_cents(amount)
    sign = "负" if rounded < 0 else ""
    return f"人民币{sign}{cn2an.an2cn(f'{abs(rounded):f}', 'rmb')}"


def rate_text(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def daily_rate(d: Decision, rules: Rules) -> Decimal:
    """The rate the row's 违约金 is charged at (`engine.late_fee`): its own 违约金日利率, else the rules'."""
    if is_deposit(d.inst):
        return ZERO
    return rules.params.daily_rate if d.inst.late_fee_rate is None else d.inst.late_fee_rate


def charges_fee(listed: tuple[Decision, ...], rules: Rules) -> bool:
    """Whether any instalment the letter demands carries a 违约金 rate: with none (0 or blank everywhere),
    the letter says nothing of 违约金 rather than 每日0%…¥0.00."""
    return any(daily_rate(d, rules) for d in listed) or (not listed and bool(rules.params.daily_rate))


def rates_text(listed: tuple[Decision, ...], rules: Rules) -> tuple[str, str]:
    """(日利率, 日利率说明) of the instalments a letter demands. One rate is stated as it is; rates that
    differ by instalment are never folded into one: each stands in its table row, and the sentence says so."""
    rates = list(dict.fromkeys(daily_rate(d, rules) for d in listed)) or [rules.params.daily_rate]
    if len(rates) == 1:
        return rate_text(rates[0]), f"每日{rate_text(rates[0])}"
    return f"{'、'.join(rate_text(r) for r in rates)}（各期不同，见明细）", "各期约定的日利率（见上表）"


def deadline(letter: PlannedLetter, rules: Rules, *, as_of: date) -> date:
    """The last day to pay that the letter states (inclusive): the due date for a reminder (no 催告, a
    reminder of the date agreed); the lawyer's-letter deadline (as the board counts it) for that one;
    for every dunning letter `payment_deadline`: 催告期限天数 after its date, on a working day — never
    shorter. Where the board escalates sooner, the lawyer's letter waits for this date to pass."""
    if letter.level.before_due:
        dues = [d.inst.due_date for d in letter.due if d.inst.due_date]
        return min(dues) if dues else as_of
    if letter.level.needs_approval:
        return lawyer_deadline(as_of, rules)  # sent today: the date the board counts litigation from
    return payment_deadline(as_of, rules)


def tone(letter: PlannedLetter) -> str:
    """温和, 严正 or 严厉: how far the contract's worst listed instalment has gone towards the lawyer's
    letter (by thirds), or, with no lawyer's level, by letter number (1–2, 3–5, 6 and on). The first two
    letters are at most 严正: a 最后催款通知 as the first or second letter would be out of proportion (what
    any letter says of earlier notices comes from 函件归档 alone: 催告记录). A promise to pay that was broken
    (跟进记录) steps the tone up one grade, within that limit."""
    number = letter.letter_no or 1
    shares = [progress for d in letter.listed if (progress := _progress(d)) is not None]
    if shares:
        worst = max(shares)
        grade = 0 if worst < 1 / 3 else 1 if worst < 2 / 3 else 2
    else:
        grade = 0 if number <= 2 else 1 if number <= 5 else 2
    if any(d.inst.broken_promises for d in letter.listed):
        grade = min(grade + 1, len(TONES) - 1)
    return TONES[min(grade, 1)] if number < 3 else TONES[grade]


def _progress(d: Decision) -> float | None:
    """Days overdue as a share of the time from the due date to the lawyer's-letter level."""
    due = d.inst.due_date
    if d.escalate_on is None or due is None or (d.escalate_on - due).days <= 0:
        return None
    return (d.days_overdue or 0) / (d.escalate_on - due).days


def table_row(d: Decision, rules: Rules) -> dict[str, object]:
    inst = d.inst
    return {
        "款项类型": inst.payment_kind or "—",
        "约定付款日期": due_text(d),
        "应收金额": yuan(inst.amount_due or ZERO),
        "已收金额": yuan(inst.amount_paid),
        "欠款金额": yuan(d.outstanding),
        "逾期天数": max(d.days_overdue or 0, 0),
        "日利率": rate_text(rate) if (rate := daily_rate(d, rules)) else "—",
        "违约金": yuan(d.late_fee) if rate else "—",
    }


def also_note(letter: PlannedLetter) -> str:
    """One sentence on the contract's instalments the letter names but does not demand."""
    if not letter.mentioned:
        return ""
    if letter.level.needs_approval:
        return _also_lawyer(letter.mentioned)
    if letter.level.before_due:
        items = "、".join(
            f"{kind_of(d)}{yuan(d.outstanding)}（应于{due_text(d)}支付，已逾期{d.days_overdue}天）"
            for d in letter.mentioned
        )
        return f"另，您尚有逾期未付的{items}，请一并尽快付清。"
    items = "、".join(f"{kind_of(d)}{yuan(d.outstanding)}将于{due_text(d)}到期" for d in letter.mentioned)
    return f"另提示：您的{items}，请按时支付。"


def _also_lawyer(mentioned: tuple[Decision, ...]) -> str:
    """A 律师函's 另提示: the overdue instalments it does not demand (rights reserved), those falling due."""
    overdue = [d for d in mentioned if (d.days_overdue or 0) > 0]
    soon = [d for d in mentioned if (d.days_overdue or 0) <= 0]
    parts = []
    if overdue:
        items = "、".join(
            f"{kind_of(d)}{yuan(d.outstanding)}（应于{due_text(d)}支付，已逾期{d.days_overdue}天）" for d in overdue
        )
        which = "该款项" if len(overdue) == 1 else "上述款项"
        parts.append(f"您尚有{items}未付，委托人保留就{which}另行追究的权利")
    if soon:
        items = "、".join(f"{kind_of(d)}{yuan(d.outstanding)}将于{due_text(d)}到期" for d in soon)
        parts.append(f"您的{items}，请按时支付")
    return "另，" + "；".join(parts) + "。"


def build_context(letter: PlannedLetter, rules: Rules, *, as_of: date) -> dict[str, object]:
    params, main = rules.params, letter.main
    inst = main.inst
    listed = letter.listed
    owed = sum((d.outstanding for d in listed), ZERO)
    fees = sum((d.late_fee for d in listed), ZERO)
    dues = [d.inst.due_date for d in listed if d.inst.due_date]
    rate, rate_sentence = rates_text(listed, rules)
    return {
        "客户姓名": inst.customer, "合同编号": letter.contract_no, "房号": inst.unit, "通讯地址": inst.address,
        "客户电话": unbroken(inst.phone), "置业顾问": inst.consultant,
        "欠款金额": yuan(owed), "欠款金额大写": in_words(owed),
        "违约金": yuan(fees), "违约金大写": in_words(fees),
        "应付合计": yuan(owed + fees), "应付合计大写": in_words(owed + fees),
        "约定付款日期": chinese_date(min(dues)) if dues else "",
        "逾期天数": max((max(d.days_overdue or 0, 0) for d in listed), default=0),
        "第几次": letter.letter_no or 1,
        "最后期限": chinese_date(deadline(letter, rules, as_of=as_of)),
        "日期": chinese_date(as_of), "日利率": rate, "日利率说明": rate_sentence,
        "计违约金": charges_fee(listed, rules),
        "公司名称": params.company_name, "公司地址": params.company_address, "公司电话": unbroken(params.company_phone),
        "落款": params.signatory or params.company_name, "审批人": inst.lawyer_approved_by,
        "律师函期限天数": params.lawyer_deadline_days, "催告期限天数": params.demand_days,
        "律师事务所": params.law_firm, "律师事务所地址": params.law_firm_address, "律师事务所电话": unbroken(params.law_firm_phone),
        "承办律师": params.lawyer_name, "律师执业证号": params.lawyer_licence,
        "款项明细": [table_row(d, rules) for d in listed],
        "另提示": also_note(letter),
        "律师函编号": (letter.number or DRAFT_NUMBER) if letter.level.needs_approval else "",
        "前次律师函": earlier_text(letter.earlier, as_of=as_of),
        **statements(letter, rules),
    }  # fmt: skip


def statements(letter: PlannedLetter, rules: Rules) -> dict[str, object]:
    """The placeholders of what a letter may assert (letters.statements) and of its form."""
    params, inst = rules.params, letter.main.inst
    return {
        "催告记录": notice_record(letter.notices, by="委托人" if letter.level.needs_approval else "我司"),
        "按合同约定": contractual_rate(letter.listed, params),
        "律师费由对方承担": params.legal_costs_on_customer, "可解除合同": params.contract_allows_rescission,
        "律师事务所邮编": params.law_firm_postcode, "律师事务所邮箱": params.law_firm_email,
        "律师函送达方式": params.lawyer_delivery_method,
        "收件人": recipients(inst.customer), "称谓": salutation(d.inst for d in (letter.main, *letter.listed, *letter.mentioned)), "地址块": address_block(inst),
        "落款部门": department(params),
    }  # fmt: skip
