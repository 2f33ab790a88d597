"""The output column registry: each output takes its columns from it, and the contract of SPEC §7 holds."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings

import workbook_gen as gen
from dunning.board_text import COLUMNS as TERMINAL
from dunning.core.columns import BY_KEY, JSON_KEYS, json_records, record
from dunning.core.engine import Decision
from dunning.core.parse import Instalment
from dunning.excel.bridge import BOARD_HEADER
from dunning.jobs import RunOptions, board_of, refresh
from dunning.sheets.layout import BOARD_HEADER_ROW
from dunning.sheets.layout import COLUMNS as SHEET
from dunning.sheets.reader import read_values

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
    board = refresh(book, RunOptions())
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


def encoded(decisions: list[Decision]) -> list[str]:
    """Each record as `json` writes it, one by one: what json_records must equal."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return [encode(record(d)) for d in decisions]


def made(decisions: list[Decision], *, block: int) -> list[str]:
    return [row for rows in json_records(decisions, block=block) for row in rows]


def test_json_records_are_the_records_encoded_on_the_sample() -> None:
    """Made column by column, a block at a time (blocks of 7: values met in an earlier block reused)."""
    decisions = board_of(read_values(SAMPLE), RunOptions()).decisions
    assert made(decisions, block=7) == encoded(decisions)
    assert made(decisions, block=4096) == encoded(decisions)
    assert made([], block=7) == []


def test_json_records_keep_each_values_own_form() -> None:
    """Values Python holds equal but JSON writes apart stay apart: Decimal 0 and -0, 1.1 and 1.10 (same
    text), absent numbers, True in one column and 1 in another."""
    inst = Instalment(2, "HT-1", "林黛玉", Decimal(100), date(2026, 11, 1))
    rows = [
        Decision(inst, "letter", "催款函", Decimal("0"), Decimal("-0"), 1, 1, late=True, problems=("a", "b")),
        Decision(inst._replace(sheet_row=3), "letter", "催款函", Decimal("-0"), Decimal("0"), 0, None, late=False),
        Decision(
            inst._replace(sheet_row=4, customer='"引号"\\'),
            "x",
            "y",
            Decimal("1.1"),
            Decimal("1.10"),
            None,
            None,
            action_due=date(2026, 1, 1),
            letter_due=True,
        ),  # fmt: skip
    ]
    assert made(rows, block=1) == made(rows, block=3) == encoded(rows)
    assert '"outstanding": "-0.00", "late_fee": "0.00"' in made(rows, block=3)[1]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(gen.books())
def test_json_records_are_the_records_encoded_on_generated_workbooks(spec: gen.BookSpec) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        board = board_of(read_values(gen.write_book(spec, Path(tmp) / "合同台账.xlsx")), RunOptions())
    assert made(board.decisions, block=5) == encoded(board.decisions)


def test_json_records_pause_the_collector_only_while_making_a_block() -> None:
    """The cyclic collector is off while a block is made (core.collector) and on again whenever the
    caller holds a block, and after the last; left off when the caller had it off."""
    import gc

    decisions = board_of(read_values(SAMPLE), RunOptions()).decisions
    assert gc.isenabled()
    states = [gc.isenabled() for _ in json_records(decisions, block=7)]
    assert states and all(states) and gc.isenabled()
    gc.disable()
    try:
        assert not any(gc.isenabled() for _ in json_records(decisions, block=7))
    finally:
        gc.enable()
