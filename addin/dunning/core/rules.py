"""The collection rules as data: parameters and a ladder of levels, loaded into frozen dataclasses.

Two built-in presets read like the company's process (shared/SPEC.md §4–5):

* 默认 — the collection process (催款流程): phone reminder 3 days before the due date; a dunning
  letter within 3 days of it and then one a week; past 2 calendar months a lawyer's letter once
  the marketing vice-president has approved it.
* 阶梯催收 — the common graded practice: reminder 20 days before due; letters at 1, 30, 45, 60
  and 75 days overdue, gentle to firm; a lawyer's warning at 90 days.

The supervisor's `催款规则` sheet may change any parameter and may replace the ladder
(`dunning.core.rules_sheet` reads it). Every date a level produces is computed by `level_start`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from functools import cached_property

from dunning.core.dates import WorkCalendar, add_months, end_of_month
from dunning.core.sms import SMS_OVERDUE, SMS_REMINDER
from dunning.core.stages import LAWYER_LETTER, LETTER, REMINDER, Kind


class Unit(Enum):
    DAYS = "日"
    WORKDAYS = "工作日"
    MONTHS = "月"


class Basis(Enum):
    DUE_DATE = "到期日"
    MONTH_END = "月末"
    PREVIOUS_LETTER = "上一封函"


REMINDER_TEMPLATE = "预先提醒函"  # the built-in reminder: "将于…到期", for a level before the due date only

PRESET_DEFAULT = "默认"
PRESET_GRADED = "阶梯催收"
PRESET_ALIASES = {
    PRESET_DEFAULT: PRESET_DEFAULT, "default": PRESET_DEFAULT,
    PRESET_GRADED: PRESET_GRADED, "graded": PRESET_GRADED, "ladder": PRESET_GRADED,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Level:
    """One rung of the ladder. Its code is the board's `stage` for rows at this level.

    `kind` says what the level does (a reminder, a dunning letter, the lawyer's letter that needs
    approval); the presets name it, the rules sheet's reader sets it once from 需审批 and the start.
    `start` counts in `unit` from `basis`: 日 and 工作日 mean "from the start-th day on" (1 日 after
    the due date = the first overdue day; -3 日 = three days before it); 月 means "more than
    `start` calendar months", so the level begins the day after due date + start months.
    """

    code: str
    label: str
    kind: Kind
    start: int
    unit: Unit = Unit.DAYS
    basis: Basis = Basis.DUE_DATE
    template: str = ""
    repeat_days: int | None = None
    owner: str = ""
    action: str = ""

    @property
    def before_due(self) -> bool:
        """A reminder: it begins on or before the due date."""
        return self.kind is Kind.REMINDER

    @property
    def needs_approval(self) -> bool:
        """The lawyer's letter: sent once 律师函审批人 is filled, and its sending records 律师函寄出日期."""
        return self.kind is Kind.LAWYER


FEE_BASIS_CONTRACT = "合同约定"
FEE_BASIS_COMPANY = "公司标准"
FEE_BASES = (FEE_BASIS_CONTRACT, FEE_BASIS_COMPANY)
LAWYER_NUMBER_FORMAT = "〔{年}〕律函字第{序号}号"  # {年}: the letter's year; {序号}: its serial in that year


@dataclass(frozen=True, slots=True)
class Params:
    preset: str = PRESET_DEFAULT
    as_of: date | None = None
    reminder_days: int = 3
    first_letter_days: int = 3
    letter_interval_days: int = 7
    lawyer_after_months: int = 2
    lawyer_action_days: int = 3
    lawyer_deadline_days: int = 15
    lawyer_delivery_days: int = 3
    demand_days: int = 7  # 催告期限天数: a dunning letter's time to pay, at least this many days after its date
    daily_rate: Decimal = Decimal("0.0005")
    min_amount: Decimal = Decimal("0.01")
    major_arrears: Decimal = Decimal(1_000_000)  # 重大欠款金额: a contract's overdue balance reported to the group
    promise_grace_days: int = 1  # 承诺宽限天数: a promise to pay pauses letters until its date + this many days
    major_arrears_days: int = 30  # 重大欠款逾期天数: counted in that balance from this many days overdue
    company_name: str = ""
    company_address: str = ""
    company_phone: str = ""
    signatory: str = ""
    law_firm: str = ""
    law_firm_address: str = ""
    law_firm_phone: str = ""
    lawyer_name: str = ""
    lawyer_licence: str = ""
    law_firm_postcode: str = ""
    law_firm_email: str = ""
    lawyer_delivery_method: str = "中国邮政EMS"  # 律师函送达方式: how the lawyer's letter is served, as the letter says
    fee_basis: str = FEE_BASIS_COMPANY  # 违约金依据: 合同约定 (the contract's clause) or 公司标准 (the company's own)
    legal_costs_on_customer: bool = False  # 律师费承担: the contract puts the legal fees on the defaulting buyer
    contract_allows_rescission: bool = False  # 可解除合同: the contract lets the seller rescind for late payment
    lawyer_number_format: str = LAWYER_NUMBER_FORMAT  # the firm's numbering of its letters
    sms_reminder: str = SMS_REMINDER  # 提醒短信: the text before the due date (core/sms.py's placeholders)
    sms_overdue: str = SMS_OVERDUE  # 催款短信: the text once it has passed
    holidays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Rules:
    params: Params
    levels: tuple[Level, ...]
    calendar: WorkCalendar = field(default_factory=WorkCalendar, compare=False)
    source: str = PRESET_DEFAULT

    @cached_property
    def letter_levels(self) -> tuple[tuple[int, Level], ...]:
        """(index, level) of the dunning-letter levels counted from the due date."""
        return tuple(
            (i, lv)
            for i, lv in enumerate(self.levels)
            if lv.kind is Kind.LETTER and lv.basis is not Basis.PREVIOUS_LETTER
        )

    @cached_property
    def approval_level(self) -> Level | None:
        return next((lv for lv in self.levels if lv.needs_approval), None)

    @cached_property
    def approval_codes(self) -> frozenset[str]:
        """The codes of the levels that need approval: how 函件归档 names a lawyer's letter."""
        return frozenset(lv.code for lv in self.levels if lv.needs_approval)


def default_ladder(params: Params) -> tuple[Level, ...]:
    """SPEC §4, shaped by the parameters 提前提醒天数, 催款信间隔天数, 律师函起算月数."""
    return (
        Level(REMINDER, "预先提醒", Kind.REMINDER, -params.reminder_days, template=REMINDER_TEMPLATE,
              owner="置业顾问", action="电话提醒客户交款"),
        Level(LETTER, "催款信", Kind.LETTER, 1, template="催款信", repeat_days=params.letter_interval_days,
              owner="手续办理专员", action="寄发催款信"),
        Level(LAWYER_LETTER, "律师函", Kind.LAWYER, params.lawyer_after_months, unit=Unit.MONTHS,
              template="律师函", owner="手续办理专员", action="3日内寄发或手递律师函并电话确认"),
    )  # fmt: skip


GRADED_LETTERS = (  # (label, first overdue day, action): gentle to firm
    ("付款提示函", 1, "寄发付款提示函（附付款单据）"),
    ("催款函（是否遗忘）", 30, "寄发催款函，询问是否遗忘"),
    ("催款函（情况说明）", 45, "寄发催款函，请客户说明情况"),
    ("催款函（诚信履约）", 60, "寄发催款函，强调诚信履约"),
    ("催款函（违约责任）", 75, "寄发催款函，告知合同违约责任"),
)


def graded_ladder(params: Params) -> tuple[Level, ...]:
    """The graded practice: each letter firmer than the last."""
    del params  # the graded ladder is fixed; a sheet ladder replaces it
    staff, consultant = "手续办理专员", "置业顾问"
    return (
        Level(REMINDER, "预先提醒", Kind.REMINDER, -20, template=REMINDER_TEMPLATE, owner=consultant,
              action="电话提醒客户交款并寄送付款提示"),
        *(Level(f"{LETTER}_{n}", label, Kind.LETTER, start, template="催款信", owner=staff, action=action)
          for n, (label, start, action) in enumerate(GRADED_LETTERS, start=1)),
        Level(LAWYER_LETTER, "律师警告函", Kind.LAWYER, 90, template="律师函", owner=staff,
              action="3日内寄发律师警告函并电话确认"),
    )  # fmt: skip


PRESETS = {PRESET_DEFAULT: default_ladder, PRESET_GRADED: graded_ladder}


def make_rules(params: Params, ladder: tuple[Level, ...] | None = None, *, source: str | None = None) -> Rules:
    """The one way rules are made: the parameters, and the sheet's ladder or else the ladder of the
    parameters' preset (shaped by them); the working-day calendar from the parameters' holidays."""
    levels = ladder or PRESETS[params.preset](params)
    return Rules(params, levels, WorkCalendar(params.holidays), source or params.preset)


def preset_rules(preset: str = PRESET_DEFAULT, params: Params | None = None) -> Rules:
    return make_rules(replace(params or Params(), preset=PRESET_ALIASES[preset]))


def payment_deadline(letter_date: date, rules: Rules) -> date:
    """The last day to pay (最后期限, inclusive) that a dunning letter dated `letter_date` gives:
    催告期限天数 after its date, rolled forward to a working day (a 催告 gives a reasonable period,
    民法典第563条). The one place this date is computed: the letter states it, and the lawyer's letter
    waits for the day after it (`demand_running`)."""
    return rules.calendar.on_or_after(letter_date + timedelta(days=rules.params.demand_days))


def demand_running(last_letter: date | None, rules: Rules, *, as_of: date) -> date | None:
    """The payment deadline of the last dunning letter (sent on `last_letter`) while it has not passed on
    `as_of`, else None. While it runs, an approved lawyer's letter waits: it goes out from the day after."""
    if last_letter is None:
        return None
    deadline = payment_deadline(last_letter, rules)
    return deadline if as_of <= deadline else None


def lawyer_deadline(sent: date, rules: Rules, *, received: date | None = None) -> date:
    """The last day to pay that a lawyer's letter gives: 律师函期限天数 from the day the customer
    received it (收到本函之日起), the 签收日期 when known, else the day sent plus 律师函送达天数, rolled
    forward to a working day; the day after it, suit. The letter states the same date, counted from the
    day it is made."""
    params = rules.params
    start = received if received is not None else sent + timedelta(days=params.lawyer_delivery_days)
    return rules.calendar.on_or_after(start + timedelta(days=params.lawyer_deadline_days))


def level_start(level: Level, *, due: date, last_letter: date | None, calendar: WorkCalendar) -> date | None:
    """The first day a level applies to an instalment due on `due`; None when it cannot start yet
    (a level counted from the previous letter before any letter was sent)."""
    if level.basis is Basis.PREVIOUS_LETTER:
        if last_letter is None:
            return None
        base = last_letter
    else:
        base = due
    if level.unit is Unit.MONTHS:
        start = add_months(base, level.start)
        start = start if level.basis is Basis.MONTH_END else start + timedelta(days=1)
    elif level.unit is Unit.WORKDAYS:
        start = calendar.add_workdays(base, level.start)
    else:
        start = base + timedelta(days=level.start)
    return end_of_month(start) if level.basis is Basis.MONTH_END else start


def with_params(rules: Rules, **changes: object) -> Rules:
    """The same rules with some parameters changed (a preset's ladder follows its parameters)."""
    params = replace(rules.params, **changes)  # type: ignore[arg-type]
    return make_rules(params, None if rules.source in PRESETS else rules.levels, source=rules.source)
