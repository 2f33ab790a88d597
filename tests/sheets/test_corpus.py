"""The corpus of awkward workbooks (tests/data, made by make_corpus.py): each has one defined outcome,
a board or one clear message, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()

# file → the board's (sheet row, stage) pairs, or the message it must give
OUTCOMES: dict[str, list[tuple[int, str]] | str] = {
    "no_header.xlsx": "前30行中没有可识别的表头",
    "duplicate_headers.xlsx": "E列「应收金额」和I列「应交金额」都是应收金额",
    "merged_header.xlsx": [(3, "letter"), (4, "settled"), (5, "reminder")],
    "header_row7.xlsx": [(8, "letter"), (9, "settled"), (10, "reminder")],
    "hidden_rows_and_sheets.xlsx": [(2, "letter"), (3, "settled"), (4, "reminder")],
    "formula_errors.xlsx": [(2, "invalid"), (3, "invalid"), (4, "reminder")],
    "fullwidth_and_spaces.xlsx": [(2, "letter"), (3, "settled")],
    "date1904.xlsx": [(2, "letter"), (3, "not_due")],
    "legacy.xls": [(2, "letter"), (3, "settled"), (4, "reminder")],
    "table.csv": "是文本（CSV）文件，不是工作簿",
    "not_a_workbook.xlsx": "不是可读取的 Excel 工作簿",
    "password.xlsx": "工作簿有密码保护",
}


def test_every_corpus_file_has_an_outcome() -> None:
    files = {p.name for p in DATA.iterdir() if p.suffix in (".xlsx", ".xls", ".csv")}
    assert files == set(OUTCOMES)


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_board(name: str) -> None:
    result = runner.invoke(app, ["board", str(DATA / name), "--as-of", "2026-11-20", "--json"])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    expected = OUTCOMES[name]
    if isinstance(expected, str):
        assert result.exit_code == 2
        assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    else:
        assert result.exit_code == 0, result.output
        assert [(r["sheet_row"], r["stage"]) for r in json.loads(result.stdout)] == expected


def test_corpus_details() -> None:
    rows = {name: json.loads(runner.invoke(app, ["board", str(DATA / name), "--as-of", "2026-11-20", "--json"]).stdout)
            for name in ("formula_errors.xlsx", "fullwidth_and_spaces.xlsx", "date1904.xlsx")}  # fmt: skip
    assert rows["formula_errors.xlsx"][0]["problems"] == ['应收金额: Excel 错误 "#N/A"']
    assert rows["formula_errors.xlsx"][1]["problems"] == ['约定付款日期: Excel 错误 "#VALUE!"']
    full = rows["fullwidth_and_spaces.xlsx"][0]
    assert (full["contract_no"], full["customer"], full["outstanding"], full["due_date"]) == (
        "HT001", "张三", "100000.00", "2026-10-04")  # fmt: skip
    assert rows["date1904.xlsx"][1]["due_date"] == "2027-11-20"  # a serial number in the 1904 date system


@pytest.mark.parametrize("name", [n for n, o in OUTCOMES.items() if not isinstance(o, str)])
def test_refresh_and_letters(tmp_path: Path, name: str) -> None:
    copy = tmp_path / name
    shutil.copyfile(DATA / name, copy)
    for command in (["refresh", str(copy)], ["letters", str(copy), "--dry-run"]):
        result = runner.invoke(app, [*command, "--as-of", "2026-11-20"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if name.endswith(".xls"):  # a dry run meets the real run's refusals (issue 20)
            assert result.exit_code == 2 and "只能更新 .xlsx 工作簿" in result.stderr
        elif command[0] == "letters":  # the corpus names no company: the real run's refusal, after reading it all
            assert result.exit_code == 2 and "没有公司名称" in result.stderr, result.output
        else:
            assert result.exit_code == 0, result.output
