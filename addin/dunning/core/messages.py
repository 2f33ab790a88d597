"""The user's words for the typed outcomes, in one place: why a contract got no letter
(core.outcomes.Skipped) and why a letters run was refused (core.refusals.Refused). The command line,
the button, `--json` and the board's why all say these texts; nothing else words them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from dunning.core.dates import chinese_date, short_date
from dunning.core.money import yuan
from dunning.core.outcomes import RowFacts, Skipped, SkipReason
from dunning.core.refusals import Refused, RunRefusal

if TYPE_CHECKING:
    from dunning.core.promise_schedule import PromiseRefusal

NOT_MADE = "未发函："  # before a skip the sheet's data or rules must clear


def skip_subject(s: Skipped) -> str:
    """Whom a skip is about: the contract, or the row when it has no contract number."""
    return s.contract or f"第{s.rows[0]}行"


def skip_line(s: Skipped) -> str:
    """The follow-up line: `跳过 HT002：已生成过，不再重复生成`."""
    return f"跳过 {skip_subject(s)}：{skip_text(s)}"


def skip_record(s: Skipped) -> dict[str, object]:
    """A skip in `dunning letters --json`: SPEC §7's contract_no and reason, with the reason's code and rows."""
    return {"contract_no": skip_subject(s), "reason": skip_text(s), "code": s.reason.value, "rows": list(s.rows)}


def skip_text(s: Skipped) -> str:
    """Why, and what to do, on one line."""
    return _SKIP[s.reason](s)


def conflict_text(s: Skipped) -> str:
    """A contract whose rows contradict each other, as the board's why and the approval pack say it:
    `<what>：<what to do>` (a skip line puts 未发函： before it)."""
    if s.reason is SkipReason.CUSTOMER_MISMATCH:
        shown = "、".join(f"第{row}行 {name or '（空）'}" for row, name in zip(s.rows, s.detail, strict=True))
        return f"同一合同的客户姓名不一致（{shown}）：核对后再发函"
    if s.reason is SkipReason.DUPLICATE_INSTALMENT:
        first, second = s.rows
        return f"第{first}行与第{second}行是同一期款项（款项类型、约定付款日期、应收金额相同）：删去重复行后再发函"
    if s.reason is SkipReason.NEGATIVE_AMOUNT:
        return f"第{s.rows[0]}行 金额为负数：核对后再发函"
    raise ValueError(s.reason)


def _rows(s: Skipped) -> str:
    return _joined(s.rows)


def _joined(rows: tuple[int, ...]) -> str:
    return "、".join(str(row) for row in rows)


def lawyer_wait_text(letters_sent: int | None, until: date, *, as_of: date, level: str) -> str:
    """Why an approved 律师函 is not sent on `as_of`, as the board's why and the skip say it:
    `第8封催款信的付款期限11月27日（含当日）未满：期满后（11月28日起）再发律师函`."""
    letter = f"第{letters_sent}封催款信" if letters_sent else "最近一封催款信"
    after = until + timedelta(days=1)
    return f"{letter}的付款期限{_when(until, as_of)}（含当日）未满：期满后（{_when(after, as_of)}起）再发{level}"


def _when(day: date, as_of: date) -> str:
    return "今天" if day == as_of else short_date(day, as_of=as_of)


def withheld_text(long: tuple[int, ...], also: tuple[int, ...], *, days: int) -> str:
    """A first run's rows long overdue with no letter history (and the contract's letters waiting with
    them), as the board's why and the skip say it."""
    waiting = f"（同一合同第{_joined(also)}行的催款信随之暂缓）" if also else ""
    return (
        f"第{_joined(long)}行已逾期{days}天以上，但表中没有催款记录{waiting}：请在 "
        "已发催款信次数/最近催款信日期 填写已寄出的催款信，或确认从未寄过（命令行加 --no-prior-letters；按钮会询问）"
    )


def _lawyer_waits(s: Skipped) -> str:
    assert s.until is not None and s.as_of is not None
    wait = lawyer_wait_text(s.number, s.until, as_of=s.as_of, level=s.level)
    return f"{s.level}暂不寄发：第{s.items[0].row}行{s.items[0].kind}，{wait}"


def _withheld(s: Skipped) -> str:
    assert s.number is not None
    return withheld_text(tuple(r for r in s.rows if r not in s.also), s.also, days=s.number)


def _owed(item: RowFacts) -> str:
    return f"第{item.row}行{item.kind or '款项'}{yuan(item.outstanding)}"


def _uncovered(s: Skipped) -> str:
    shown = "、".join(f"{_owed(i)}（已逾期{i.days_overdue}天）" for i in s.items)
    return (
        f"{shown}已逾期但未列入律师函，也不再寄普通催款函：请在律师函审批时一并报批"
        "（同意后在该行填写律师函审批人，随后续律师函寄出）"
    )


def _in_suit(s: Skipped) -> str:
    shown = "、".join(f"第{i.row}行{i.stage}" for i in s.items)
    return f"已起诉（诉讼中），不再寄发普通催款函/提醒函（{shown}）：随诉讼一并跟进"


def _no_reminder(s: Skipped) -> str:
    shown = "、".join(f"{_owed(i)}将于{chinese_date(i.due) if i.due else '（无日期）'}到期" for i in s.items)
    return f"{shown}：合同已进入律师函程序，不寄提醒函，请电话提醒客户按时付款"


def _disputed(s: Skipped) -> str:
    assert s.day is not None
    shown = "、".join(_owed(i) for i in s.items)
    return (
        f"客户{chinese_date(s.day)}提出异议（跟进记录），本合同暂停发函（{shown}）：市场部经理核实并答复后，"
        "在「跟进记录」登记 异议已解决 即恢复"
    )


def _promised(s: Skipped) -> str:
    assert s.day is not None and s.until is not None and s.as_of is not None
    item = s.items[0]
    return (
        f"{_owed(item)}：客户承诺{short_date(s.day, as_of=s.as_of)}前付款（跟进记录），暂停发函；"
        f"{_when(s.until + timedelta(days=1), s.as_of)}仍未到账即恢复催收"
    )


def _unreachable(s: Skipped) -> str:
    assert s.day is not None
    shown = "、".join(_owed(i) for i in s.items)
    return (
        f"{chinese_date(s.day)}起联系不上客户（函件退回或跟进记录记失联），不再寄函（{shown}）：请置业顾问核实联系方式，"
        "在「跟进记录」登记联系上（如 已接通）后恢复"
    )


def _no_template(s: Skipped) -> str:
    return (
        f"{NOT_MADE}第{s.rows[0]}行已到「{s.level}」，但「催款规则」阶梯表中该级别的 函件模板 为空："
        "请填写函件模板（如 催款信）后重新运行"
    )


def promise_refusal_text(r: PromiseRefusal) -> str:
    """Why `dunning promise` wrote no document, naming the cell to correct and what to do."""
    from dunning.core.promise_schedule import PromiseProblem  # it imports the engine, which imports this module

    place = f"「{r.sheet}」第{r.row}行 {r.column}" if r.row is not None else ""
    shown = (
        chinese_date(r.value) if isinstance(r.value, date) else yuan(r.value) if isinstance(r.value, Decimal) else ""
    )
    cell = f"{place}「{shown}」" if shown else f"{place}（空）"
    fix = "，请在「跟进记录」改正后再生成"
    texts = {
        PromiseProblem.NO_COMPANY: "「催款规则」中没有公司名称（承诺书的甲方）：请先填写 公司名称、公司地址、联系电话",
        PromiseProblem.NO_CONTRACT: f"「合同执行情况」中没有合同 {r.contract}：请核对合同编号",
        PromiseProblem.UNREADABLE_ROW: f"合同 {r.contract} 的第{r.row}行数据有误（{r.detail}），欠款无法确定：请先改正该行",
        PromiseProblem.UNREADABLE_LOG: f"{r.detail}：该行无法读取，还款计划可能不全{fix}",
        PromiseProblem.NO_PROMISE: (
            f"「跟进记录」中没有合同 {r.contract} 截至{chinese_date(r.as_of)}的承诺付款记录："
            "请先登记一行 结果 承诺付款，填写承诺付款日期（和承诺金额）"
        ),
        PromiseProblem.NOTHING_OWED: f"合同 {r.contract} 截至{chinese_date(r.as_of)}没有到期未付的款项，无需承诺书",
        PromiseProblem.NOT_POSITIVE: f"{cell}应大于零{fix}",
        PromiseProblem.BLANK_NOT_LAST: f"{cell}：只有最后一期可不填承诺金额（付清余款）{fix}",
        PromiseProblem.NOTHING_LEFT: (
            f"{cell}：不填表示付清余款，但此前各期已承诺 {yuan(r.promised)}，欠款只有 {yuan(r.owed)}，没有余款{fix}"
        ),
        PromiseProblem.PAST: f"{cell}早于文书日期{chinese_date(r.as_of)}：请登记新的承诺，或用 --as-of 指定协商当日",
        PromiseProblem.OUT_OF_ORDER: (
            f"{cell}不晚于上一期的付款日期{chinese_date(r.day) if r.day else ''}：各期付款日期应逐期推后{fix}"
        ),
        PromiseProblem.OVER_OWED: (
            f"{cell}：至本期承诺合计 {yuan(r.promised)}，超过截至{chinese_date(r.as_of)}的欠款 {yuan(r.owed)}"
            f"（多 {yuan(r.promised - r.owed)}）{fix}"
        ),
    }
    return f"未生成付款承诺书：{texts[r.problem]}"


_SKIP: dict[SkipReason, Callable[[Skipped], str]] = {
    SkipReason.INVALID_ROW: lambda s: f"第{s.rows[0]}行数据有误，该行未处理：{'；'.join(s.detail)}",
    SkipReason.UNREADABLE_ROWS: lambda s: f"{NOT_MADE}第{_rows(s)}行数据有误，请先改正该行再发函",
    SkipReason.DEPOSIT_ONLY: lambda s: "定金未付：定金按合同约定处理，不发催款函",
    SkipReason.NO_TEMPLATE: _no_template,
    SkipReason.CUSTOMER_MISMATCH: lambda s: NOT_MADE + conflict_text(s),
    SkipReason.DUPLICATE_INSTALMENT: lambda s: NOT_MADE + conflict_text(s),
    SkipReason.NEGATIVE_AMOUNT: lambda s: NOT_MADE + conflict_text(s),
    SkipReason.NOT_IN_LAWYER_LETTER: _uncovered,
    SkipReason.LAWYER_WAITS: _lawyer_waits,
    SkipReason.IN_SUIT: _in_suit,
    SkipReason.NO_REMINDER_IN_LAWYER_TRACK: _no_reminder,
    SkipReason.WITHHELD_FIRST_RUN: _withheld,
    SkipReason.ALREADY_MADE: lambda s: "已生成过，不再重复生成",
    SkipReason.DISPUTED: _disputed,
    SkipReason.PROMISED: _promised,
    SkipReason.UNREACHABLE: _unreachable,
    SkipReason.NO_LAW_FIRM: lambda s: f"{s.level}未生成：请先在「催款规则」填写 律师事务所（及地址、电话）",
}


def refusal_text(r: Refused) -> str:
    """What the command line says (and a dry run lists) for a refused run."""
    as_of, today = r.as_of.isoformat(), r.today.isoformat()
    if r.refusal is RunRefusal.NO_COMPANY:
        return (
            "「催款规则」中没有公司名称：函件的抬头、落款和联系方式都来自规则表。请先运行 "
            f"dunning init {r.workbook} 添加规则表（或在 Excel 中填写 催款规则 的 公司名称、公司地址、"
            "联系电话），再生成函件"
        )
    if r.refusal is RunRefusal.BEFORE_LAST_RUN:
        last = r.last_run.isoformat() if r.last_run else ""
        return f"基准日 {as_of} 早于上次生成函件的基准日 {last}：不能补发过去日期的函件（请核对基准日）"
    if r.refusal is RunRefusal.AHEAD:
        return (
            f"基准日 {as_of} 比今天（{today}）晚 {r.days} 天："
            "提前这么久生成的函件日期不实，且之后按正确日期的运行都会被拒绝。请核对基准日和电脑日期；"
            "确需提前生成，请加 --future"
        )
    source = "--as-of" if r.typed else "「催款规则」的基准日"
    return (
        f"基准日 {as_of}（{source}）比今天（{today}）早 {r.days} 天：函件会倒签日期。"
        '确需补发请加 --backdate "原因"（原因记入函件归档和日志）；否则请核对基准日'
    )


def button_refusal_text(r: Refused) -> str:
    """What the button says: it never back-dates (it cannot say why): clear 基准日, or use the command
    line with a reason; any other refusal as the command line says it."""
    if r.refusal is not RunRefusal.BACKDATED:
        return refusal_text(r)
    return (
        f"「催款规则」的基准日 {r.as_of.isoformat()} 比今天（{r.today.isoformat()}）早 {r.days} 天，"
        "按钮不生成倒签日期的函件。请清空「催款规则」中的基准日（留空即今天）再按一次；确需按过去的日期补发，"
        '请用命令行 dunning letters 工作簿.xlsx --backdate "原因"（原因记入函件归档和日志）。'
    )


def sms_placeholder_text(unknown: list[str], known: tuple[str, ...]) -> str:
    """提醒短信 / 催款短信 with a placeholder the messages cannot fill: `含未知的占位符 {姓名}（可用：{客户} …）`."""
    names = " ".join(f"{{{name}}}" for name in unknown)
    return f"含未知的占位符 {names}（可用：{' '.join(f'{{{name}}}' for name in known)}）：请改正"


# The ribbon button's own words: its message boxes' title, and what its VBA macro (addin_build.ribbon_vba) says
# before Python starts — no workbook open, or one in Protected View ({name}: its file).
TITLE = "催款看板"
NO_BOOK = "请先打开合同执行情况表（含“合同执行情况”工作表的工作簿），再按“生成催款函”。"
PROTECTED_VIEW = (
    "未生成：{name} 在受保护的视图中打开，无法写入。请先点窗口上方黄色提示栏中的“启用编辑”，再按“生成催款函”。"
)


def balance_period_text(number: int, row: int, amount: Decimal, *, earlier: int) -> str:
    """`dunning promise`'s advice when a schedule's last 承诺金额 is blank (the balance): the board can then judge the
    earlier periods only by date, so it asks for the figure to be typed into the log."""
    return (
        f"提示：第{number}期金额留空，即余款 {yuan(amount)}。请在「跟进记录」第{row}行 承诺金额 填入 {yuan(amount)}，"
        f"看板才能按期核对前{earlier}期是否足额到账（否则只在末期核对）"
    )
