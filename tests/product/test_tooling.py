"""The project's own checks run with the tests: types (mypy --strict over the whole package) and lint (ruff),
each at the exact version the test extra pins (a new release cannot fail CI with no code change)."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_types() -> None:
    pytest.importorskip("mypy")
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_lint() -> None:
    pytest.importorskip("ruff")
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("tool", ["ruff", "mypy", "types-python-dateutil", "types-openpyxl"])
def test_the_checkers_are_pinned_and_installed_at_the_pin(tool: str) -> None:
    extra = re.search(r"(?ms)^test = \[(.*?)\]$", (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert extra is not None, "pyproject.toml: no test extra"
    pinned = re.findall(rf'"{re.escape(tool)}==([^"]+)"', extra.group(1))
    assert len(pinned) == 1, f"{tool} is not pinned (==) in the test extra"
    pytest.importorskip(tool.replace("-", "_") if not tool.startswith("types-") else "mypy")
    assert version(tool) == pinned[0], f"{tool} {version(tool)} installed, the test extra pins {pinned[0]}"
