"""Saving the workbook: a symbolic link stays a link, another workbook's save in the same folder is
left alone, backups are matched by exact name."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.sheets.save import backup

from conftest import AS_OF, BACKDATE, days, write_workbook

runner = CliRunner()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_linked_workbook_is_written_where_the_link_points(tmp_path: Path) -> None:
    shared = tmp_path / "共享盘"
    shared.mkdir()
    real = write_workbook(shared / "台账.xlsx", [["1-101", "HT1", "张三", "首付款", 1000, 0, days(-5)]])
    link = tmp_path / "台账.xlsx"
    link.symlink_to(real)
    result = runner.invoke(app, ["refresh", str(link), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "催款看板" in openpyxl.load_workbook(real).sheetnames


def test_another_workbooks_unfinished_save_is_not_removed(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "a.xlsx", [["1-101", "HT1", "张三", "首付款", 1000, 0, days(-5)]])
    theirs = tmp_path / ".~dunning-b.xlsx.k3j2h1.xlsx"  # b.xlsx's save, in progress
    theirs.write_bytes(b"in progress")
    left = tmp_path / ".~dunning-a.xlsx.zz9.xlsx"  # a.xlsx's own, left by a killed save
    left.write_bytes(b"killed")
    assert runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()]).exit_code == 0
    assert theirs.exists() and not left.exists()


def test_a_dotted_sibling_workbooks_backups_do_not_evict_this_ones(tmp_path: Path) -> None:
    team, sibling = tmp_path / "台账.xlsx", tmp_path / "台账.旧.xlsx"
    for path in (team, sibling):
        openpyxl.Workbook().save(path)
    made = backup(team, now=datetime(2026, 11, 1))
    for day in range(2, 9):
        backup(sibling, now=datetime(2026, 11, day))
    assert made.exists()
    assert len(list((tmp_path / ".dunning-backup").glob("台账.旧.*.xlsx"))) == 5


def test_a_killed_saves_temporary_goes_even_when_nothing_is_saved(tmp_path: Path) -> None:
    from letters_helpers import make_templates

    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "a.xlsx", [["1-101", "HT1", "张三", "首付款", 1000, 1000, days(-5)]])  # settled
    left = tmp_path / ".~dunning-a.xlsx.k1ll3d.xlsx"
    left.write_bytes(b"a save killed midway")
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    assert not left.exists()
