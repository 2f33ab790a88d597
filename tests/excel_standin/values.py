"""Cell values as Excel keeps them and as COM hands them over.

Excel stores numbers (dates included) as doubles, text, booleans and error values. What COM returns
depends on the property: `Range.Value` gives a Date for a date-formatted cell and a Currency for a
currency-formatted one, `Range.Value2` gives the plain double for both
(https://learn.microsoft.com/office/vba/api/excel.range.value2). pywin32 turns a Date into a
`pywintypes.TimeType`, a Currency into a `decimal.Decimal`, an error value into its integer code.
"""

from __future__ import annotations

import enum
import functools
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from openpyxl.styles.numbers import is_date_format

EPOCH = datetime(1899, 12, 30)  # serial 0 of the 1900 date system (serial 60 is the phantom 1900-02-29)
GENERAL = "General"
TEXT_FORMAT = "@"
SHORT_DATE = "yyyy/m/d"  # the short date of a zh-CN Windows, the format Excel gives a typed date
SHORT_DATETIME = "yyyy/m/d h:mm"


class ExcelError(enum.Enum):
    """Excel's error values with the codes COM hands to Python (`CVErr(xlErrNA)` etc.)."""

    DIV0 = ("#DIV/0!", -2146826281)
    NA = ("#N/A", -2146826246)
    NAME = ("#NAME?", -2146826259)
    NULL = ("#NULL!", -2146826288)
    NUM = ("#NUM!", -2146826252)
    REF = ("#REF!", -2146826265)
    VALUE = ("#VALUE!", -2146826273)
    SPILL = ("#SPILL!", -2146826243)  # xlErrSpill 2045; xlwings 0.37.8 has no name for it

    @property
    def text(self) -> str:
        return self.value[0]

    @property
    def code(self) -> int:
        return self.value[1]

    @classmethod
    def from_text(cls, text: str) -> ExcelError | None:
        return next((error for error in cls if error.text == text.upper()), None)

    @classmethod
    def from_code(cls, code: int) -> ExcelError | None:
        return next((error for error in cls if error.code == code), None)


def serial(moment: date | datetime) -> float:
    """A date or datetime as Excel's serial number."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    delta = moment.replace(tzinfo=None) - EPOCH
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def from_serial(number: float) -> datetime:
    moment = EPOCH + timedelta(days=number)
    return moment.replace(microsecond=round(moment.microsecond, -3) % 1_000_000)


@functools.lru_cache(maxsize=512)
def is_date(number_format: str) -> bool:
    return number_format not in (GENERAL, TEXT_FORMAT) and is_date_format(number_format)


_CURRENCY = re.compile(r'(^|[^\\])("[¥$€£￥]"|[¥$€£￥]|\[\$[¥$€£￥])')


@functools.lru_cache(maxsize=512)
def is_currency(number_format: str) -> bool:
    """A format Excel reports through `Value` as the Currency type: one that shows a currency sign."""
    first = number_format.split(";")[0]
    return bool(_CURRENCY.search(first)) and not is_date(number_format)


def com_value(value: object, number_format: str, *, value2: bool, time_type: type[datetime]) -> object:
    """What `Range.Value` (or `Value2`) returns for one cell."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, ExcelError):
        return value.code
    if isinstance(value, float) and not value2:
        if is_date(number_format):
            moment = from_serial(value)
            return time_type(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
        if is_currency(number_format):
            return Decimal(str(round(value, 4)))  # VT_CY: a 64-bit integer of 1/10,000ths
    return value


def stored(value: object) -> tuple[object, str | None]:
    """A value handed to COM (not text) as Excel stores it, and the number format Excel gives a
    General cell for it (a date gets the short date format)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, datetime):
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
        return serial(value), SHORT_DATETIME if has_time else SHORT_DATE
    if isinstance(value, date):
        return serial(value), SHORT_DATE
    if isinstance(value, (int, float, Decimal)):
        return float(value), None
    if isinstance(value, ExcelError):
        return value, None
    raise TypeError(f"COM cannot pass a {type(value).__name__} to a cell: {value!r}")


# ---- text typed into a cell ------------------------------------------------------------------------
# Excel reads text entered into a General cell the way it reads typing: "00123" becomes the number
# 123, "12-05" a date, "TRUE" a boolean, "12%" 0.12. Text stays text when the cell is formatted as
# Text ("@") or the entry starts with an apostrophe, which Excel keeps as the cell's prefix character
# and not as part of the value (https://learn.microsoft.com/office/vba/api/excel.range.prefixcharacter;
# `Range("A1").Value = "'1"` makes a number stored as text:
# https://learn.microsoft.com/office/vba/api/excel.errorcheckingoptions.numberastext).

_NUMBER = re.compile(r"^([+-]?)([¥$]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?(%?)$")
_YMD = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_MD = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")
_CN_YMD = re.compile(r"^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$")
_CN_MD = re.compile(r"^(\d{1,2})月(\d{1,2})日$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


class Typed:
    """The outcome of typing text: the value, the format Excel then gives the cell (or None), and the
    prefix character, or a formula."""

    def __init__(self, value: object = None, number_format: str | None = None, prefix: str = "",
                 formula: str | None = None) -> None:  # fmt: skip
        self.value, self.number_format, self.prefix, self.formula = value, number_format, prefix, formula


def typed(text: str, number_format: str, *, today: date) -> Typed:
    """Text entered into a cell of the given format, as Excel reads it."""
    if text == "":
        return Typed()
    if number_format == TEXT_FORMAT:
        return Typed(text)
    if text.startswith("'"):
        return Typed(text[1:], prefix="'")
    if text.startswith("=") and len(text) > 1:
        return Typed(formula=text)
    if text.upper() in ("TRUE", "FALSE"):
        return Typed(text.upper() == "TRUE")
    if (error := ExcelError.from_text(text)) is not None:
        return Typed(error)
    if (number := _number(text)) is not None:
        return number
    if (moment := _date(text, today)) is not None:
        return moment
    return Typed(text)


def _number(text: str) -> Typed | None:
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, currency, digits, exponent, percent = match.groups()
    number = float(digits.replace(",", "")) * (10 ** int(exponent) if exponent else 1)
    number = -number if sign == "-" else number
    if percent:
        return Typed(number / 100, "0%" if "." not in digits else "0.00%")
    if currency:
        return Typed(number, f'"{currency}"#,##0.00')
    return Typed(number, "#,##0" if "," in digits else None)


def _date(text: str, today: date) -> Typed | None:
    text = text.strip()
    parts: tuple[int, int, int] | None = None
    clock = (0, 0, 0)
    if (m := _YMD.match(text)) is not None:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m.group(4):
            clock = (int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
    elif (m := _MD.match(text)) is not None:
        parts = (today.year, int(m.group(1)), int(m.group(2)))
    elif (m := _CN_YMD.match(text)) is not None:
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    elif (m := _CN_MD.match(text)) is not None:
        parts = (today.year, int(m.group(1)), int(m.group(2)))
    elif (m := _TIME.match(text)) is not None:
        hours, minutes, seconds = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if hours < 24 and minutes < 60 and seconds < 60:
            return Typed((hours * 3600 + minutes * 60 + seconds) / 86400, "h:mm" if not m.group(3) else "h:mm:ss")
        return None
    if parts is None:
        return None
    try:
        moment = datetime(*parts, *clock)
    except ValueError:
        return None
    return Typed(serial(moment), SHORT_DATETIME if clock != (0, 0, 0) else SHORT_DATE)


def formula_bar(value: object, number_format: str) -> str:
    """A constant as `Range.Formula` returns it: the text of the formula bar."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, ExcelError):
        return value.text
    if isinstance(value, float):
        if is_date(number_format):
            moment = from_serial(value)
            shown = f"{moment.year}/{moment.month}/{moment.day}"
            return shown + (f" {moment.hour}:{moment.minute:02d}" if value % 1 else "")
        return general_number(value)
    return str(value)


def general_number(number: float) -> str:
    return str(int(number)) if number == int(number) and abs(number) < 1e15 else repr(number)
