"""An oracle independent of the engine: `workbook/make_sample.py` builds every row of the sample to show
a stage at 2026-11-20 (a row 40 days overdue with one letter sent 12 days ago *is* a late letter row),
with figures worked out by hand from how it was built (outstanding, late fee, days overdue, the action's
due date, the letter's number), and its `check` compares them with what `dunning board --json` prints for
a fresh copy.

The golden board (tests/golden) says the board has not changed; this says the board is right. The
companions prove the comparison can fail: a wrong board, and a workbook edited after it was built."""

from __future__ import annotations

import copy
import sys
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "workbook"))
import make_sample  # noqa: E402

Placed = list[tuple[int, make_sample.Instalment]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Placed]:
    project = make_sample.Project()
    content, placed = make_sample.workbook_bytes(project.build(), project.rng)
    path = tmp_path_factory.mktemp("sample") / "sample_contracts.xlsx"
    path.write_bytes(content)
    return path, placed


@pytest.fixture(scope="module")
def records(sample: tuple[Path, Placed]) -> list[dict[str, Any]]:
    return make_sample.run_board(sample[0])


def test_the_board_shows_what_every_row_was_built_for(sample: tuple[Path, Placed],
                                                      capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    path, placed = sample
    assert make_sample.check(path, placed) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.rstrip().endswith("OK: every row shows the stage it was built for")


def test_the_oracle_covers_every_row_and_stage(records: list[dict[str, Any]], sample: tuple[Path, Placed]) -> None:
    placed = sample[1]
    assert sorted(row for row, _ in placed) == sorted(r["sheet_row"] for r in records)
    intents = {inst.intent for _, inst in placed}
    assert intents == {"invalid", "settled", "on_hold", "litigation", "lawyer_sent", "lawyer_pending",
                       "lawyer_letter", "letter", "reminder", "not_due"}  # fmt: skip
    assert make_sample.disagreements(records, placed) == []


def first_row(placed: Placed, intent: str, **wanted: object) -> int:
    return next(row for row, inst in placed if inst.intent == intent
                and all(getattr(inst, k) == v for k, v in wanted.items()))  # fmt: skip


@pytest.mark.parametrize(
    ("intent", "change"),
    [
        ("letter", {"stage": "reminder"}),
        ("letter", {"letter_no": 99}),
        ("lawyer_pending", {"late": False}),
        ("not_due", {"late": True}),
        ("settled", {"problems": ["已收金额: 已收金额大于应收金额"]}),
        ("invalid", {"problems": []}),
        ("letter", {"outstanding": "1.00"}),
        ("lawyer_pending", {"late_fee": "0.00"}),
        ("litigation", {"days_overdue": 1}),
        ("not_due", {"action_due": "2026-11-20"}),
        ("lawyer_letter", {"action_due": None}),
    ],
    ids=[
        "wrong-stage",
        "wrong-letter-number",
        "late-not-marked",
        "late-invented",
        "problem-invented",
        "problem-lost",
        "wrong-outstanding",
        "late-fee-lost",
        "wrong-days-overdue",
        "wrong-action-date",
        "action-date-lost",
    ],
)
def test_a_wrong_board_is_noticed(records: list[dict[str, Any]], sample: tuple[Path, Placed], intent: str,
                                  change: dict[str, object]) -> None:  # fmt: skip
    placed = sample[1]
    row = first_row(placed, intent, **({"letters": 0} if "letter_no" in change else {}))
    wrong = copy.deepcopy(records)
    next(r for r in wrong if r["sheet_row"] == row).update(change)
    found = make_sample.disagreements(wrong, placed)
    assert len(found) == 1 and found[0].startswith(f"  row {row}: built ('{intent}',"), found


def test_a_row_missing_from_the_board_is_noticed(records: list[dict[str, Any]], sample: tuple[Path, Placed]) -> None:
    placed = sample[1]
    row = placed[0][0]
    assert make_sample.disagreements([r for r in records if r["sheet_row"] != row], placed) == [
        f"  row {row}: missing from the board"
    ]


def test_an_edited_workbook_cell_is_noticed(sample: tuple[Path, Placed], tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """A letter row put on hold until the end of the year in the workbook: the board now says 暂缓催收,
    which is not what the row was built to show."""
    path, placed = sample
    row = first_row(placed, "letter")
    wb = openpyxl.load_workbook(path)
    ws = wb[make_sample.DATA_SHEET]
    header_row, column = next((c.row, c.column) for line in ws.iter_rows(max_row=10) for c in line
                              if c.value == "暂缓催收至")  # fmt: skip
    assert header_row < row and ws.cell(row, column).value is None
    ws.cell(row, column).value = date(2026, 12, 31)
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    assert make_sample.check(edited, placed) == 1
    out = capsys.readouterr().out
    assert f"  row {row}: built ('letter'," in out and "engine on_hold" in out
    assert out.rstrip().endswith("1 row(s) differ")
