"""The columns of `合同执行情况`: each field's Chinese name, its aliases and English name.

This is the one place header names live (shared/SPEC.md §3.1). A header cell matches a field when,
after `header_key`, it equals one of the names below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from dunning.core.text import clean


class Role(Enum):
    REQUIRED = "必填"
    OPTIONAL = "可选"
    TRACKING = "跟踪"


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    name: str  # the canonical Chinese header
    aliases: tuple[str, ...]
    role: Role


FIELDS: tuple[Field, ...] = (
    Field("contract_no", "合同编号", ("合同号", "合同编码", "购房合同号", "购房合同编号", "网签合同号", "网签合同编号",
                                    "网签编号", "contract_no"), Role.REQUIRED),
    Field("customer", "客户姓名", ("客户", "客户名称", "客户名", "买受人", "买受人姓名", "业主", "业主姓名", "购房人",
                                 "购房人姓名", "购房者", "购房客户", "姓名", "customer"), Role.REQUIRED),
    Field("amount_due", "应收金额", ("应付金额", "应交金额", "应缴金额", "应收款", "应收款额", "应收款金额", "应收房款",
                                 "本期应收", "本期应收金额", "计划收款金额", "应付款", "应付款金额", "应交款",
                                 "amount_due"), Role.REQUIRED),
    Field("due_date", "约定付款日期", ("应付日期", "应交日期", "应缴日期", "付款期限", "到期日", "到期日期", "应收日期",
                                   "应收款日期", "应收时间", "计划收款日期", "计划回款日期", "约定收款日期", "约定日期",
                                   "应付款日期", "约定付款时间", "due_date"), Role.REQUIRED),
    Field("unit", "房号", ("房源", "单元", "房间号", "房屋编号", "房源编号", "房号信息", "楼栋房号", "unit"),
          Role.OPTIONAL),
    Field("payment_kind", "款项类型", ("款项", "款项名称", "收款项目", "款项性质", "款项名目", "付款类型", "收款类型",
                                   "费用类型", "payment_kind"), Role.OPTIONAL),
    Field("amount_paid", "已收金额", ("已付金额", "实收金额", "已付款", "已付款金额", "实收款", "已收款", "已收款金额",
                                  "已收房款", "实收房款", "已缴金额", "已交金额", "累计已收", "累计已收金额", "实际收款金额",
                                  "amount_paid"), Role.OPTIONAL),
    Field("consultant", "置业顾问", ("销售员", "经办人", "销售顾问", "业务员", "销售人员", "顾问", "consultant"),
          Role.OPTIONAL),
    Field("phone", "联系电话", ("电话", "手机", "手机号", "手机号码", "联系方式", "客户电话", "phone"), Role.OPTIONAL),
    Field("address", "通讯地址", ("地址", "联系地址", "客户地址", "邮寄地址", "通信地址", "address"), Role.OPTIONAL),
    Field("late_fee_rate", "违约金日利率", ("违约金利率", "滞纳金日利率", "late_fee_rate"), Role.OPTIONAL),
    Field("hold_until", "暂缓催收至", ("暂缓至", "hold_until"), Role.OPTIONAL),
    Field("note", "备注", ("情况说明", "note"), Role.OPTIONAL),
    Field("letters_sent", "已发催款信次数", ("letters_sent",), Role.TRACKING),
    Field("last_letter_date", "最近催款信日期", ("last_letter_date",), Role.TRACKING),
    Field("lawyer_approved_by", "律师函审批人", ("lawyer_approved_by",), Role.TRACKING),
    Field("lawyer_letter_date", "律师函寄出日期", ("lawyer_letter_date",), Role.TRACKING),
    Field("lawyer_tracking_no", "律师函快递单号", ("快递单号", "lawyer_tracking_no"), Role.OPTIONAL),
    Field("lawyer_received_date", "律师函签收日期", ("签收日期", "lawyer_received_date"), Role.OPTIONAL),
    Field("suit_date", "起诉日期", ("立案日期", "suit_date"), Role.OPTIONAL),
    Field("case_no", "案号", ("case_no",), Role.OPTIONAL),
    Field("salutation", "称谓", ("称呼", "salutation"), Role.OPTIONAL),  # how a letter greets the buyer(s)
    # her own 未收金额 (often a formula): cross-checked against 应收金额 − 已收金额, never used instead of it
    Field("stated_outstanding", "未收金额", ("欠款金额", "未收款", "未收款金额", "应收未收", "欠款", "未付金额",
                                          "剩余未收", "剩余应收", "stated_outstanding"), Role.OPTIONAL),
)  # fmt: skip

BY_KEY = {f.key: f for f in FIELDS}
REQUIRED_KEYS = tuple(f.key for f in FIELDS if f.role is Role.REQUIRED)
TRACKING_KEYS = tuple(f.key for f in FIELDS if f.role is Role.TRACKING)

_UNIT_SUFFIX = re.compile(r"[（(][^）)]*[）)]$")
_PUNCT = re.compile(r"[\s\*:：.#·_\-/]+")


def header_key(text: str) -> str:
    """Normalise a header cell: `应收金额（元）` → `应收金额`, `* Due Date` → `duedate`,
    `约定付款\\n日期` → `约定付款日期`."""
    text = _UNIT_SUFFIX.sub("", clean(text)).lower()
    return _PUNCT.sub("", text)


NAME_TO_KEY: dict[str, str] = {}
for _field in FIELDS:
    for _name in (_field.name, *_field.aliases):
        NAME_TO_KEY[header_key(_name)] = _field.key

# The workbook's sheets: the team's (found by its header when named otherwise) and the tool's own.
DATA_SHEET = "合同执行情况"
BOARD_SHEET = "催款看板"
ARCHIVE_SHEET = "函件归档"
TODAY_SHEET = "今日待办"  # each person's work on the as-of date: rebuilt with 催款看板
FOLLOW_UP_SHEET = "跟进记录"  # the collector's log: typed by people, read by the board, never rewritten
