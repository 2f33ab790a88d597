"""Dates: read them as people type them; calendar-month and working-day arithmetic in one place.

Typed forms: real dates, Excel serial numbers (1900 and 1904 systems), `2026/3/5`, `2026-03-05`,
`2026.3.5`, `2026年3月5日`, `3/5/2026` (month first, as Excel's en-US dates), `20260305`, full-width
digits. Anything else is refused rather than guessed: a wrong due date sends a wrong letter.

Working days follow the Chinese public-holiday calendar (`chinesecalendar`: holidays and the
make-up working days, 调休). For years it has no data for, weekends plus the holidays listed on the
rules sheet are used, and the calendar remembers those years so the board can say so once.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from dunning.core.errors import ValueUnreadable
from dunning.core.text import clean, is_excel_error

_EPOCH_1900 = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's fictitious 1900-02-29
_EPOCH_1904 = date(1904, 1, 1)
_MAX_SERIAL = 2958465  # 9999-12-31

_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_MDY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME_TAIL = re.compile(r"(?:\s*T?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*")


def parse_date(value: object, *, epoch1904: bool = False) -> date | None:
    """A date cell → date; None for a blank cell. Raises ValueUnreadable otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    if isinstance(value, bool):
        raise ValueUnreadable("不是日期")
    if isinstance(value, int | float):
        return _from_number(value, epoch1904=epoch1904)
    if isinstance(value, str):
        return _parse_date_text(value, epoch1904=epoch1904)
    raise ValueUnreadable("不是日期")


def _from_number(number: float, *, epoch1904: bool) -> date:
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueUnreadable("无法识别")
    whole = int(number)
    if whole == number and 19000101 <= whole <= 99991231:
        return _compact(str(whole))
    if not 1 <= whole <= _MAX_SERIAL:
        raise ValueUnreadable("无法识别")
    if epoch1904:
        return _EPOCH_1904 + timedelta(days=whole)
    if whole < 61:  # before Excel's fictitious 1900-02-29
        return _EPOCH_1900 + timedelta(days=whole + 1)
    return _EPOCH_1900 + timedelta(days=whole)


def _compact(digits: str) -> date:
    match = _COMPACT.fullmatch(digits)
    if match is None:
        raise ValueUnreadable("无法识别")
    return _checked(int(match[1]), int(match[2]), int(match[3]))


@lru_cache(maxsize=4096)
def _parse_date_text(raw: str, *, epoch1904: bool) -> date | None:
    if is_excel_error(raw):
        raise ValueUnreadable("Excel 错误")
    text = clean(raw)
    if text == "":
        return None
    for pattern, order in ((_YMD, (1, 2, 3)), (_MDY, (3, 1, 2))):
        match = pattern.match(text)
        if match and _TIME_TAIL.fullmatch(text[match.end() :]):
            year, month, day = (int(match[i]) for i in order)
            return _checked(year, month, day)
    if text.isdigit() and len(text) == 8:
        return _compact(text)
    raise ValueUnreadable("无法识别")


def _checked(year: int, month: int, day: int) -> date:
    try:
        return _in_range(date(year, month, day))
    except ValueError as exc:
        raise ValueUnreadable("无法识别") from exc


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9999, 12, 31)  # Excel's dates


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueUnreadable("超出 Excel 的日期范围（1900-01-01 至 9999-12-31）")
    return day


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """Calendar months: 2026-08-31 + 2 = 2026-10-31; 2025-12-31 + 2 = 2026-02-28."""
    moved: date = day + relativedelta(months=months)
    return moved


def end_of_month(day: date) -> date:
    last: date = day + relativedelta(day=31)
    return last


def chinese_date(day: date) -> str:
    """`2026年11月22日`, the form letters use."""
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day: date, *, as_of: date) -> str:
    """`12月1日` in the as-of year, `2027年1月10日` otherwise: the form of the board's why."""
    if day.year == as_of.year:
        return f"{day.month}月{day.day}日"
    return chinese_date(day)


class WorkCalendar:
    """Working days: chinesecalendar where it has data, else weekends; plus extra holidays."""

    def __init__(self, extra_holidays: frozenset[date] = frozenset()) -> None:
        self.extra_holidays = extra_holidays
        self.uncovered_years: set[int] = set()
        self._workdays: dict[date, bool] = {}  # this calendar's answers: it goes when the calendar goes

    def is_workday(self, day: date) -> bool:
        found = self._workdays.get(day)
        if found is None:
            found = self._workdays[day] = self._is_workday(day)
        return found

    def _is_workday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        import chinese_calendar

        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            self.uncovered_years.add(day.year)
            return day.weekday() < 5

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (before it for a negative count)."""
        step = timedelta(days=1 if count >= 0 else -1)
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_workday(day):
                remaining -= 1
        return day

    def on_or_after(self, day: date) -> date:
        """`day` when it is a working day, else the next working day: a deadline that falls on a rest
        day (a weekend, a public holiday) moves to the first working day after it."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def coverage_note(self) -> str | None:
        if not self.uncovered_years:
            return None
        years = "、".join(str(y) for y in sorted(self.uncovered_years))
        return f"{years}年不在节假日数据内：工作日按周一至周五并扣除规则表所列节假日计算"
