"""Saving keeps a backup of the workbook as it was, in `.dunning-backup/` beside it, and only the
last five: a supervisor who refreshes every day must not find the folder full of copies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from dunning.cli import app
from dunning.sheets.save import backup, save_atomic

from conftest import AS_OF, days, write_workbook


def version(n: int) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.active["A1"] = n  # type: ignore[index]
    return wb


def versions_kept(folder: Path, stem: str) -> list[int]:
    return sorted(openpyxl.load_workbook(p).active["A1"].value for p in folder.glob(f"{stem}.*.xlsx"))  # type: ignore[index]


def test_seven_saves_keep_the_five_latest_versions(tmp_path: Path) -> None:
    book = tmp_path / "team.xlsx"
    version(0).save(book)
    for n in range(1, 8):  # save n backs up version n - 1
        save_atomic(version(n), book)
    assert openpyxl.load_workbook(book).active["A1"].value == 7  # type: ignore[index]
    assert versions_kept(tmp_path / ".dunning-backup", "team") == [2, 3, 4, 5, 6]


def test_backup_names_carry_the_time_and_the_oldest_go(tmp_path: Path) -> None:
    book = tmp_path / "team.xlsx"
    version(0).save(book)
    for day in range(1, 8):
        backup(book, now=datetime(2026, 11, day, 9, 30))
    names = sorted(p.name for p in (tmp_path / ".dunning-backup").iterdir())
    assert names == [f"team.202611{day:02d}-093000-000000.xlsx" for day in range(3, 8)]


def test_another_workbooks_backups_are_left_alone(tmp_path: Path) -> None:
    team, other = tmp_path / "team.xlsx", tmp_path / "team2.xlsx"
    version(0).save(team)
    version(100).save(other)
    for day in range(1, 4):
        backup(other, now=datetime(2026, 11, day))
    for day in range(1, 8):
        backup(team, now=datetime(2026, 11, day))
    folder = tmp_path / ".dunning-backup"
    assert len(list(folder.glob("team2.*.xlsx"))) == 3
    assert len(list(folder.glob("team.*.xlsx"))) == 5


def test_daily_refreshes_keep_five_backups(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "team.xlsx", [["1-101", "HT1", "张三", "首付款", 100000, 0, days(-5)]])
    runner = CliRunner()
    for _ in range(6):
        result = runner.invoke(app, ["refresh", str(book), "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 0, result.output
    assert len(list((tmp_path / ".dunning-backup").glob("team.*.xlsx"))) == 5
