"""The README documents every command, option, rules parameter, ladder column and JSON field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunning.cli import app
from dunning.core.columns import record
from dunning.core.rules_sheet import HOLIDAY, LADDER_HEADER, PARAMETERS
from dunning.core.summary import AGEING

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])  # type: ignore[union-attr]
def test_every_command_is_documented(command: str) -> None:
    assert f"dunning {command}" in README


@pytest.mark.parametrize("option", ["--as-of", "--rules", "--json", "--out"])
def test_every_option_is_documented(option: str) -> None:
    assert option in README


@pytest.mark.parametrize("name", [*PARAMETERS, HOLIDAY, *LADDER_HEADER])
def test_every_rules_field_is_documented(name: str) -> None:
    assert name in README


def test_every_json_field_is_documented() -> None:
    from conftest import decide_one

    for key in record(decide_one()):
        assert f"`{key}`" in README, key


def test_ageing_buckets_are_documented() -> None:
    for label, _, _ in AGEING:
        assert label.removesuffix("天") in README, label


def test_every_placeholder_is_documented() -> None:
    from dunning.letters.context import FIELDS, ROW_FIELDS

    for name in FIELDS:
        assert f"{{{{ {name} }}}}" in README, name
    for name in ROW_FIELDS:
        assert f"{{{{ 行.{name} }}}}" in README, name


def _architecture() -> str:
    start = README.index("## Architecture")
    return README[start : README.index("\n## ", start + 1)]


def test_the_architecture_names_only_modules_that_exist() -> None:
    import re

    repo = Path(__file__).resolve().parents[2]
    text = _architecture()
    tests = set(re.findall(r"tests/[a-z_/]+\.py", text))
    modules = set(re.findall(r"(?<![a-z_/])((?:core|sheets|letters)/[a-z_]+\.py|[a-z_]+\.py)", text))
    missing = [n for n in tests if not (repo / n).is_file()]
    missing += [n for n in modules if not (repo / "addin" / "dunning" / n).is_file()]
    assert tests and modules and not missing, missing


def test_the_architecture_names_every_core_module() -> None:
    package = Path(__file__).resolve().parents[2] / "addin" / "dunning" / "core"
    text = _architecture()
    unnamed = [p.name for p in package.glob("*.py") if p.name != "__init__.py" and p.name not in text]
    assert not unnamed, unnamed
