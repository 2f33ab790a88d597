"""A date more than a century from the as-of date, in any date column, stops its row (a typing mistake),
exactly at the boundary too, among many ordinary rows and on an invalid row not at all; `check_rows` looks
at each row's dates only when some column holds such a date, and says the same as it did row by row."""

from __future__ import annotations

from datetime import date

import pytest

from dunning.core.board import CENTURY_DAYS, DATE_KEYS, check_rows

from conftest import AS_OF, days, instalment

ORDINARY = [instalment(due_date=days(-i), contract_no=f"HT-{i}") for i in range(1, 200)]


def _problems(far: dict[str, date], *, as_of: date = AS_OF) -> list[tuple[int, bool, tuple[str, ...]]]:
    rows = [*ORDINARY, instalment(contract_no="HT-far", **far)]
    rows = [inst._replace(sheet_row=at + 2) for at, inst in enumerate(rows)]
    return [(inst.sheet_row, inst.invalid, tuple(p.short() for p in inst.problems))
            for inst in check_rows(rows, sheet="s", as_of=as_of) if inst.problems]  # fmt: skip


@pytest.mark.parametrize("key", DATE_KEYS)
@pytest.mark.parametrize("sign", [1, -1])
def test_a_date_a_century_and_a_day_away_in_any_column_stops_only_its_row(key: str, sign: int) -> None:
    ((row, invalid, (problem,)),) = _problems({key: days(sign * (CENTURY_DAYS + 1))})
    assert (row, invalid) == (len(ORDINARY) + 2, True)
    assert "距基准日超过100年" in problem


@pytest.mark.parametrize("key", ["hold_until", "suit_date"])
def test_a_date_exactly_a_century_away_is_no_typing_mistake(key: str) -> None:
    assert not [found for found in _problems({key: days(-CENTURY_DAYS)}) if "100年" in str(found)]


def test_as_of_dates_at_the_calendars_ends_still_check_each_row() -> None:
    found = _problems({"suit_date": date(1, 1, 1)}, as_of=date(1, 1, 2))  # every 2026 due date is far from it
    assert len(found) == len(ORDINARY) + 1 and all(invalid for _, invalid, _ in found)
