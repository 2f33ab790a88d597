"""Regenerate the golden board of the sample workbook; review the change as a diff before committing.

python tests/golden/regenerate.py
"""

from __future__ import annotations

import json
from pathlib import Path

from dunning.core.columns import record
from dunning.jobs import RunOptions, board_of
from dunning.sheets.reader import read_values

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
GOLDEN = Path(__file__).with_name("sample_board.json")


def current() -> list[dict[str, object]]:
    return [record(d) for d in board_of(read_values(SAMPLE), RunOptions()).decisions]


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(current(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}")  # noqa: T201
