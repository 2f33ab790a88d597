"""Write `workbook/sample_contracts.xlsx`: the sample team workbook of the 锦绣华府 project.

The workbook is what a sales supervisor keeps (shared/SPEC.md §3): the sheet `合同执行情况`
with a title, a note row, the header, about 300 instalments of about 100 contracts and a totals
row; and the sheet `催款规则` with the default parameters, an empty ladder table (so the parameters
shape the ladder) and the default ladder below it as an example (§5.1). Its 基准日 is 2026-11-20,
so the board is the same on any day: at that date every stage of §4 is present, several times, and
some actions are late.

Deterministic: one `random.Random` with a fixed seed, nothing taken from today's date; the file's
zip entries and document properties carry fixed times, so running it twice gives the same bytes.
Needs only openpyxl and the standard library.

    python workbook/make_sample.py            # write the workbook
    python workbook/make_sample.py --check    # and compare the engine's board with what each row was built to show:
                                              # stage, late, letter number, outstanding, late fee, days overdue, action date
"""

from __future__ import annotations

import argparse
import calendar
import io
import json
import os
import random
import re
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
OUT = HERE / "sample_contracts.xlsx"
SEED = 20261120
AS_OF = date(2026, 11, 20)  # 基准日 of the sample: the board is reproducible on any day
LAWYER_DAYS = 3 + 15  # 律师函送达天数 + 律师函期限天数: a lawyer's letter sent this long ago is still running
DEMAND_DAYS = 7  # 催告期限天数: a dunning letter's time to pay
DAILY_RATE = Decimal("0.0005")  # 违约金日利率 of the rules sheet
CENT = Decimal("0.01")
FIRST_SIGNING = date(2025, 3, 1)
CONTRACTS = 100

PROJECT = "锦绣华府"
COMPANY = "锦绣华府置业有限公司"
COMPANY_ADDRESS = "杭州市余杭区良渚街道锦绣路88号"
COMPANY_PHONE = "0571-86886688"
SIGNATORY = "锦绣华府置业有限公司销售部"
VP = "刘总"  # 营销副总, who approves lawyer's letters
CONSULTANTS = ("张丽", "王磊", "刘洋", "陈静")

DATA_SHEET = "合同执行情况"
RULES_SHEET = "催款规则"
HEADERS = (
    "房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问", "联系电话",
    "通讯地址", "违约金日利率", "暂缓催收至", "备注", "已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期",
)  # fmt: skip
TRACKING = frozenset(HEADERS[-4:])
DATE_COLUMNS = frozenset({"约定付款日期", "暂缓催收至", "最近催款信日期", "律师函寄出日期"})
MONEY_COLUMNS = frozenset({"应收金额", "已收金额"})
CENTERED = frozenset(
    {"房号", "合同编号", "客户姓名", "款项类型", "置业顾问", "联系电话", "已发催款信次数", "律师函审批人"}
)

ZERO = Decimal(0)
DEPOSIT = Decimal(50000)

# Payment plans: (款项类型, months after signing, days after that).
PLANS = {
    "定金+首付+分期+尾款": (("定金", 0, 0), ("首付款", 0, 30), ("分期款", 4, 0), ("尾款", 10, 0)),
    "定金+首付+尾款": (("定金", 0, 0), ("首付款", 0, 30), ("尾款", 8, 0)),
    "首付+尾款": (("首付款", 0, 7), ("尾款", 6, 0)),
    "首付+两期分期+尾款": (("首付款", 0, 7), ("分期款", 3, 0), ("分期款", 6, 0), ("尾款", 12, 0)),
}
PLAN_WEIGHTS = (25, 35, 25, 15)
# Buildings (栋; no building 4, as usual) and their top floors; rooms 01–04 on each floor.
BUILDINGS = {1: 18, 2: 18, 3: 26, 5: 26, 6: 32, 7: 32, 8: 11}
AREAS = (89.37, 98.52, 105.62, 119.85, 128.40, 143.66, 168.20, 185.50)

SURNAMES = (
    "王王王李李李张张张刘刘陈陈杨杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏方邹孟熊秦邱江薛段雷侯史陶顾毛郝龚邵钱严戴莫孔汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍建国建华志强志明海燕晓东晓燕鹏辉红梅"
    "丹婷宇浩然子轩雨欣梓涵思远嘉怡文博欣怡俊杰佳琪一鸣雪梅春生国庆立新慧敏亚楠振华"
)
PHONE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "159", "182", "187", "188",
                  "130", "131", "132", "155", "156", "185", "186", "133", "153", "180", "189", "177", "199")  # fmt: skip
CITIES = {
    "杭州市": {
        "余杭区": ("文一西路", "良睦路", "五常大道", "临平大道", "良渚路"),
        "西湖区": ("文三路", "天目山路", "古墩路", "教工路"),
        "拱墅区": ("莫干山路", "湖墅南路", "丽水路", "上塘路"),
        "上城区": ("解放路", "秋涛路", "望江东路"),
        "滨江区": ("江南大道", "滨盛路", "长河路"),
        "萧山区": ("市心中路", "金城路", "人民路"),
    },
    "绍兴市": {"越城区": ("解放北路", "中兴中路"), "柯桥区": ("笛扬路", "金柯桥大道")},
    "湖州市": {"吴兴区": ("人民路", "红旗路"), "德清县": ("武康街", "千秋街")},
    "嘉兴市": {"南湖区": ("中山东路", "槜李路")},
}
ESTATES = ("金色家园", "翠苑一区", "阳光城", "新天地花园", "星洲花园", "西溪诚园", "运河人家", "紫金港公寓", "和平家园")


# ---------------------------------------------------------------------------------------------
# Dates and money


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped at the month's end (as dateutil's relativedelta)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lawyer_start(due: date) -> date:
    """The first day that is more than 2 calendar months after the due date."""
    return add_months(due, 2) + timedelta(days=1)


def working_day_on_or_after(day: date) -> date:
    """The day itself or the next working day: the Chinese public-holiday calendar with its make-up working
    days (chinesecalendar, as the product's rules say; imported only to check), else Monday to Friday less
    the rules sheet's 节假日."""
    import chinese_calendar

    listed = {value for name, value, _ in PARAMETERS if name == "节假日"}
    while True:
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the calendar does not cover
            working = day.weekday() < 5 and day not in listed
        if working:
            return day
        day += timedelta(days=1)


def round_to(amount: Decimal, step: int) -> Decimal:
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def date_text(day: date, style: int) -> str:
    return (f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日", day.isoformat())[style]


def amount_text(amount: Decimal, style: int) -> str:
    """As people type amounts: `¥1,234.50`, `12.5万` (when exact), `1,234.5元`."""
    if style == 1 and amount % 100 == 0:
        return f"{(amount / 10000).normalize():f}万"
    if style == 2:
        return f"{amount:,.2f}".rstrip("0").rstrip(".") + "元"
    return f"¥{amount:,.2f}"


# ---------------------------------------------------------------------------------------------
# The project's contracts


@dataclass
class Instalment:
    kind: str
    due: date
    amount: Decimal
    paid: Decimal | None = None
    rate: Decimal | None = None
    hold: date | None = None
    note: str = ""
    letters: int = 0
    last_letter: date | None = None
    approver: str = ""
    lawyer_date: date | None = None
    intent: str = ""  # the stage this row was built to show at AS_OF
    raw: dict[str, object] = field(default_factory=dict)  # cells typed as text, or broken on purpose

    @property
    def outstanding(self) -> Decimal:
        return self.amount - (self.paid or ZERO)

    def expected_action(self) -> date | None:
        """SPEC §4's action due date of the stage this row was built to show, worked out by hand from its
        dates: the hold date; today for a suit; a lawyer's letter's deadline (sent + 3 days to arrive + 15,
        on a working day); D + 2 months + 3 days for a lawyer's letter to approve or send (an approved one
        waits for the day after the last dunning letter's time to pay: its date + 7 days, on a working day);
        D + 3 days for a first letter, the last letter + 7 days for the next, unless the lawyer's letter
        (from D + 2 months + 1 day) comes first; D for a reminder; D − 3 days before that."""
        lawyer = add_months(self.due, 2) + timedelta(days=3)
        if self.intent == "on_hold":
            return self.hold
        if self.intent == "litigation":
            return AS_OF
        if self.intent == "lawyer_sent":
            assert self.lawyer_date is not None
            return working_day_on_or_after(self.lawyer_date + timedelta(days=LAWYER_DAYS))
        if self.intent == "lawyer_pending":
            return lawyer
        if self.intent == "lawyer_letter":
            if self.last_letter is None:
                return lawyer
            pay_by = working_day_on_or_after(self.last_letter + timedelta(days=DEMAND_DAYS))
            return max(lawyer, pay_by + timedelta(days=1))
        if self.intent == "letter":
            if self.letters == 0 or self.last_letter is None:
                return self.due + timedelta(days=3)
            return min(self.last_letter + timedelta(days=7), lawyer_start(self.due))
        if self.intent == "reminder":
            return self.due
        if self.intent == "not_due":
            return self.due - timedelta(days=3)
        return None  # settled, invalid

    def expected_late(self) -> bool:
        """SPEC §4: the action's due date is before the as-of date (only actions of the ladder are late)."""
        action = self.expected_action()
        return self.intent in ("letter", "lawyer_pending", "lawyer_letter") and action is not None and action < AS_OF

    def expected_figures(self, *, lawyer_track: Sequence[Instalment] = ()) -> dict[str, object]:
        """The board's figures of this row as `dunning board --json` prints them, worked out by hand (SPEC §4):
        days overdue T − D; outstanding = 应收 − 已收; late fee = outstanding × the row's daily rate (else
        0.0005) × days overdue when overdue, rounded half-up to the fen; the action's due date; the letter's
        number (letters sent + 1) on a letter row. A settled or invalid row has no figures but an invalid
        row's readable amounts. `lawyer_track`: the contract's rows in the lawyer's track; a letter row of such
        a contract gets no letter of its own (SPEC §6): it goes with the contract's lawyer's letter, whose
        first action falls due then (today when that is past)."""
        if self.intent in ("settled", "invalid"):
            owed = ZERO if self.intent == "settled" or "应收金额" in self.raw else self.outstanding
            return {"days_overdue": None, "outstanding": f"{owed:.2f}", "late_fee": "0.00", "action_due": None,
                    "letter_no": None}  # fmt: skip
        days = (AS_OF - self.due).days
        rate = self.rate if self.rate is not None else DAILY_RATE
        owes_fee = days > 0 and self.kind != "定金"  # no late fee on a 定金
        fee = (self.outstanding * rate * days).quantize(CENT, rounding=ROUND_HALF_UP) if owes_fee else ZERO
        action = self.expected_action()
        lawyer_actions = [a for inst in lawyer_track if (a := inst.expected_action()) is not None]
        if self.intent == "letter" and lawyer_actions:
            action = max(AS_OF, min(lawyer_actions))
        return {
            "days_overdue": days,
            "outstanding": f"{self.outstanding:.2f}",
            "late_fee": f"{fee:.2f}",
            "action_due": action.isoformat() if action else None,
            "letter_no": self.letters + 1 if self.intent == "letter" else None,
        }


@dataclass
class Contract:
    sign: date
    plan: str
    price: Decimal
    instalments: list[Instalment]
    number: str = ""
    unit: str = ""
    customer: str = ""
    consultant: str = ""
    phone: str = ""
    address: str = ""
    scripted: bool = False


class Project:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.units: set[str] = set()

    # -- people and places --------------------------------------------------------------------

    def customer(self) -> str:
        rng = self.rng
        while True:
            given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
            name = rng.choice(SURNAMES) + given
            if name not in self.names and len(set(name)) == len(name):
                self.names.add(name)
                if rng.random() < 0.05:  # a couple buying together
                    return f"{name}、{self.customer()}"
                return name

    def unit(self) -> str:
        while True:
            building = self.rng.choice(list(BUILDINGS))
            unit = f"{building}栋-{self.rng.randint(2, BUILDINGS[building])}{self.rng.randint(1, 4):02d}"
            if unit not in self.units:
                self.units.add(unit)
                return unit

    def phone(self) -> str:
        number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
        if self.rng.random() < 0.08:
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        return number

    def address(self) -> str:
        rng = self.rng
        city = rng.choices(list(CITIES), weights=(70, 12, 10, 8))[0]
        district = rng.choice(list(CITIES[city]))
        road = rng.choice(CITIES[city][district])
        place = f"{city}{district}{road}{rng.randint(1, 60) * 3 - 1}号"
        if rng.random() < 0.6:
            place += f" {rng.choice(ESTATES)}"
        return f"{place}{rng.randint(1, 20)}幢{rng.randint(1, 3)}单元{rng.randint(1, 26)}{rng.randint(1, 4):02d}室"

    # -- contracts ----------------------------------------------------------------------------

    def price(self) -> Decimal:
        while True:
            area = Decimal(str(self.rng.choice(AREAS)))
            per_m2 = Decimal(self.rng.randrange(14800, 24600, 100))
            price = (area * per_m2).quantize(Decimal(1))
            if Decimal(1_200_000) <= price <= Decimal(4_500_000):
                return price

    def contract(self, sign: date, plan: str) -> Contract:
        price = self.price()
        terms = PLANS[plan]
        down = round_to(price * Decimal("0.3"), 100)
        amounts: list[Decimal] = []
        for kind, _, _ in terms:
            if kind == "定金":
                amounts.append(DEPOSIT)
            elif kind == "首付款":
                amounts.append(down - DEPOSIT if terms[0][0] == "定金" else down)
            elif kind == "分期款":
                amounts.append(round_to(price * Decimal("0.2"), 100))
            else:
                amounts.append(price - sum(amounts))
        rows = [Instalment(kind, add_months(sign, months) + timedelta(days=days), amount)
                for (kind, months, days), amount in zip(terms, amounts, strict=True)]  # fmt: skip
        return Contract(sign, plan, price, rows)

    def plan(self) -> str:
        return self.rng.choices(list(PLANS), weights=PLAN_WEIGHTS)[0]

    def contract_with(self, due: date) -> tuple[Contract, Instalment]:
        """A contract one of whose instalments (not the 定金) falls due on `due`, signed in the
        selling period, with no later instalment due before the reminder window ends."""
        rng = self.rng
        for _ in range(200):
            plan = self.plan()
            index = rng.randrange(len(PLANS[plan]))
            kind, months, days = PLANS[plan][index]
            if kind == "定金":
                continue
            sign = add_months(due - timedelta(days=days), -months)
            if not FIRST_SIGNING <= sign < AS_OF:
                continue
            contract = self.contract(sign, plan)
            target = contract.instalments[index]
            target.due = due
            if all(i.due > AS_OF + timedelta(days=3) for i in contract.instalments[index + 1 :]):
                contract.scripted = True
                return contract, target
        raise RuntimeError(f"no payment plan puts an instalment on {due}")

    # -- what happened by the as-of date ------------------------------------------------------

    def pay_history(self, contract: Contract) -> None:
        """Everything due before the as-of date is paid, now and then after a dunning letter;
        a few customers pay part of an instalment that is not due yet."""
        rng = self.rng
        for inst in contract.instalments:
            if inst.intent:
                continue
            if inst.due < AS_OF:
                inst.paid, inst.intent = inst.amount, "settled"
                age = (AS_OF - inst.due).days
                if inst.kind != "定金" and age > 20 and rng.random() < 0.08:  # paid after the first letter
                    inst.letters, inst.last_letter = 1, inst.due + timedelta(days=rng.randint(1, 3))
            elif inst.due > AS_OF + timedelta(days=3):
                inst.intent = "not_due"
                if rng.random() < 0.04:
                    inst.paid = round_to(inst.amount * Decimal(rng.choice(("0.3", "0.5"))), 1000)
                    inst.note = "客户已提前支付部分款项"
                elif rng.random() < 0.3:
                    inst.paid = ZERO
            else:
                inst.intent = "reminder"
                inst.paid = None

    def partial(self, inst: Instalment, share: float | None = None) -> None:
        share = share if share is not None else self.rng.uniform(0.2, 0.7)
        if self.rng.random() < 0.5:
            paid = round_to(inst.amount * Decimal(str(round(share, 2))), 1000)
        else:  # an odd amount, as transferred
            paid = (inst.amount * Decimal(str(round(share, 4)))).quantize(Decimal("0.1"))
        inst.paid = min(paid, inst.amount - 1000)

    def letters(self, inst: Instalment, mode: str) -> None:
        """Tracking columns of an instalment in the letter window (due < T ≤ due + 2 months).

        new: overdue 1–3 days, no letter yet · today: the next letter is due today ·
        soon: the next letter is due in a few days · gap: the last letter is more than 7 days old ·
        first_late: no letter although more than 3 days overdue.
        """
        age = (AS_OF - inst.due).days
        inst.intent = "letter"
        if mode in ("new", "first_late") or (mode == "today" and age == 3):
            inst.letters, inst.last_letter = 0, None
            return
        if mode == "today":
            gap = 7
        elif mode == "soon":
            gap = self.rng.randint(1, min(6, age - 1))
        else:
            gap = self.rng.randint(8, min(age - 1, 21))
        last = AS_OF - timedelta(days=gap)
        inst.letters = (last - inst.due - timedelta(days=1)).days // 7 + 1
        inst.last_letter = last

    def letter_modes(self, age: int) -> list[tuple[str, float]]:
        modes: list[tuple[str, float]] = []
        if age <= 3:
            modes.append(("new", 3))
        if age >= 2:
            modes.append(("soon", 4))
        if age >= 8:
            modes.append(("today", 2))
        if age >= 9:
            modes.append(("gap", 1.5))
        if 4 <= age <= 14:
            modes.append(("first_late", 1))
        return modes

    def lawyer(self, inst: Instalment, mode: str, *, sent: date | None = None) -> None:
        """Tracking of an instalment more than 2 months overdue: the weekly letters went out until
        the 2 months were up; then pending / approved / sent / litigation."""
        rng = self.rng
        first = inst.due + timedelta(days=rng.randint(1, 3))
        inst.letters = (add_months(inst.due, 2) - first).days // 7 + 1
        inst.last_letter = first + timedelta(days=7 * (inst.letters - 1))
        start = lawyer_start(inst.due)
        inst.intent = {"pending": "lawyer_pending", "approved": "lawyer_letter", "sent": "lawyer_sent",
                       "litigation": "litigation"}[mode]  # fmt: skip
        if mode == "pending":
            return
        inst.approver = VP
        if mode == "sent":
            low = max(start, AS_OF - timedelta(days=LAWYER_DAYS))
            inst.lawyer_date = sent or low + timedelta(days=rng.randint(0, (AS_OF - timedelta(days=1) - low).days))
        elif mode == "litigation":
            latest = AS_OF - timedelta(days=LAWYER_DAYS + 1)
            inst.lawyer_date = sent or min(start + timedelta(days=rng.randint(0, 5)), latest)

    def lawyer_modes(self, due: date) -> list[tuple[str, float]]:
        start = lawyer_start(due)
        if (AS_OF - start).days <= 3:
            return [("pending", 2), ("approved", 1)]
        long_due = (AS_OF - start).days > 30  # the team has mostly acted on these by now
        modes = [("pending", 0.4 if long_due else 0.8), ("approved", 0.3 if long_due else 0.5)]
        if start <= AS_OF - timedelta(days=1):
            modes.append(("sent", 0.8))
        if start <= AS_OF - timedelta(days=LAWYER_DAYS + 1):
            modes.append(("litigation", 1.2))
        return modes

    def overdue(self, inst: Instalment) -> None:
        """A natural arrear: tracking as a busy team keeps it, by how long it has been overdue."""
        rng = self.rng
        if AS_OF > add_months(inst.due, 2):
            modes = self.lawyer_modes(inst.due)
            self.lawyer(inst, rng.choices([m for m, _ in modes], weights=[w for _, w in modes])[0])
        else:
            modes = self.letter_modes((AS_OF - inst.due).days)
            self.letters(inst, rng.choices([m for m, _ in modes], weights=[w for _, w in modes])[0])
        if rng.random() < 0.25:
            self.partial(inst)
        else:
            inst.paid = ZERO if rng.random() < 0.5 else None

    # -- the whole project --------------------------------------------------------------------

    def build(self) -> list[Contract]:
        contracts = self.scripted()
        while len(contracts) < CONTRACTS:
            contract = self.contract(self.signing_day(), self.plan())
            self.natural_arrears(contract)
            contracts.append(contract)
        for contract in contracts:
            self.pay_history(contract)
        contracts.sort(key=lambda c: (c.sign, c.price))
        seq: Counter[int] = Counter()
        for contract in contracts:
            seq[contract.sign.year] += 1
            contract.number = f"JXHF-{contract.sign.year}-{seq[contract.sign.year]:04d}"
            contract.unit, contract.customer = self.unit(), self.customer()
            contract.consultant = self.rng.choices(CONSULTANTS, weights=(30, 27, 23, 20))[0]
            contract.phone, contract.address = self.phone(), self.address()
        self.break_some(contracts)
        self.type_some(contracts)
        return contracts

    def signing_day(self) -> date:
        """Sales come in waves: steady since the first batch, a rush at the 2026 New-Year
        opening of buildings 6–8, and the autumn sales push (金九银十)."""
        rng = self.rng
        wave = rng.choices(("steady", "opening", "autumn"), weights=(37, 25, 38))[0]
        if wave == "opening":
            return date(2026, 1, 3) + timedelta(days=rng.randint(0, 24))
        if wave == "autumn":
            return date(2026, 8, 25) + timedelta(days=rng.randint(0, 80))
        return FIRST_SIGNING + timedelta(days=rng.randint(0, (AS_OF - timedelta(days=2) - FIRST_SIGNING).days))

    def natural_arrears(self, contract: Contract) -> None:
        """Who is behind: most customers whose latest instalment fell due in the last two months,
        half of those with an older one, few with a very old one; some with their last two."""
        past = [i for i in contract.instalments if i.kind != "定金" and i.due < AS_OF]
        if not past:
            return
        age = (AS_OF - past[-1].due).days
        chance = 0.9 if AS_OF <= add_months(past[-1].due, 2) else 0.5 if age <= 200 else 0.15
        if self.rng.random() > chance:
            return
        behind = past[-2:] if len(past) >= 2 and self.rng.random() < 0.4 else past[-1:]
        for inst in behind:
            self.overdue(inst)

    def scripted(self) -> list[Contract]:
        """Contracts built around one instalment each, so that every stage of SPEC §4, and each
        way a letter can be due, is on the board at the as-of date, boundaries included."""
        made: list[Contract] = []
        targets: list[Instalment] = []

        def at(due: date) -> Instalment:
            contract, inst = self.contract_with(due)
            made.append(contract)
            targets.append(inst)
            return inst

        def days(*, days: int) -> date:
            return AS_OF - timedelta(days=days)

        # reminder: due today … in 3 days
        for ahead in (0, 1, 2, 3, 3):
            inst = at(AS_OF + timedelta(days=ahead))
            inst.intent = "reminder"
            if ahead == 2:
                self.partial(inst, 0.5)
                inst.note = "客户已付一半，余款承诺到期前付清"
        # letter: each way the next letter can fall
        for age, mode in ((1, "new"), (2, "new"), (3, "today"), (12, "today"), (33, "today"), (5, "soon"),
                          (18, "soon"), (40, "soon"), (25, "gap"), (50, "gap"), (6, "first_late"),
                          (10, "first_late")):  # fmt: skip
            inst = at(days(days=age))
            self.letters(inst, mode)
            inst.paid = ZERO
        self.letters(boundary := at(add_months(AS_OF, -2)), "soon")  # on due + 2 months itself: still a letter
        boundary.note = "客户称月底前付清"
        # lawyer's letter pending approval / approved: just begun (not late) and long due (late)
        for due, mode in ((date(2026, 9, 19), "pending"), (date(2026, 9, 18), "pending"), (days(days=80), "pending"),
                          (days(days=100), "pending"), (date(2026, 9, 17), "approved"), (days(days=75), "approved"),
                          (days(days=95), "approved")):  # fmt: skip
            self.lawyer(at(due), mode)
        # lawyer's letter sent; its deadline (3 days to arrive + 15) passed → litigation (boundaries: T-18, T-19)
        for age, sent, mode in ((70, 3, "sent"), (80, 10, "sent"), (90, LAWYER_DAYS, "sent"), (110, 30, "litigation"),
                                (150, LAWYER_DAYS + 1, "litigation")):  # fmt: skip
            self.lawyer(at(days(days=age)), mode, sent=days(days=sent))
        # on hold, and a hold that has run out
        for age, hold, note in ((20, date(2026, 11, 30), "客户申请延期至11月底，经理已批准"),
                                (75, date(2026, 12, 31), "客户与公司协商补缴方案，暂缓催收"),
                                (5, AS_OF, "按揭银行放款中，暂缓至今日")):  # fmt: skip
            inst = at(days(days=age))
            if age > 60:
                self.lawyer(inst, "pending")
            inst.intent, inst.hold, inst.note = "on_hold", hold, note
        inst = at(days(days=14))
        self.letters(inst, "first_late")
        inst.hold, inst.note = days(days=6), "原暂缓至11月14日，到期未付，恢复催收"

        # a few touches people make
        for inst in targets:
            if not inst.paid and inst.intent not in ("reminder", "on_hold") and self.rng.random() < 0.2:
                self.partial(inst)
        rated = [i for i in targets if i.intent in ("letter", "lawyer_letter") and i.letters]
        for inst in (rated[3], rated[-1]):
            inst.rate, inst.note = Decimal("0.0003"), "补充协议约定违约金日万分之三"
        notes = {"litigation": "律师函已签收，客户未回应", "lawyer_sent": "律师函已手递并电话确认"}
        for inst in targets:
            if inst.intent in notes and not inst.note and self.rng.random() < 0.6:
                inst.note = notes[inst.intent]
        return made

    def break_some(self, contracts: list[Contract]) -> None:
        """Rows the team typed wrong: the board shows them as 数据有误, the others go on."""
        natural = [c for c in contracts if not c.scripted]
        picks = self.rng.sample(natural, 4)
        breaks = (
            ("分期款", "约定付款日期", "2026/13/45", ""),
            ("首付款", "应收金额", None, ""),
            ("尾款", "应收金额", "待定", "面积差待测绘确认"),
            ("尾款", "约定付款日期", "交房时", ""),
        )
        for contract, (kind, column, value, note) in zip(picks, breaks, strict=True):
            inst = next((i for i in contract.instalments if i.kind == kind), contract.instalments[-1])
            inst.raw[column], inst.intent, inst.note = value, "invalid", note or inst.note
            inst.letters, inst.last_letter, inst.approver, inst.lawyer_date = 0, None, "", None

    def type_some(self, contracts: list[Contract]) -> None:
        """A minority of cells typed as text, the way people type them."""
        rng = self.rng
        for contract in contracts:
            for inst in contract.instalments:
                if inst.intent == "invalid":
                    continue
                if rng.random() < 0.07:
                    inst.raw["约定付款日期"] = date_text(inst.due, rng.randrange(3))
                if rng.random() < 0.05:
                    inst.raw["应收金额"] = amount_text(inst.amount, rng.randrange(3))
                if inst.paid and rng.random() < 0.06:
                    inst.raw["已收金额"] = amount_text(inst.paid, rng.randrange(3))
                if inst.last_letter and rng.random() < 0.12:
                    inst.raw["最近催款信日期"] = date_text(inst.last_letter, rng.randrange(3))
                if inst.lawyer_date and rng.random() < 0.2:
                    inst.raw["律师函寄出日期"] = date_text(inst.lawyer_date, 1)


# ---------------------------------------------------------------------------------------------
# Writing the workbook

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TRACKING_FILL = PatternFill("solid", fgColor="FCE4D6")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
NOTE_FONT = Font(size=10, color="595959")
MONEY = "#,##0.00"


def display_width(value: object) -> float:
    """Columns as Excel counts them: a Chinese character is about two digits wide."""
    if isinstance(value, date):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    text = str(value)
    return sum(2.1 if ord(ch) > 0x2E80 else 1.05 for ch in text)


def row_values(contract: Contract, inst: Instalment) -> dict[str, object]:
    values: dict[str, object] = {
        "房号": contract.unit, "合同编号": contract.number, "客户姓名": contract.customer, "款项类型": inst.kind,
        "应收金额": inst.amount, "已收金额": inst.paid, "约定付款日期": inst.due, "置业顾问": contract.consultant,
        "联系电话": contract.phone, "通讯地址": contract.address, "违约金日利率": inst.rate, "暂缓催收至": inst.hold,
        "备注": inst.note or None, "已发催款信次数": inst.letters or None, "最近催款信日期": inst.last_letter,
        "律师函审批人": inst.approver or None, "律师函寄出日期": inst.lawyer_date,
    }  # fmt: skip
    values.update(inst.raw)
    return values


def write_data_sheet(ws: Worksheet, contracts: list[Contract], rng: random.Random) -> list[tuple[int, Instalment]]:
    width = len(HEADERS)
    last_col = get_column_letter(width)
    ws.sheet_view.showGridLines = False
    ws["A1"] = f"{PROJECT}项目 合同执行情况表"
    ws["A1"].font = Font(size=18, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(f"A1:{last_col}1")
    ws.row_dimensions[1].height = 36
    ws["A2"] = f"制表：销售部　数据来源：财务部收款记录　更新：{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日"
    ws["A2"].font = NOTE_FONT
    ws["A2"].alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(f"A2:{last_col}2")
    ws.row_dimensions[2].height = 20

    header_row = 3
    widths = {name: display_width(name) for name in HEADERS}
    for col, name in enumerate(HEADERS, start=1):
        cell = ws.cell(header_row, col, name)
        cell.font = Font(bold=True)
        cell.fill = TRACKING_FILL if name in TRACKING else HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[header_row].height = 24

    placed: list[tuple[int, Instalment]] = []
    row = header_row
    for contract in contracts:
        for inst in contract.instalments:
            row += 1
            placed.append((row, inst))
            values = row_values(contract, inst)
            for col, name in enumerate(HEADERS, start=1):
                value = values[name]
                cell = ws.cell(row, col, value)
                cell.border = BORDER
                if value is not None:
                    widths[name] = max(widths[name], display_width(value))
                if isinstance(value, date):
                    cell.number_format = "yyyy/m/d" if name in TRACKING or rng.random() < 0.1 else "yyyy-mm-dd"
                    cell.alignment = Alignment(horizontal="center")
                elif name in MONEY_COLUMNS and isinstance(value, Decimal):
                    cell.number_format = MONEY
                elif name == "违约金日利率" and value is not None:
                    cell.number_format = "0.0000"
                elif name in CENTERED or (name in DATE_COLUMNS and value is not None):
                    cell.alignment = Alignment(horizontal="center")
    last_data = row

    total = last_data + 2
    ws.cell(total, 1, "合计")
    for col, name in enumerate(HEADERS, start=1):
        cell = ws.cell(total, col)
        cell.font, cell.fill, cell.border = Font(bold=True), TOTAL_FILL, BORDER
        if name in MONEY_COLUMNS:
            letter = get_column_letter(col)
            cell.value = f"=SUM({letter}{header_row + 1}:{letter}{last_data})"
            cell.number_format = MONEY
    ws.cell(total, 1).alignment = Alignment(horizontal="center")

    for col, name in enumerate(HEADERS, start=1):
        shown = min(widths[name], 44) + 2.5
        if name in DATE_COLUMNS:
            shown = max(shown, 13)
        if name in MONEY_COLUMNS:
            shown = max(shown, 15)
        ws.column_dimensions[get_column_letter(col)].width = round(shown, 1)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_data}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return placed


PARAMETERS: tuple[tuple[str, object, str | None], ...] = (
    ("预设", "默认", None),
    ("基准日", AS_OF, "yyyy-mm-dd"),
    ("提前提醒天数", 3, None),
    ("首封催款信天数", 3, None),
    ("催款信间隔天数", 7, None),
    ("律师函起算月数", 2, None),
    ("律师函办理天数", 3, None),
    ("律师函期限天数", 15, None),
    ("律师函送达天数", 3, None),
    ("违约金日利率", Decimal("0.0005"), "0.0000"),
    ("起催金额", Decimal("0.01"), "0.00"),
    ("公司名称", COMPANY, None),
    ("公司地址", COMPANY_ADDRESS, None),
    ("联系电话", COMPANY_PHONE, None),
    ("落款", SIGNATORY, None),
    ("律师事务所", "浙江锦程律师事务所", None),
    ("律师事务所地址", "杭州市西湖区文三路 90 号 15 楼", None),
    ("律师事务所电话", "0571-87654321", None),
    ("承办律师", "陈立言", None),
    ("律师执业证号", "13301201810012345", None),
    ("节假日", date(2027, 1, 1), "yyyy-mm-dd"),
    ("节假日", date(2027, 2, 6), "yyyy-mm-dd"),
)
LADDER_HEADER = ("级别代码", "名称", "起始", "单位", "起算", "函件模板", "重复间隔天数", "需审批", "责任人", "动作")
EXAMPLE = (  # the default ladder, shown below the empty ladder table as `dunning init` shows it
    ("reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒客户交款"),
    ("letter", "催款信", 1, "日", "到期日", "催款信", 7, "否", "手续办理专员", "寄发催款信"),
    ("lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "3日内寄发或手递律师函并电话确认"),
)  # fmt: skip


def write_rules_sheet(ws: Worksheet) -> None:
    ws.sheet_view.showGridLines = False

    def header(row: int, names: tuple[str, ...]) -> None:
        for col, name in enumerate(names, start=1):
            cell = ws.cell(row, col, name)
            cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center")

    def note(row: int, text: str) -> None:
        ws.cell(row, 1, text).font = NOTE_FONT

    note(1, "参数：改参数即可改变看板；填了下面的阶梯表时以阶梯表为准。基准日留空 = 今天；节假日可加多行")
    header(2, ("参数", "值"))
    row = 2
    for name, value, number_format in PARAMETERS:
        row += 1
        ws.cell(row, 1, name).border = BORDER
        cell = ws.cell(row, 2, value)
        cell.border, cell.alignment = BORDER, Alignment(horizontal="left")
        if number_format:
            cell.number_format = number_format
    row += 2
    note(
        row,
        "阶梯表：留空 = 按上面的参数生成默认阶梯；填写后替代预设，上面的 提前提醒天数、催款信间隔天数、"
        "律师函起算月数 须与之一致。单位：日/工作日/月；起算：到期日/月末/上一封函；需审批：是/否",
    )
    header(row + 1, LADDER_HEADER)
    row += 2 + 8  # the ladder table: empty, with room; the example below is not read
    note(row, "示例（默认规则的阶梯，仅供参考；复制到上面的阶梯表并修改才生效）")
    for offset, level in enumerate(EXAMPLE, start=row + 1):
        for col, value in enumerate(level, start=1):
            cell = ws.cell(offset, col, value)
            cell.border = BORDER
            if col not in (2, 10):
                cell.alignment = Alignment(horizontal="center")
    for col, chars in enumerate((16, 36, 8, 8, 8, 12, 14, 8, 14, 34), start=1):
        ws.column_dimensions[get_column_letter(col)].width = chars
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


# stage label → fill of the live stage column (the board's colours)
STAGE_FILLS = {
    "提起诉讼": "F4B0B0", "律师函": "F4B183", "律师函待审批": "FFC000", "律师函已发": "F8CBAD", "催款信": "FFE699",
    "预先提醒": "C6EFCE", "暂缓催收": "DDEBF7", "已结清": "EDEDED", "数据有误": "E4C1F9",
}  # fmt: skip
LIVE_SHEET = "实时看板"
LIVE_HEADER_ROW = 3


AS_OF_NAME, RULES_NAME = "基准日", "催款规则表"
RULES_AREA = "$A$1:$J$60"  # the parameters and the ladder, with room for more levels


def add_names(wb: Workbook) -> None:
    """The names the formulas take as arguments: 基准日 (the rules' 基准日, today when blank — TODAY()
    keeps it current) and 催款规则表 (the rules sheet), so Excel recalculates when either changes."""
    row = 3 + [name for name, _, _ in PARAMETERS].index("基准日")
    cell = f"{RULES_SHEET}!$B${row}"
    wb.defined_names[AS_OF_NAME] = DefinedName(AS_OF_NAME, attr_text=f'IF({cell}="",TODAY(),{cell})')
    wb.defined_names[RULES_NAME] = DefinedName(RULES_NAME, attr_text=f"{RULES_SHEET}!{RULES_AREA}")


def add_live_formulas(wb: Workbook, placed: list[tuple[int, Instalment]]) -> None:
    """The Excel functions of the add-in, live in the sample: a 催款阶段 column of =DUNNING_STAGE(A4) — one cell
    of the row, as the user types it; the add-in reads the row, the table, the rules and the archive itself and
    follows every edit — beside the table, and =DUNNING_BOARD(…) over the whole table on 实时看板, lined up row
    for row, which takes the table, 基准日 and 催款规则表 as arguments (the form for tables whose columns are
    computed by formulas: Excel orders that calculation by the arguments)."""
    data = wb[DATA_SHEET]
    first, last = placed[0][0], placed[-1][0]
    column = len(HEADERS) + 1
    letter = get_column_letter(column)
    table_end = get_column_letter(len(HEADERS))
    head = data.cell(LIVE_HEADER_ROW, column, "催款阶段（公式）")
    head.font, head.fill, head.border = Font(bold=True), HEADER_FILL, BORDER
    head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in range(first, last + 1):
        formula = f"=DUNNING_STAGE(A{row})"
        cell = data.cell(row, column, formula)
        cell.border, cell.alignment = BORDER, Alignment(horizontal="center")
    for label, colour in STAGE_FILLS.items():
        rule = CellIsRule(operator="equal", formula=[f'"{label}"'], fill=PatternFill("solid", bgColor=colour))
        data.conditional_formatting.add(f"{letter}{first}:{letter}{last}", rule)
    data.column_dimensions[letter].width = 16

    live = wb.create_sheet(LIVE_SHEET)
    live["A1"] = "实时看板：公式 =DUNNING_BOARD(…) 对整张合同执行情况表一次计算，与原表逐行对齐（需加载催款看板加载项）"
    live["A1"].font = Font(bold=True)
    for offset, name in enumerate(("合同编号", "客户姓名")):
        source = get_column_letter(HEADERS.index(name) + 1)
        for row in range(LIVE_HEADER_ROW, last + 1):
            live.cell(row, offset + 1, f"='{DATA_SHEET}'!{source}{row}")
    board = f"C{LIVE_HEADER_ROW}:J{last}"
    table = f"'{DATA_SHEET}'!A{LIVE_HEADER_ROW}:{table_end}{last}"
    live[f"C{LIVE_HEADER_ROW}"] = ArrayFormula(board, f"=DUNNING_BOARD({table},{AS_OF_NAME},{RULES_NAME})")
    for row in range(LIVE_HEADER_ROW + 1, last + 1):  # 欠款金额, 违约金 as ¥; 截止日期 as a date, not a serial
        for col, shown in (("F", MONEY), ("G", MONEY), ("J", "yyyy-mm-dd")):
            live[f"{col}{row}"].number_format = shown
    for col, width in zip("ABCDEFGHIJ", (18, 14, 14, 8, 10, 14, 12, 30, 14, 12), strict=True):
        live.column_dimensions[col].width = width
    live.freeze_panes = f"C{LIVE_HEADER_ROW + 1}"


def workbook_bytes(contracts: list[Contract], rng: random.Random) -> tuple[bytes, list[tuple[int, Instalment]]]:
    wb = Workbook()
    data = wb.active
    data.title = DATA_SHEET
    placed = write_data_sheet(data, contracts, rng)
    add_live_formulas(wb, placed)
    write_rules_sheet(wb.create_sheet(RULES_SHEET))
    add_names(wb)
    wb.properties.creator = wb.properties.lastModifiedBy = "锦绣华府销售部"
    wb.properties.title = f"{PROJECT}项目 合同执行情况表"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_times(buffer.getvalue()), placed


def _fixed_times(xlsx: bytes) -> bytes:
    """The same bytes on every run: fixed document times and zip entry times."""
    stamp = "2026-11-20T09:00:00Z"
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), content)
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 11, 20, 9, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Checking the engine's board against what each row was built to show


def run_board(path: Path) -> list[dict[str, object]]:
    """`dunning board --json` on the workbook, in a fresh Python: the command line as a user runs it."""
    repo = HERE.parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(repo / "addin"), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run([sys.executable, "-m", "dunning", "board", str(path), "--json"], capture_output=True,
                          text=True, env=env, cwd=repo, check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"dunning board failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)


LAWYER_TRACK = frozenset({"lawyer_pending", "lawyer_letter", "lawyer_sent", "litigation"})


def held(inst: Instalment, contract: set[str]) -> bool:
    """A row whose letter its contract stops for good (so it is never late): no ordinary letter once another
    row of the contract is in the lawyer's track."""
    return inst.intent in ("letter", "reminder") and bool(contract & LAWYER_TRACK)


def disagreements(records: list[dict[str, Any]], placed: list[tuple[int, Instalment]]) -> list[str]:
    """Where the board differs from what each row was built to show; empty when it agrees."""
    board = {r["sheet_row"]: r for r in records}
    stages = Counter(r["stage"] for r in board.values())
    wrong: list[str] = []
    intents: dict[object, set[str]] = {}  # a contract's intents: its rows decide together (SPEC §4)
    lawyer_track: dict[object, list[Instalment]] = {}
    for row, inst in placed:
        if row in board:
            intents.setdefault(board[row]["contract_no"], set()).add(inst.intent)
            if inst.intent in LAWYER_TRACK:
                lawyer_track.setdefault(board[row]["contract_no"], []).append(inst)
    for row, inst in placed:
        got = board.get(row)
        if got is None:
            wrong.append(f"  row {row}: missing from the board")
            continue
        expected = (inst.intent, inst.expected_late() and not held(inst, intents[got["contract_no"]]))
        problems_ok = bool(got["problems"]) == (inst.intent == "invalid")
        built = inst.expected_figures(lawyer_track=lawyer_track.get(got["contract_no"], ()))
        figures = {key: (value, got.get(key)) for key, value in built.items() if got.get(key) != value}
        if (got["stage"], got["late"]) != expected or not problems_ok or figures:
            differ = "".join(f" {key}: built {built}, engine {shown};" for key, (built, shown) in figures.items())
            wrong.append(f"  row {row}: built {expected}, letters {inst.letters};{differ} engine {got['stage']} "
                         f"late={got['late']} letter_no={got['letter_no']} why={got['why']} problems={got['problems']}")  # fmt: skip
    missing = [s for s in ("settled", "on_hold", "litigation", "lawyer_sent", "lawyer_pending", "lawyer_letter",
                           "letter", "reminder", "not_due", "invalid") if stages[s] < 2]  # fmt: skip
    letter_late = {r["late"] for r in board.values() if r["stage"] == "letter"}
    if missing or letter_late != {True, False}:
        wrong.append(f"  stages shown fewer than twice: {missing}; letter rows late/not late: {sorted(letter_late)}")
    return wrong


def check(path: Path, placed: list[tuple[int, Instalment]]) -> int:
    try:
        records = run_board(path)
    except RuntimeError as exc:
        print(exc)
        return 1
    board = {r["sheet_row"]: r for r in records}
    stages = Counter(r["stage"] for r in board.values())
    late = Counter(r["stage"] for r in board.values() if r["late"])
    overdue = sum(n for s, n in stages.items() if s not in ("settled", "not_due", "reminder", "invalid"))
    print(f"基准日 {AS_OF}  rows {len(board)}  contracts {len({r['contract_no'] for r in board.values()})}  "
          f"overdue {overdue} ({overdue / len(board):.0%})")  # fmt: skip
    for stage in ("invalid", "settled", "on_hold", "litigation", "lawyer_sent", "lawyer_pending", "lawyer_letter",
                  "letter", "reminder", "not_due"):  # fmt: skip
        print(f"  {stage:15} {stages[stage]:4}   late {late[stage]}")
    wrong = disagreements(records, placed)
    for line in wrong:
        print(line)
    print("OK: every row shows the stage it was built for" if not wrong else f"{len(wrong)} row(s) differ")
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the workbook")
    parser.add_argument("--check", action="store_true", help="run `dunning board` on it and compare")
    args = parser.parse_args(argv)
    project = Project()
    contracts = project.build()
    content, placed = workbook_bytes(contracts, project.rng)
    args.out.write_bytes(content)
    print(f"wrote {args.out}: {len(contracts)} contracts, {len(placed)} instalments, 基准日 {AS_OF}")
    return check(args.out, placed) if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
