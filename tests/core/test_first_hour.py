"""What she reads on her first morning: the board's words say each thing once."""

from __future__ import annotations

from conftest import AS_OF, decide_one


def test_due_today_is_said_once() -> None:
    text = decide_one(due_date=AS_OF).why
    assert text.startswith("今天到期，") and "（今天）" not in text  # was 今天到期（今天）
