"""Shared fixtures and domain assertion helpers: real workbooks written to tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from hypothesis import settings

from dunning.core.engine import Decision, decide
from dunning.core.parse import Instalment
from dunning.core.rules import Rules, preset_rules

if TYPE_CHECKING:
    from excel_standin import Excel

# A test that runs `python -m dunning` in a child process runs this tree's code, not whichever checkout the
# package happens to be installed from.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(Path(__file__).resolve().parents[1] / "addin"), *filter(None, [os.environ.get("PYTHONPATH")])]
)

# No per-example deadline: a first example may pay for a lazy import (cn2an, chinese_calendar) on a slow machine.
settings.register_profile("dunning", deadline=None)
settings.load_profile("dunning")

AS_OF = date(2026, 11, 20)
# Letters dated AS_OF (or another fixed day) are back-dated by now: the real clock runs on. Each such run says why.
BACKDATE = "测试：固定的过去基准日"
HEADER = ("房号", "合同编号", "客户姓名", "款项类型", "应收金额", "已收金额", "约定付款日期", "置业顾问",
          "已发催款信次数", "最近催款信日期", "律师函审批人", "律师函寄出日期", "暂缓催收至")  # fmt: skip


def days(n: int, *, base: date = AS_OF) -> date:
    return base + timedelta(days=n)


def instalment(**values: object) -> Instalment:
    fields: dict[str, object] = {"contract_no": "HT-1", "customer": "张三", "amount_due": Decimal(100000),
                                 "due_date": AS_OF}  # fmt: skip
    fields.update(values)
    return Instalment(sheet_row=2, **fields)  # type: ignore[arg-type]


def decide_one(*, as_of: date = AS_OF, rules: Rules | None = None, **values: object) -> Decision:
    return decide(instalment(**values), rules or preset_rules(), as_of=as_of)


def assert_stage(decision: Decision, stage: str, *, action_due: date | None = None, late: bool | None = None,
                 letter_no: int | None = None) -> None:  # fmt: skip
    assert decision.stage == stage, f"expected {stage}, got {decision.stage} ({decision.why})"
    if action_due is not None:
        assert decision.action_due == action_due, f"{stage}: action due {decision.action_due}, expected {action_due}"
    if late is not None:
        assert decision.late is late, f"{stage}: late={decision.late} ({decision.why})"
    if letter_no is not None:
        assert decision.letter_no == letter_no


COMPANY = (
    ["公司名称", "锦绣华府置业有限公司"],
    ["公司地址", "杭州市余杭区良渚街道锦绣路88号"],
    ["联系电话", "0571-86886688"],
)


def write_workbook(path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] = HEADER,
                   above: Sequence[Sequence[object]] = (), sheet: str = "合同执行情况",
                   rules: Sequence[Sequence[object]] | None = None, company: bool = True) -> Path:  # fmt: skip
    """The team's sheet; with `rules`, a 催款规则 sheet of those rows; else, unless `company=False`, one
    naming only the company (letters are refused without it)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for line in above:
        ws.append(list(line))
    ws.append(list(header))
    for line in rows:
        ws.append(list(line))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text ('=…), as a customer name would be
    if rules is None and company:  # letters need the company: the smallest rules sheet naming it
        rules = [["参数", "值"], *COMPANY]
    if rules is not None:
        rs = wb.create_sheet("催款规则")
        for line in rules:
            rs.append(list(line))
    wb.save(path)
    return path


@pytest.fixture
def default_rules() -> Rules:
    return preset_rules()


@pytest.fixture
def excel(tmp_path: Path) -> Iterator[Excel]:
    """A stand-in Excel on Windows (tests/excel_standin) that xlwings' Windows engine drives."""
    from excel_standin import Excel

    with Excel(tmp_path) as stand_in:
        yield stand_in
