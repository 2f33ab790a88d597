"""Letters belong to their workbook: each workbook's letters in a folder of its own (催款函/<workbook>/<date>/),
so that two workbooks in one folder, a copy beside its original, or two workbooks given one --out never
replace, move or delete each other's letters; archives of the previous layout (催款函/<date>/) still verify;
letters a failed save leaves are moved to 未登记/ at once; a level without a template is a named skip."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from dunning.atomic import sha256
from dunning.cli import app
from dunning.core.archive_record import ARCHIVE_HEADER, ArchiveRow
from dunning.core.errors import DunningError
from dunning.core.rules_sheet import LADDER_HEADER
from dunning.jobs import RunOptions, board_of, letters
from dunning.letters.files import OWNER_FILE, letter_folder
from dunning.letters.plan import plan_letters
from dunning.sheets.reader import read_values

from conftest import AS_OF, BACKDATE, COMPANY, days, write_workbook
from letters_helpers import letter_text, make_template, make_templates

runner = CliRunner()
DAY = AS_OF.isoformat()


def _letters(book: Path, *extra: str) -> dict[str, object]:
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", DAY, "--json", *extra])
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def _verified(book: Path) -> bool:
    result = runner.invoke(app, ["verify-archive", str(book)])
    return result.exit_code == 0 and "缺失 0，被改动 0" in result.output


@pytest.mark.parametrize(("first", "second"), [("锦绣华府.xlsx", "翡翠城.xlsx"), ("台账.xlsx", "台账 - 副本.xlsx")])
def test_two_workbooks_in_one_folder_keep_their_own_letters(tmp_path: Path, first: str, second: str) -> None:
    make_templates(tmp_path / "函件模板")
    one = write_workbook(tmp_path / first, [["1", "HT-1", "张三", "首付款", 1000, 0, days(-3)],
                                            ["2", "HT-2", "李四", "首付款", 1000, 0, days(-3)]])  # fmt: skip
    two = write_workbook(tmp_path / second, [["1", "HT-1", "王五", "首付款", 2000, 0, days(-3)]])
    made = _letters(one)["generated"]
    files = {Path(g["file"]): Path(g["file"]).read_bytes() for g in made}  # type: ignore[index]
    assert _letters(two)["set_aside"] == []
    for path, content in files.items():
        assert path.read_bytes() == content, path  # neither replaced nor moved to 未登记/
        assert path.parent == tmp_path / "催款函" / one.stem / DAY
    (theirs,) = (tmp_path / "催款函" / two.stem / DAY).glob("HT-1_*.docx")
    assert "王五" in letter_text(theirs) and "张三" in letter_text(next(iter(files)))
    assert _verified(one) and _verified(two)
    assert (tmp_path / "催款函" / one.stem / OWNER_FILE).read_text(encoding="utf-8").strip() == one.name


def test_a_workbook_that_is_not_xlsx_keeps_its_suffix_in_the_folder_name(tmp_path: Path) -> None:
    assert letter_folder(tmp_path / "台账.xlsm", as_of=AS_OF).find() == tmp_path / "催款函" / "台账.xlsm" / DAY
    assert letter_folder(tmp_path / "台账.xlsx", as_of=AS_OF).find() == tmp_path / "催款函" / "台账" / DAY


@pytest.mark.parametrize(("first", "second"), [("a?b.xlsx", "a_b.xlsx"), ("x" * 90 + "a.xlsx", "x" * 90 + "b.xlsx")])
def test_names_made_alike_get_folders_of_their_own(tmp_path: Path, first: str, second: str) -> None:
    """`safe_name` maps `a?b` to `a_b`, and cuts long names at 80 characters: the marker tells them apart."""
    one, two = (letter_folder(tmp_path / name, as_of=AS_OF) for name in (first, second))
    assert one.find() == two.find()  # alike before either is made
    made_one, made_two = one.make(), two.make()
    assert made_two.parent.name == made_one.parent.name + "_2"
    assert (one.make(), two.make()) == (made_one, made_two)  # deterministic, run after run
    assert one.find() == made_one and two.find() == made_two


def test_a_folder_of_the_previous_layout_is_not_taken_for_a_workbooks(tmp_path: Path) -> None:
    old = tmp_path / "催款函" / "2026-11-20"
    old.mkdir(parents=True)
    (old / "HT1_催款信_第1次.docx").write_bytes(b"an old letter")
    assert letter_folder(tmp_path / "2026-11-20.xlsx", as_of=AS_OF).make() == tmp_path / "催款函" / "2026-11-20_2" / DAY


def test_workbooks_given_one_out_folder_keep_apart(tmp_path: Path) -> None:
    out = tmp_path / "函件"
    books = []
    for where, customer in (("a", "张三"), ("b", "王五")):
        make_templates(tmp_path / where / "函件模板")
        books.append(
            write_workbook(tmp_path / where / "台账.xlsx", [["1", "HT-1", customer, "首付款", 1000, 0, days(-3)]])
        )
    made = [Path(_letters(book, "--out", str(out))["generated"][0]["file"]) for book in books]  # type: ignore[index]
    assert [p.parent for p in made] == [out / "台账" / DAY, out / "台账_2" / DAY]
    assert "张三" in letter_text(made[0]) and "王五" in letter_text(made[1])
    assert all(_verified(book) for book in books)


def _archive(book: Path, rows: list[ArchiveRow]) -> None:
    wb = openpyxl.load_workbook(book)
    sheet = wb.create_sheet("函件归档")
    sheet.append(list(ARCHIVE_HEADER))
    for row in rows:
        sheet.append(list(row.cells()))
    wb.save(book)


def _old_layout_letter(book: Path, contract: str) -> Path:
    """The workbook's letter for `contract`, as the previous layout filed it: in 催款函/<date>/, its
    archive row naming that path, its tracking cells moved on."""
    (letter,) = [
        p
        for p in plan_letters(board_of(read_values(book), RunOptions(as_of=AS_OF))).letters
        if p.contract_no == contract
    ]
    path = book.parent / "催款函" / DAY / f"{contract}_催款信_第1次.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(f"{book.name} {contract}".encode())
    row = ArchiveRow(datetime_of(AS_OF), AS_OF, contract, letter.customer, "催款信", "letter", 1, letter.main.outstanding,
                     letter.main.late_fee, f"催款函/{DAY}/{path.name}", sha256(path), "x", letter.keys)  # fmt: skip
    _archive(book, [row])
    return path


def datetime_of(day: date) -> object:
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 9)


def test_an_archive_of_the_previous_layout_still_verifies_and_its_files_are_left_alone(tmp_path: Path) -> None:
    """Before, both workbooks' letters shared 催款函/<date>/: a run now neither moves the other's letter
    to 未登记/ nor makes again a letter its old archive row records."""
    make_templates(tmp_path / "函件模板")
    one = write_workbook(tmp_path / "锦绣华府.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)],
                                                  ["2", "HT2", "李四", "首付款", 1000, 0, days(-3)]])  # fmt: skip
    two = write_workbook(tmp_path / "翡翠城.xlsx", [["1", "HT9", "王五", "首付款", 2000, 0, days(-3)]])
    ours = _old_layout_letter(one, "HT1")
    theirs = _old_layout_letter(two, "HT9")
    before = {p: p.read_bytes() for p in (ours, theirs)}
    out = _letters(one)
    assert [g["contract_no"] for g in out["generated"]] == ["HT2"]  # type: ignore[union-attr,index]
    assert out["set_aside"] == []  # HT1's letter is the archive's: counted as sent (the archive is the record)
    assert {p: p.read_bytes() for p in before} == before
    assert not (ours.parent / "未登记").exists()
    assert _verified(one) and _verified(two)


def _pressed_while(book: Path, block: str) -> tuple[DunningError, list[str]]:
    """A letters run whose save fails for a real reason that arises while the letters are being written:
    Excel opens the workbook (its `~$` lock file), or the workbook's folder becomes read-only."""

    def progress(count: int, total: int, contract: str) -> None:
        if count == total:
            if block == "excel":
                (book.parent / f"~${book.name}").write_text("Excel", encoding="utf-8")
            else:
                book.parent.chmod(0o555)

    try:
        with pytest.raises(DunningError) as caught:
            letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE), progress=progress)
    finally:
        book.parent.chmod(0o755)
        (book.parent / f"~${book.name}").unlink(missing_ok=True)
    day = book.parent / "催款函" / book.stem / DAY
    return caught.value, sorted(p.relative_to(day).as_posix() for p in day.rglob("*.docx"))


@pytest.mark.parametrize("block", [
    "excel",
    pytest.param("read-only folder", marks=pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                                                              reason="root writes to a read-only folder")),
])  # fmt: skip
def test_letters_a_failed_save_leaves_are_moved_aside_at_once(tmp_path: Path, block: str) -> None:
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)],
                                                ["2", "HT2", "李四", "首付款", 1000, 0, days(-3)]])  # fmt: skip
    error, left = _pressed_while(book, block)
    assert ("正在被 Excel 打开" if block == "excel" else "工作簿未改动") in str(error)
    assert "2 封函件未登记" in str(error)
    assert "未登记" in str(error) and "请勿寄出" in str(error)
    assert left == ["未登记/HT1_催款信_第1次.docx", "未登记/HT2_催款信_第1次.docx", f"未登记/全部催款函_{DAY}.docx"]
    assert "函件归档" not in openpyxl.load_workbook(book).sheetnames
    again = _letters(book)
    assert [g["contract_no"] for g in again["generated"]] == ["HT1", "HT2"]  # type: ignore[union-attr,index]
    assert _verified(book)


def _ladder(template: str) -> list[list[object]]:
    return [["参数", "值"], *COMPANY, [], list(LADDER_HEADER),
            ["reminder", "预先提醒", -3, "日", "到期日", "预先提醒函", None, "否", "置业顾问", "电话提醒"],
            ["letter", "催款信", 1, "日", "到期日", template, 7, "否", "手续办理专员", "寄发催款信"],
            ["lawyer_letter", "律师函", 2, "月", "到期日", "律师函", None, "是", "手续办理专员", "寄发律师函"]]  # fmt: skip


def test_a_level_without_a_template_is_a_named_skip(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], rules=_ladder(""))
    out = _letters(book)
    assert out["generated"] == []
    ((contract, code, rows),) = [(s["contract_no"], s["code"], s["rows"]) for s in out["skipped"]]  # type: ignore[union-attr,index]
    assert (contract, code, rows) == ("HT1", "no_template", [2])


def test_a_template_name_no_file_can_have_is_named(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    name = "催" * 300
    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]], rules=_ladder(name))
    result = runner.invoke(app, ["letters", str(book), "--backdate", BACKDATE, "--as-of", DAY])
    assert result.exit_code == 2, result.output
    assert "函件模板「催催催" in result.stderr and "300 个字符" in result.stderr and "较短" in result.stderr
    assert "内部错误" not in result.output and not (tmp_path / "催款函").exists()


def test_the_approval_pack_goes_in_the_workbooks_own_folder(tmp_path: Path) -> None:
    make_templates(tmp_path / "函件模板")
    make_template(tmp_path / "函件模板" / "律师函.docx", "律师函")
    book = write_workbook(tmp_path / "b.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-70)]])
    assert runner.invoke(app, ["approvals", str(book), "--as-of", DAY]).exit_code == 0
    assert list((tmp_path / "催款函" / "b" / DAY / "律师函审批").glob("律师函审批_*.docx"))
    assert (tmp_path / "催款函" / "b" / OWNER_FILE).is_file()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_a_workbook_opened_through_a_link_keeps_its_letters_beside_the_real_file(tmp_path: Path) -> None:
    make_templates(tmp_path / "a" / "函件模板")
    make_templates(tmp_path / "b" / "函件模板")
    real = write_workbook(tmp_path / "a" / "台账.xlsx", [["1", "HT1", "张三", "首付款", 1000, 0, days(-3)]])
    link = tmp_path / "b" / "台账.xlsx"
    link.symlink_to(real)
    (made,) = _letters(link)["generated"]  # type: ignore[misc]
    assert Path(made["file"]).parent == tmp_path / "a" / "催款函" / "台账" / DAY  # type: ignore[index]
    assert _letters(real)["generated"] == []
    assert _verified(real) and _verified(link)
