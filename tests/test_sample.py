"""The sample workbook: reproducible from its script, every stage present, its board as reviewed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dunning.core.rules import STRUCTURAL

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
sys.path.insert(0, str(GOLDEN))
from regenerate import SAMPLE, current  # noqa: E402

EXPECTED = json.loads((GOLDEN / "sample_board.json").read_text(encoding="utf-8"))
BOARD = {row["sheet_row"]: row for row in current()}


def test_sample_is_what_its_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "sample.xlsx"
    subprocess.run([sys.executable, str(ROOT / "workbook" / "make_sample.py"), "--out", str(out)], check=True,
                   capture_output=True)  # fmt: skip
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_every_stage_is_present_at_the_sample_date() -> None:
    stages = Counter(row["stage"] for row in BOARD.values())
    for stage in [*STRUCTURAL, "reminder", "letter", "lawyer_letter"]:
        assert stages[stage] >= 2, f"{stage} appears {stages[stage]} times"
    letters = [row for row in BOARD.values() if row["stage"] == "letter"]
    assert any(row["late"] for row in letters) and not all(row["late"] for row in letters)


def test_same_rows_as_the_golden_board() -> None:
    assert list(BOARD) == [row["sheet_row"] for row in EXPECTED]


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"row{r['sheet_row']}-{r['stage']}" for r in EXPECTED])
def test_golden_board(expected: dict[str, object]) -> None:
    assert BOARD[expected["sheet_row"]] == expected  # type: ignore[index]
