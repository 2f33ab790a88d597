"""End-to-end properties over generated team workbooks (tests/workbook_gen.py): the three jobs — the
board, refresh, letters — run on the file as the command line runs them, and checked against the
generator's spec, never against the code under test.

    HYPOTHESIS_PROFILE=long pytest tests/product/test_generated_workbooks.py          # 2000 examples, not 50
    DUNNING_GEN_KNOWN_BUGS=all pytest tests/product/test_generated_workbooks.py       # with the features below
    DUNNING_GEN_KNOWN_BUGS=holds,mixed_ages pytest …                          # with some of them

Features the generator leaves out while their bug stands are in `KNOWN_BUGS`; each bug has a minimal
regression test below, marked xfail(strict=True): when it starts passing, drop the feature from
`KNOWN_BUGS` and the xfail mark.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import openpyxl
import pytest
from hypothesis import HealthCheck, event, given, note, settings

import workbook_gen as gen
from dunning.core.board import Board
from dunning.core.errors import DunningError
from dunning.jobs import RunOptions, board_of, letters, refresh
from dunning.letters.batch import LettersResult
from dunning.sheets.reader import read_values
from workbook_gen import BookSpec, ExcelError, Line, Unreadable, book, contract, instalment, plain

from letters_helpers import letter_text

# feature → the bug that keeps it out of the generator (see the xfail tests named there)
KNOWN_BUGS: dict[str, str] = {}
_INCLUDED = os.environ.get("DUNNING_GEN_KNOWN_BUGS", "")
EXCLUDED = frozenset() if _INCLUDED == "all" else frozenset(KNOWN_BUGS) - set(_INCLUDED.split(","))
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = {"ci": 50, "long": 2000}.get(PROFILE, 50)
GEN_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, print_blob=True,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
LAWYER_TRACK = frozenset({"lawyer_pending", "lawyer_letter", "lawyer_sent", "litigation"})
TRACKING_NAMES = {key: gen.HEADERS[key][0] for key in gen.TRACKING}
RUNS = Counter[str]()
BACKDATE = "测试：生成的工作簿，基准日在 2025-01-01 至今天之间"  # most are back-dated by more than 3 days
T = TypeVar("T")


@pytest.fixture(scope="module", autouse=True)
def _report_examples(request: pytest.FixtureRequest) -> object:
    """One line at the end of the module: how many generated workbooks each property test ran."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not RUNS:
        return
    shown = ", ".join(f"{name}: {count}" for name, count in RUNS.items())
    with capture.global_and_fixture_disabled():
        reporter.write_line(f"\ngenerated workbooks ({PROFILE}, max_examples={EXAMPLES}): examples run — {shown}")


# ---------------------------------------------------------------------------------------------
# Running the jobs and checking one workbook


def check_book(spec: BookSpec, folder: Path) -> list[str]:
    """Write the workbook, run board → refresh → letters → letters again, check every property.
    Returns what happened (the stages on the board, the letters made, any refusal), for statistics."""
    path = gen.write_book(spec, folder / "合同台账.xlsx")
    before = sheet_cells(path)
    try:
        board = board_of(read_values(path), RunOptions(as_of=spec.as_of))
    except DunningError as exc:  # a whole-workbook problem, said plainly: acceptable
        assert str(exc).strip(), "a DunningError without a message"
        return [f"board refused: {type(exc).__name__}"]
    check_board(spec, board)
    seen = [f"stage {stage}" for stage in sorted({d.stage for d in board.decisions})]
    refreshed = acceptable(lambda: refresh(path, RunOptions(as_of=spec.as_of)))
    if refreshed is not None:
        check_board_sheet(spec, path)
    else:
        seen.append("refresh refused")
    out = folder / "函件"
    result = acceptable(lambda: letters(path, RunOptions(as_of=spec.as_of, out=out, backdate=BACKDATE)))
    if result is not None:
        check_letters(spec, board, result)
        check_tracking(spec, before, path, result)
        again = letters(path, RunOptions(as_of=spec.as_of, out=out, backdate=BACKDATE))
        assert not again.made, f"the second run on the same day made {[m.file.name for m in again.made]}"
        seen += [f"letter {m.letter.level.code}" for m in result.made] + [f"letters made: {min(len(result.made), 3)}"]
    else:
        assert sheet_cells(path) == before, "a refused letters run changed the team's sheet"
        seen.append("letters refused")
    return seen


def acceptable(job: Callable[[], T]) -> T | None:
    """The job's result, or None when it refused the workbook with a DunningError that says why."""
    try:
        return job()
    except DunningError as exc:
        assert str(exc).strip(), "a DunningError without a message"
        note(f"refused: {exc}")
        return None


def check_board(spec: BookSpec, board: Board) -> None:
    data = spec.data_rows()
    counts = Counter(d.sheet_row for d in board.decisions)
    twice = sorted(r for r, n in counts.items() if n > 1)
    assert not twice, f"rows on the board more than once: {twice}"
    lines = spec.rows()
    extra = {r: lines[r].kind if r in lines else "above the header" for r in counts if r not in data}
    assert not extra, f"rows on the board that are not data rows: {extra}"
    missing = sorted(set(data) - set(counts))
    assert not missing, f"data rows missing from the board: {missing}"
    for d in board.decisions:
        inst = data[d.sheet_row]
        if not inst.valid:
            bad = sorted(inst.errors | inst.unreadable)
            assert d.stage == "invalid", f"row {d.sheet_row} has an unreadable {bad} but is {d.stage}"
            continue
        assert d.stage != "invalid", f"row {d.sheet_row} is well formed but invalid: {d.problems}"
        assert d.inst.contract_no == inst.contract.number, f"row {d.sheet_row}: 合同编号 {d.inst.contract_no!r}"
        assert plain(d.inst.customer) == plain(inst.shown_customer), f"row {d.sheet_row}: 客户 {d.inst.customer!r}"
        assert d.inst.due_date == inst.due_date, f"row {d.sheet_row}: 约定付款日期 {d.inst.due_date}"
        assert d.outstanding == inst.amount_due - inst.amount_paid, f"row {d.sheet_row}: 欠款 {d.outstanding}"
        if inst.held(spec.as_of) and inst.owed > 0:
            assert d.stage == "on_hold", f"row {d.sheet_row} is held until {inst.hold_until} but {d.stage}"


def check_board_sheet(spec: BookSpec, path: Path) -> None:
    """催款看板 lists every data row once, by its row number in the team's sheet."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(wb["催款看板"].iter_rows(min_col=1, max_col=1, values_only=True))
    finally:
        wb.close()
    start = next(i for i, (value,) in enumerate(rows) if value == "原表行") + 1
    listed = []
    for (value,) in rows[start:]:
        if not isinstance(value, int):
            break
        listed.append(value)
    assert sorted(listed) == sorted(spec.data_rows()), f"催款看板 lists rows {sorted(listed)}"


# ---------------------------------------------------------------------------------------------
# Letters


_AMOUNT = re.compile(r"-?¥-?[\d,]+\.\d\d")
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def money(text: str) -> Decimal:
    found = _AMOUNT.search(text)
    assert found, f"no amount in {text!r}"
    return Decimal(found.group().replace("¥", "").replace(",", ""))


def listed_rows(path: Path) -> tuple[list[tuple[str, date]], Decimal]:
    """The instalments a letter lists (款项类型, 约定付款日期) and the total it demands (欠款金额合计)."""
    from docx import Document

    for table in Document(str(path)).tables:
        cells = [[c.text for c in row.cells] for row in table.rows]
        if not cells or cells[0][0] != "款项类型":
            continue
        rows, total = [], None
        for line in cells[1:]:
            if plain(line[0]).startswith("合计"):
                total = money(line[4])
                break
            day = _CHINESE_DATE.search(line[1])
            assert day, f"{path.name}: 约定付款日期 {line[1]!r}"
            rows.append((line[0], date(*map(int, day.groups()))))
        assert total is not None, f"{path.name}: the table has no 合计 row"
        return rows, total
    raise AssertionError(f"{path.name}: no table of instalments")


def check_letters(spec: BookSpec, board: Board, result: LettersResult) -> None:
    data = list(spec.data_rows().values())
    contracts = {i.contract.number: i.contract for i in data}
    stages: dict[str, set[str]] = {}
    for d in board.decisions:
        stages.setdefault(d.inst.contract_no, set()).add(d.stage)
    seen: set[str] = set()
    for made in result.made:
        number = made.letter.contract_no
        assert number in contracts, f"a letter for {number!r}, which no row of the sheet has"
        assert number not in seen, f"two letters for {number} in one run"
        seen.add(number)
        ours = contracts[number]
        rows = [i for i in data if i.contract is ours]
        # a row whose 合同编号 is an error cell cannot be told to belong to this contract
        names = {plain(i.shown_customer) for i in rows
                 if "customer" not in i.errors and "contract_no" not in i.errors | i.unreadable}  # fmt: skip
        assert len(names) == 1, (
            f"{made.file.name}: the rows of {number} disagree on the customer {names}, yet it was written"
        )
        text = plain(letter_text(made.file))
        assert plain(ours.customer) in text, f"{made.file.name} does not name its customer {ours.customer}"
        # a generated workbook has no 函件归档: whatever its tracking cells count, no letter may claim a notice
        assert "书面催告" not in text and "多次催告" not in text, f"{made.file.name} claims notices never archived"
        strangers = [c.customer for c in contracts.values() if c is not ours and plain(c.customer) in text]
        assert not strangers, f"{made.file.name} names another contract's customer: {strangers}"
        listed, demanded = listed_rows(made.file)
        owed = sum((i.owed for i in rows), Decimal(0))
        assert demanded <= owed, f"{made.file.name} demands {demanded}, the contract owes {owed}"
        twice = [k for k, n in Counter(listed).items() if n > 1]
        assert not twice, f"{made.file.name} lists {twice} twice"
        by_key = {(i.kind, i.due_date): i for i in rows}
        for key in listed:
            inst = by_key.get(key)
            assert inst is not None, f"{made.file.name} lists {key}, not an instalment of {number}"
            assert inst.valid, (
                f"{made.file.name} lists {key}, a row with an unreadable {sorted(inst.errors | inst.unreadable)}"
            )
            assert not inst.held(spec.as_of), f"{made.file.name} demands {key}, held until {inst.hold_until}"
            if made.letter.level.before_due:  # a reminder asks for what falls due, never for arrears
                assert key[1] >= spec.as_of, f"{made.file.name} (a reminder) demands {key}, overdue"
            else:  # a dunning letter or a lawyer's letter demands arrears, never what is not yet due
                assert key[1] < spec.as_of, f"{made.file.name} demands {key}, not due until {key[1]}"
            if made.letter.level.needs_approval:
                assert inst.approver, f"{made.file.name} (律师函) lists {key}, not approved"
        lawyer = stages.get(number, set()) & LAWYER_TRACK
        if not made.letter.level.needs_approval:
            assert not lawyer, f"{made.file.name}: an ordinary letter, yet {number} is in the lawyer's track {lawyer}"


# ---------------------------------------------------------------------------------------------
# The workbook after the runs


def sheet_cells(path: Path) -> dict[tuple[int, int], object]:
    wb = openpyxl.load_workbook(path)
    try:
        ws = wb[gen.DATA_SHEET]
        # an empty text cell is blank (openpyxl drops it on saving; Excel shows the two alike)
        return {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value not in (None, "")}
    finally:
        wb.close()


def archive_keys(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        if "函件归档" not in wb.sheetnames:
            return []
        rows = list(wb["函件归档"].iter_rows(values_only=True))
    finally:
        wb.close()
    column = rows[0].index("幂等键")
    return [key for row in rows[1:] for key in str(row[column]).split(";")]


def check_tracking(spec: BookSpec, before: dict[tuple[int, int], object], path: Path, result: LettersResult) -> None:
    """The team's sheet changes only in the tracking cells of rows whose letter is in 函件归档 (and the
    headers of tracking columns added at the right of the table)."""
    after = sheet_cells(path)
    header, width = spec.header_row, len(spec.columns)
    columns = {key: c for c, (key, _) in enumerate(spec.columns, start=1) if key in TRACKING_NAMES}
    for (row, column), value in after.items():
        if row == header and column > width and (row, column) not in before:
            key = next((k for k, name in TRACKING_NAMES.items() if name == value), None)
            assert key is not None and key not in columns, f"header {value!r} added in column {column}"
            columns[key] = column
    keys = archive_keys(path)
    assert len(keys) >= len(result.made), "fewer 函件归档 keys than letters made"
    rows = {(i.contract.number, i.kind, i.due_date.isoformat()): r for r, i in spec.data_rows().items()}
    expected: dict[tuple[int, int], object] = {}
    as_of = datetime(spec.as_of.year, spec.as_of.month, spec.as_of.day)
    for key in keys:
        number, kind, due, amount, code, _ = key.split("|")
        row = rows.get((number, kind, due))
        assert row is not None, f"函件归档 key {key} names no row of the sheet"
        inst = spec.data_rows()[row]
        assert Decimal(amount) == inst.amount_due, f"函件归档 key {key}: the amount is not the row's"
        if code == "letter":
            expected[row, columns["letters_sent"]] = inst.letters_sent + 1
            expected[row, columns["last_letter_date"]] = as_of
        elif code == "lawyer_letter":
            expected[row, columns["lawyer_letter_date"]] = as_of
    changed = {k: after.get(k) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    changed = {k: v for k, v in changed.items() if not (k[0] == header and k[1] > width)}
    stray = {k: (before.get(k), v) for k, v in changed.items() if k not in expected}
    assert not stray, f"cells changed outside the archived rows' tracking cells: {stray}"
    for k, value in expected.items():
        assert after.get(k) == value, f"tracking cell {k} is {after.get(k)!r}, expected {value!r}"


# ---------------------------------------------------------------------------------------------
# The property


@GEN_SETTINGS
@given(gen.books(exclude=EXCLUDED))
def test_generated_workbooks(spec: BookSpec) -> None:
    RUNS["test_generated_workbooks"] += 1
    note(f"features: {sorted(spec.features)}")
    for feature in spec.features:
        event(f"feature {feature}")
    with tempfile.TemporaryDirectory() as tmp:
        for what in dict.fromkeys(check_book(spec, Path(tmp))):
            event(what)


def test_generator_names_are_distinct() -> None:
    """No customer's name is part of another name, of any other text the generator writes, or of the
    built-in letters' boilerplate, so a name found in a letter is that customer."""
    from docx import Document

    from dunning.letters.templates import builtin_templates

    boiler = "".join(
        p.text for f in builtin_templates().glob("*.docx") for p in Document(str(f)).paragraphs
    )  # fmt: skip
    others = [*gen.CONSULTANTS, *gen.ADDRESSES, *gen.KINDS, *gen.NOTES, gen.COMPANY, gen.LAW_FIRM, gen.APPROVER,
              *(str(v) for row in gen.RULES_ROWS for v in row), boiler]  # fmt: skip
    for name in gen.CUSTOMERS:
        assert not [o for o in (*gen.CUSTOMERS, *others) if o != name and name in o], name


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_writer_round_trips_errors_merges_and_control_characters(tmp_path: Path, writer: str) -> None:
    """The cells the generator writes are read back as Excel keeps them: errors as errors (openpyxl),
    merged blocks, control characters as the characters."""
    import python_calamine

    of = contract(merged=True, customer="林\x0b黛玉")
    spec = book(date(2026, 11, 20), instalment(of, "首付款", 1000, date(2026, 11, 1)),
                instalment(of, "尾款", 2000, date(2026, 11, 5), cells={"amount_paid": ExcelError("#N/A")}),
                writer=writer)  # fmt: skip
    path = gen.write_book(spec, tmp_path / "b.xlsx")
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(gen.DATA_SHEET).to_python()
    assert rows[1][2] == "林\x0b黛玉" and rows[2][1:3] == ["", ""]
    ws = openpyxl.load_workbook(path, data_only=True)[gen.DATA_SHEET]  # the cached value of a formula
    assert ws["F3"].data_type == "e" and ws["F3"].value == "#N/A"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A2:A3", "B2:B3", "C2:C3"}


# ---------------------------------------------------------------------------------------------
# Regression tests: the smallest workbooks showing what the generator found. Open bugs are
# xfail(strict=True): fixed, they pass, and the mark and the KNOWN_BUGS entry go.

AS_OF = date(2026, 11, 20)
HT1, HT2 = contract("HT20260001", "林黛玉"), contract("HT20260002", "薛宝钗", unit="2-202")


def test_plain_workbook_passes_the_checks(tmp_path: Path) -> None:
    """The checks themselves, on a workbook with one letter due, a blank row and a totals row."""
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 11, 10)), Line("blank"),
                Line("totals", cells=("合计", None, None, None, 10000.0)))  # fmt: skip
    check_book(spec, tmp_path)
    assert [p.name for p in (tmp_path / "函件").rglob("HT*.docx")] == ["HT20260001_催款信_第1次.docx"]


def test_contract_whose_invalid_row_names_another_customer_gets_no_letter(tmp_path: Path) -> None:
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 11, 1)),
                instalment(HT1, "尾款", 20000, date(2026, 11, 5), customer=HT2.customer,
                           cells={"amount_paid": Unreadable("见备注")}))  # fmt: skip
    check_book(spec, tmp_path)  # the rows of HT20260001 disagree on the customer {林黛玉, 薛宝钗}, yet it was written


# Found by the generator at 4c1fd75 (letters/plan.py), fixed in the working tree since: regression tests.


def test_letter_never_demands_a_held_instalment(tmp_path: Path) -> None:
    """Was: HT20260001_催款信_第1次.docx demands ('尾款', 2026-11-05), held until 2026-12-31."""
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 11, 1)),
                instalment(HT1, "尾款", 20000, date(2026, 11, 5), hold_until=date(2026, 12, 31)))  # fmt: skip
    check_book(spec, tmp_path)


def test_contract_whose_rows_disagree_on_the_customer_gets_no_letter(tmp_path: Path) -> None:
    """Was: a letter to HT20260001 although its rows name 林黛玉 and 薛宝钗 (HT20260002's customer)."""
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 11, 1)),
                instalment(HT1, "尾款", 20000, date(2026, 11, 5), customer=HT2.customer),
                instalment(HT2, "首付款", 30000, date(2026, 11, 1), amount_paid=30000))  # fmt: skip
    check_book(spec, tmp_path)
    assert not list((tmp_path / "函件").rglob("HT20260001_*.docx"))


def test_no_ordinary_letter_once_a_row_is_in_the_lawyers_track(tmp_path: Path) -> None:
    """Was: HT20260001_催款信_第1次.docx while its 首付款 is 律师函待审批 (SPEC §6)."""
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 9, 1)),
                instalment(HT1, "尾款", 20000, date(2026, 11, 10)))  # fmt: skip
    check_book(spec, tmp_path)


def test_lawyers_letter_lists_only_approved_rows(tmp_path: Path) -> None:
    """Was: HT20260001_律师函.docx listing ('尾款', 2026-09-01), not approved."""
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 8, 1), approver=gen.APPROVER),
                instalment(HT1, "尾款", 20000, date(2026, 9, 1)))  # fmt: skip
    check_book(spec, tmp_path)
    assert [p.name for p in (tmp_path / "函件").rglob("HT*.docx")] == ["HT20260001_律师函.docx"]


# Found by the generator at 848f795, fixed by 4c1fd75 (the one-pass reader): regression tests.


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_control_characters_pasted_into_text_cells(tmp_path: Path, writer: str) -> None:
    """Was: IllegalCharacterError from refresh and letters (openpyxl refuses \\x0b in a cell it writes)."""
    pasted = contract("HT20260001", "林\x0b黛玉", address="杭州市余杭区\x07文一西路88号", unit="1-101\x01")
    spec = book(AS_OF, instalment(pasted, "首付款", 10000, date(2026, 11, 10)),
                columns=(*gen.BASIC_COLUMNS, "address"), writer=writer)  # fmt: skip
    spec.lines[0].inst.cells["address"] = pasted.address  # type: ignore[union-attr]
    check_book(spec, tmp_path)


def test_merged_contract_cells_down_the_rows(tmp_path: Path) -> None:
    """Was: every row of a merged block but the first invalid (合同编号, 客户姓名: 缺少必填值)."""
    merged = contract("HT20260001", "林黛玉", merged=True)
    spec = book(AS_OF, instalment(merged, "首付款", 10000, date(2026, 11, 1)),
                instalment(merged, "尾款", 20000, date(2026, 11, 5)))  # fmt: skip
    check_book(spec, tmp_path)


def test_excel_error_in_amount_paid_is_not_nothing_paid(tmp_path: Path) -> None:
    """Was: #N/A in 已收金额 read as 0 paid: a letter demanding an instalment paid in full."""
    spec = book(AS_OF, instalment(HT1, "首付款", 10000, date(2026, 11, 1), amount_paid=10000,
                                  cells={"amount_paid": ExcelError("#N/A")}))  # fmt: skip
    check_book(spec, tmp_path)
    assert not list((tmp_path / "函件").rglob("HT*.docx"))
