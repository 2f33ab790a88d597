"""A telephone number is never broken across lines in a letter (issue 20): printed through LibreOffice,
the company's `0571-8688 6688` is whole on its line wherever the sentence puts it."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from dunning.jobs import RunOptions, letters
from dunning.letters.statements import unbroken

from conftest import AS_OF, BACKDATE, write_workbook

PHONE = "0571-8688 6688"


def test_a_phone_number_is_one_word() -> None:
    assert unbroken(" 0571-8688  6688 ") == "0571\u20118688\u00a06688"
    assert unbroken("0571 8688　6688") == "0571\u00a08688\u00a06688"  # a full-width space too


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="LibreOffice")
def test_the_phone_is_whole_on_its_line_in_the_printed_letters(tmp_path: Path) -> None:
    # consultants' names of every length move 电话 0571-8688 6688 across the end of the contact line
    rows = [[f"1-{n}", f"HT-{n:02d}", "张三", "首付款", 100000, 0, AS_OF - timedelta(days=2), "王" * n]
            for n in range(12, 24)]  # fmt: skip
    rules = [["参数", "值"], ["公司名称", "锦绣华府置业有限公司"], ["公司地址", "杭州市余杭区良渚街道锦绣路88号"],
             ["联系电话", PHONE]]  # fmt: skip
    book = write_workbook(tmp_path / "台账.xlsx", rows, rules=rules)
    result = letters(book, RunOptions(as_of=AS_OF, backdate=BACKDATE))
    assert result.combined is not None and len(result.made) == len(rows)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(result.combined)],
                   check=True, capture_output=True, timeout=300)  # fmt: skip
    pdf = tmp_path / f"{result.combined.stem}.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = text.replace("\u00a0", " ").replace("\u2011", "-").splitlines()
    split = [line for line in lines if ("0571" in line or "6688" in line) and PHONE not in line]
    assert split == []
    assert sum(line.count(PHONE) for line in lines) == 2 * len(rows)  # the letterhead's and the contact line's
