"""Fuzzing: whole rows of random typed values, and random rules sheets — never an exception, always a
stage or a named problem; a rules sheet is either read or refused with RulesError."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunning.core.board import compute_board
from dunning.core.errors import RulesError
from dunning.core.rules import preset_rules
from dunning.core.rules_sheet import LADDER_HEADER, PARAMETERS, load_rules
from dunning.core.stages import STRUCTURAL

from conftest import AS_OF, HEADER

cell = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**9), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.dates(date(1900, 1, 1), date(2200, 1, 1)), st.datetimes(datetime(1900, 1, 1)),
    st.sampled_from(["#N/A", "#VALUE!", "合计", "", "  ", "¥1,234.50", "12.5万", "2026/13/45", "2026年3月5日", "万分之五",
                     "=HYPERLINK(\"x\")", 1e300, 1e15, "万分之一千", "是", "否", "日", "月", "工作日", "到期日", "上一封函", "月末", "-3", "7"]),
)  # fmt: skip


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, max_size=len(HEADER) + 2), max_size=12))
def test_any_rows_give_a_board(rows: list[list[object]]) -> None:
    board = compute_board([list(HEADER), *rows], preset_rules(), as_of=AS_OF, sheet="合同执行情况")
    stages = set(STRUCTURAL) | {"reminder", "letter", "lawyer_letter"}
    for d in board.decisions:
        assert d.stage in stages
        assert d.why
        if d.stage == "invalid":
            assert d.problems


rule_name = st.sampled_from([*PARAMETERS, "节假日", "参数", "值", *LADDER_HEADER, "律师函期现天数", ""])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(rule_name, cell), max_size=10),
    st.lists(st.lists(cell, min_size=10, max_size=10), max_size=5),
    st.booleans(),
)
def test_any_rules_sheet_is_read_or_refused_by_name(params: list[tuple[str, object]], ladder: list[list[object]],
                                                    with_ladder: bool) -> None:  # fmt: skip
    rows: list[list[object]] = [["参数", "值"], *[[name, value] for name, value in params]]
    if with_ladder:
        rows += [[], list(LADDER_HEADER), *ladder]
    try:
        rules = load_rules(rows)
    except RulesError as exc:
        assert exc.messages and all(("催款规则" in m) or ("预设" in m) for m in exc.messages)
        return
    board = compute_board([list(HEADER), ["1", "HT1", "张三", "定金", 100, 0, AS_OF]], rules, as_of=AS_OF, sheet="S")
    assert len(board.decisions) == 1
