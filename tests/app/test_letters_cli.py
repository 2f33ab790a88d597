"""The letters commands from the command line: letters --json/--dry-run/--pdf, templates check,
verify-archive, demo."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_template, make_templates

runner = CliRunner()


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    rows = [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)], ["2", "HT2", "李四", "尾款", 1000, 0, days(-70)],
            ["3", "HT3", "王五", "尾款", None, 0, days(-3)]]  # fmt: skip
    return write_workbook(tmp_path / "b.xlsx", rows)


def test_letters_json(book: Path) -> None:
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [(g["contract_no"], g["stage"], g["letter_no"]) for g in out["generated"]] == [("HT1", "letter", 1)]
    assert Path(out["generated"][0]["file"]).is_file() and len(out["generated"][0]["sha256"]) == 64
    assert out["pending_approval"] == ["HT2"]
    assert [(s["contract_no"], s["code"], s["rows"]) for s in out["skipped"]] == [("HT3", "invalid_row", [4])]


def test_letters_dry_run_text(book: Path) -> None:
    result = runner.invoke(app, ["letters", str(book), "--as-of", AS_OF.isoformat(), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "将生成 1 封函件" in result.stdout and "HT1 张三：催款信 第1次" in result.stdout
    assert "律师函待营销副总审批 1 份：HT2" in result.stdout
    assert not (book.parent / "催款函").exists()


def test_letters_pdf_says_plainly_when_libreoffice_is_missing(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    result = runner.invoke(
        app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--pdf", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pdf"].startswith("未安装 LibreOffice")


def test_letters_pdf_says_so_when_libreoffice_makes_no_pdf(book: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """LibreOffice without Writer exits 0 and writes nothing ("source file could not be loaded")."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "soffice").write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    (bin_dir / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = runner.invoke(
        app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--pdf", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pdf"].startswith("PDF 转换失败：LibreOffice 未能打开 全部催款函_")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_letters_pdf_with_libreoffice(book: Path) -> None:
    result = runner.invoke(
        app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--pdf", "--json"]
    )
    pdf = Path(json.loads(result.stdout)["pdf"])
    assert pdf.suffix == ".pdf" and pdf.read_bytes()[:4] == b"%PDF"


def test_templates_check(tmp_path: Path) -> None:
    make_templates(tmp_path)
    ok = runner.invoke(app, ["templates", "check", str(tmp_path)])
    assert ok.exit_code == 0 and "✓ 律师函.docx" in ok.stdout and "客户姓名" in ok.stdout
    make_template(tmp_path / "坏.docx", "x", extra="{{ 客户名称 }} {{ 违约金额 }}")
    (tmp_path / "损坏.docx").write_bytes(b"PK\x03\x04 broken")
    bad = runner.invoke(app, ["templates", "check", str(tmp_path)])
    assert bad.exit_code == 1
    assert "✗ 坏.docx" in bad.stdout and "{{ 客户名称 }}、{{ 违约金额 }}" in bad.stdout
    assert "✗ 损坏.docx" in bad.stdout and "无法打开" in bad.stdout


def test_builtin_templates_pass_the_check() -> None:
    result = runner.invoke(app, ["templates", "check"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count("✓") == 6 and "✓ 付款承诺书.docx" in result.stdout  # five letters and the promise


def test_verify_archive(book: Path) -> None:
    assert (
        runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()]).exit_code == 0
    )
    good = runner.invoke(app, ["verify-archive", str(book)])
    assert good.exit_code == 0 and "核对 1 个文件，缺失 0，被改动 0" in good.stdout
    letter = next((book.parent / "催款函").rglob("HT1_*.docx"))
    letter.write_bytes(letter.read_bytes() + b"x")
    altered = runner.invoke(app, ["verify-archive", str(book)])
    assert altered.exit_code == 1 and "被改动 第2行" in altered.stdout
    letter.unlink()
    missing = runner.invoke(app, ["verify-archive", str(book)])
    assert missing.exit_code == 1 and "缺失  第2行" in missing.stdout


def test_demo(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    book = tmp_path / "demo" / "sample_contracts.xlsx"
    wb = openpyxl.load_workbook(book)
    assert {"合同执行情况", "催款规则", "催款看板", "函件归档"} <= set(wb.sheetnames)
    assert wb["函件归档"].max_row > 1
    assert (tmp_path / "demo" / "函件模板" / "律师函.docx").is_file()
    assert (
        len(list((tmp_path / "demo" / "催款函" / "sample_contracts" / "2026-11-20").glob("*.docx")))
        == wb["函件归档"].max_row
    )  # + combined


def test_message_box_summary_shortens_long_lists(book: Path) -> None:
    from dunning.excel.button import summary_text
    from dunning.jobs import RunOptions, letters

    result = letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    result.plan.pending_approval = [f"HT{i}" for i in range(25)]
    text = summary_text(result)
    assert "律师函待营销副总审批 25 份：HT0、" in text and "HT9 等 25 份" in text and "HT10" not in text
    assert "跳过 HT3：第4行数据有误" in text


def test_a_dry_run_plans_but_generates_nothing(book: Path) -> None:
    """`generated` means made, on every run: a dry run lists its letters under `planned` only."""
    out = json.loads(
        runner.invoke(app, ["letters", str(book), "--as-of", AS_OF.isoformat(), "--dry-run", "--json"]).stdout
    )
    assert out["generated"] == [] and out["dry_run"] is True
    assert [(p["contract_no"], p["stage"], p["letter_no"]) for p in out["planned"]] == [("HT1", "letter", 1)]
    made = json.loads(
        runner.invoke(
            app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"]
        ).stdout
    )
    assert [Path(g["file"]).name for g in made["generated"]] == [Path(p["file"]).name for p in out["planned"]]
