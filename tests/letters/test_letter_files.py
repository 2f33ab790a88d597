"""Letter files: names safe on Windows and honest to read, normal permissions, a relative --out
recorded where verify-archive finds it, the demo's template folder holding templates only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.letters.files import safe_name

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()


@pytest.mark.parametrize(("typed", "shown"), [
    ("HT\u202egpj.exe", "HTgpj.exe"),  # a right-to-left override would show it as HTexe.jpg
    ("HT\u200b01\u2066", "HT01"),
    ("COM¹", "_COM¹"), ("lpt²", "_lpt²"), ("CONIN$", "_CONIN$"), ("conout$.txt", "_conout$.txt"),
    ("NUL .x", "_NUL .x"), ("Con", "_Con"), ("COM10", "COM10"), ("CONSOLE", "CONSOLE"),
    ("../../x", "___x"), ("a\x7fb", "a_b"),
])  # fmt: skip
def test_names_are_safe_and_honest(typed: str, shown: str) -> None:
    assert safe_name(typed) == shown


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    return write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]])


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_letters_get_the_users_usual_permissions(book: Path) -> None:
    assert (
        runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()]).exit_code == 0
    )
    current = os.umask(0o022)
    os.umask(current)
    for letter in (book.parent / "催款函").rglob("*.docx"):
        assert letter.stat().st_mode & 0o777 == 0o666 & ~current, letter


def test_a_relative_out_folder_is_recorded_so_verify_archive_finds_it(book: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert (
        runner.invoke(
            app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--out", "函件"]
        ).exit_code
        == 0
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["verify-archive", str(book)])
    assert result.exit_code == 0, result.output


def test_the_demo_copies_only_the_templates(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    copied = sorted(p.name for p in (tmp_path / "demo" / "函件模板").iterdir())
    assert copied and all(name.endswith(".docx") for name in copied), copied


@pytest.mark.parametrize("expression", ["{{ 1/0 }}", "{% for i in range(10**9) %}x{% endfor %}", "{{ 第几次 + '元' }}"])
def test_a_template_whose_own_expression_fails_is_named(tmp_path: Path, expression: str) -> None:
    from letters_helpers import make_template

    make_templates(tmp_path / "函件模板")
    make_template(tmp_path / "函件模板" / "催款信.docx", "催款信", extra=expression)
    path = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]])
    result = runner.invoke(app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 2, result.output
    assert "催款信.docx" in result.stderr and "模板中的表达式出错" in result.stderr
    assert not list((tmp_path / "催款函").rglob("*.docx")) if (tmp_path / "催款函").exists() else True
