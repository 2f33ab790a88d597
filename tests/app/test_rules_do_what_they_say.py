"""The rules sheet does what it says (issue 20): `dunning init` writes the parameters and an empty ladder
table, the default ladder below it only as an example, so editing a parameter changes the board; a ladder
she fills in wins, and a parameter that disagrees with it is named by row and the level's 名称; no message
shows her an internal stage or level code."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

import workbook_gen as gen
from dunning.cli import app
from dunning.core.board import Board
from dunning.core.errors import DunningError
from dunning.core.messages import skip_text
from dunning.core.outcomes import SkipReason
from dunning.core.rules import Params, default_ladder, graded_ladder
from dunning.core.rules_sheet import LADDER_HEADER, load_rules
from dunning.core.stages import BY_CODE
from dunning.jobs import RunOptions, board_of, letters
from dunning.letters.plan import plan_letters
from dunning.sheets.reader import read_values
from dunning.sheets.rules_layout import rules_layout

from conftest import AS_OF, days, write_workbook
from letters_helpers import make_templates

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
TITLE = [["锦绣华府项目 合同执行情况表"], ["制表：销售部　　单位：元"]]  # the rows a team keeps above its header
CODES = {*BY_CODE, *(lv.code for lv in (*default_ladder(Params()), *graded_ladder(Params())))}
_CODE = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(sorted(CODES, key=len, reverse=True)) + r")(?![A-Za-z0-9_])")


def team_book(folder: Path) -> Path:
    """A team's own sheet (title rows above the header), one letter sent 8 days ago, then `dunning init`."""
    rows = [["1-101", "HT2026001", "张三", "首付款", 300000, 0, days(-20), "李四", 1, days(-8)],
            ["1-102", "HT2026002", "王五", "分期款", 120000, 0, days(5), "李四"]]  # fmt: skip
    book = write_workbook(folder / "合同台账.xlsx", rows, above=TITLE, company=False)
    added = runner.invoke(app, ["init", str(book)])
    assert added.exit_code == 0, added.output
    return book


def set_parameter(book: Path, name: str, value: object) -> int:
    """Her edit of 催款规则: the parameter's value; its row."""
    wb = openpyxl.load_workbook(book)
    ws = wb["催款规则"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == name)
    ws.cell(row, 2, value)
    wb.save(book)
    return row


def rules_cells(book: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(book)["催款规则"]
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def header_row(cells: list[list[object]]) -> int:
    """The 1-based row of the ladder table's header."""
    return next(i for i, row in enumerate(cells, start=1) if row[: len(LADDER_HEADER)] == list(LADDER_HEADER))


def test_init_leaves_the_ladder_empty_and_shows_the_preset_as_an_example(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    cells = rules_cells(book)
    header = header_row(cells)
    assert not any(cells[header]), "the ladder table has no rows"
    note = next(i for i, row in enumerate(cells, start=1) if str(row[0] or "").startswith("示例"))
    assert note > header + 1 and "复制到上面的阶梯表并修改才生效" in str(cells[note - 1][0])
    assert [row[1] for row in cells[note : note + 3]] == ["预先提醒", "催款信", "律师函"]  # the example, shown
    rules = load_rules(read_values(book).sheets["催款规则"])
    assert rules.source == "默认"  # the example is not read as the ladder


def test_editing_the_letter_interval_on_an_initd_workbook_changes_the_board(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    before = next(
        d for d in board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions if d.inst.contract_no == "HT2026001"
    )
    assert before.stage == "letter" and before.action_due == days(-1)  # the letter of 8 days ago + 7
    set_parameter(book, "催款信间隔天数", 10)
    after = next(
        d for d in board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions if d.inst.contract_no == "HT2026001"
    )
    assert after.action_due == days(2) and not after.letter_due  # + 10: not yet
    set_parameter(book, "提前提醒天数", 5)
    soon = next(
        d for d in board_of(read_values(book), RunOptions(as_of=AS_OF)).decisions if d.inst.contract_no == "HT2026002"
    )
    assert soon.stage == "reminder"  # due in 5 days: reminded from 5 days before


def fill_ladder(book: Path, *, from_example: bool = True) -> int:
    """She copies the example's rows into the ladder table (under its header); the header's row."""
    wb = openpyxl.load_workbook(book)
    ws = wb["催款规则"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "级别代码")
    note = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("示例"))
    for offset in range(3 if from_example else 0):
        for column in range(1, len(LADDER_HEADER) + 1):
            ws.cell(header + 1 + offset, column, ws.cell(note + 1 + offset, column).value)
    ws.cell(header + 2, 2, "第一封催款信")  # her own name for the letter level
    wb.save(book)
    return header


def test_a_filled_ladder_wins_and_a_disagreeing_parameter_is_named_in_chinese(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    header = fill_ladder(book)
    rules = load_rules(read_values(book).sheets["催款规则"])
    assert rules.source == "规则表阶梯" and rules.levels[1].label == "第一封催款信"

    row = set_parameter(book, "催款信间隔天数", 10)
    refused = runner.invoke(app, ["board", str(book), "--as-of", AS_OF.isoformat()])
    assert refused.exit_code != 0
    message = " ".join(refused.stderr.split())
    assert (
        f"催款规则 第{row}行：参数 催款信间隔天数=10 与阶梯表「第一封催款信」（第{header + 2}行）的 重复间隔天数 7 不一致："
        "改成一致，或清空阶梯表（用参数）"
    ) in message, message
    assert not _CODE.search(refused.output), refused.output


def test_the_example_is_never_read_even_when_edited_or_touching_the_ladder(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    wb = openpyxl.load_workbook(book)
    ws = wb["催款规则"]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "级别代码")
    note = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("示例"))
    ws.cell(note + 2, 7, "七")  # nonsense in the example: not read, so not refused
    for r in range(header + 1, note):  # her ladder fills every row down to the example's note
        ws.cell(r, 1, f"l{r}")
        for column, value in enumerate(("催款信", r - header, "日", "到期日", "催款信", None, "否"), start=2):
            ws.cell(r, column, value)
    wb.save(book)
    rules = load_rules(read_values(book).sheets["催款规则"])
    assert [lv.code for lv in rules.levels] == [f"l{r}" for r in range(header + 1, note)]


def test_the_headings_say_what_is_true(tmp_path: Path) -> None:
    heading = str(next(c.value for c in rules_layout().cells if (c.row, c.column) == (1, 1)))
    sample = openpyxl.load_workbook(SAMPLE, read_only=True)["催款规则"]
    sample_heading = str(next(sample.iter_rows(max_row=1, values_only=True))[0])
    for text in (heading, sample_heading):
        assert "改这里的数字即可改变看板" not in text
        assert "改参数即可改变看板" in text and "填了下面的阶梯表时以阶梯表为准" in text
    sample_rules = load_rules(read_values(SAMPLE).sheets["催款规则"])
    assert sample_rules.source == "默认"  # the sample's ladder table is empty too: its parameters apply


# ---------------------------------------------------------------------------------------------
# No message shows an internal code: the board's why, action and owner texts, the letters' skip reasons
# and follow-ups (the button's message box), the command line's text output, and the rules' refusals.
# The JSON `stage` field, her ladder's 级别代码 column and 函件归档's 级别代码 are data, not messages.


def board_messages(board: Board) -> Iterable[str]:
    for d in board.decisions:
        yield from (d.why, d.next_action, d.owner, d.stage_label, *d.problems)
    plan = plan_letters(board)
    yield from (*plan.pending_approval, *plan.escalations, *map(skip_text, plan.skipped))


def assert_no_codes(texts: Iterable[str]) -> None:
    shown = [text for text in texts if _CODE.search(text)]
    assert not shown, shown[:5]


def test_no_codes_on_the_sample(tmp_path: Path) -> None:
    sample = tmp_path / SAMPLE.name
    sample.write_bytes(SAMPLE.read_bytes())
    board = board_of(read_values(sample), RunOptions())
    assert_no_codes(board_messages(board))
    make_templates(tmp_path / "函件模板")
    result = letters(sample, RunOptions(templates=tmp_path / "函件模板", dry_run=True))
    assert_no_codes(line for _, line in result.follow_ups())
    for command in (["board"], ["letters", "--dry-run"], ["check"]):
        run = runner.invoke(app, [*command, str(sample)])
        assert run.exit_code == 0 and "催款" in run.output, run.output
        assert_no_codes([run.output])


def test_a_level_without_a_template_is_named_without_its_code(tmp_path: Path) -> None:
    ladder = [["参数", "值"], ["公司名称", "锦绣华府置业有限公司"], [], list(LADDER_HEADER),
              ["letter", "催款信", 1, "日", "到期日", "", 7, "否", "手续办理专员", "寄发催款信"]]  # fmt: skip
    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], rules=ladder)
    skipped = plan_letters(board_of(read_values(book), RunOptions(as_of=AS_OF))).skipped
    assert [(s.reason, s.level) for s in skipped] == [(SkipReason.NO_TEMPLATE, "催款信")]
    reasons = list(map(skip_text, skipped))
    assert_no_codes(reasons)


def test_a_refused_rules_sheet_shows_no_codes(tmp_path: Path) -> None:
    label, start, action = "付款提示函", 1, "寄发付款提示函"
    ladder = [["参数", "值"], ["提前提醒天数", 5], ["律师函起算月数", 3], ["催款信间隔天数", 10], [],
              list(LADDER_HEADER),
              ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒"],
              ["letter", label, start, "日", "到期日", "催款信", 7, "否", "手续办理专员", action],
              ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"]]  # fmt: skip
    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], rules=ladder)
    with pytest.raises(DunningError) as refused:
        board_of(read_values(book), RunOptions(as_of=AS_OF))
    text = str(refused.value)
    assert text.count("不一致") == 3 and "「预先提醒」（第7行）" in text and f"「{label}」（第8行）" in text
    assert_no_codes([text])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(gen.books())
def test_no_codes_on_generated_workbooks(spec: gen.BookSpec) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = gen.write_book(spec, Path(folder) / "合同台账.xlsx")
        try:
            board = board_of(read_values(path), RunOptions(as_of=spec.as_of))
        except DunningError as refused:
            assert_no_codes([str(refused)])
            return
        assert_no_codes(board_messages(board))
        shown = runner.invoke(app, ["board", str(path), "--as-of", spec.as_of.isoformat()])
        assert_no_codes([shown.output])


def test_codes_pattern_finds_codes_and_not_words() -> None:
    assert _CODE.search("与阶梯表 letter 级别不一致") and _CODE.search("（lawyer_letter）")
    assert not _CODE.search("test_letters0/合同台账.xlsx") and not _CODE.search(date(2026, 1, 1).isoformat())
