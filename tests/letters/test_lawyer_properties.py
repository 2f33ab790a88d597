"""Over generated team workbooks (tests/workbook_gen.py), two runs a week apart: one letter per contract
per run (so one 律师函 per contract matter), each 律师函 showing its number, the numbers those of the
archive's 函件编号, rising from 1 and never given twice."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, event, given, settings

import workbook_gen as gen
from dunning.core.errors import DunningError
from dunning.core.identity import contract_id
from dunning.core.stages import NOT_CHASED
from dunning.jobs import RunOptions, board_of, letters
from dunning.sheets.reader import read_values
from workbook_gen import BookSpec

from letters_helpers import letter_text

# what keeps a contract from any letter (an unreadable row, a customer typed wrong, no rules sheet naming the
# law firm) is left out, so that most drawn workbooks reach the lawyer's letters
QUIET = frozenset({"no_rules_sheet", "error_cells", "unreadable_cells", "wrong_customer", "mismatch_on_invalid_row"})
NUMBER = re.compile(r"〔(\d{4})〕律函字第(\d+)号")


def approve_overdue(path: Path, *, as_of: date) -> None:
    """律师函审批人 filled on every overdue row the board chases (a later approval of the rest: follow-ups)."""
    values = read_values(path)
    name, rows, header = values.data_table()
    board = board_of(read_values(path), RunOptions(as_of=as_of))
    wb = openpyxl.load_workbook(path)
    if "lawyer_approved_by" in header.columns:
        column = header.columns["lawyer_approved_by"][0] + 1
    else:  # the column added at the right of the table
        column = max(len(row) for row in rows) + 1
        wb[name].cell(row=header.index + 1, column=column).value = "律师函审批人"
    for d in board.decisions:
        if (d.days_overdue or 0) > 0 and d.stage not in NOT_CHASED and not d.inst.lawyer_approved_by:
            wb[name].cell(row=d.sheet_row, column=column).value = "刘总"
    wb.save(path)


def archived_numbers(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path, read_only=True)["函件归档"]
    rows = list(ws.iter_rows(values_only=True))
    column = list(rows[0]).index("函件编号")
    return [str(row[column]) for row in rows[1:] if len(row) > column and NUMBER.fullmatch(str(row[column] or ""))]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(gen.books(exclude=QUIET))
def test_one_lawyers_letter_per_contract_per_run_numbered_without_reuse(spec: BookSpec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = gen.write_book(spec, Path(tmp) / "合同台账.xlsx")
        given: list[str] = []
        for offset in (0, 8):
            if offset:
                approve_overdue(path, as_of=spec.as_of + timedelta(days=offset))
            try:
                result = letters(
                    path, RunOptions(as_of=spec.as_of + timedelta(days=offset), out=Path(tmp) / "函件", future=True)
                )
            except DunningError:
                event("letters refused")
                return
            per_contract = Counter(contract_id(m.letter.contract_no) for m in result.made)
            assert all(count == 1 for count in per_contract.values()), per_contract
            for made in result.made:
                if made.letter.level.needs_approval:
                    assert made.letter.number and f"编号：{made.letter.number}" in letter_text(made.file)
                    given.append(made.letter.number)
        event(f"律师函 made: {min(len(given), 3)}")
        assert len(given) == len(set(given))
        if given:
            assert sorted(archived_numbers(path)) == sorted(given)
            for year in {m[1] for m in map(NUMBER.fullmatch, given) if m}:
                serials = sorted(int(m[2]) for m in map(NUMBER.fullmatch, given) if m and m[1] == year)
                assert serials == list(range(1, len(serials) + 1))
