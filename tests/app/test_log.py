"""The product's log beside the workbook's backups: what each writing run did, and failures with their cause."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.log import close, log_file, setup

from conftest import BACKDATE

SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _release() -> None:
    yield
    close()


def test_a_refresh_and_a_letters_run_are_logged_beside_the_backups(tmp_path: Path) -> None:
    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    assert runner.invoke(app, ["refresh", str(book)]).exit_code == 0
    assert runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE]).exit_code == 0
    text = log_file(book).read_text(encoding="utf-8")
    assert log_file(book).parent == tmp_path / ".dunning-backup"
    assert f"dunning refresh {book}" in text and "refresh 2026-11-20: 303 rows" in text
    assert "letters 2026-11-20: 26 made" in text and "JXHF-2026-0037" in text
    assert "backup " in text  # each save's backup is named


def test_a_refusal_is_logged_with_its_reason(tmp_path: Path) -> None:
    from conftest import days, write_workbook

    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], company=False)
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", "2026-11-20"])
    assert result.exit_code == 2
    assert "未执行：「催款规则」中没有公司名称" in log_file(book).read_text(encoding="utf-8")


def test_a_dry_run_and_the_board_write_no_log(tmp_path: Path) -> None:
    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    assert runner.invoke(app, ["board", str(book), "--json"]).exit_code == 0
    assert runner.invoke(app, ["letters", str(book), "--dry-run"]).exit_code == 0
    assert not (tmp_path / ".dunning-backup").exists()


def test_one_handler_per_workbook_and_none_where_the_folder_cannot_be_made(tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    assert setup(book) == setup(book) == log_file(book)
    handlers = [h for h in logging.getLogger("dunning").handlers if isinstance(h, logging.FileHandler)]
    assert len(handlers) == 1
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert setup(blocked / "sub" / "b.xlsx") is None  # its folder's parent is a file
    assert not [h for h in logging.getLogger("dunning").handlers if isinstance(h, logging.FileHandler)]
