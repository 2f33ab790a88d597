"""What the shipped letters assert is what the data shows (issue 19): earlier notices only as 函件归档 holds
them, 按合同约定 / 律师费 / 解除权 only where the rules sheet says the contract has them, a deadline counted
inclusively in every letter, the company's seal, the recipient block, joint buyers named each, and the
lawyer's letter as a firm writes it. Real workbooks, the shipped templates, the .docx read back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from dunning.core.errors import RulesError
from dunning.core.rules_sheet import load_rules
from dunning.jobs import RunOptions
from dunning.jobs import letters as run_letters
from dunning.letters.batch import LettersResult

from conftest import AS_OF, BACKDATE, COMPANY, HEADER, days, write_workbook
from letters_helpers import letter_text


def letters_file(path: Path, **options: Any) -> LettersResult:
    """The letters job on these fixed past dates: back-dated with the tests' reason."""
    return run_letters(path, RunOptions(backdate=BACKDATE, **options))


SHIPPED = Path(__file__).resolve().parents[2] / "letter_templates"
COLUMNS = (*HEADER, "违约金日利率", "通讯地址", "联系电话", "称谓")
FIRM = (
    ["律师事务所", "浙江锦程律师事务所"],
    ["律师事务所地址", "杭州市西湖区文三路90号15楼"],
    ["律师事务所电话", "0571-87654321"],
    ["承办律师", "陈立言"],
    ["律师执业证号", "13301201810012345"],
)
COMPANY_NAME = COMPANY[0][1]


def row(contract: str, customer: str, due: date, *, sent: int = 0, last: date | None = None, approver: str = "",
        rate: object = None, address: str = "", phone: str = "", salutation: str = "") -> list[object]:  # fmt: skip
    return ["1-101", contract, customer, "首付款", 100000, 0, due, "王磊", sent or None, last, approver or None, None,
            None, rate, address or None, phone or None, salutation or None]  # fmt: skip


def book(tmp_path: Path, rows: Sequence[Sequence[object]], *rules: Sequence[object]) -> Path:
    return write_workbook(tmp_path / "台账.xlsx", rows, header=COLUMNS, rules=[["参数", "值"], *COMPANY, *FIRM, *rules])


def run(path: Path, as_of: date = AS_OF) -> dict[str, str]:
    """Contract → the text of the letter made for it on `as_of` (the shipped templates)."""
    result = letters_file(path, as_of=as_of, templates=SHIPPED)
    return {made.letter.contract_no: letter_text(made.file) for made in result.made}


def paragraphs(path: Path, as_of: date = AS_OF) -> dict[str, list[str]]:
    result = letters_file(path, as_of=as_of, templates=SHIPPED)
    return {made.letter.contract_no: [p.text for p in Document(str(made.file)).paragraphs] for made in result.made}


MILD = row("HT-MILD", "张三", days(-5))  # the first letter: 温和
FIRM_ROW = row("HT-FIRM", "李四", days(-30), sent=3, last=days(-8))  # 严正
SEVERE = row("HT-SEVERE", "王五", days(-55), sent=7, last=days(-8))  # 严厉
LAWYER = row("HT-LAW", "赵六", days(-100), sent=9, last=days(-8), approver="刘总")  # an approved 律师函
REMINDER = row("HT-SOON", "钱七", days(2))


# ---------------------------------------------------------------------------------------------------------------------
# Earlier notices: only those the archive holds


def test_letters_with_an_empty_archive_claim_no_earlier_notice(tmp_path: Path) -> None:
    """The tracking column says 3, 7 and 9 letters went out, but 函件归档 holds none: no letter says so."""
    texts = run(book(tmp_path, [MILD, FIRM_ROW, SEVERE, LAWYER]))
    assert set(texts) == {"HT-MILD", "HT-FIRM", "HT-SEVERE", "HT-LAW"}
    for contract, text in texts.items():
        for claim in ("多次书面催告", "多次催告", "书面催告", "第8次", "第4次", "次书面催告"):
            assert claim not in text, (contract, claim)


def test_each_letter_states_the_notices_the_archive_holds_and_no_more(tmp_path: Path) -> None:
    due = date(2026, 9, 1)
    path = book(tmp_path, [row("HT-1", "张三", due)])
    assert "书面催告" not in run(path, date(2026, 9, 4))["HT-1"]  # letter 1: nothing before it
    assert "我司已于2026年9月4日向您书面催告" in run(path, date(2026, 9, 11))["HT-1"]
    third = run(path, date(2026, 9, 18))["HT-1"]
    assert "我司已于2026年9月4日、9月11日先后2次向您书面催告" in third and "先后3次" not in third
    _approve(path, "HT-1")
    lawyer = run(path, date(2026, 11, 20))["HT-1"]
    assert "委托人已于2026年9月4日、9月11日、9月18日先后3次向您书面催告，您至今仍未付清" in lawyer
    assert "多次书面催告" not in lawyer


def _approve(path: Path, contract: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["合同执行情况"]
    header = [cell.value for cell in ws[1]]
    for cells in ws.iter_rows(min_row=2):
        if cells[header.index("合同编号")].value == contract:
            cells[header.index("律师函审批人")].value = "刘总"
    wb.save(path)


# ---------------------------------------------------------------------------------------------------------------------
# The rate's basis, legal costs, rescission, the payment schedule


def test_the_rules_default_rate_is_not_called_the_contracts(tmp_path: Path) -> None:
    texts = run(book(tmp_path, [MILD, FIRM_ROW, SEVERE, LAWYER, REMINDER]))
    for contract, text in texts.items():
        assert "按合同约定" not in text and "合同关于" not in text, contract
        assert "第五百八十五条" not in text, contract
    assert "逾期付款违约金自逾期之日起按未付款项每日0.05%计算" in texts["HT-FIRM"]


@pytest.mark.parametrize(
    ("rules", "rate"),
    [([["违约金依据", "合同约定"]], None), ([], "0.05%")],
    ids=["rules-sheet-says-contract", "row-has-its-own-rate"],
)
def test_a_contractual_rate_is_called_so(tmp_path: Path, rules: list[list[object]], rate: object) -> None:
    rows = [[*r[:13], rate, *r[14:]] for r in (MILD, FIRM_ROW, SEVERE, LAWYER, REMINDER)]
    texts = run(book(tmp_path, rows, *rules))
    for contract in ("HT-MILD", "HT-FIRM", "HT-SOON"):
        assert "按合同约定" in texts[contract], contract
    assert "根据《商品房买卖合同》关于买受人逾期付款违约责任的条款" in texts["HT-SEVERE"]
    assert "第五百八十五条" in texts["HT-LAW"] and "及上述合同关于逾期付款违约责任的约定" in texts["HT-LAW"]


@pytest.mark.parametrize("allowed", ["是", "否", None])
def test_legal_fees_and_rescission_only_where_the_contract_says_so(tmp_path: Path, allowed: str | None) -> None:
    rules = [] if allowed is None else [["律师费承担", allowed], ["可解除合同", allowed]]
    texts = run(book(tmp_path, [MILD, FIRM_ROW, SEVERE, LAWYER], *rules))
    yes = allowed == "是"
    for contract in ("HT-SEVERE", "HT-LAW"):
        assert ("律师费" in texts[contract]) is yes, contract
        assert ("解除合同" in texts[contract]) is yes, contract
        assert "诉讼费" in texts[contract]
    assert ("第五百六十三条" in texts["HT-LAW"]) is yes
    for contract in ("HT-MILD", "HT-FIRM"):
        assert "律师费" not in texts[contract] and "解除" not in texts[contract]


def test_the_lawyers_letter_states_no_invented_schedule(tmp_path: Path) -> None:
    text = run(book(tmp_path, [LAWYER]))["HT-LAW"]
    assert "并约定自" not in text and "起按期支付购房款" not in text
    assert "应在合同约定的付款期限内支付购房款" in text
    assert "第五百零九条" in text and "第五百七十七条" in text


# ---------------------------------------------------------------------------------------------------------------------
# Deadlines, inclusively


def test_every_dunning_letter_states_its_deadline_including_that_day(tmp_path: Path) -> None:
    texts = run(book(tmp_path, [MILD, FIRM_ROW, SEVERE, LAWYER]))
    assert "尽快支付" not in texts["HT-MILD"]
    for contract, text in texts.items():
        assert re.search(r"于\d{4}年\d{1,2}月\d{1,2}日（含当日）前", text), contract


def test_the_reminder_states_its_due_date_including_that_day(tmp_path: Path) -> None:
    text = run(book(tmp_path, [REMINDER]))["HT-SOON"]
    assert f"请您于{days(2).year}年{days(2).month}月{days(2).day}日（含当日）前按时交纳" in text
    assert "到期日前" not in text


# ---------------------------------------------------------------------------------------------------------------------
# Form: seal, recipient block, joint buyers, the lawyer's letter


def test_the_company_seals_its_letters_and_the_department_stands_under_it(tmp_path: Path) -> None:
    rows = [MILD, FIRM_ROW, SEVERE, REMINDER]
    found = paragraphs(book(tmp_path, rows, ["落款", f"{COMPANY_NAME}销售部"]))
    for contract, lines in found.items():
        seals = [line for line in lines if line.endswith("（盖章）")]
        assert seals == [f"{COMPANY_NAME}（盖章）"], contract
        assert lines[lines.index(seals[0]) + 1] == "销售部", contract


def test_without_a_signatory_the_company_seals_alone(tmp_path: Path) -> None:
    lines = paragraphs(book(tmp_path, [MILD]))["HT-MILD"]
    seal = lines.index(f"{COMPANY_NAME}（盖章）")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", lines[seal + 1])


def test_a_posted_letter_carries_the_recipient_block(tmp_path: Path) -> None:
    address = "杭州市西湖区文三路88号3栋1502室"
    rows = [row(c, n, d, address=address, phone="13805712345") for c, n, d in
            (("HT-A", "张三", days(-5)), ("HT-B", "李四", days(2)))]  # fmt: skip
    for contract, lines in paragraphs(book(tmp_path, rows)).items():
        assert "收件人：" + ("张三" if contract == "HT-A" else "李四") + "　　联系电话：13805712345" in lines
        assert f"通讯地址：{address}" in lines, contract


@pytest.mark.parametrize("typed", ["张三、李四", "张三,李四", "张三，李四", "张三/李四", "张三 李四", "张三；李四"])
def test_joint_buyers_are_named_each(tmp_path: Path, typed: str) -> None:
    texts = run(book(tmp_path, [row("HT-J", typed, days(-5)), row("HT-L", typed, days(-100), approver="刘总")]))
    assert "收件人：张三、李四" in texts["HT-J"] and "尊敬的张三、李四：" in texts["HT-J"]
    assert "致：张三、李四" in texts["HT-L"]
    for text in texts.values():
        assert "先生/女士" not in text


def test_the_salutation_comes_from_its_column(tmp_path: Path) -> None:
    text = run(book(tmp_path, [row("HT-J", "张三、李四", days(-5), salutation="张先生、李女士")]))["HT-J"]
    assert "尊敬的张先生、李女士：" in text and "收件人：张三、李四" in text


def test_the_lawyers_letter_is_written_as_a_firm_writes_it(tmp_path: Path) -> None:
    rules = [["律师事务所邮编", "310012"], ["律师事务所邮箱", "chen@jinchenglaw.cn"]]
    lines = paragraphs(book(tmp_path, [LAWYER], *rules))["HT-LAW"]
    text = "\n".join(lines)
    assert (
        "浙江锦程律师事务所（以下简称“本所”）接受锦绣华府置业有限公司（以下简称“委托人”）的委托，指派陈立言律师" in text
    )
    assert {"邮编：310012", "邮箱：chen@jinchenglaw.cn", "电话：0571-87654321", "本函以中国邮政EMS方式送达。"} <= set(
        lines
    )
    assert any(line.startswith("附件：1.《商品房买卖合同》") for line in lines)
    assert "委托书" in text


def test_the_lawyers_letter_prints_only_the_contact_lines_filled(tmp_path: Path) -> None:
    lines = paragraphs(book(tmp_path, [LAWYER], ["律师函送达方式", "专人送达"]))["HT-LAW"]
    assert not any(line.startswith(("邮编：", "邮箱：")) for line in lines)
    assert "本函以专人送达方式送达。" in lines


# ---------------------------------------------------------------------------------------------------------------------
# The rules sheet


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [("违约金依据", "按合同", "应为 合同约定 或 公司标准"), ("律师费承担", "可能", "应为 是 或 否"),
     ("可解除合同", "yes", "应为 是 或 否")],
)  # fmt: skip
def test_a_bad_value_is_named(name: str, value: str, reason: str) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules([["参数", "值"], [name, value]])
    (message,) = caught.value.messages
    assert message.startswith(f'催款规则 第2行 {name} "{value}": {reason}')


def test_the_new_parameters_read_and_default() -> None:
    params = load_rules([["参数", "值"]]).params
    assert (params.fee_basis, params.legal_costs_on_customer, params.contract_allows_rescission) == (
        "公司标准",
        False,
        False,
    )
    assert params.lawyer_delivery_method == "中国邮政EMS"
    rows = [["参数", "值"], ["违约金依据", "合同约定"], ["律师费承担", "是"], ["可解除合同", "是"],
            ["律师事务所邮编", 310012], ["律师事务所邮箱", "a@b.cn"], ["律师函送达方式", "专人送达"]]  # fmt: skip
    params = load_rules(rows).params
    assert (params.fee_basis, params.legal_costs_on_customer, params.contract_allows_rescission) == (
        "合同约定",
        True,
        True,
    )
    assert (params.law_firm_postcode, params.law_firm_email, params.lawyer_delivery_method) == (
        "310012",
        "a@b.cn",
        "专人送达",
    )


def test_init_writes_each_new_parameter_with_its_meaning(tmp_path: Path) -> None:
    from dunning.sheets.rules_layout import rules_layout

    layout = rules_layout()
    cells = {(c.row, c.column): c.value for c in layout.cells}
    names = {value: r for (r, column), value in cells.items() if column == 1}
    for name in ("违约金依据", "律师费承担", "可解除合同", "律师事务所邮编", "律师事务所邮箱", "律师函送达方式"):
        assert name in names, name
        assert cells.get((names[name], 3)), name  # its meaning
    last_row, last_column = max(r for r, _ in cells), max(c for _, c in cells)
    rows = [[cells.get((r, c)) for c in range(1, last_column + 1)] for r in range(1, last_row + 1)]
    params = load_rules(rows).params
    assert (params.fee_basis, params.legal_costs_on_customer, params.contract_allows_rescission) == (
        "公司标准",
        False,
        False,
    )
