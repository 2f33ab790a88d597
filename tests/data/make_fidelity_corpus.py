"""Builds tests/data/fidelity/: team workbooks full of what a headless save must not lose, as
xlsxwriter writes them (every feature it can write) and as LibreOffice saves one again; and two small
ones rewritten as other writers write them: part names capitalised (`xl/worksheets/Sheet1.xml`, as
Cognos does; equivalent to the lowercase ones for OPC) and parts encoded in UTF-16.

    python tests/data/make_fidelity_corpus.py

The files are committed; rerun after changing this script and review the change. The 已收金额 column
is a SUMIFS over the 收款记录 sheet with its cached value: a save that dropped cached values would
make HT2 (paid in full) look unpaid. LibreOffice's file is made only where `soffice` is installed.
"""

from __future__ import annotations

import codecs
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import xlsxwriter
from PIL import Image
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
OUT = HERE / "fidelity"
ADDIN = HERE.parents[1] / "addin" / "dunning.xlam"
AS_OF = date(2026, 11, 20)
BASE = ("房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问")
TRACKING = ("已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期")
# unit, contract, customer, kind, due, days from AS_OF to due date, consultant
ROWS = [("1-101", "HT1", "张三", "首付款", 100000, -12, "王芳"), ("1-102", "HT2", "李四", "尾款", 50000, -10, "王芳"),
        ("1-103", "HT3", "王五", "分期款", 80000, 2, "刘洋"), ("1-104", "HT4", "赵六", "定金", 20000, -80, "刘洋"),
        ("1-105", "HT5", "孙七", "尾款", 30000, 30, "王芳")]  # fmt: skip
PAYMENTS = [("HT2", date(2026, 11, 1), 50000), ("HT3", date(2026, 10, 15), 30000)]


def png(colour: str) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (24, 16), colour).save(data, "PNG")
    data.seek(0)
    return data


def build(path: Path, *, tracking: bool, small: bool = False) -> None:
    wb = xlsxwriter.Workbook(str(path), {"use_future_functions": True})
    wb.set_properties({"title": "合同执行情况", "author": "销售部", "created": datetime(2026, 11, 1, 9, 0)})
    if path.suffix == ".xlsm":
        with zipfile.ZipFile(ADDIN) as addin:
            wb.add_vba_project(io.BytesIO(addin.read("xl/vbaProject.bin")), is_stream=True)
        wb.set_vba_name("ThisWorkbook")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0.00", "border": 1})
    bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    data = wb.add_worksheet("合同执行情况")
    payments = wb.add_worksheet("收款记录")
    stats = wb.add_worksheet("统计")
    _data_sheet(wb, data, tracking=tracking, formats=(date_fmt, money, bold), small=small)
    _payments(payments, date_fmt)
    if small:
        _chart(wb, stats)
    else:
        _stats(wb, stats, bold)
    rules = wb.add_worksheet("催款规则")  # the company, without which no letter is made
    rules.write_row(0, 0, ["参数", "值"], bold)
    rules.write_row(1, 0, ["公司名称", "锦绣华府置业有限公司"])
    wb.define_name("应收合计", "=SUM(合同执行情况!$E$2:$E$6)")
    wb.define_name("统计!本表标题", "=统计!$A$1")
    wb.close()


def _data_sheet(
    wb: xlsxwriter.Workbook, ws: Worksheet, *, tracking: bool, formats: tuple[Format, Format, Format], small: bool
) -> None:
    date_fmt, money, bold = formats
    header = BASE + (TRACKING if tracking else ())
    ws.write_row(0, 0, header, bold)
    paid = {c: sum(a for p, _, a in PAYMENTS if p == c) for _, c, *_ in ROWS}
    for r, (unit, contract, customer, kind, due, offset, consultant) in enumerate(ROWS, start=1):
        ws.write_row(r, 0, (unit, contract, customer, kind))
        ws.write_number(r, 4, due, money)
        ws.write_formula(r, 5, f"=SUMIFS(收款记录!$C:$C,收款记录!$A:$A,B{r + 1})", money, paid[contract])
        ws.write_datetime(r, 6, datetime.combine(AS_OF + timedelta(days=offset), datetime.min.time()), date_fmt)
        ws.write_string(r, 7, consultant)
    if tracking:
        ws.write_number(1, 8, 1)  # HT1: one letter sent, eight days ago
        ws.write_datetime(1, 9, datetime(2026, 11, 12), date_fmt)
    total = len(ROWS) + 1
    ws.write_string(total, 0, "合计", bold)
    ws.write_formula(total, 4, f"=SUM(E2:E{total})", money, sum(r[4] for r in ROWS))
    ws.write_formula(total, 5, f"=SUM(F2:F{total})", money, sum(paid.values()))
    ws.data_validation("D2:D50", {"validate": "list", "source": ["定金", "首付款", "分期款", "尾款"]})
    ws.conditional_format("E2:E6", {"type": "data_bar", "data_bar_2010": True})
    ws.conditional_format("F2:F6", {"type": "cell", "criteria": ">", "value": 0, "format": bold})
    ws.write_comment("B2", "客户要求延期到月底", {"author": "李娜", "visible": False})
    ws.freeze_panes(1, 2)
    if small:  # a comment and a chart elsewhere make the parts a small file's rewriting is about
        return
    ws.set_header("&L&G&C合同执行情况", {"image_left": "logo.png", "image_data_left": png("#1F4E78")})
    ws.set_footer("&R第 &P 页")
    ws.autofilter(0, 0, len(ROWS), len(header) - 1)
    ws.set_column(0, len(header) - 1, 12)
    ws.insert_textbox("L2", "本表由销售部维护", {"width": 160, "height": 40})


def _payments(ws: Worksheet, date_fmt: Format) -> None:
    ws.add_table("A1:C3", {"name": "收款", "columns": [{"header": "合同编号"}, {"header": "日期"}, {"header": "金额"}],
                           "data": [[c, d, a] for c, d, a in PAYMENTS]})  # fmt: skip
    for r, (_, day, _) in enumerate(PAYMENTS, start=1):
        ws.write_datetime(r, 1, datetime.combine(day, datetime.min.time()), date_fmt)


def _stats(wb: xlsxwriter.Workbook, ws: Worksheet, bold: Format) -> None:
    ws.write_rich_string("A1", "本月", bold, "回款", "统计")
    ws.write_dynamic_array_formula("A3:A6", "=UNIQUE(合同执行情况!D2:D6)", None, "首付款")
    ws.write_formula("B3", "=COUNTIFS(合同执行情况!D2:D6,A3)", None, 1)
    ws.write_url("C1", "https://example.com/规则", string="公司规则")
    ws.write_url("C2", "internal:合同执行情况!A1", string="回到合同表")
    ws.insert_image("E2", "logo.png", {"image_data": png("#C00000")})
    ws.embed_image("D8", "cell.png", {"image_data": png("#70AD47")})
    ws.insert_checkbox("D9", True)
    ws.insert_button("F12", {"caption": "按钮", "macro": "DoNothing"})
    ws.write_row("A10", [1, 4, 2, 5, 3])
    ws.add_sparkline("F10", {"range": "统计!A10:E10"})
    _chart(wb, ws)
    ws.protect("", {"format_columns": True})


def _chart(wb: xlsxwriter.Workbook, ws: Worksheet) -> None:
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=合同执行情况!$E$2:$E$6", "categories": "=合同执行情况!$B$2:$B$6", "name": "应收"})
    ws.insert_chart("H2", chart)


def rewrite(source: Path, target: Path, *, rename: Callable[[str], str], edit: Callable[[str, bytes], bytes]) -> None:
    """The zip of `source` again, each part renamed and its bytes edited, dated as xlsxwriter dates them."""
    with zipfile.ZipFile(source) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            renamed = zipfile.ZipInfo(rename(info.filename), info.date_time)
            renamed.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(renamed, edit(info.filename, data))


def _capital(name: str) -> str:
    """`xl/worksheets/_rels/sheet1.xml.rels` → `xl/worksheets/_rels/Sheet1.xml.rels`: the file's name
    capitalised under xl/, folders as they are; but `xl/styles.xml`, which openpyxl looks for there."""
    folder, _, base = name.rpartition("/")
    return f"{folder}/{base[:1].upper()}{base[1:]}" if name.startswith("xl/") and name != "xl/styles.xml" else name


def capitalised(source: Path, target: Path) -> None:
    """Every part under xl/ named with a capital (`xl/Workbook.xml`, `xl/worksheets/Sheet1.xml`), and the
    relationships and content types naming them so; but a relationship target without a folder
    (`sharedStrings.xml` for `xl/SharedStrings.xml`), the styles' Override (`/xl/Styles.xml` for
    `xl/styles.xml`) and docProps' targets (`docProps/Core.xml` for `docProps/core.xml`) keep the other
    case: the same part for OPC, the names differing only in the case of ASCII letters."""

    def edit(name: str, data: bytes) -> bytes:
        if not (name.endswith(".rels") or name == "[Content_Types].xml"):
            return data
        named = re.compile(rb'((?:Target|PartName)="[^"]*/)([a-z])(?=[^"/]*")|(Target=")(xl/)([a-z])')
        return named.sub(lambda m: m[1] + m[2].upper() if m[1] else m[3] + m[4] + m[5].upper(), data)

    rewrite(source, target, rename=_capital, edit=edit)


UTF16 = ("[Content_Types].xml", "docProps/core.xml", "docProps/app.xml", "xl/theme/theme1.xml", "xl/charts/chart1.xml",
         "xl/drawings/drawing1.xml", "xl/comments1.xml", "xl/tables/table1.xml", "xl/worksheets/_rels/sheet1.xml.rels")  # fmt: skip


def utf16(source: Path, target: Path) -> None:
    """The parts in UTF16 encoded as UTF-16 with a byte order mark and a declaration saying so: the content
    types, which every save changes, and parts a save leaves alone."""

    def edit(name: str, data: bytes) -> bytes:
        if name not in UTF16:
            return data
        body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data).decode("utf-8")
        declared = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\r\n' + body
        return codecs.BOM_UTF16_LE + declared.encode("utf-16-le")

    rewrite(source, target, rename=lambda name: name, edit=edit)


def libreoffice_copy(source: Path, target: Path) -> bool:
    soffice = shutil.which("soffice")
    if soffice is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", tmp, str(source)], check=True, capture_output=True,
                       timeout=180)  # fmt: skip
        shutil.copyfile(Path(tmp) / source.name, target)
    return True


def main() -> None:
    OUT.mkdir(exist_ok=True)
    build(OUT / "xlsxwriter_features.xlsx", tracking=False)
    build(OUT / "xlsxwriter_macro.xlsm", tracking=True)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.xlsx"
        build(small, tracking=False, small=True)
        capitalised(small, OUT / "capitalised_names.xlsx")
        utf16(small, OUT / "utf16_parts.xlsx")
    made = libreoffice_copy(OUT / "xlsxwriter_features.xlsx", OUT / "libreoffice_saved.xlsx")
    print("libreoffice_saved.xlsx", "made" if made else "skipped: soffice is not installed")  # noqa: T201


if __name__ == "__main__":
    main()
