"""One run at a time: the lock file, other programs' lock files, concurrent real processes; a future
as-of date; new tracking columns after every used column; the error log."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.run_lock import Busy, lock_path, run_lock

from conftest import AS_OF, BACKDATE, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
ADDIN = Path(__file__).resolve().parents[2] / "addin"


def this_tree() -> dict[str, str]:
    """The environment for a child process that must run this tree's code, whatever is installed."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ADDIN), os.environ.get("PYTHONPATH")]))}


@pytest.fixture
def book(tmp_path: Path) -> Path:
    make_templates(tmp_path / "函件模板")
    rows = [[str(i), f"HT{i}", f"客户{i}", "首付款", 1000, 0, days(-3)] for i in range(1, 13)]
    return write_workbook(tmp_path / "b.xlsx", rows)


def test_a_second_run_is_refused_naming_who_holds_the_workbook(book: Path) -> None:
    with run_lock(book, command="letters"):
        holder = json.loads(lock_path(book).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid() and holder["host"] == socket.gethostname()
        result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 2
        assert "正由" in result.stderr and f"进程 {os.getpid()}" in result.stderr and "letters" in result.stderr
    assert not lock_path(book).exists()
    assert not (book.parent / "催款函").exists()


def test_a_lock_file_no_process_holds_is_no_lock(book: Path) -> None:
    """What a killed run leaves: the file and its text, but the system released the lock with the process."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock_path(book).write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(),
                                           "started": datetime.now().isoformat()}), encoding="utf-8")  # fmt: skip
    with run_lock(book):
        assert json.loads(lock_path(book).read_text(encoding="utf-8"))["pid"] == os.getpid()
    assert not lock_path(book).exists()


HOLD = """
import sys, time
from pathlib import Path
from dunning.run_lock import lock_path, run_lock
book = Path(sys.argv[1])
if sys.argv[2] == "silent":  # the lock taken, its text not yet written
    import fcntl, os
    handle = os.open(lock_path(book), os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(handle, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(60)
with run_lock(book, command="letters"):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.mark.parametrize("how", ["named", "silent"])
def test_a_lock_another_process_holds_is_respected_even_before_it_says_who(book: Path, how: str) -> None:
    if how == "silent" and os.name != "posix":
        pytest.skip("the silent holder uses flock")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(book), how], stdout=subprocess.PIPE, text=True,
                              env=this_tree())  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Busy, match="正由") as caught, run_lock(book):
            pass
        if how == "named":
            assert f"进程 {holder.pid}" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
    with run_lock(book):  # released by the system when the holder died
        pass


def _alias(real: Path, how: str) -> Path:
    """Another name for `real` (in tmp/a/): a link to it, a path through a linked folder, one with `..`."""
    tmp = real.parent.parent
    if how == "link":
        (tmp / "b").mkdir()
        (tmp / "b" / real.name).symlink_to(real)
        return tmp / "b" / real.name
    if how == "linked folder":
        (tmp / "c").symlink_to(real.parent, target_is_directory=True)
        return tmp / "c" / real.name
    (real.parent / "x").mkdir()
    return real.parent / "x" / ".." / real.name


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("how", ["link", "linked folder", "dotdot"])
def test_a_run_through_another_name_of_the_workbook_is_refused_while_it_is_held(tmp_path: Path, how: str) -> None:
    real = tmp_path / "a" / "台账.xlsx"
    real.parent.mkdir()
    make_templates(real.parent / "函件模板")
    write_workbook(real, [["1", "HT1", "客户1", "首付款", 1000, 0, days(-3)]])
    alias = _alias(real, how)
    assert lock_path(alias) == lock_path(real) == real.parent / ".~dunning.台账.xlsx.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(real), "named"], stdout=subprocess.PIPE, text=True,
                              env=this_tree())  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Busy, match=f"进程 {holder.pid}"), run_lock(alias):
            pass
        result = runner.invoke(app, ["letters", str(alias), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
        assert result.exit_code == 2 and "正由" in result.stderr, result.output
    finally:
        holder.kill()
        holder.wait()
    assert not list(tmp_path.rglob("HT1*.docx"))


def test_many_processes_racing_for_the_lock_never_both_hold_it(tmp_path: Path) -> None:
    """Processes released together by a barrier, each recording when it held the lock: no overlap."""
    book = tmp_path / "b.xlsx"
    book.write_bytes(b"")
    race = """
import sys, time
from pathlib import Path
from dunning.run_lock import Busy, run_lock
book, start = Path(sys.argv[1]), float(sys.argv[2])
while time.time() < start:
    pass
try:
    with run_lock(book):
        begin = time.time(); time.sleep(0.05); print(begin, time.time())
except Busy:
    print("busy")
"""
    for _ in range(10):
        start = time.time() + 0.5
        runs = [subprocess.Popen([sys.executable, "-c", race, str(book), str(start)], stdout=subprocess.PIPE, text=True,
                                 env=this_tree()) for _ in range(4)]  # fmt: skip
        spans = []
        for run in runs:
            out = run.communicate(timeout=60)[0].strip()
            if out != "busy":
                begin, end = map(float, out.split())
                spans.append((begin, end))
        spans.sort()
        assert spans, "nobody got the lock"
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), spans


@pytest.mark.parametrize("lock", ["~$b.xlsx", ".~lock.b.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_not_written(book: Path, lock: str) -> None:
    (book.parent / lock).write_text("owner")
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 2 and "正在被" in result.stderr and lock in result.stderr
    assert not (book.parent / "催款函").exists()


def test_concurrent_runs_make_each_letter_once(book: Path) -> None:
    """Real processes started together: every letter archived exactly once, whoever wins."""
    command = [
        sys.executable,
        "-m",
        "dunning",
        "letters",
        str(book),
        "--backdate",
        BACKDATE,
        "--as-of",
        AS_OF.isoformat(),
    ]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=this_tree())
        for _ in range(4)
    ]
    outcomes = [(run.wait(timeout=300), run.stderr.read()) for run in runs if run.stderr]  # type: ignore[union-attr]
    assert all(code == 0 or (code == 2 and "正由" in err) for code, err in outcomes), outcomes
    assert any(code == 0 for code, _ in outcomes)
    archive = openpyxl.load_workbook(book)["函件归档"]
    contracts = [row[2] for row in archive.iter_rows(min_row=2, values_only=True)]
    assert sorted(contracts) == sorted(f"HT{i}" for i in range(1, 13)), contracts
    letters = list((book.parent / "催款函" / book.stem / AS_OF.isoformat()).glob("HT*.docx"))
    assert len(letters) == 12


def test_letters_dated_well_after_today_need_the_future_flag(book: Path) -> None:
    later = date.today() + timedelta(days=30)
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", later.isoformat()])
    assert result.exit_code == 2 and "--future" in result.stderr and "请核对基准日和电脑日期" in result.stderr
    assert not (book.parent / "催款函").exists()
    assert (
        runner.invoke(
            app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", later.isoformat(), "--dry-run"]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", later.isoformat(), "--future"]
        ).exit_code
        == 0
    )


def test_new_tracking_columns_go_after_every_used_column(tmp_path: Path) -> None:
    """A phone number in a column without a header must not be overwritten by a tracking column."""
    make_templates(tmp_path / "函件模板")
    header = ("合同编号", "客户姓名", "应收金额", "约定付款日期")
    path = write_workbook(tmp_path / "t.xlsx", [["HT1", "张三", 1000, days(-3)]], header=header)
    wb = openpyxl.load_workbook(path)
    ws = wb["合同执行情况"]
    ws.cell(2, 6, "13900000000")  # column F, no header; E is empty
    wb.save(path)
    assert (
        runner.invoke(app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()]).exit_code == 0
    )
    ws = openpyxl.load_workbook(path)["合同执行情况"]
    assert ws.cell(2, 6).value == "13900000000"
    assert [ws.cell(1, c).value for c in (7, 8)] == ["已发催款信次数", "最近催款信日期"]
    assert ws.cell(2, 7).value == 1


def test_an_internal_error_log_is_a_new_private_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    import dunning.cli as cli

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    planted = tmp_path / "dunning-error.log"
    target = tmp_path / "victim.txt"
    target.write_text("keep")
    planted.symlink_to(target)

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit):
        cli.main()
    assert target.read_text() == "keep"
    (log,) = tmp_path.glob("dunning-error-*.log")
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")
    if os.name == "posix":
        assert log.stat().st_mode & 0o777 == 0o600


def test_two_contracts_whose_names_differ_only_by_case_or_slash_get_two_files(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    rows = [["1", "JX/01", "张三", "首付款", 1000, 0, days(-3)], ["2", "jx_01", "李四", "首付款", 2000, 0, days(-3)]]
    path = write_workbook(tmp_path / "c.xlsx", rows)
    result = runner.invoke(app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    files = [Path(g["file"]) for g in json.loads(result.stdout)["generated"]]
    assert len({f.name.casefold() for f in files}) == 2
    import docx

    texts = ["\n".join(p.text for p in docx.Document(str(f)).paragraphs) for f in files]
    assert "张三" in texts[0] and "李四" in texts[1]


def test_a_same_day_rerun_never_overwrites_an_archived_letter(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    path = write_workbook(tmp_path / "c.xlsx", [["1", "JX/01", "张三", "首付款", 1000, 0, days(-3)]])
    first = json.loads(
        runner.invoke(
            app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"]
        ).stdout
    )
    (archived,) = [Path(g["file"]) for g in first["generated"]]
    before = archived.read_bytes()
    wb = openpyxl.load_workbook(path)
    wb["合同执行情况"].append(["2", "JX_01", "李四", "首付款", 2000, 0, days(-3)])
    wb.save(path)
    second = json.loads(
        runner.invoke(
            app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"]
        ).stdout
    )
    (new,) = [Path(g["file"]) for g in second["generated"]]
    assert new != archived and archived.read_bytes() == before
    assert runner.invoke(app, ["verify-archive", str(path)]).exit_code == 0


def test_a_letter_a_crashed_run_left_unrecorded_is_moved_aside_and_reported(book: Path) -> None:
    folder = book.parent / "催款函" / book.stem / AS_OF.isoformat()
    folder.mkdir(parents=True)
    (folder.parent / ".dunning-owner").write_text(book.name, encoding="utf-8")  # a run of this workbook left it
    (folder / "HT99_催款信_第1次.docx").write_bytes(b"left by a run killed before its save")
    (folder / "HT1_催款信_第1次.docx").write_bytes(b"the same letter, left by a killed run")
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["set_aside"] == [str(folder / "未登记" / "HT99_催款信_第1次.docx")]
    assert (folder / "未登记" / "HT99_催款信_第1次.docx").read_bytes() == b"left by a run killed before its save"
    assert not (folder / "HT99_催款信_第1次.docx").exists()
    assert (folder / "HT1_催款信_第1次.docx").read_bytes().startswith(b"PK")  # made again, not set aside
    text = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()]).stdout
    assert "未登记" not in text  # nothing left to move on the rerun


def test_a_tracking_cell_the_save_would_refuse_stops_the_run_before_any_letter(tmp_path: Path) -> None:
    import xlsxwriter

    make_templates(tmp_path / "函件模板")
    path = tmp_path / "t.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("合同执行情况")
    ws.write_row(0, 0, ["合同编号", "客户姓名", "应收金额", "约定付款日期", "已发催款信次数", "最近催款信日期"])
    ws.write_row(1, 0, ["HT1", "张三", 1000, days(-3).isoformat()])
    ws.write_formula(1, 4, "=0*1", None, 0)  # a count kept as a formula: writing it would lose the formula
    rules = wb.add_worksheet("催款规则")
    rules.write_row(0, 0, ["参数", "值"])
    rules.write_row(1, 0, ["公司名称", "锦绣华府置业有限公司"])
    wb.close()
    result = runner.invoke(app, ["letters", str(path), "--backdate", BACKDATE, "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 2, result.output
    assert "公式" in result.stderr and "E2" in result.stderr
    assert not list(tmp_path.rglob("HT1*.docx"))
