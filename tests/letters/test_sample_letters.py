"""The golden batch: the sample workbook's letters, made with the built-in templates, word for word.
Regenerate with `python tests/golden/regenerate_letters.py` and review the diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
sys.path.insert(0, str(GOLDEN_DIR))
from regenerate_letters import current  # noqa: E402

EXPECTED: dict[str, str] = json.loads((GOLDEN_DIR / "sample_letters.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return current(tmp_path_factory.mktemp("sample"))


def test_same_letters(batch: dict[str, str]) -> None:
    assert sorted(batch) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_letter(batch: dict[str, str], name: str) -> None:
    assert batch.get(name) == EXPECTED[name]


def test_each_letter_names_only_its_own_contract(batch: dict[str, str]) -> None:
    contracts = {name.split("_")[0] for name in batch}
    for name, text in batch.items():
        own = name.split("_")[0]
        assert own in text
        assert not [other for other in contracts - {own} if other in text], name
