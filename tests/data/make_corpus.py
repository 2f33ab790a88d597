"""Write the corpus of awkward workbooks the tests give to the tool (tests/sheets/test_corpus.py).

    python tests/data/make_corpus.py      # needs openpyxl; msoffcrypto-tool for the password file,
                                          # LibreOffice (soffice) for the .xls file

Each file is small and committed; this script is how they were made.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = Path(__file__).resolve().parent
HEADER = ["房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问"]
ROWS = [
    ["1-101", "HT001", "张三", "首付款", 100000, 0, datetime(2026, 10, 4), "李娜"],
    ["1-102", "HT002", "李四", "尾款", 50000, 50000, datetime(2026, 11, 1), "王强"],
    ["1-103", "HT003", "王五", "分期款", 80000, 0, datetime(2026, 11, 22), "王强"],
]


def book(rows: list[list[object]], *, above: list[list[object]] = (), header: list[str] = HEADER) -> openpyxl.Workbook:  # type: ignore[assignment]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "合同执行情况"
    for line in [*above, header, *rows]:
        ws.append(line)
    return wb


def save(wb: openpyxl.Workbook, name: str) -> Path:
    path = HERE / name
    wb.save(path)
    return path


def main() -> None:
    save(book([[1, 2, 3]], header=["序号", "说明", "金额"]), "no_header.xlsx")
    save(book(ROWS, header=[*HEADER, "应交金额"]), "duplicate_headers.xlsx")

    merged = book(ROWS, above=[["锦绣华府 合同执行情况表"]])
    ws = merged.active
    ws.merge_cells("A1:H1")
    ws.insert_cols(8)  # 约定付款日期 now spans G:H, merged as people do for a wide title
    ws["H2"] = None
    for row in range(3, 6):
        ws.cell(row, 8).value = None
    ws.merge_cells("G2:H2")
    save(merged, "merged_header.xlsx")

    save(
        book(ROWS, above=[["锦绣华府 合同执行情况表"], ["制表：销售部"], [], ["说明：金额单位为元"], [], []]),
        "header_row7.xlsx",
    )

    hidden = book(ROWS)
    hidden.active.row_dimensions[3].hidden = True
    extra = hidden.create_sheet("旧数据")
    extra.append(HEADER)
    extra.append(["9-999", "OLD", "旧客户", "尾款", 1, 0, datetime(2020, 1, 1), "某某"])
    extra.sheet_state = "hidden"
    save(hidden, "hidden_rows_and_sheets.xlsx")

    errors = book([[*ROWS[0][:4], "#N/A", 0, ROWS[0][6], "李娜"], [*ROWS[1][:6], "#VALUE!", "王强"], ROWS[2]])
    for cell in ("E2", "G3"):
        errors.active[cell].data_type = "e"
    save(errors, "formula_errors.xlsx")

    save(
        book(
            [
                [
                    "１－１０１",
                    " HT001\u200b ",
                    "张三　",
                    "首付款",
                    "￥１００，０００．００",
                    "０",
                    "２０２６年１０月４日",
                    "李娜 ",
                ],
                ["1-102", "HT002\u3000", "李四", "尾款", "５万", "5万元", "2026/11/1 ", "王强"],
            ]
        ),
        "fullwidth_and_spaces.xlsx",
    )

    mac = book(
        [
            ["1-101", "HT001", "张三", "首付款", 100000, 0, datetime(2026, 10, 4), "李娜"],
            ["1-102", "HT002", "李四", "尾款", 50000, 0, 45249, "王强"],
        ]
    )  # 45249 in 1904 = 2027-11-20
    mac.epoch = CALENDAR_MAC_1904
    save(mac, "date1904.xlsx")

    (HERE / "table.csv").write_text(
        "合同编号,客户姓名,应收金额,约定付款日期\nHT001,张三,1000,2026-10-04\n", encoding="utf-8"
    )
    (HERE / "not_a_workbook.xlsx").write_text("这不是工作簿", encoding="utf-8")

    plain = save(book(ROWS), "_plain.xlsx")
    try:
        import msoffcrypto
        from msoffcrypto.format.ooxml import OOXMLFile

        del msoffcrypto
        with plain.open("rb") as source, (HERE / "password.xlsx").open("wb") as target:
            OOXMLFile(source).encrypt("secret", target)
    except ImportError:
        print("msoffcrypto-tool not installed: password.xlsx not remade")  # noqa: T201
    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", tmp, str(plain)], check=True,
                           capture_output=True, timeout=300)  # fmt: skip
            shutil.copyfile(Path(tmp) / "_plain.xls", HERE / "legacy.xls")
    plain.unlink()


if __name__ == "__main__":
    main()
