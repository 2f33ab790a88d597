"""The major-arrears report (重大欠款上报表): which contracts it lists is checked against a workbook built
so that each contract sits on one side of one rule (amount, days, hold, unreadable row, suit), the
figures against sums of the typed amounts; the Word file read back; the workbook untouched."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.shared import Cm, Twips
from lxml import etree
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.arrears import major_arrears
from dunning.core.money import yuan
from dunning.jobs import RunOptions, board_of
from dunning.reports.arrears_report import WIDTHS
from dunning.sheets.reader import read_values

from conftest import AS_OF, COMPANY, HEADER, days, write_workbook
from letters_helpers import letter_text

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def row(unit: str, contract: str, due: int, amount: float, paid: float = 0, **extra: object) -> list[object]:
    """A row of conftest's HEADER: 房号 合同编号 客户姓名 款项类型 应收 已收 约定付款日期 置业顾问 次数 最近 审批人 寄出 暂缓."""
    return [unit, contract, f"客户{contract[-1]}", extra.get("kind", "首付款"), amount, paid, days(due), "王磊",
            extra.get("sent"), extra.get("last"), extra.get("approved"), extra.get("lawyer"), extra.get("hold")]  # fmt: skip


ROWS = [
    row("1-101", "HT-A", -40, 300_000),
    row("1-101", "HT-A", -35, 250_000, kind="分期款"),  # 550,000 ≥ 500,000
    row("1-102", "HT-B", -10, 900_000),  # large but only 10 days late
    row("1-103", "HT-C", -50, 499_999.99),  # one fen short
    row("1-104", "HT-D", -50, 500_000),  # exactly the amount
    row("1-105", "HT-E", -100, 100_000, sent=9, last=days(-40), approved="刘总", lawyer=days(-30)),  # suit
    row("1-106", "HT-F", -60, 450_000),
    row("1-106", "HT-F", -60, 800_000, kind="分期款", hold=days(10)),  # held
    row("1-107", "HT-G", -30, 500_000),  # exactly 30 days
    row("1-108", "HT-H", -29, 500_000),  # 29 days
    row("1-109", "HT-I", -45, 700_000, 100_000),
    row("1-109", "HT-I", -45, "abc", kind="分期款"),  # unreadable sibling
]
RULES = [["参数", "值"], *COMPANY, ["重大欠款金额", "50万"]]
LISTED = {"HT-A": Decimal(550_000), "HT-D": Decimal(500_000), "HT-E": Decimal(100_000), "HT-G": Decimal(500_000),
          "HT-I": Decimal(600_000)}  # fmt: skip


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "team.xlsx", ROWS, rules=RULES)


def test_each_contract_is_listed_by_the_rule_it_was_built_for(book: Path) -> None:
    found = major_arrears(board_of(read_values(book), RunOptions(as_of=AS_OF)))
    assert {m.contract_no: m.owed for m in found} == LISTED
    assert [m.contract_no for m in found] == ["HT-I", "HT-A", "HT-D", "HT-G", "HT-E"]  # largest first, then number
    by = {m.contract_no: m for m in found}
    assert (by["HT-A"].instalments, by["HT-A"].max_days) == (2, 40)
    assert by["HT-E"].reasons == ("律师函期限已过，应起诉",) and by["HT-E"].stage_label == "提起诉讼"
    assert by["HT-D"].reasons == ("逾期欠款达上报金额",)
    assert any("数据有误" in note for note in by["HT-I"].notes)


def test_a_held_instalment_is_not_counted(book: Path) -> None:
    write_workbook(book, [*ROWS[:-2], row("1-106", "HT-F", -60, 550_000)], rules=RULES)
    (held,) = [
        m for m in major_arrears(board_of(read_values(book), RunOptions(as_of=AS_OF))) if m.contract_no == "HT-F"
    ]
    assert held.owed == Decimal(1_000_000)  # both unheld now
    write_workbook(book, ROWS, rules=RULES)
    assert "HT-F" not in {m.contract_no for m in major_arrears(board_of(read_values(book), RunOptions(as_of=AS_OF)))}


def test_the_days_and_amount_come_from_the_rules_sheet(tmp_path: Path) -> None:
    lower = write_workbook(tmp_path / "b.xlsx", ROWS, rules=[*RULES, ["重大欠款逾期天数", 5]])
    assert "HT-B" in {m.contract_no for m in major_arrears(board_of(read_values(lower), RunOptions(as_of=AS_OF)))}
    default = write_workbook(tmp_path / "c.xlsx", ROWS)  # no 重大欠款金额: ¥1,000,000 and 30 days
    assert {m.contract_no for m in major_arrears(board_of(read_values(default), RunOptions(as_of=AS_OF)))} == {"HT-E"}


def test_the_command_writes_the_report_and_leaves_the_workbook_alone(book: Path) -> None:
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    result = runner.invoke(app, ["major-arrears", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    (report,) = (book.parent / "催款函").rglob("重大欠款上报_*.docx")
    assert str(report) in result.stdout and yuan(sum(LISTED.values(), Decimal(0))) in result.stdout
    text = letter_text(report)
    assert "重大欠款上报表" in text and "集团营销管理部" in text and "营销副总" in text
    assert "逾期30天以上的欠款合计达 ¥500,000.00" in text
    for contract, owed in LISTED.items():
        assert contract in text and yuan(owed) in text
    for contract in ("HT-B", "HT-C", "HT-F", "HT-H"):
        assert contract not in text
    assert yuan(sum(LISTED.values(), Decimal(0))) in text  # the totals row
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before


def test_nothing_to_report_makes_no_file(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "b.xlsx", [row("1-1", "HT-Z", -40, 1000)])
    result = runner.invoke(app, ["major-arrears", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0 and "没有需要上报的重大欠款" in result.stdout
    assert not (tmp_path / "催款函").exists()


def _grid(docx: Path) -> list[int]:
    tree = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    return [int(col.get(f"{W}w")) for col in tree.iter(f"{W}gridCol")]


def test_the_tables_are_laid_out_by_their_grid_within_the_page(book: Path, tmp_path: Path) -> None:
    """LibreOffice lays a table out by its grid (it ignores cell widths): without one every column is as
    wide as the next and contract numbers break across lines."""
    runner.invoke(app, ["major-arrears", str(book), "--as-of", AS_OF.isoformat()])
    (report,) = (book.parent / "催款函").rglob("重大欠款上报_*.docx")
    grid = _grid(report)
    assert grid == [Cm(w).twips for w in WIDTHS]
    section = Document(str(report)).sections[0]
    assert section.page_width > section.page_height  # landscape
    assert Twips(sum(grid)) <= section.page_width - section.left_margin - section.right_margin
    if shutil.which("soffice") and shutil.which("pdftotext"):  # as it prints
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(report)], check=True, capture_output=True, timeout=300)  # fmt: skip
        printed = subprocess.run(["pdftotext", "-layout", str(tmp_path / report.with_suffix(".pdf").name), "-"],
                                 check=True, capture_output=True, text=True).stdout  # fmt: skip
        for contract, owed in LISTED.items():
            assert contract in printed and yuan(owed) in printed  # no figure broken across lines
        assert yuan(sum(LISTED.values(), Decimal(0))) in printed  # the total on one line


def test_the_approval_list_keeps_contract_numbers_whole(tmp_path: Path) -> None:
    book = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, book)
    assert runner.invoke(app, ["approvals", str(book)]).exit_code == 0
    (pack,) = (tmp_path / "催款函").rglob("律师函审批_*.docx")
    from dunning.reports.approvals import WIDTHS as LIST_WIDTHS

    assert _grid(pack)[: len(LIST_WIDTHS)] == [Cm(w).twips for w in LIST_WIDTHS]


def test_every_field_of_a_reported_contract(tmp_path: Path) -> None:
    """One record checked whole, each figure worked out by hand from the typed rows: what was done (letters,
    the lawyer's letter with its tracking number and receipt), the furthest stage, the late fees at 万分之五,
    a held instalment and a second spelling of the customer named, never counted."""
    from dunning.core.arrears import MajorArrear

    from conftest import HEADER

    header = [*HEADER, "律师函快递单号", "律师函签收日期"]
    rows = [
        ["1-101", "HT-X", "王五", "首付款", 300_000, 0, days(-100), "王磊", 9, days(-40), "刘总", days(-10), None,
         "SF123", days(-8)],
        ["1-101", "HT-X", "王五", "分期款", 50_000, 10_000, days(-35), "王磊", 1, days(-30)],
        ["1-101", "HT-X", "王五", "尾款", 80_000, 0, days(-50), "王磊", None, None, None, None, days(5)],
        ["1-102", "HT-X", "王五五", "其他款", 20_000, 0, days(-40), "李娜"],
        ["2-201", "HT-Y", "赵六", "首付款", 300_000, 0, days(-70), "王磊", 9, days(-10), "刘总"],
        ["3-301", "HT-Z", "孙七", "首付款", 300_000, 0, days(-70), "王磊"],
    ]  # fmt: skip
    rules = [["参数", "值"], *COMPANY, ["重大欠款金额", 100_000]]
    book = write_workbook(tmp_path / "b.xlsx", rows, header=header, rules=rules)
    found = {m.contract_no: m for m in major_arrears(board_of(read_values(book), RunOptions(as_of=AS_OF)))}
    assert found["HT-X"] == MajorArrear(
        "HT-X", "王五、王五五", "1-101、1-102", "王磊、李娜", 3, 100, Decimal(360_000), Decimal("16100.00"),
        "律师函已发", ("逾期欠款达上报金额",), ("第4行暂缓催收至2026年11月25日，¥80,000.00 未计入", "同一合同的客户姓名不一致，请核对"),
    )  # fmt: skip
    assert found["HT-Y"].stage_label == "律师函" and found["HT-Z"].stage_label == "律师函待审批"
    result = runner.invoke(app, ["major-arrears", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    (report,) = (book.parent / "催款函").rglob("重大欠款上报_*.docx")
    text = letter_text(report)  # what was done, per instalment, as the sheet records it
    assert (
        "首付款（2026年8月12日到期）：催款信9封（最近 2026年10月11日）；"  # not the 分期款's 10-21
        "律师函 2026年11月10日寄出，快递单号 SF123，2026年11月12日签收"
    ) in text
    assert (
        "分期款（2026年10月16日到期）：催款信1封（2026年10月21日）" in text
        and "其他款（2026年10月11日到期）：未发催款信" in text
    )
    assert "首付款（2026年9月11日到期）：催款信9封（最近 2026年11月10日）；律师函已审批（刘总），待寄出" in text
    assert "首付款（2026年9月11日到期）：未发催款信；律师函待营销副总审批" in text
    assert found["HT-Y"].late_fees == Decimal("10500.00") and found["HT-Y"].max_days == 70


# ---- what was done, per instalment (issue 19): the workbook below holds one contract per finding
HISTORY_HEADER = (*HEADER, "备注", "律师函签收日期", "起诉日期", "案号")
CASE_NO = "(2026)浙0110民初9号"
FIRST, SEVENTH = "〔2026〕明理律函字第1号", "〔2026〕明理律函字第7号"


def history_row(contract: str, kind: str, due: int, amount: int, paid: int = 0, **extra: object) -> list[object]:
    return [
        "1-101", contract, f"客户{contract[-1]}", kind, amount, paid, days(due), "王磊", extra.get("sent"),
        extra.get("last"), extra.get("approved"), extra.get("lawyer"), None, extra.get("note"), None,
        extra.get("suit"), extra.get("case", ""),
    ]  # fmt: skip


HISTORY_ROWS = [
    history_row("HT-M", "定金", -300, 50_000, 50_000),
    history_row("HT-M", "首付款", -271, 500_100, sent=9, last=days(-214)),  # 9 letters, the last in April
    history_row("HT-M", "尾款", -58, 1_283_605, sent=8, last=days(-3)),  # 8 letters, the last three days ago
    history_row("HT-N", "首付款", -269, 400_000, sent=9, last=days(-212), approved="刘总", lawyer=days(-12)),
    history_row("HT-N", "尾款", -56, 1_200_000, sent=7, last=days(-11)),  # a letter the day after the 首付款's 律师函
    history_row(
        "HT-P",
        "分期款",
        -200,
        600_000,
        sent=9,
        last=days(-140),
        approved="刘总",
        lawyer=days(-130),
        note="律师函已签收，客户未回应",
    ),  # fmt: skip
    history_row("HT-P", "尾款", -100, 900_000, 100_000, sent=9, last=days(-40), approved="刘总", lawyer=days(-30)),
    history_row(
        "HT-Q",
        "首付款",
        -150,
        300_000,
        sent=9,
        last=days(-105),
        approved="刘总",
        lawyer=days(-100),
        suit=days(-10),
        case=CASE_NO,
    ),  # fmt: skip
]


def _key(contract: str, kind: str, due: int, amount: int, code: str, number: int) -> str:
    return f"{contract}|{kind}|{days(due).isoformat()}|{amount}|{code}|{number}"


def _archive(book: Path) -> None:
    """函件归档 with the 函件编号 column (after 幂等键): HT-P's two 律师函 and the first and last of its
    尾款's nine letters."""
    from dunning.core.archive_record import ARCHIVE_HEADER

    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("函件归档")
    ws.append([*ARCHIVE_HEADER, "函件编号"])
    for day, code, number, key, letter_no in (
        (days(-130), "lawyer_letter", 0, _key("HT-P", "分期款", -200, 600_000, "lawyer_letter", 0), FIRST),
        (days(-97), "letter", 1, _key("HT-P", "尾款", -100, 900_000, "letter", 1), ""),
        (days(-40), "letter", 9, _key("HT-P", "尾款", -100, 900_000, "letter", 9), ""),
        (days(-30), "lawyer_letter", 0, _key("HT-P", "尾款", -100, 900_000, "lawyer_letter", 0), SEVENTH),
    ):
        ws.append([None, day, "HT-P", "客户P", "", code, number, None, None, "", "", "", key, letter_no or None])
    wb.save(book)


def _report_rows(report: Path) -> dict[str, dict[str, str]]:
    """The report's table read back: contract → {column heading: cell text}."""
    (table,) = Document(str(report)).tables
    heading = [cell.text for cell in table.rows[0].cells]
    return {
        row.cells[1].text.split("\n")[0]: dict(zip(heading, (cell.text for cell in row.cells), strict=True))
        for row in table.rows[1:]
    }


@pytest.fixture
def history_report(tmp_path: Path) -> dict[str, dict[str, str]]:
    rules = [["参数", "值"], *COMPANY, ["重大欠款金额", "50万"]]
    book = write_workbook(tmp_path / "team.xlsx", HISTORY_ROWS, header=HISTORY_HEADER, rules=rules)
    _archive(book)
    result = runner.invoke(app, ["major-arrears", str(book), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "催款函").rglob("重大欠款上报_*.docx")
    return _report_rows(report)


DONE = "催收经过（按期）及律师函"


def test_each_instalment_has_its_own_letter_history(history_report: dict[str, dict[str, str]]) -> None:
    """0019 of the issue: the 首付款's nine letters ended in April; the 尾款's eight go on. One line each —
    never "9封（最近 11-17）" for the contract."""
    lines = history_report["HT-M"][DONE].split("\n")
    assert lines == [
        "首付款（2026年2月22日到期）：催款信9封（最近 2026年4月20日）；律师函待营销副总审批",
        "尾款（2026年9月23日到期）：催款信8封（最近 2026年11月17日）",
    ]  # the 定金, paid, has no history to tell


def test_a_letter_after_another_instalments_lawyer_letter_is_not_read_as_after_it(
    history_report: dict[str, dict[str, str]],
) -> None:
    """0021 of the issue: the 首付款's 律师函 went out on 11-08, the 尾款's seventh letter on 11-09."""
    lines = history_report["HT-N"][DONE].split("\n")
    assert lines == [
        "首付款（2026年2月24日到期）：催款信9封（最近 2026年4月22日）；律师函 2026年11月8日寄出，签收日期未登记",
        "尾款（2026年9月25日到期）：催款信7封（最近 2026年11月9日）",
    ]


def test_every_lawyer_letter_with_its_number_and_the_archives_first_letter(
    history_report: dict[str, dict[str, str]],
) -> None:
    lines = history_report["HT-P"][DONE].split("\n")
    assert lines == [
        f"分期款（2026年5月4日到期）：催款信9封（最近 2026年7月3日）；律师函{FIRST} 2026年7月13日寄出，签收日期未登记",
        "尾款（2026年8月12日到期）：催款信9封（2026年8月15日至2026年10月11日）；"
        f"律师函{SEVENTH} 2026年10月21日寄出，签收日期未登记",
    ]


def test_the_teams_note_is_shown_beside_what_the_sheet_lacks(history_report: dict[str, dict[str, str]]) -> None:
    """备注 says the 律师函 was received; 律师函签收日期 is empty: both are said, neither hides the other."""
    record = history_report["HT-P"]
    assert "签收日期未登记" in record[DONE]
    assert record["欠款原因（备注）"] == "分期款：" + unicodedata.normalize("NFKC", "律师函已签收，客户未回应")
    assert history_report["HT-M"]["欠款原因（备注）"] == "未说明"


def test_price_paid_share_and_proposed_action(history_report: dict[str, dict[str, str]]) -> None:
    """The price is the sum of the contract's 应收金额 rows (定金 included); the paid share one decimal."""
    m, p = history_report["HT-M"], history_report["HT-P"]
    assert (m["合同总价"], m["已付比例"]) == ("¥1,833,705.00", "2.7%")  # 50,000 / 1,833,705 = 2.73%
    assert (p["合同总价"], p["已付比例"]) == ("¥1,500,000.00", "6.7%")  # 100,000 / 1,500,000
    assert (
        m["拟采取措施"] == "首付款：报营销副总审批律师函；尾款：继续书面催告，2026年11月24日起转律师函"
    )  # 9-23 + 2 months, the day after
    assert history_report["HT-N"]["拟采取措施"].startswith("首付款：律师函期满（2026年11月26日）未付即起诉；")
    assert p["拟采取措施"] == "委托律师起诉（当日上报营销副总）"
    assert history_report["HT-Q"]["拟采取措施"] == f"跟进诉讼（案号{CASE_NO}）"


def test_a_contract_in_suit_is_listed_with_its_filing_date_and_case_number(
    history_report: dict[str, dict[str, str]],
) -> None:
    record = history_report["HT-Q"]
    assert record["当前阶段"] == "诉讼中" and "已起诉，诉讼中" in record["上报原因及说明"]
    assert record[DONE].endswith(f"律师函 2026年8月12日寄出，签收日期未登记；2026年11月10日起诉，案号{CASE_NO}")


def test_an_archive_without_the_number_column_reads_alike() -> None:
    """An archive written before 函件编号 (13 columns): its letters read, with no number."""
    from dunning.core.archive_record import ARCHIVE_HEADER
    from dunning.letters.history import read_archive

    key = _key("HT-P", "尾款", -100, 900_000, "lawyer_letter", 0)
    row = [None, days(-30), "HT-P", "客户P", "", "lawyer_letter", 0, None, None, "", "", "", key]
    (letter,) = read_archive([list(ARCHIVE_HEADER), row])["ht-p"]
    assert (letter.day, letter.number, [e.code for e in letter.entries]) == (days(-30), "", ["lawyer_letter"])
    (numbered,) = read_archive([[*ARCHIVE_HEADER, "函件编号"], [*row, SEVENTH]])["ht-p"]
    assert numbered.number == SEVENTH
