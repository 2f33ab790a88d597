"""Dependency direction: the core imports none of openpyxl, xlwings, docx; each stage is spelled in one place."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path


def test_core_loads_no_office_library() -> None:
    code = (
        "import sys, dunning.core.board, dunning.core.rules_sheet, dunning.core.summary;"
        "bad = [m for m in ('openpyxl', 'xlwings', 'docx', 'docxtpl', 'python_calamine', 'pandas') if m in sys.modules];"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


PACKAGE = Path(__file__).resolve().parents[2] / "addin" / "dunning"


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]  # fmt: skip


def test_stage_codes_are_spelled_only_in_the_stage_table() -> None:
    """One place for each stage: any other module names a stage through dunning.core.stages."""
    from dunning.core.stages import BY_CODE

    found = [f"{path.relative_to(PACKAGE)}:{line} {value!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.name != "stages.py"
             for line, value in _string_constants(path) if value in BY_CODE]  # fmt: skip
    assert not found, "stage codes outside core/stages.py:\n" + "\n".join(found)


def test_the_stage_table_covers_the_spec() -> None:
    """SPEC §4's codes and labels, in its order of precedence's table."""
    from dunning.core.stages import BY_CODE, ORDER

    spec = {"invalid": "数据有误", "settled": "已结清", "on_hold": "暂缓催收", "in_suit": "诉讼中", "litigation": "提起诉讼",
            "lawyer_sent": "律师函已发", "lawyer_pending": "律师函待审批", "lawyer_letter": "律师函", "letter": "催款信",
            "reminder": "预先提醒", "not_due": "未到期", "mortgage": "按揭办理中", "disputed": "有异议",
            "promised": "承诺付款"}  # fmt: skip
    assert {code: stage.label for code, stage in BY_CODE.items()} == spec
    assert set(ORDER) == set(spec)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return found | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


def test_sheets_depend_only_on_the_core() -> None:
    """Reading and writing workbooks knows the core's values and nothing of letters, jobs or the Excel functions."""
    allowed = ("dunning.core", "dunning.sheets", "dunning.atomic")
    found = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted((PACKAGE / "sheets").rglob("*.py"))
             for name in _imports(path) if name.startswith("dunning") and not name.startswith(allowed)]  # fmt: skip
    assert not found, "\n".join(found)


def test_the_core_depends_on_nothing_else_of_the_package() -> None:
    found = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted((PACKAGE / "core").rglob("*.py"))
             for name in _imports(path) if name.startswith("dunning") and not name.startswith("dunning.core")]  # fmt: skip
    assert not found, "\n".join(found)


def test_the_add_in_build_stands_apart() -> None:
    """The add-in is built, not run: addin_build/ imports only the core and itself, and of the running product only
    the command line (install-addin, bundle) imports it."""
    inside = [f"{path.relative_to(PACKAGE)} imports {name}"
              for path in sorted((PACKAGE / "addin_build").rglob("*.py"))
              for name in _imports(path) if name.startswith("dunning")
              and not name.startswith(("dunning.core", "dunning.addin_build"))]  # fmt: skip
    users = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                   if "addin_build" not in path.parts
                   and any(name.startswith("dunning.addin_build") for name in _imports(path)))  # fmt: skip
    assert not inside, "\n".join(inside)
    assert users == ["cli_setup.py"], users


ALLOWED = {  # each package: what of the package it may import (besides itself)
    "core": (),
    "sheets": ("dunning.core", "dunning.atomic"),
    "letters": ("dunning.core", "dunning.atomic"),
    "reports": ("dunning.core", "dunning.atomic", "dunning.letters"),
    "addin_build": ("dunning.core",),
}


def test_every_package_imports_only_what_it_may() -> None:
    """core ← sheets, letters ← reports; jobs, the command line and the Excel edge sit on top; the add-in build
    apart. Letters never read a workbook (the jobs hand them a board); reports build on letters."""
    found = [f"{path.relative_to(PACKAGE)} imports {name}"
             for package, allowed in ALLOWED.items()
             for path in sorted((PACKAGE / package).rglob("*.py"))
             for name in _imports(path) if name.startswith("dunning")
             and not name.startswith((f"dunning.{package}", *allowed))]  # fmt: skip
    assert not found, "\n".join(found)


def _names_imported(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == module
            for alias in node.names}  # fmt: skip


def test_one_way_to_get_a_board() -> None:
    """Outside the core a board comes only from `jobs.board_of(values, options)`: it alone calls the core's one
    pure entry, `compute_board` (whose phases, read_table and decide_table, nothing outside the core calls)."""
    entries = {"compute_board", "read_table", "decide_table", "check_rows", "with_archive"}
    found = sorted(f"{path.relative_to(PACKAGE)}: {', '.join(sorted(used))}"
                   for path in PACKAGE.rglob("*.py") if "core" not in path.relative_to(PACKAGE).parts
                   and (used := _names_imported(path, "dunning.core.board") & entries))  # fmt: skip
    assert found == ["jobs/boards.py: compute_board"], found
    import dunning.jobs

    assert not [name for name in ("load_board", "load", "Loaded") if hasattr(dunning.jobs, name)]
