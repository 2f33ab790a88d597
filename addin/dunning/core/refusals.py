"""Whether a letters run may go ahead, decided once from plain facts (`refusals`): the jobs ask, the
command line, the button and a dry run's warnings say it (core.messages).

* no 公司名称 on the rules sheet: the letters' letterhead, signature and contacts come from it;
* an as-of date before the archive's latest run: letters are made forward in time;
* more than FUTURE_DAYS ahead of today without --future: a mistyped date or a wrong clock;
* more than BACKDATE_DAYS before today without a --backdate reason: back-dating is never silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from dunning.core.errors import DunningError

BACKDATE_DAYS = 3  # a Friday's sheet run on Monday is not back-dating; older letter dates need --backdate
FUTURE_DAYS = 3  # letters dated further ahead than this need --future: a mistyped date or a wrong clock


class RunRefusal(Enum):
    """Why a letters run is refused; `of_the_day`: a dry run may preview that day and only lists it."""

    NO_COMPANY = "no_company"
    BEFORE_LAST_RUN = "before_last_run"
    AHEAD = "ahead"
    BACKDATED = "backdated"

    @property
    def of_the_day(self) -> bool:
        return self is not RunRefusal.NO_COMPANY


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What the refusals are decided from."""

    as_of: date
    today: date  # the real clock's
    company: bool  # the rules sheet names the 公司名称
    last_run: date | None = None  # the archive's latest as-of date
    typed: bool = False  # the as-of date came from --as-of (else the rules' 基准日)
    future: bool = False  # --future
    backdate: bool = False  # a --backdate reason was given
    workbook: str = ""  # the workbook's file name, for what to run


@dataclass(frozen=True, slots=True)
class Refused:
    refusal: RunRefusal
    as_of: date
    today: date
    last_run: date | None = None
    typed: bool = False
    workbook: str = ""

    @property
    def days(self) -> int:
        """How far the as-of date is from today, either way."""
        return abs((self.today - self.as_of).days)


def refusals(facts: RunFacts) -> list[Refused]:
    """Every refusal the facts call for, in the order they are told (empty: the run may go ahead)."""
    ahead = (facts.as_of - facts.today).days
    found = [
        RunRefusal.NO_COMPANY if not facts.company else None,
        RunRefusal.BEFORE_LAST_RUN if facts.last_run is not None and facts.as_of < facts.last_run else None,
        RunRefusal.AHEAD if not facts.future and ahead > FUTURE_DAYS else None,
        RunRefusal.BACKDATED if not facts.backdate and -ahead > BACKDATE_DAYS else None,
    ]
    return [
        Refused(refusal, facts.as_of, facts.today, facts.last_run, typed=facts.typed, workbook=facts.workbook)
        for refusal in found
        if refusal is not None
    ]


class RunRefused(DunningError):
    """The letters run refused before anything was made; `refused` says why, as data."""

    def __init__(self, refused: list[Refused]) -> None:
        from dunning.core.messages import refusal_text

        self.refused = tuple(refused)
        super().__init__("；".join(refusal_text(r) for r in refused))

    def has(self, refusal: RunRefusal) -> bool:
        return any(r.refusal is refusal for r in self.refused)
