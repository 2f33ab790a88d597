"""The one-pass reader on workbooks another producer wrote (xlsxwriter): Excel errors named, merges down
a column read as people mean them, control characters, dates outside Excel's range, rows holding only a
序号 — and the three jobs on such a workbook end to end."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from dunning.core.fields import BOARD_SHEET
from dunning.core.parse import MERGED
from dunning.jobs import RunOptions, board_of, letters, refresh
from dunning.sheets.file_book import FileBook
from dunning.sheets.reader import read_values

AS_OF = date(2026, 11, 24)
HEADER = ["序号", "合同编号", "客户姓名", "房号", "款项类型", "应收金额", "已收金额", "约定付款日期", "已发催款信次数",
          "最近催款信日期", "律师函审批人"]  # fmt: skip


def book(path: Path, rows: list[list[object]], *, merges: tuple[tuple[str, object], ...] = (),
         errors: tuple[tuple[str, str], ...] = ()) -> Path:  # fmt: skip
    """An xlsxwriter workbook: a title row, the header on row 2, the rows; merges (range, value) and
    formula cells with a cached Excel error (cell, code) written over them."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("合同执行情况")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write(0, 0, "锦绣华府 合同执行情况表")
    ws.write_row(1, 0, HEADER)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
            elif value is not None:
                ws.write(r, c, value)
    for span, value in merges:
        ws.merge_range(span, value)
    for cell, code in errors:
        ws.write_formula(cell, "=NA()" if code == "#N/A" else "=1/0", None, code)
    wb.add_worksheet("催款规则").write_column(0, 0, ["参数", "公司名称"])
    wb.get_worksheet_by_name("催款规则").write_column(0, 1, ["值", "锦绣华府置业有限公司"])
    wb.close()
    return path


def by_row(path: Path) -> dict[int, object]:
    return {d.sheet_row: d for d in board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions}


def test_merged_contract_customer_and_unit_apply_to_every_instalment_row(tmp_path: Path) -> None:
    rows = [[1, None, None, None, "首付款", 100000, 0, date(2026, 11, 1)],
            [2, None, None, None, "分期款", 50000, 0, date(2026, 11, 10)],
            [3, None, None, None, "尾款", 30000, 0, date(2027, 3, 1)],
            [4, "HT-2", "李四", "2-101", "首付款", 80000, 80000, date(2026, 10, 1)]]  # fmt: skip
    path = book(tmp_path / "m.xlsx", rows, merges=(("B3:B5", "HT-1"), ("C3:C5", "张三"), ("D3:D5", "1-1-101")))
    board = by_row(path)
    assert sorted(board) == [3, 4, 5, 6]
    for number in (3, 4, 5):
        d = board[number]
        assert (d.inst.contract_no, d.inst.customer, d.inst.unit) == ("HT-1", "张三", "1-1-101")
        assert d.stage != "invalid", d.problems
    assert board[3].stage == "letter" and board[4].stage == "letter" and board[5].stage == "not_due"
    assert board[6].inst.customer == "李四" and board[6].stage == "settled"


def test_an_amount_merged_across_rows_stops_every_row_it_spans_by_name(tmp_path: Path) -> None:
    rows = [[1, "HT-1", "张三", "", "首付款", 100000, None, date(2026, 11, 1)],
            [2, "HT-1", "张三", "", "分期款", 100000, None, date(2026, 11, 10)],
            [3, "HT-2", "李四", "", "首付款", 80000, 0, date(2026, 11, 1)]]  # fmt: skip
    path = book(tmp_path / "m.xlsx", rows, merges=(("G3:G4", 200000),))
    board = by_row(path)
    for number in (3, 4):
        assert board[number].stage == "invalid"
        assert board[number].problems == (f'已收金额: {MERGED} "与G3合并"',)
    assert board[5].stage == "letter"


def test_excel_errors_are_named_in_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_second_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was read a second time")

    monkeypatch.setattr(openpyxl, "load_workbook", no_second_read)
    rows = [[1, "HT-1", "张三", "", "首付款", None, 0, date(2026, 11, 1)],
            [None, "HT-2", "李四", "", "首付款", 5000, None, date(2026, 11, 1)],
            [3, "HT-3", "王五", None, "首付款", 5000, 0, date(2026, 11, 1)]]  # fmt: skip
    path = book(tmp_path / "e.xlsx", rows, errors=(("F3", "#N/A"), ("G4", "#DIV/0!"), ("D5", "#REF!")))
    board = by_row(path)
    assert board[3].stage == "invalid" and board[3].problems == ('应收金额: Excel 错误 "#N/A"',)
    assert board[4].stage == "invalid" and board[4].problems == ('已收金额: Excel 错误 "#DIV/0!"',)
    assert board[5].stage == "letter" and board[5].problems == ('房号: Excel 错误 "#REF!"',)


def test_a_row_without_its_first_cell_and_a_blank_row_do_not_crash(tmp_path: Path) -> None:
    rows = [[None, "HT-1", "张三", "", "首付款", None, 0, date(2026, 11, 1)], [], [None, "HT-2", "李四", "", "", 10, 0,
            date(2026, 11, 1)]]  # fmt: skip
    board = by_row(book(tmp_path / "b.xlsx", rows))
    assert sorted(board) == [3, 5]
    assert board[3].problems == ("应收金额: 缺少必填值",)


def test_rows_holding_only_a_prefilled_serial_number_are_empty(tmp_path: Path) -> None:
    rows = [[1, "HT-1", "张三", "", "首付款", 5000, 0, date(2026, 11, 1)], [2], [3], [4]]
    board = by_row(book(tmp_path / "s.xlsx", rows))
    assert sorted(board) == [3]


@pytest.mark.parametrize(("typed", "reason"), [
    ("0001-01-01", "超出 Excel 的日期范围（1900-01-01 至 9999-12-31）"),
    ("1899/12/31", "超出 Excel 的日期范围（1900-01-01 至 9999-12-31）"),
    (date(9999, 12, 31), "距基准日超过100年，请核对"),
    ("9999-12-31", "距基准日超过100年，请核对"),
])  # fmt: skip
def test_dates_outside_the_range_are_named_and_the_other_rows_go_on(tmp_path: Path, typed: object, reason: str) -> None:
    rows = [
        [1, "HT-1", "张三", "", "首付款", 5000, 0, typed],
        [2, "HT-2", "李四", "", "首付款", 5000, 0, date(2026, 11, 1)],
    ]
    board = by_row(book(tmp_path / "d.xlsx", rows))
    assert board[3].stage == "invalid" and board[3].problems[0].startswith(f"约定付款日期: {reason}")
    assert board[4].stage == "letter"


def test_a_letter_count_without_its_date_stops_only_the_next_ordinary_letter(tmp_path: Path) -> None:
    rows = [[1, "HT-1", "张三", "", "首付款", 5000, 0, date(2026, 11, 1), 2],
            [2, "HT-2", "李四", "", "首付款", 5000, 0, date(2026, 8, 1), 3, None, "刘总"]]  # fmt: skip
    board = by_row(book(tmp_path / "c.xlsx", rows))
    ordinary, lawyer = board[3], board[4]
    assert ordinary.stage == "letter" and not ordinary.letter_due and ordinary.next_action == "补填最近催款信日期"
    assert ordinary.problems == ("最近催款信日期: 已发催款信2次但没有日期：补填后才能排定下一封",)
    # the lawyer's letter is not stopped by the missing date (here only by the rules naming no law firm)
    assert lawyer.stage == "lawyer_letter" and "补填" not in lawyer.next_action, (lawyer.stage, lawyer.why)


def test_over_payment_is_named_with_the_sheets_header_and_the_amount_as_money(tmp_path: Path) -> None:
    path = tmp_path / "o.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "合同执行情况"
    ws.append(["合同号", "客户", "应交金额", "实收金额", "到期日"])
    ws.append(["HT-1", "张三", 150000, 152000.0, datetime(2026, 11, 1)])
    wb.save(path)
    (d,) = board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions
    assert d.problems == ('实收金额: 大于应交金额 "152000.00"',)


CONTROLS = "\x0b\x0c\x01\x1f"


def test_control_characters_become_spaces_through_refresh_and_letters(tmp_path: Path) -> None:
    rows = [[1, "HT\x0b-1", "张\x0b三", "1-\x0c101", "首付\x01款", 5000, 0, date(2026, 11, 1)],
            [2, "HT-2", f"李{CONTROLS}四", "", "首付款", "5,000\x0b", 0, date(2026, 11, 1)]]  # fmt: skip
    path = book(tmp_path / "台账.xlsx", rows)
    values = read_values(path)
    shown = [v for row in values.sheets["合同执行情况"] for v in row if isinstance(v, str)]
    assert not any(set(CONTROLS) & set(text) for text in shown)
    board = refresh(FileBook(path), RunOptions())
    assert board.decisions[0].inst.customer == "张 三" and board.decisions[0].inst.contract_no == "HT -1"
    options = RunOptions(as_of=AS_OF, out=tmp_path / "letters", backdate="测试：固定的过去基准日",
                            no_prior_letters=True)  # a first run: no letter sent before  # fmt: skip
    result = letters(FileBook(path), options)
    assert [m.letter.contract_no for m in result.made] == ["HT -1", "HT-2"]  # `5,000\x0b` is read as 5,000
    import docx

    for made, name in zip(result.made, ("张 三", "李    四"), strict=True):
        text = "\n".join(p.text for p in docx.Document(str(made.file)).paragraphs)
        assert name in text
    saved = openpyxl.load_workbook(path)
    assert any("李" in str(c.value) for row in saved[BOARD_SHEET].iter_rows() for c in row)


def test_a_formula_saved_without_its_result_is_never_read_as_zero(tmp_path: Path) -> None:
    """openpyxl (and other programs that do not calculate) save formulas without results."""
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "合同执行情况"
    ws.append(["合同编号", "客户姓名", "应收金额", "已收金额", "约定付款日期", "备注"])
    ws.append(["HT-1", "张三", 100000, "=SUMIFS(财务!B:B,财务!A:A,A2)", datetime(2026, 11, 1), '=IF(1=1,"","x")'])
    ws.append(["HT-2", "李四", 100000, 0, "=DATE(2026,11,1)", "=A3"])
    ws.append(["HT-3", "王五", 100000, 0, datetime(2026, 11, 1), "=A4"])
    finance = wb.create_sheet("财务")
    finance.append(["HT-1", 100000])
    wb.save(path)
    board = by_row(path)
    assert board[2].stage == "invalid"
    assert board[2].problems == ('已收金额: 公式没有计算结果：请在 Excel 中打开并保存一次 "D2 的公式"',)
    assert board[3].problems == ('约定付款日期: 公式没有计算结果：请在 Excel 中打开并保存一次 "E3 的公式"',)
    assert board[4].stage == "letter" and board[4].inst.note == ""  # a text formula's missing result: blank


def test_formulas_with_results_are_read_as_their_results(tmp_path: Path) -> None:
    """xlsxwriter writes each formula with a result, as Excel does (an empty text result included)."""
    path = tmp_path / "r.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("合同执行情况")
    ws.write_row(0, 0, ["合同编号", "客户姓名", "应收金额", "已收金额", "约定付款日期", "备注"])
    ws.write_row(1, 0, ["HT-1", "张三", 100000])
    ws.write_formula(1, 3, "=100000-1", None, 99999)
    ws.write_datetime(1, 4, datetime(2026, 11, 1), wb.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_formula(1, 5, '=""', None, "")
    wb.close()
    (d,) = board_of(read_values(path), RunOptions(as_of=AS_OF)).decisions
    assert d.stage == "letter" and d.outstanding == 1 and d.problems == ()


@pytest.mark.parametrize("xml", [
    b'<c r="D2"><f>SUM(A1)</f></c><c r="E2"><f>A1</f><v></v></c><c r="F2"><f>A1</f><v>1</v></c>',
    b'<c r="D2"><f t="shared" si="0"/></c><c r="E2"><f t="shared" si="0"/><v/></c><c r="F2"><f si="1"/><v>2</v></c>',
    b'<c r="D2" t="str"><f>""</f><v></v></c><c r="E2"><f>A1</f>\n <v> </v></c><c r="F2"><formula1/></c>',
    b'<x:c r="D2"><x:f>SUM(A1)</x:f></x:c><c r="E2"><f>A1</f><x:v/></c><c r="F2"><f>B1</f></x:c>',
    b'<c r="D2"><f>A1</f><v>1</v></c><c r="E2"><v>2</v></c>',
])  # fmt: skip
def test_the_quick_scan_for_formulas_without_results_finds_what_the_general_pattern_finds(xml: bytes) -> None:
    """Formula cells without a cached result are found by two patterns beginning with a literal (quick on a
    50 MB sheet), or the general one when a prefixed tag is there: the same cells, in the same order."""
    from dunning.sheets.reader import _NO_RESULT, _no_results

    assert [m.span() for m in _no_results(xml)] == [m.span() for m in _NO_RESULT.finditer(xml)]
    assert [m.span() for m in _no_results(xml * 3)] == [m.span() for m in _NO_RESULT.finditer(xml * 3)]


@pytest.mark.parametrize(("limit", "value", "message"), [
    ("MAX_ROWS", 10, "超过上限 10 行"),
    ("MAX_PART_BYTES", 1000, "超过上限 0 MB"),
    ("MAX_ENTRIES", 3, "超过上限 3"),
])  # fmt: skip
def test_a_workbook_beyond_the_limits_is_refused_by_name_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, message: str
) -> None:
    import dunning.sheets.package_scan as reader
    from dunning.core.errors import WorkbookError

    rows = [[i, f"HT-{i}", "张三", "", "首付款", 5000, 0, date(2026, 11, 1)] for i in range(20)]
    path = book(tmp_path / "big.xlsx", rows)
    monkeypatch.setattr(reader, limit, value)
    with pytest.raises(WorkbookError, match=message):
        read_values(path)
