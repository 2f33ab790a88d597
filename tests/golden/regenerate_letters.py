"""Regenerate the golden batch of the sample workbook (each letter's text); review it as a diff.

python tests/golden/regenerate_letters.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from dunning.jobs import RunOptions, letters

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"
GOLDEN = Path(__file__).with_name("sample_letters.json")
sys.path.insert(0, str(ROOT / "tests"))
from letters_helpers import letter_text  # noqa: E402


def current(folder: Path) -> dict[str, str]:
    """The sample's letters, made with the built-in templates in `folder`: file name → text."""
    book = folder / SAMPLE.name
    shutil.copyfile(SAMPLE, book)
    result = letters(book, RunOptions(templates=ROOT / "letter_templates", backdate="黄金样例：样例工作簿的基准日"))
    return {m.file.name: letter_text(m.file) for m in result.made}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        batch = current(Path(tmp))
    GOLDEN.write_text(json.dumps(batch, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(ROOT)}: {len(batch)} letters")  # noqa: T201
