"""The output column registry: each output takes its columns from it, and the contract of SPEC §7 holds."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from dunning.board_text import COLUMNS as TERMINAL
from dunning.bridge import BOARD_HEADER
from dunning.core.columns import BY_KEY, JSON_KEYS, record
from dunning.jobs import refresh_file
from dunning.sheets.layout import BOARD_HEADER_ROW
from dunning.sheets.layout import COLUMNS as SHEET

SPEC_JSON = ("sheet_row", "contract_no", "customer", "stage", "stage_label", "letter_no", "days_overdue", "outstanding",
             "late_fee", "next_action", "owner", "action_due", "late", "why", "problems")  # fmt: skip
SPEC_DUNNING_BOARD = ("催款阶段", "第几次", "逾期天数", "欠款金额", "违约金", "下一步", "责任人", "截止日期")
SAMPLE = Path(__file__).resolve().parents[2] / "workbook" / "sample_contracts.xlsx"


def test_json_starts_with_specs_fields_in_order() -> None:
    assert JSON_KEYS[: len(SPEC_JSON)] == SPEC_JSON


def test_dunning_board_header_is_specs() -> None:
    assert BOARD_HEADER == SPEC_DUNNING_BOARD


def test_every_output_heading_is_the_registrys() -> None:
    labels = {column.label for column in BY_KEY.values()}
    shorts = {column.short for column in BY_KEY.values()}
    assert set(SHEET) <= labels and set(BOARD_HEADER) <= labels
    assert {column.name for column in TERMINAL} <= shorts


def test_the_sheet_and_json_show_the_same_figures(tmp_path: Path) -> None:
    """The same fact through two outputs: each board row's money and dates on the saved 催款看板 equal its JSON."""
    book = tmp_path / SAMPLE.name
    book.write_bytes(SAMPLE.read_bytes())
    board = refresh_file(book)
    by_row = {d.sheet_row: record(d) for d in board.decisions}
    ws = openpyxl.load_workbook(book)["催款看板"]
    heading = [c.value for c in ws[BOARD_HEADER_ROW]][: len(SHEET)]
    assert heading == list(SHEET)
    index = {name: heading.index(BY_KEY[key].label) for key, name in
             (("sheet_row", "row"), ("outstanding", "owed"), ("action_due", "due"), ("stage_label", "stage"))}  # fmt: skip
    seen = 0
    for line in ws.iter_rows(min_row=BOARD_HEADER_ROW + 1, max_col=len(SHEET), values_only=True):
        if line[index["row"]] is None:
            break
        expected = by_row[line[index["row"]]]
        assert f"{line[index['owed']]:.2f}" == expected["outstanding"]
        due = line[index["due"]]
        assert (due.date().isoformat() if due else None) == expected["action_due"]
        assert line[index["stage"]] == expected["stage_label"]
        seen += 1
    assert seen == len(board.decisions)
