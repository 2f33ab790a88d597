"""Back-dating is never silent: letters dated more than BACKDATE_DAYS before today (the real clock)
need a reason, which goes to every 函件归档 row of the run and to the log; the button, which cannot
give one, never back-dates."""

from __future__ import annotations

from datetime import date

from dunning.core.errors import DunningError, LettersBackdated

BACKDATE_DAYS = 3  # a Friday's sheet run on Monday is not back-dating; older letter dates need --backdate
DEMO_REASON = "演示：样例工作簿的基准日"
FUTURE_DAYS = 3  # letters dated further ahead than this need --future: a mistyped date or a wrong clock


def backdate_reason(text: str | None) -> str | None:
    """The reason as recorded, on one line; None when none was given. A blank reason is refused."""
    if text is None:
        return None
    reason = " ".join(text.split())
    if not reason:
        raise DunningError(
            '--backdate 需要写明补发的原因，如 --backdate "客户要求按原日期补发"（原因记入函件归档和日志）'
        )
    return reason


def check_backdate(as_of: date, *, today: date, reason: str | None, typed: bool) -> None:
    """Refuse letters dated more than BACKDATE_DAYS before today unless a reason was given; `typed`:
    the date came from --as-of, else from the rules sheet's 基准日."""
    if reason is None and (today - as_of).days > BACKDATE_DAYS:
        raise LettersBackdated(as_of, today, source="--as-of" if typed else "「催款规则」的基准日")


def backdate_note(as_of: date, reason: str, *, where: str = "「函件归档」的 倒签原因 和日志") -> str:
    """What a run that was given a reason prints: the letters' date, how far back, the reason and where it is."""
    late = (date.today() - as_of).days
    when = f"比今天早 {late} 天" if late > 0 else "不早于今天"
    return f"倒签：函件日期 {as_of.isoformat()}（{when}），原因「{reason}」已记入{where}"


def button_refusal(exc: LettersBackdated) -> str:
    """What the button says instead of back-dating: clear 基准日, or use the command line with a reason."""
    return (
        f"「催款规则」的基准日 {exc.as_of.isoformat()} 比今天（{exc.today.isoformat()}）早 {exc.days} 天，"
        "按钮不生成倒签日期的函件。请清空「催款规则」中的基准日（留空即今天）再按一次；确需按过去的日期补发，"
        '请用命令行 dunning letters 工作簿.xlsx --backdate "原因"（原因记入函件归档和日志）。'
    )


def check_after_last_run(as_of: date, last_run: date | None) -> None:
    """Letters are made forward in time: never for a day before the last run's."""
    if last_run is not None and as_of < last_run:
        raise DunningError(
            f"基准日 {as_of.isoformat()} 早于上次生成函件的基准日 {last_run.isoformat()}："
            "不能补发过去日期的函件（请核对基准日）"
        )


def check_not_ahead(as_of: date, *, today: date, future: bool) -> None:
    """Letters dated more than FUTURE_DAYS ahead of today need --future: a mistyped date or a wrong clock."""
    if not future and (as_of - today).days > FUTURE_DAYS:
        raise DunningError(
            f"基准日 {as_of.isoformat()} 比今天（{today.isoformat()}）晚 {(as_of - today).days} 天："
            "提前这么久生成的函件日期不实，且之后按正确日期的运行都会被拒绝。请核对基准日和电脑日期；"
            "确需提前生成，请加 --future"
        )
