"""Money: read amounts as people type them into exact Decimals, show them as ¥1,234.50.

Money is `decimal.Decimal` from the cell to the output. An Excel number arrives as a float; its
shortest repr is the number the person typed (Excel keeps 15 significant digits), so it is read
through `repr`, never through binary arithmetic. Rounding (half-up, to 0.01) happens only when an
amount is shown.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from dunning.core.errors import ValueUnreadable
from dunning.core.text import clean, is_excel_error

CENT = Decimal("0.01")
ZERO = Decimal(0)

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CURRENCY_WORDS = ("人民币", "RMB", "CNY", "¥", "元整", "元", "圆")
_TEN_THOUSAND = Decimal(10000)


MAX_AMOUNT = Decimal(10) ** 12  # a trillion yuan: anything larger is a typing slip, not an instalment
MAX_RATE = Decimal("0.01")  # 1% a day; 万分之五 is 0.0005


def parse_amount(value: object) -> Decimal | None:
    """An amount cell → Decimal; None for a blank cell. Raises ValueUnreadable otherwise.

    Accepts numbers, `¥1,234.50`, `1,234.5元`, `12.5万`, `12.5万元`, full-width digits and ￥.
    """
    amount = _amount(value)
    if amount is not None and abs(amount) >= MAX_AMOUNT:
        raise ValueUnreadable("金额超出范围")
    return amount


def _amount(value: object) -> Decimal | None:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueUnreadable("不是有效数字")
        return Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if value is None:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueUnreadable("不是有效数字")
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueUnreadable("不是金额")
    return _parse_amount_text(value)


def _parse_amount_text(raw: str) -> Decimal | None:
    if is_excel_error(raw):
        raise ValueUnreadable("Excel 错误")
    text = clean(raw).replace(" ", "").upper()
    if text == "":
        return None
    for word in _CURRENCY_WORDS:
        if text.startswith(word):
            text = text[len(word) :]
        if text.endswith(word):
            text = text[: -len(word)]
    scale = Decimal(1)
    if text.endswith("万"):
        scale, text = _TEN_THOUSAND, text[:-1]
    if text.startswith(("¥", "+¥", "-¥")):
        text = text.replace("¥", "", 1)
    if not _NUMBER.fullmatch(text):
        raise ValueUnreadable("无法识别的金额")
    try:
        return Decimal(text.replace(",", "")) * scale
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueUnreadable("无法识别的金额") from exc


def parse_rate(value: object) -> Decimal | None:
    """A daily rate: 0.0005, `0.05%`, `万分之五`, `万分之5`, `5‱`. None for blank."""
    if isinstance(value, str):
        text = clean(value).replace(" ", "")
        if text == "":
            return None
        for prefix, scale in (("万分之", Decimal("0.0001")), ("千分之", Decimal("0.001"))):
            if text.startswith(prefix):
                return _checked_rate(_chinese_count(text[len(prefix) :]) * scale)
        for suffix, scale in (("%", Decimal("0.01")), ("‰", Decimal("0.001")), ("‱", Decimal("0.0001"))):
            if text.endswith(suffix):
                number = parse_amount(text[: -len(suffix)])
                if number is None:
                    raise ValueUnreadable("无法识别的利率")
                return _checked_rate(number * scale)
    return _checked_rate(parse_amount(value))


def _checked_rate(rate: Decimal | None) -> Decimal | None:
    if rate is not None and rate < 0:
        raise ValueUnreadable("利率不能为负")
    if rate is not None and rate > MAX_RATE:
        raise ValueUnreadable("日利率过高（应为如 0.0005，即万分之五）")
    return rate


def _chinese_count(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    import cn2an  # only for rates written in Chinese numerals

    try:
        return Decimal(str(cn2an.cn2an(text, "strict")))
    except (ValueError, KeyError) as exc:
        raise ValueUnreadable("无法识别的利率") from exc


def round_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def cents_text(amount: Decimal) -> str:
    """Two places, half-up, no grouping: the machine form `1234.50`."""
    return f"{round_cents(amount):f}"


def yuan(amount: Decimal) -> str:
    """The shown form: `¥1,234.50`, `-¥20.00`."""
    rounded = round_cents(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}¥{abs(rounded):,.2f}"
