"""The sample workbook: reproducible from its script, every stage present, every row's board what the row was
built to show (workbook/make_sample.py's oracle: stage, late, letter number, outstanding, late fee, days
overdue, action date — worked out by hand from how each row was built, not from the engine), its board as
reviewed (tests/golden/sample_board.json, for the why and the labels the oracle does not work out).

The board is computed once, in this process (so mutation testing sees it), when the first test asks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dunning.core.columns import record
from dunning.core.stages import IN_SUIT, MORTGAGE, PAUSED, STRUCTURAL
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
GOLDEN = ROOT / "tests" / "golden" / "sample_board.json"
sys.path.insert(0, str(ROOT / "workbook"))
import make_sample  # noqa: E402

Records = list[dict[str, Any]]
Placed = list[tuple[int, make_sample.Instalment]]


@pytest.fixture(scope="module")
def records() -> Records:
    """The board of the sample as `dunning board --json` prints it (dates and amounts as text)."""
    rows = [record(d) for d in board_of(read_values(SAMPLE), RunOptions()).decisions]
    loaded: Records = json.loads(json.dumps(rows, ensure_ascii=False, default=str))
    return loaded


@pytest.fixture(scope="module")
def placed() -> Placed:
    """Every row of the sample with what it was built to show, from the script's own build."""
    project = make_sample.Project()
    content, rows = make_sample.workbook_bytes(project.build(), project.rng)
    assert content == SAMPLE.read_bytes(), "workbook/sample_contracts.xlsx is not what its script writes"
    return rows


def test_sample_is_what_its_script_writes(tmp_path: Path) -> None:
    out = tmp_path / "sample.xlsx"
    subprocess.run([sys.executable, str(ROOT / "workbook" / "make_sample.py"), "--out", str(out)], check=True,
                   capture_output=True)  # fmt: skip
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_every_row_shows_what_it_was_built_to_show(records: Records, placed: Placed) -> None:
    assert sorted(row for row, _ in placed) == [r["sheet_row"] for r in records]
    assert make_sample.disagreements(records, placed) == []


def test_the_oracle_works_out_figures_by_hand(placed: Placed) -> None:
    """The oracle's figures for four rows, worked out here by hand from the rows' cells."""
    rows = dict(placed)
    first = rows[43]  # due 11-14, no letter yet: the first letter was due 11-14 + 3 days, before 11-20: late
    assert (first.intent, first.due, first.letters) == ("letter", date(2026, 11, 14), 0) and first.expected_late()
    assert first.expected_figures()["action_due"] == "2026-11-17"
    rated = rows[58]  # 956,218 − 656,921.80 = 299,296.20 owed; × 0.0003 (the row's rate) × 18 days = 1,616.1995
    assert (rated.amount, rated.paid, rated.rate, rated.due) == (956218, Decimal("656921.8"), Decimal("0.0003"),
                                                                 date(2026, 11, 2))  # fmt: skip
    assert rated.expected_figures() == {"days_overdue": 18, "outstanding": "299296.20", "late_fee": "1616.20",
                                        "action_due": "2026-11-24", "letter_no": 4}  # fmt: skip  # 3 sent, last 11-17
    waiting = rows[102]  # due 09-17: lawyer's letter from 11-18, due by 11-20; approved, but its 9th letter's
    # time to pay (11-15 + 7 days, a Sunday) runs to Monday 11-23: the lawyer's letter goes out from 11-24
    assert (waiting.intent, waiting.due, waiting.letters, waiting.last_letter) == (
        "lawyer_letter",
        date(2026, 9, 17),
        9,
        date(2026, 11, 15),
    )
    assert waiting.expected_figures()["action_due"] == "2026-11-24" and not waiting.expected_late()
    sent = rows[38]  # sent 11-09: received 11-12 (3 days), 15 days to pay: Friday 11-27
    assert (sent.intent, sent.lawyer_date) == ("lawyer_sent", date(2026, 11, 9))
    assert sent.expected_figures()["action_due"] == "2026-11-27"


def test_every_stage_is_present_at_the_sample_date(records: Records) -> None:
    stages = Counter(row["stage"] for row in records)
    # no 起诉日期 column and no loan rows: tests/letters/test_in_suit_outputs.py and tests/core/test_mortgage.py show those;
    # no 跟进记录 (有异议, 承诺付款): tests/letters/test_follow_up_letters.py shows those
    shown = [code for code in STRUCTURAL if code not in (IN_SUIT, MORTGAGE, *PAUSED)]
    for stage in [*shown, "reminder", "letter", "lawyer_letter"]:
        assert stages[stage] >= 2, f"{stage} appears {stages[stage]} times"
    letters = [row for row in records if row["stage"] == "letter"]
    assert any(row["late"] for row in letters) and not all(row["late"] for row in letters)


def test_the_board_is_the_reviewed_one(records: Records) -> None:
    """One test over the whole board: the rows and fields that differ from the reviewed golden board (when
    a change is meant, `python tests/golden/regenerate.py` and review the diff)."""
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [r["sheet_row"] for r in records] == [r["sheet_row"] for r in expected]
    differ = [
        f"row {got['sheet_row']} {key}: {want[key]!r} → {got.get(key)!r}"
        for got, want in zip(records, expected, strict=True)
        for key in sorted(set(got) | set(want))
        if got.get(key) != want.get(key)
    ]
    assert differ == [], "\n".join(differ[:20])


def test_sample_carries_live_formulas(records: Records) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(SAMPLE)
    data, live = wb["合同执行情况"], wb["实时看板"]
    rows = [r["sheet_row"] for r in records]
    first, last = min(rows), max(rows)
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
