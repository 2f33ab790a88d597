"""One `RunOptions` for every job: each job takes the workbook and one RunOptions (no option as a loose keyword),
and every flag of the command line lands in the RunOptions the job receives — shown by real dry runs of
`dunning letters` on a real .xlsx, each flag taken away in turn changing what the job did."""

from __future__ import annotations

import inspect
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

import dunning.jobs as jobs
from dunning.cli import app
from dunning.core.run_options import RunOptions
from dunning.letters.batch import letters_job
from dunning.letters.templates import builtin_templates
from dunning.sheets.reader import read_values

from conftest import BACKDATE, write_workbook

runner = CliRunner()
OPTION_NAMES = {f.name for f in fields(RunOptions)}
JOBS: list[Callable[..., object]] = [
    jobs.board_of,
    jobs.today,
    jobs.refresh,
    jobs.letters,
    jobs.approvals,
    jobs.major_arrears,
    jobs.handovers,
    letters_job,
]


@pytest.mark.parametrize("job", JOBS, ids=lambda job: job.__name__)
def test_every_job_takes_one_run_options_and_no_option_loose(job: Callable[..., object]) -> None:
    parameters = inspect.signature(job, eval_str=True).parameters
    assert parameters["options"].annotation is RunOptions
    assert parameters["options"].default is inspect.Parameter.empty  # asked for, never assumed
    assert not OPTION_NAMES & set(parameters), sorted(OPTION_NAMES & set(parameters))


def test_no_public_job_takes_an_option_as_a_keyword_of_its_own() -> None:
    loose = {name: sorted(OPTION_NAMES & set(inspect.signature(thing).parameters))
             for name in jobs.__all__ if inspect.isfunction(thing := getattr(jobs, name))}  # fmt: skip
    assert not {name: found for name, found in loose.items() if found}
    gone = ("load_board", "load", "Loaded", "letters_file", "refresh_file", "LetterOptions")
    assert not [name for name in gone if hasattr(jobs, name)]
    assert not hasattr(__import__("dunning.letters.batch").letters.batch, "LetterOptions")


def _modify_password(path: Path) -> None:
    """A modify-password file, as Excel writes one: a headless save would drop the password (--force goes on)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sharing = b'<fileSharing userName="lina" algorithmName="SHA-512" hashValue="abc=" saltValue="def=" spinCount="1"/>'
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<workbookPr", sharing + b"<workbookPr", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _team_book(folder: Path, as_of: date) -> Path:
    """A first run (no letter history): HT-01 long overdue (withheld unless --no-prior-letters), HT-03's first
    letter due, HT-04 due in 10 days (a reminder under 阶梯催收 only); a modify password; beside it a 函件模板
    folder whose template cannot be opened (so the run needs --templates)."""
    rows = [["1-101", "HT-01", "王五", "首付款", 200000, 0, as_of - timedelta(days=45)],
            ["1-102", "HT-03", "钱七", "首付款", 120000, 0, as_of - timedelta(days=2)],
            ["1-103", "HT-04", "孙八", "尾款", 90000, 0, as_of + timedelta(days=10)]]  # fmt: skip
    book = write_workbook(folder / "台账.xlsx", rows)
    _modify_password(book)
    (folder / "函件模板").mkdir()
    for name in ("催款信.docx", "付款提示函.docx", "预先提醒.docx"):
        (folder / "函件模板" / name).write_bytes(b"not a docx")
    return book


def _run(book: Path, flags: dict[str, list[str]], *without: str) -> Result:
    args = [part for flag, values in flags.items() if flag not in without for part in (flag, *values)]
    return runner.invoke(app, ["letters", str(book), "--json", *args])


def _shown(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.output
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def test_every_flag_of_letters_lands_in_the_options_the_job_receives(tmp_path: Path) -> None:
    as_of = date.today() - timedelta(days=10)  # more than 3 days back: the real run needs --backdate
    book = _team_book(tmp_path, as_of)
    chosen = tmp_path / "选用模板"
    shutil.copytree(builtin_templates(), chosen, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    out = tmp_path / "寄出"
    flags = {"--as-of": [as_of.isoformat()], "--rules": ["阶梯催收"], "--out": [str(out)], "--templates": [str(chosen)],
             "--backdate": [BACKDATE], "--no-prior-letters": [], "--force": [], "--dry-run": []}  # fmt: skip
    before = book.read_bytes()

    every = _shown(_run(book, flags))
    assert every["dry_run"] is True and every["generated"] == [] and book.read_bytes() == before  # --dry-run
    assert every["folder"] == str(out / "台账" / as_of.isoformat())  # --out, --as-of
    assert every["warnings"] == []  # --backdate: the back-dating is not listed as a refusal
    assert every["no_prior_letters_rows"] == [2] and every["withheld_rows"] == []  # --no-prior-letters
    planned = every["planned"]
    assert isinstance(planned, list)
    assert [(p["contract_no"], p["stage"]) for p in planned] == [  # --rules 阶梯催收: its levels, its reminder
        ("HT-01", "letter_3"), ("HT-03", "letter_1"), ("HT-04", "reminder")]  # fmt: skip

    assert not str(_shown(_run(book, flags, "--out"))["folder"]).startswith(str(out))
    assert not str(_shown(_run(book, flags, "--as-of"))["folder"]).endswith(as_of.isoformat())
    assert "--backdate" in str(_shown(_run(book, flags, "--backdate"))["warnings"])
    assert _shown(_run(book, flags, "--no-prior-letters"))["withheld_rows"] == [2]
    ladder = _shown(_run(book, flags, "--rules"))["planned"]
    assert isinstance(ladder, list) and [p["stage"] for p in ladder] == ["letter", "letter"]
    unforced = _run(book, flags, "--force")
    assert unforced.exit_code == 2 and "修改权限密码" in unforced.stderr and "--force" in unforced.stderr
    beside = _run(book, flags, "--templates")  # 函件模板 beside the workbook: cannot be opened
    assert beside.exit_code == 2 and "函件模板" in beside.stderr
    made = _shown(_run(book, flags, "--dry-run"))  # the real run: letters made and archived
    assert made["dry_run"] is False and len(made["generated"]) == 3  # type: ignore[arg-type]
    assert all(Path(str(g["file"])).is_file() for g in made["generated"])  # type: ignore[attr-defined]


def test_the_future_flag_lands_in_the_options_the_job_receives(tmp_path: Path) -> None:
    ahead = date.today() + timedelta(days=10)
    book = write_workbook(tmp_path / "台账.xlsx", [["1-101", "HT-01", "王五", "首付款", 200000, 0, ahead]])
    dated = ["--as-of", ahead.isoformat(), "--dry-run"]
    assert _shown(runner.invoke(app, ["letters", str(book), "--json", *dated, "--future"]))["warnings"] == []
    refused = _shown(runner.invoke(app, ["letters", str(book), "--json", *dated]))["warnings"]
    assert "--future" in str(refused)


def test_the_flags_of_refresh_land_in_its_options(tmp_path: Path) -> None:
    as_of = date(2026, 11, 20)
    book = _team_book(tmp_path, as_of)
    refused = runner.invoke(app, ["refresh", str(book), "--as-of", as_of.isoformat()])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    done = runner.invoke(app, ["refresh", str(book), "--as-of", as_of.isoformat(), "--rules", "阶梯催收", "--force"])
    assert done.exit_code == 0 and f"基准日 {as_of.isoformat()}" in done.stdout
    shown = [row for row in openpyxl.load_workbook(book)["催款看板"].iter_rows(values_only=True) if "HT-04" in row]
    assert len(shown) == 1 and "预先提醒" in shown[0]  # 阶梯催收's reminder, 20 days ahead
    default = {d.inst.contract_no: d for d in jobs.board_of(read_values(book), RunOptions(as_of=as_of)).decisions}
    assert default["HT-04"].stage_label == "未到期"  # under 默认 no reminder yet: the one above was the flag's
