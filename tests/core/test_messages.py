"""The words users read for each typed outcome, once per reason (core.messages): the texts the command
line, the button and `dunning letters --json` show. Every other test asserts the data (reason, contract,
rows); a rewording changes this file only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunning.core.messages import button_refusal_text, refusal_text, skip_line, skip_record, skip_text
from dunning.core.outcomes import RowFacts, Skipped, SkipReason
from dunning.core.refusals import Refused, RunRefusal, RunRefused

OWED = RowFacts(115, "尾款", Decimal("1033405.80"), 56)
SOON = RowFacts(2, "分期款", Decimal(20000), -2, date(2026, 11, 22))

SKIPS = [
    (Skipped(SkipReason.INVALID_ROW, "HT3", (4,), detail=("应收金额: 缺少必填值",)),
     "第4行数据有误，该行未处理：应收金额: 缺少必填值"),
    (Skipped(SkipReason.UNREADABLE_ROWS, "HT1", (3, 7)), "未发函：第3、7行数据有误，请先改正该行再发函"),
    (Skipped(SkipReason.DEPOSIT_ONLY, "HT2", (4,)), "定金未付：定金按合同约定处理，不发催款函"),
    (Skipped(SkipReason.NO_TEMPLATE, "HT1", (2,), "催款信"),
     "未发函：第2行已到「催款信」，但「催款规则」阶梯表中该级别的 函件模板 为空：请填写函件模板（如 催款信）后重新运行"),
    (Skipped(SkipReason.CUSTOMER_MISMATCH, "HT9", (2, 3), detail=("吴一", "")),
     "未发函：同一合同的客户姓名不一致（第2行 吴一、第3行 （空））：核对后再发函"),
    (Skipped(SkipReason.DUPLICATE_INSTALMENT, "HT9", (2, 3)),
     "未发函：第2行与第3行是同一期款项（款项类型、约定付款日期、应收金额相同）：删去重复行后再发函"),
    (Skipped(SkipReason.NEGATIVE_AMOUNT, "HT9", (3,)), "未发函：第3行 金额为负数：核对后再发函"),
    (Skipped(SkipReason.NOT_IN_LAWYER_LETTER, "JXHF-2026-0021", (115,), items=(OWED, RowFacts(116, "", Decimal(5), 3))),
     "第115行尾款¥1,033,405.80（已逾期56天）、第116行款项¥5.00（已逾期3天）已逾期但未列入律师函，也不再寄普通催款函："
     "请在律师函审批时一并报批（同意后在该行填写律师函审批人，随后续律师函寄出）"),
    (Skipped(SkipReason.LAWYER_WAITS, "HT1", (2,), "律师函", (RowFacts(2, "尾款"),), number=9,
             until=date(2026, 11, 23), as_of=date(2026, 11, 20)),
     "律师函暂不寄发：第2行尾款，第9封催款信的付款期限11月23日（含当日）未满：期满后（11月24日起）再发律师函"),
    (Skipped(SkipReason.IN_SUIT, "HT-S", (3, 4), items=(RowFacts(3, stage="催款信"), RowFacts(4, stage="预先提醒"))),
     "已起诉（诉讼中），不再寄发普通催款函/提醒函（第3行催款信、第4行预先提醒）：随诉讼一并跟进"),
    (Skipped(SkipReason.NO_REMINDER_IN_LAWYER_TRACK, "HT9", (2, 5), items=(SOON, RowFacts(5, "", Decimal(1)))),
     "第2行分期款¥20,000.00将于2026年11月22日到期、第5行款项¥1.00将于（无日期）到期："
     "合同已进入律师函程序，不寄提醒函，请电话提醒客户按时付款"),
    (Skipped(SkipReason.WITHHELD_FIRST_RUN, "HT-01", (4, 5, 7), number=10, also=(5,)),
     "第4、7行已逾期10天以上，但表中没有催款记录（同一合同第5行的催款信随之暂缓）：请在 已发催款信次数/最近催款信日期 "
     "填写已寄出的催款信，或确认从未寄过（命令行加 --no-prior-letters；按钮会询问）"),
    (Skipped(SkipReason.ALREADY_MADE, "HT002", (3,)), "已生成过，不再重复生成"),
    (Skipped(SkipReason.NO_LAW_FIRM, "HT1", (2,), "律师函"), "律师函未生成：请先在「催款规则」填写 律师事务所（及地址、电话）"),
    (Skipped(SkipReason.DISPUTED, "HT1", (2, 3), items=(RowFacts(2, "首付款", Decimal(100000)),
                                                         RowFacts(3, "分期款", Decimal(50000))), day=date(2026, 11, 14)),
     "客户2026年11月14日提出异议（跟进记录），本合同暂停发函（第2行首付款¥100,000.00、第3行分期款¥50,000.00）："
     "市场部经理核实并答复后，在「跟进记录」登记 异议已解决 即恢复"),
    (Skipped(SkipReason.PROMISED, "HT1", (2,), items=(RowFacts(2, "首付款", Decimal(100000)),), day=date(2026, 11, 20),
             until=date(2026, 11, 21), as_of=date(2026, 11, 20)),
     "第2行首付款¥100,000.00：客户承诺11月20日前付款（跟进记录），暂停发函；11月22日仍未到账即恢复催收"),
    (Skipped(SkipReason.UNREACHABLE, "HT1", (2,), items=(RowFacts(2, "首付款", Decimal(100000)),),
             day=date(2026, 11, 23)),
     "2026年11月23日起联系不上客户（函件退回或跟进记录记失联），不再寄函（第2行首付款¥100,000.00）：请置业顾问核实联系方式，"
     "在「跟进记录」登记联系上（如 已接通）后恢复"),
]  # fmt: skip


def test_every_reason_is_worded_here() -> None:
    assert {s.reason for s, _ in SKIPS} == set(SkipReason)


@pytest.mark.parametrize(("skipped", "text"), SKIPS, ids=[s.reason.value for s, _ in SKIPS])
def test_skip_wording(skipped: Skipped, text: str) -> None:
    assert skip_text(skipped) == text
    assert skip_line(skipped) == f"跳过 {skipped.contract}：{text}"
    assert skip_record(skipped) == {
        "contract_no": skipped.contract, "reason": text, "code": skipped.reason.value, "rows": list(skipped.rows)
    }  # fmt: skip


def test_a_wait_that_ends_today_or_next_year_and_a_letter_of_unknown_number() -> None:
    today = Skipped(SkipReason.LAWYER_WAITS, "HT1", (2,), "律师函", (RowFacts(2, ""),), until=AS_OF, as_of=AS_OF)
    assert (
        skip_text(today)
        == "律师函暂不寄发：第2行，最近一封催款信的付款期限今天（含当日）未满：期满后（9月19日起）再发律师函"
    )
    late = Skipped(SkipReason.LAWYER_WAITS, "HT1", (2,), "律师函", (RowFacts(2, "尾款"),), number=2,
                   until=date(2026, 12, 31), as_of=AS_OF)  # fmt: skip
    assert skip_text(late).endswith("第2封催款信的付款期限12月31日（含当日）未满：期满后（2027年1月1日起）再发律师函")


def test_a_row_without_a_contract_number_is_named_by_its_row() -> None:
    skipped = Skipped(SkipReason.INVALID_ROW, "", (9,), detail=("合同编号: 缺少必填值", '应收金额: 无法识别 "十万"'))
    assert (
        skip_line(skipped) == '跳过 第9行：第9行数据有误，该行未处理：合同编号: 缺少必填值；应收金额: 无法识别 "十万"'
    )
    assert skip_record(skipped)["contract_no"] == "第9行"


AS_OF, TODAY = date(2026, 9, 18), date(2026, 11, 20)
REFUSALS = [
    (Refused(RunRefusal.NO_COMPANY, TODAY, TODAY, workbook="台账.xlsx"),
     "「催款规则」中没有公司名称：函件的抬头、落款和联系方式都来自规则表。请先运行 dunning init 台账.xlsx 添加规则表"
     "（或在 Excel 中填写 催款规则 的 公司名称、公司地址、联系电话），再生成函件"),
    (Refused(RunRefusal.BEFORE_LAST_RUN, date(2026, 11, 19), TODAY, date(2026, 11, 20)),
     "基准日 2026-11-19 早于上次生成函件的基准日 2026-11-20：不能补发过去日期的函件（请核对基准日）"),
    (Refused(RunRefusal.AHEAD, date(2026, 11, 30), TODAY),
     "基准日 2026-11-30 比今天（2026-11-20）晚 10 天：提前这么久生成的函件日期不实，且之后按正确日期的运行都会被拒绝。"
     "请核对基准日和电脑日期；确需提前生成，请加 --future"),
    (Refused(RunRefusal.BACKDATED, AS_OF, TODAY, typed=True),
     "基准日 2026-09-18（--as-of）比今天（2026-11-20）早 63 天：函件会倒签日期。"
     '确需补发请加 --backdate "原因"（原因记入函件归档和日志）；否则请核对基准日'),
]  # fmt: skip


def test_every_refusal_is_worded_here() -> None:
    assert {r.refusal for r, _ in REFUSALS} == set(RunRefusal)


@pytest.mark.parametrize(("refused", "text"), REFUSALS, ids=[r.refusal.value for r, _ in REFUSALS])
def test_refusal_wording(refused: Refused, text: str) -> None:
    assert refusal_text(refused) == text == str(RunRefused([refused]))


def test_a_backdate_from_the_rules_sheet_names_it() -> None:
    text = refusal_text(Refused(RunRefusal.BACKDATED, AS_OF, TODAY))
    assert text.startswith("基准日 2026-09-18（「催款规则」的基准日）比今天（2026-11-20）早 63 天：")


def test_the_button_never_backdates_and_says_what_to_do() -> None:
    assert button_refusal_text(Refused(RunRefusal.BACKDATED, AS_OF, TODAY)) == (
        "「催款规则」的基准日 2026-09-18 比今天（2026-11-20）早 63 天，按钮不生成倒签日期的函件。"
        "请清空「催款规则」中的基准日（留空即今天）再按一次；确需按过去的日期补发，"
        '请用命令行 dunning letters 工作簿.xlsx --backdate "原因"（原因记入函件归档和日志）。'
    )
    other, text = REFUSALS[1]
    assert button_refusal_text(other) == text
