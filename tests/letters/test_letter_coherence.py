"""The sample's letters against its board, contract by contract: a letter never contradicts its
contract's state (issue: letters a lawyer would sign). Checked on the made files, read back."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from dunning.core.dates import chinese_date
from dunning.core.rules import lawyer_deadline
from dunning.jobs import RunOptions, letters
from dunning.letters.batch import LettersResult
from dunning.letters.context import deadline
from dunning.letters.templates import builtin_templates

from conftest import BACKDATE
from letters_helpers import letter_text

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> LettersResult:
    folder = tmp_path_factory.mktemp("coherence")
    book = folder / SAMPLE.name
    shutil.copy(SAMPLE, book)
    shutil.copytree(builtin_templates(), folder / "函件模板", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return letters(book, RunOptions(backdate=BACKDATE))


def test_the_sample_makes_letters(result: LettersResult) -> None:
    assert len(result.made) >= 20


def in_lawyer_track(d: object) -> bool:
    """Awaiting approval, approved, sent, or in litigation (SPEC §4's stages past the letters)."""
    level = getattr(d, "level", None)
    return getattr(d, "stage", "") in {"lawyer_pending", "lawyer_sent", "litigation"} or bool(
        level and level.needs_approval)  # fmt: skip


def test_no_ordinary_letter_for_a_contract_in_the_lawyers_track(result: LettersResult) -> None:
    by_contract: dict[str, list] = {}
    for d in result.board.decisions:
        by_contract.setdefault(d.inst.contract_no, []).append(d)
    for made in result.made:
        rows = by_contract[made.letter.contract_no]
        if any(in_lawyer_track(d) for d in rows):
            assert made.letter.level.needs_approval, made.file.name


def test_a_lawyers_letter_lists_only_approved_instalments(result: LettersResult) -> None:
    lawyer = [m for m in result.made if m.letter.level.needs_approval]
    assert lawyer
    for made in lawyer:
        assert all(d.inst.lawyer_approved_by for d in made.letter.listed), made.file.name


def test_nothing_on_hold_or_settled_is_listed(result: LettersResult) -> None:
    for made in result.made:
        assert not [d for d in made.letter.listed if d.stage in ("on_hold", "settled", "invalid")], made.file.name


def test_every_stated_deadline_gives_the_demand_period_on_a_working_day(result: LettersResult) -> None:
    """催告期限天数 after the letter's date at least, on a working day, stated in the letter (issue 19: no
    deadline the day after the letter, none on a weekend); the board's escalation makes the lawyer's
    letter wait instead of shortening the period."""
    as_of, rules = result.board.as_of, result.board.rules
    for made in result.made:
        letter = made.letter
        stated = deadline(letter, rules, as_of=as_of)
        if "最后期限" in letter_text(builtin_templates() / made.template):  # the mild letter states no date
            assert chinese_date(stated) in letter_text(made.file), made.file.name
        if letter.level.needs_approval:
            assert stated == lawyer_deadline(as_of, rules)
        elif not letter.level.before_due:
            assert stated >= as_of + timedelta(days=rules.params.demand_days), (made.file.name, stated)
            assert rules.calendar.is_workday(stated), (made.file.name, stated)
            assert stated <= as_of + timedelta(days=rules.params.demand_days + 10)  # the next working day


def test_the_first_two_letters_never_claim_repeated_notices(result: LettersResult) -> None:
    for made in result.made:
        if (made.letter.letter_no or 1) < 3:
            assert "多次催告" not in letter_text(made.file), made.file.name


def test_a_mild_letter_never_lists_an_instalment_near_the_lawyers_letter(result: LettersResult) -> None:
    for made in result.made:
        if "事务繁忙" in letter_text(made.file):
            assert max(d.days_overdue or 0 for d in made.letter.listed) < 21, made.file.name
