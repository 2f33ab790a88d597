"""A rate of 0 writes no late-fee sentence (no 每日0%…违约金已达¥0.00), and `dunning init` writes the
SPEC's default rate, not 0 (issue 19)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.rules_sheet import load_rules
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, COMPANY, days, write_workbook
from letters_helpers import letter_text

runner = CliRunner()
SHIPPED = Path(__file__).resolve().parents[2] / "letter_templates"


def test_init_writes_the_default_daily_rate(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "台账.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], company=False)
    assert runner.invoke(app, ["init", str(book)]).exit_code == 0
    assert load_rules(read_values(book).sheets["催款规则"]).params.daily_rate == Decimal("0.0005")


def test_a_zero_rate_leaves_the_late_fee_out_of_every_letter(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED, tmp_path / "函件模板", ignore=shutil.ignore_patterns("*.py"))
    rows = [
        ["1-101", "HT1", "张三", "首付款", 100000, 0, days(-10)],
        ["1-102", "HT2", "李四", "首付款", 100000, 0, days(-30), "", 3, days(-8)],
        ["1-103", "HT3", "王五", "首付款", 100000, 0, days(-50), "", 7, days(-8)],
        ["1-104", "HT4", "赵六", "尾款", 100000, 0, days(2)],
    ]
    rules = [["参数", "值"], *COMPANY, ["违约金日利率", 0]]
    book = write_workbook(tmp_path / "台账.xlsx", rows, rules=rules)
    made = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
    assert made.exit_code == 0, made.output
    letters = sorted((tmp_path / "催款函").rglob("*.docx"))
    assert len(letters) == 5  # four letters and the run's combined file
    for path in letters:
        text = letter_text(path)
        assert "0%" not in text and "违约金已达" not in text and "违约金为" not in text, path.name
        assert "计收违约金" not in text and "违约金已达¥0.00" not in text, path.name
