"""What makes a letter the same letter (SPEC §6: pressing the button twice makes nothing new): the
contract, the instalment (款项类型 and due date), the level and the letter number. Two instalments of
one contract due the same day are two instalments: a letter for one does not stand for the other."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from dunning.cli import app

from conftest import write_workbook

runner = CliRunner()
DUE = date(2026, 11, 17)


def letters(book: Path, as_of: date) -> dict[str, object]:
    result = runner.invoke(app, ["letters", str(book), "--as-of", as_of.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def generated(out: dict[str, object]) -> list[tuple[str, str, int]]:
    return [(g["contract_no"], g["stage"], g["letter_no"]) for g in out["generated"]]  # type: ignore[attr-defined]


def test_a_second_instalment_due_the_same_day_gets_its_own_first_letter(tmp_path: Path) -> None:
    """首付款 and 分期款 of HT1 both fall due on 17 November; the 分期款 is on hold until the 19th.
    On the 18th the 首付款 gets letter 1; on the 20th the hold is over and the 分期款 is one day
    into its own letter window: its letter 1 is due, and is a different letter from the 首付款's."""
    rows = [["1-101", "HT1", "张三", "首付款", 300000, 0, DUE],
            ["1-101", "HT1", "张三", "分期款", 200000, 0, DUE, None, None, None, None, None, date(2026, 11, 19)]]  # fmt: skip
    book = write_workbook(tmp_path / "team.xlsx", rows)

    first = letters(book, date(2026, 11, 18))
    assert generated(first) == [("HT1", "letter", 1)]

    second = letters(book, date(2026, 11, 20))
    assert generated(second) == [("HT1", "letter", 1)]
    assert second["skipped"] == []
    folder = tmp_path / "催款函" / book.stem
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("HT1_*.docx"))
    assert names == ["2026-11-18/HT1_催款信_第1次.docx", "2026-11-20/HT1_催款信_第1次.docx"]


def test_pressing_twice_on_the_second_day_makes_nothing_new(tmp_path: Path) -> None:
    rows = [["1-101", "HT1", "张三", "首付款", 300000, 0, DUE],
            ["1-101", "HT1", "张三", "分期款", 200000, 0, DUE, None, None, None, None, None, date(2026, 11, 19)]]  # fmt: skip
    book = write_workbook(tmp_path / "team.xlsx", rows)
    letters(book, date(2026, 11, 18))
    letters(book, date(2026, 11, 20))
    again = letters(book, date(2026, 11, 20))
    assert generated(again) == []
