"""Whether a letters run may go ahead, from plain facts (core.refusals): each refusal as data, in the
order they are told; the words are tests/core/test_messages.py's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dunning.core.refusals import BACKDATE_DAYS, FUTURE_DAYS, RunFacts, RunRefusal, RunRefused, refusals

TODAY = date(2026, 11, 20)


def found(as_of: date, **facts: object) -> list[RunRefusal]:
    return [r.refusal for r in refusals(RunFacts(as_of, TODAY, **{"company": True, **facts}))]  # type: ignore[arg-type]


def test_a_run_today_with_a_company_goes_ahead() -> None:
    assert found(TODAY, last_run=TODAY) == []


@pytest.mark.parametrize(
    ("as_of", "facts", "expected"),
    [
        (TODAY, {"company": False}, [RunRefusal.NO_COMPANY]),
        (TODAY - timedelta(days=1), {"last_run": TODAY}, [RunRefusal.BEFORE_LAST_RUN]),
        (TODAY + timedelta(days=FUTURE_DAYS), {}, []),
        (TODAY + timedelta(days=FUTURE_DAYS + 1), {}, [RunRefusal.AHEAD]),
        (TODAY + timedelta(days=FUTURE_DAYS + 1), {"future": True}, []),
        (TODAY - timedelta(days=BACKDATE_DAYS), {}, []),
        (TODAY - timedelta(days=BACKDATE_DAYS + 1), {}, [RunRefusal.BACKDATED]),
        (TODAY - timedelta(days=BACKDATE_DAYS + 1), {"backdate": True}, []),
        (TODAY - timedelta(days=30), {"company": False, "last_run": TODAY},
         [RunRefusal.NO_COMPANY, RunRefusal.BEFORE_LAST_RUN, RunRefusal.BACKDATED]),
    ],
)  # fmt: skip
def test_refusals_from_facts(as_of: date, facts: dict[str, object], expected: list[RunRefusal]) -> None:
    assert found(as_of, **facts) == expected


def test_a_refusal_carries_its_dates() -> None:
    (refused,) = refusals(RunFacts(date(2026, 9, 18), TODAY, company=True, typed=True))
    assert (refused.refusal, refused.as_of, refused.today, refused.days, refused.typed) == (
        RunRefusal.BACKDATED, date(2026, 9, 18), TODAY, 63, True
    )  # fmt: skip


def test_only_the_missing_company_stops_a_dry_run_too() -> None:
    assert [r for r in RunRefusal if not r.of_the_day] == [RunRefusal.NO_COMPANY]


def test_one_exception_carries_every_refusal() -> None:
    error = RunRefused(refusals(RunFacts(TODAY - timedelta(days=30), TODAY, company=True, last_run=TODAY)))
    assert error.has(RunRefusal.BACKDATED) and error.has(RunRefusal.BEFORE_LAST_RUN)
    assert not error.has(RunRefusal.AHEAD) and len(str(error).splitlines()) == 1
