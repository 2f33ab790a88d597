"""Short messages (SMS / WeChat) for the to-do's calls and for each letter: the rules sheet's wording —
提醒短信 while the money is not yet due, 催款短信 once it is — with its placeholders filled. A message
names the customer, the kind of payment, the amount owed, the due date, the company and its phone, and
nothing else about the customer (no ID number, no address, no contract amount).

One SMS segment holds 70 characters once any character is Chinese (UCS-2: 140 bytes of 2 bytes each).
`sms_length` counts UTF-16 code units: each Chinese character, letter, digit or punctuation mark is
one, a character outside the Basic Multilingual Plane (a rare name character such as 𠮷) two, as a
phone counts it. A filled message longer than one segment is shortened in a fixed order: first the
phone is left out, then the company too. If even that is too long (a very long customer name), the
message is kept whole — it goes as two segments, so nothing is gained by cutting it — and
`too_long` says so; the to-do shows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from dunning.core.dates import chinese_date
from dunning.core.errors import ValueUnreadable
from dunning.core.messages import sms_placeholder_text
from dunning.core.money import ZERO, round_cents
from dunning.core.text import without_controls

if TYPE_CHECKING:
    from dunning.core.engine import Decision
    from dunning.core.rules import Params

SEGMENT = 70  # characters in one SMS segment of Chinese text (UCS-2)
PLACEHOLDERS = ("客户", "款项", "金额", "到期日", "公司", "电话")
SMS_REMINDER = "{客户}您好，您的{款项}{金额}元将于{到期日}到期，请按时付款。{公司} {电话}"
SMS_OVERDUE = "{客户}您好，您的{款项}{金额}元已于{到期日}到期未付，请尽快付款。{公司} {电话}"
DROPPED = (("电话",), ("电话", "公司"))  # left out in this order while a message is longer than a segment
KIND_UNKNOWN = "款项"  # 款项 when the row's 款项类型 is blank
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")  # left off the company's name: its short name
_FIELD = re.compile(r"\{([^{}]*)\}")
_SPACES = re.compile(r"[ \u3000]{2,}")


def sms_length(text: str) -> int:
    """The message's length as a phone counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def too_long(text: str) -> bool:
    """More than one segment: the message goes as two (or more) and is charged so."""
    return sms_length(text) > SEGMENT


def short_company(name: str) -> str:
    """The company's short name for a signature: 锦绣华府置业有限公司 → 锦绣华府置业."""
    name = name.strip()
    for form in _LEGAL_FORMS:
        if name.endswith(form) and len(name) > len(form):
            return name.removesuffix(form)
    return name


def sms_text(wording: str, *, customer: str, kind: str, amount: Decimal, due: date, company: str, phone: str) -> str:
    """The wording filled: the amount as 120,000.00, the date as 2026年12月10日, the company's short name;
    shortened (the phone, then the company left out) while longer than a segment, else whole."""
    values = {
        "客户": customer.strip(), "款项": kind.strip() or KIND_UNKNOWN, "金额": f"{round_cents(amount):,.2f}",
        "到期日": chinese_date(due), "公司": short_company(company), "电话": phone.strip(),
    }  # fmt: skip
    whole = _filled(wording, values)
    text = whole
    for dropped in DROPPED:
        if not too_long(text):
            return text
        text = _filled(wording, values | dict.fromkeys(dropped, ""))
    return text if not too_long(text) else whole


def _filled(wording: str, values: Mapping[str, str]) -> str:
    text = _FIELD.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), wording)
    return _SPACES.sub(" ", text).strip()


def sms_for(rows: Sequence[Decision], params: Params, *, as_of: date) -> str:
    """The message about these instalments of one contract (a row, or what a letter demands): their
    kinds, what they still owe together and the earliest due date; 提醒短信 while that date has not
    passed on `as_of`, else 催款短信. Empty when no row has a due date."""
    dated = [d for d in rows if d.inst.due_date is not None]
    if not dated:
        return ""
    due = min(d.inst.due_date for d in dated if d.inst.due_date is not None)
    kinds = "、".join(dict.fromkeys(d.inst.payment_kind for d in dated if d.inst.payment_kind))
    wording = params.sms_reminder if due >= as_of else params.sms_overdue
    owed = sum((d.outstanding for d in dated), ZERO)
    return sms_text(wording, customer=dated[0].inst.customer, kind=kinds, amount=owed, due=due,
                    company=params.company_name, phone=params.company_phone)  # fmt: skip


def sms_wording(value: object) -> str | None:
    """提醒短信 / 催款短信 as typed in the rules sheet: blank keeps the default; full-width braces ｛｝ (a
    Chinese input method's) read as { }; any placeholder not in PLACEHOLDERS is refused, naming it.
    Read as typed, not normalised: its Chinese punctuation stays Chinese."""
    if value is None:
        return None
    text = without_controls(str(value)).replace("｛", "{").replace("｝", "}").strip()
    if not text:
        return None
    unknown = [name for name in _FIELD.findall(text) if name.strip() not in PLACEHOLDERS]
    if unknown:
        raise ValueUnreadable(sms_placeholder_text(unknown, PLACEHOLDERS))
    return text
