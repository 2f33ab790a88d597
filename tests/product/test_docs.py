"""The README and docs/ document every command, option, rules parameter, ladder column, JSON field and
placeholder, each in the document of the reader who needs it; the README stays short and its links hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunning.cli import app
from dunning.core.columns import record
from dunning.core.rules_sheet import HOLIDAY, LADDER_HEADER, PARAMETERS
from dunning.core.summary import AGEING

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
COMMAND_LINE = (DOCS / "command-line.md").read_text(encoding="utf-8")
SUPERVISOR = (DOCS / "supervisor.md").read_text(encoding="utf-8")
DEVELOPER = (DOCS / "developer.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [c.name or c.callback.__name__ for c in app.registered_commands])  # type: ignore[union-attr]
def test_every_command_is_documented(command: str) -> None:
    assert f"dunning {command}" in COMMAND_LINE


@pytest.mark.parametrize("option", ["--as-of", "--rules", "--json", "--out"])
def test_every_option_is_documented(option: str) -> None:
    assert option in COMMAND_LINE


@pytest.mark.parametrize("name", [*PARAMETERS, HOLIDAY, *LADDER_HEADER])
def test_every_rules_field_is_documented(name: str) -> None:
    assert name in SUPERVISOR


def test_every_json_field_is_documented() -> None:
    from conftest import decide_one

    for key in record(decide_one()):
        assert f"`{key}`" in COMMAND_LINE, key


def test_ageing_buckets_are_documented() -> None:
    for label, _, _ in AGEING:
        assert label.removesuffix("天") in SUPERVISOR, label


def test_every_placeholder_is_documented() -> None:
    from dunning.letters.context import FIELDS, PLAN_FIELDS, ROW_FIELDS

    for name in FIELDS:
        assert f"{{{{ {name} }}}}" in SUPERVISOR, name
    for name in ROW_FIELDS:
        assert f"{{{{ 行.{name} }}}}" in SUPERVISOR, name
    for name in PLAN_FIELDS:
        assert f"{{{{ 期.{name} }}}}" in SUPERVISOR, name


def _architecture() -> str:
    start = DEVELOPER.index("## Architecture")
    return DEVELOPER[start : DEVELOPER.index("\n## ", start + 1)]


def test_the_architecture_names_only_modules_that_exist() -> None:
    repo = ROOT
    text = _architecture()
    tests = set(re.findall(r"tests/[a-z_/]+\.py", text))
    modules = set(
        re.findall(
            r"(?<![a-z_/])((?:core|sheets|letters|addin_build|excel|reports|jobs)/[a-z_]+\.py|[a-z_]+\.py)", text
        )
    )
    missing = [n for n in tests if not (repo / n).is_file()]
    missing += [n for n in modules if not (repo / "addin" / "dunning" / n).is_file()]
    assert tests and modules and not missing, missing


def test_the_architecture_names_every_core_module() -> None:
    package = ROOT / "addin" / "dunning" / "core"
    text = _architecture()
    unnamed = [p.name for p in package.glob("*.py") if p.name != "__init__.py" and p.name not in text]
    assert not unnamed, unnamed


def test_the_readme_is_short() -> None:
    size = len(README.encode("utf-8"))
    assert size <= 10_000, f"README.md is {size:,} bytes: move the detail into docs/"


def test_the_readme_gives_exactly_the_two_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.DOTALL)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert blocks == ["pip install . && dunning demo", ci], blocks


def test_the_readme_links_every_document() -> None:
    unlinked = [p.name for p in DOCS.glob("*.md") if f"](docs/{p.name})" not in README]
    assert not unlinked, unlinked


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    prose = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return {_slug(m) for m in re.findall(r"(?m)^#{1,6} (.+)$", prose)}


@pytest.mark.parametrize("document", ["README.md", *(f"docs/{p.name}" for p in sorted(DOCS.glob("*.md")))])
def test_every_link_between_the_documents_holds(document: str) -> None:
    source = ROOT / document
    text = source.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"```.*?```", "", text, flags=re.DOTALL)):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        assert not path.startswith("/"), f"{document}: {target} is not relative"
        file = (source.parent / path).resolve() if path else source
        if not file.is_file():
            broken.append(target)
        elif anchor and anchor not in _anchors(file.read_text(encoding="utf-8")):
            broken.append(target)
    assert not broken, broken
