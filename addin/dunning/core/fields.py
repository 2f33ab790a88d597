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
    Field("contract_no", "合同编号", ("合同号", "contract_no"), Role.REQUIRED),
    Field("customer", "客户姓名", ("客户", "买受人", "customer"), Role.REQUIRED),
    Field("amount_due", "应收金额", ("应付金额", "应交金额", "amount_due"), Role.REQUIRED),
    Field("due_date", "约定付款日期", ("应付日期", "应交日期", "付款期限", "到期日", "due_date"), Role.REQUIRED),
    Field("unit", "房号", ("房源", "单元", "unit"), Role.OPTIONAL),
    Field("payment_kind", "款项类型", ("款项", "payment_kind"), Role.OPTIONAL),
    Field("amount_paid", "已收金额", ("已付金额", "实收金额", "amount_paid"), Role.OPTIONAL),
    Field("consultant", "置业顾问", ("销售员", "经办人", "consultant"), Role.OPTIONAL),
    Field("phone", "联系电话", ("电话", "手机", "phone"), Role.OPTIONAL),
    Field("address", "通讯地址", ("地址", "address"), Role.OPTIONAL),
    Field("late_fee_rate", "违约金日利率", ("late_fee_rate",), Role.OPTIONAL),
    Field("hold_until", "暂缓催收至", ("hold_until",), Role.OPTIONAL),
    Field("note", "备注", ("note",), Role.OPTIONAL),
    Field("letters_sent", "已发催款信次数", ("letters_sent",), Role.TRACKING),
    Field("last_letter_date", "最近催款信日期", ("last_letter_date",), Role.TRACKING),
    Field("lawyer_approved_by", "律师函审批人", ("lawyer_approved_by",), Role.TRACKING),
    Field("lawyer_letter_date", "律师函寄出日期", ("lawyer_letter_date",), Role.TRACKING),
    Field("lawyer_tracking_no", "律师函快递单号", ("快递单号", "lawyer_tracking_no"), Role.OPTIONAL),
    Field("lawyer_received_date", "律师函签收日期", ("签收日期", "lawyer_received_date"), Role.OPTIONAL),
    Field("suit_date", "起诉日期", ("立案日期", "suit_date"), Role.OPTIONAL),
    Field("case_no", "案号", ("case_no",), Role.OPTIONAL),
    Field("salutation", "称谓", ("称呼", "salutation"), Role.OPTIONAL),  # how a letter greets the buyer(s)
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
