"""The sample workbook: reproducible from its script, every stage present, its board as reviewed."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dunning.core.stages import IN_SUIT, MORTGAGE, STRUCTURAL

ROOT = Path(__file__).resolve().parents[2]
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
    # no 起诉日期 column and no loan rows: tests/letters/test_in_suit_outputs.py and tests/core/test_mortgage.py show those
    shown = [code for code in STRUCTURAL if code not in (IN_SUIT, MORTGAGE)]
    for stage in [*shown, "reminder", "letter", "lawyer_letter"]:
        assert stages[stage] >= 2, f"{stage} appears {stages[stage]} times"
    letters = [row for row in BOARD.values() if row["stage"] == "letter"]
    assert any(row["late"] for row in letters) and not all(row["late"] for row in letters)


def test_same_rows_as_the_golden_board() -> None:
    assert list(BOARD) == [row["sheet_row"] for row in EXPECTED]


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"row{r['sheet_row']}-{r['stage']}" for r in EXPECTED])
def test_golden_board(expected: dict[str, object]) -> None:
    assert BOARD[expected["sheet_row"]] == expected  # type: ignore[index]


def test_sample_carries_live_formulas() -> None:
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE)
    data, live = wb["合同执行情况"], wb["实时看板"]
    first, last = min(BOARD), max(BOARD)
    stage_column = [c.value for c in data[3]].index("催款阶段（公式）") + 1
    for row in (first, last):  # one cell of the row, as the user's card writes it
        assert data.cell(row, stage_column).value == f"=DUNNING_STAGE(A{row})"
    board = live["C3"].value
    assert board.ref == f"C3:J{last}"
    assert board.text == f"=DUNNING_BOARD('合同执行情况'!A3:Q{last},基准日,催款规则表)"
    assert len(data.conditional_formatting) >= 1
    names = {name: wb.defined_names[name].attr_text for name in ("基准日", "催款规则表")}
    assert names == {"基准日": 'IF(催款规则!$B$4="",TODAY(),催款规则!$B$4)', "催款规则表": "催款规则!$A$1:$J$60"}
    assert wb["催款规则"]["A4"].value == "基准日" and live[f"J{last}"].number_format == "yyyy-mm-dd"
