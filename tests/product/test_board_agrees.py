"""The board tells staff what the letters job will do (issue 20): a row whose letter is due today gets
that letter in the dry run, or the board says why not; no row is late whose letter the tool refuses for
good; a row of a contract in the lawyer's track says so, owner and action included. And a dry run meets
every refusal of the real run, with the same message."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings

import workbook_gen as gen
from dunning.core.board import Board
from dunning.core.contracts import by_contract
from dunning.core.errors import DunningError
from dunning.core.outcomes import SkipReason
from dunning.core.stages import LAWYER_TRACK
from dunning.jobs import RunOptions, board_of, letters
from dunning.letters.batch import LettersResult
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, write_workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"


def disagreements(board: Board, result: LettersResult) -> list[str]:
    """Each row the board says gets a letter today that the dry run does not make; each row the board
    holds back from its letter without saying why; each late row whose letter the tool refuses for good
    (an ordinary letter of a contract in the lawyer's track)."""
    planned = {d.sheet_row for letter in result.plan.letters for d in letter.due}
    planned |= {d.sheet_row for d in result.plan.withheld}  # a first run's: named by the run, not by the board
    wrong = []
    for rows in by_contract(board.decisions).values():
        track = [d for d in rows if d.stage in LAWYER_TRACK or (d.level is not None and d.level.needs_approval)]
        for d in rows:
            if d.letter_due and d.sheet_row not in planned:
                wrong.append(f"第{d.sheet_row}行 今日发函 but no letter: {d.why}")
            ordinary = d.level is not None and not d.level.needs_approval and d.stage not in LAWYER_TRACK
            if ordinary and track and d.late:
                wrong.append(f"第{d.sheet_row}行 late though its letter is refused: {d.why}")
            if ordinary and track and not d.inst.lawyer_approved_by and "律师函程序" not in d.why + d.next_action:
                wrong.append(f"第{d.sheet_row}行 does not say its contract is in the lawyer's track: {d.why}")
    return wrong


def test_the_sample_board_agrees_with_its_dry_run(tmp_path: Path) -> None:
    book = Path(shutil.copy(SAMPLE, tmp_path / SAMPLE.name))
    result = letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    assert disagreements(result.board, result) == []
    rows = {d.sheet_row: d for d in result.board.decisions}
    row68 = rows[68]  # 第2封催款信 of a contract whose row 67 is in the lawyer's track
    assert (row68.stage, row68.letter_due, row68.late) == ("letter", False, False)
    assert (row68.next_action, row68.owner) == ("律师函审批时一并报批", "市场部经理")
    assert "合同已进入律师函程序（第67行）" in row68.why and "已延误" not in row68.why
    skipped = [(s.reason, s.rows) for s in result.plan.skipped if s.contract == "JXHF-2026-0004"]
    assert any(68 in rows for _, rows in skipped), skipped  # the letters job says the same of it
    assert rows[104].next_action == "修正第105行后再发函" and not rows[104].letter_due


def _team_book(folder: Path, as_of: date) -> Path:
    """A contract whose 尾款 awaits the 律师函's approval while its 分期款 reached its first letter today."""
    of = gen.contract("HT20260007", "薛宝钗")
    spec = gen.book(
        as_of,
        gen.instalment(of, "分期款", 200000, as_of - timedelta(days=80), letters_sent=9,
                       last_letter=as_of - timedelta(days=20)),
        gen.instalment(of, "尾款", 300000, as_of - timedelta(days=5)),
    )  # fmt: skip
    return gen.write_book(spec, folder / "合同台账.xlsx")


def test_a_row_of_a_contract_in_the_lawyers_track_is_never_a_late_letter(tmp_path: Path) -> None:
    friday = date(2026, 11, 20)
    book = _team_book(tmp_path, friday)
    for day in (friday, friday + timedelta(days=1), friday + timedelta(days=9)):  # today and every day after
        board = board_of(read_values(book), RunOptions(as_of=day))
        pending, ordinary = board.decisions
        assert pending.stage == "lawyer_pending"
        assert ordinary.stage == "letter" and ordinary.letter_no == 1  # SPEC §4's stage and number stay
        assert not ordinary.letter_due and not ordinary.late, ordinary.why
        assert (ordinary.next_action, ordinary.owner) == ("律师函审批时一并报批", "市场部经理")
        assert f"合同已进入律师函程序（第{pending.sheet_row}行）" in ordinary.why
        assert ordinary.action_due is not None and ordinary.action_due >= day
    result = letters(book, RunOptions(as_of=friday, dry_run=True))
    assert result.plan.letters == []
    skipped = [(s.reason, [i.kind for i in s.items]) for s in result.plan.skipped]
    assert skipped == [(SkipReason.NOT_IN_LAWYER_LETTER, ["尾款"])]


@settings(max_examples=15, deadline=None)
@given(gen.books())
def test_generated_boards_agree_with_their_dry_runs(spec: gen.BookSpec) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = gen.write_book(spec, Path(folder) / "合同台账.xlsx")
        try:
            result = letters(path, RunOptions(as_of=spec.as_of, dry_run=True))
        except DunningError:
            return  # refused as a whole, with a message (another module checks it)
        assert disagreements(result.board, result) == []


# ---------------------------------------------------------------------------------------------
# --dry-run meets the real run's refusals


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env_path = str(ROOT / "addin")
    return subprocess.run([sys.executable, "-m", "dunning", *args], capture_output=True, text=True, check=False,
                          env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})  # fmt: skip


def _no_company(folder: Path) -> Path:
    today = date.today()
    rows = [["1-101", "HT-9", "张三", "首付款", 100000, 0, today - timedelta(days=5)]]
    return write_workbook(folder / "台账.xlsx", rows, header=("房号", "合同编号", "客户姓名", "款项类型", "应收金额",
                                                              "已收金额", "约定付款日期"), company=False)  # fmt: skip


def test_a_dry_run_is_refused_as_the_real_run_is_without_the_company_name(tmp_path: Path) -> None:
    book = _no_company(tmp_path)
    with pytest.raises(DunningError) as dry:
        letters(book, RunOptions(dry_run=True))
    with pytest.raises(DunningError) as real:
        letters(book, RunOptions())
    assert str(dry.value) == str(real.value) and "没有公司名称" in str(dry.value)
    dry_cli, real_cli = _cli("letters", str(book), "--dry-run"), _cli("letters", str(book))
    assert (dry_cli.returncode, dry_cli.stderr, dry_cli.stdout) == (real_cli.returncode, real_cli.stderr, "")
    assert dry_cli.returncode == 2 and "将生成" not in dry_cli.stdout


def test_a_dry_run_is_refused_as_the_real_run_is_for_an_unreadable_template(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "台账.xlsx", [["1-101", "HT-9", "张三", "首付款", 100000, 0, AS_OF - timedelta(days=5)]]
    )
    templates = tmp_path / "模板"
    shutil.copytree(ROOT / "letter_templates", templates, ignore=shutil.ignore_patterns("*.py"))
    (templates / "催款信.docx").write_bytes(b"not a docx")
    with pytest.raises(DunningError) as dry:
        letters(book, RunOptions(as_of=AS_OF, templates=templates, dry_run=True))
    with pytest.raises(DunningError) as real:
        letters(book, RunOptions(as_of=AS_OF, templates=templates, backdate=BACKDATE))
    assert str(dry.value) == str(real.value) and "催款信.docx" in str(dry.value)


def test_a_back_dated_dry_run_lists_the_refusal_it_would_meet(tmp_path: Path) -> None:
    """A dry run of a past day previews it (issue 19: a dry run dates nothing) and says the real run
    needs --backdate."""
    book = write_workbook(
        tmp_path / "台账.xlsx", [["1-101", "HT-9", "张三", "首付款", 100000, 0, AS_OF - timedelta(days=5)]]
    )
    result = letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    assert [line for kind, line in result.follow_ups() if kind == "refused"] == result.warnings
    assert (
        len(result.warnings) == 1
        and result.warnings[0].startswith("实际运行会被拒绝：")
        and "--backdate" in result.warnings[0]
    )


def test_a_refusal_is_one_line_on_stderr_once(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "台账.xlsx", [["HT-9", "张三", 100000]], header=("合同编号", "客户姓名", "应收金额")
    )
    for args in (("letters", str(book)), ("letters", str(book), "--dry-run"), ("board", str(book))):
        done = _cli(*args)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and "缺少必填列" in done.stderr, repr(done.stderr)


def test_a_dry_run_is_refused_as_the_real_run_is_while_excel_has_the_workbook_open(tmp_path: Path) -> None:
    book = write_workbook(
        tmp_path / "台账.xlsx", [["1-101", "HT-9", "张三", "首付款", 100000, 0, AS_OF - timedelta(days=5)]]
    )
    (tmp_path / "~$台账.xlsx").write_bytes(b"")
    with pytest.raises(DunningError) as dry:
        letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    with pytest.raises(DunningError) as real:
        letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert str(dry.value) == str(real.value) and "正在被 Excel 打开" in str(dry.value)


def test_an_unpaid_deposit_is_never_a_letter_due_nor_late(tmp_path: Path) -> None:
    of = gen.contract("HT20260008", "史湘云")
    spec = gen.book(AS_OF, gen.instalment(of, "定金", 20000, AS_OF - timedelta(days=9)))
    book = gen.write_book(spec, tmp_path / "合同台账.xlsx")
    result = letters(book, RunOptions(as_of=AS_OF, dry_run=True))
    (deposit,) = result.board.decisions
    assert (deposit.stage, deposit.letter_due, deposit.late) == ("letter", False, False), deposit.why
    assert deposit.next_action == "按合同约定处理定金" and "定金不发催款函" in deposit.why
    assert result.plan.letters == [] and disagreements(result.board, result) == []
