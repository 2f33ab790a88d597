"""The major-arrears report (重大欠款上报表, SPEC §1 step 7): one Word file for group marketing management
listing every contract whose overdue balance reaches the rules sheet's 重大欠款金额 or that has reached
suit, with its figures and what has been done. Nothing in the workbook changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dunning.atomic import replace_atomically
from dunning.core.arrears import MajorArrear, major_arrears
from dunning.core.board import Board
from dunning.core.dates import chinese_date
from dunning.core.money import ZERO, yuan
from dunning.letters.files import LetterFolder, safe_name
from dunning.letters.tables import a4, add_table

REPORT_FOLDER = "重大欠款上报"
COLUMNS = ("序号", "合同编号", "客户姓名", "房号", "置业顾问", "逾期期数", "最长逾期天数", "逾期欠款", "违约金",
           "当前阶段", "已采取措施", "上报原因及备注")  # fmt: skip
WIDTHS = (0.8, 3.0, 1.6, 1.9, 1.4, 1.1, 1.3, 2.8, 2.4, 2.1, 4.7, 3.5)  # cm: A4 landscape, 26.7 cm between margins


@dataclass
class ArrearsReport:
    file: Path | None = None
    contracts: list[MajorArrear] = field(default_factory=list)


def make_report(board: Board, *, folder: LetterFolder) -> ArrearsReport:
    """Write `重大欠款上报/重大欠款上报_<date>.docx` in the workbook's folder of the day; nothing when no
    contract qualifies."""
    report = ArrearsReport(contracts=major_arrears(board))
    if not report.contracts:
        return report
    target = folder.make() / REPORT_FOLDER
    target.mkdir(exist_ok=True)
    report.file = target / safe_name(f"重大欠款上报_{board.as_of.isoformat()}.docx")
    _document(board, report.contracts, report.file)
    return report


def _document(board: Board, contracts: list[MajorArrear], path: Path) -> None:
    params = board.rules.params
    doc = Document()
    a4(doc, landscape=True)
    title = doc.add_heading("重大欠款上报表", level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        f"报送：集团营销管理部　　项目公司：{params.company_name or '（公司名称未填写）'}　　"
        f"基准日：{chinese_date(board.as_of)}　　共 {len(contracts)} 份合同"
    )
    doc.add_paragraph(
        f"上报范围：逾期{params.major_arrears_days}天以上的欠款合计达 {yuan(params.major_arrears)} 的合同（「催款规则」的"
        "重大欠款金额、重大欠款逾期天数），以及律师函期限已过、应提起诉讼或已起诉（诉讼中）的合同。欠款只计未结清、未暂缓催收的款项；"
        "违约金按日利率计至基准日。"
    )
    rows: list[tuple[str, ...]] = []
    for number, m in enumerate(contracts, start=1):
        rows.append(
            (
                str(number),
                m.contract_no,
                m.customer,
                m.unit,
                m.consultant,
                str(m.instalments),
                str(m.max_days),
                yuan(m.owed),
                yuan(m.late_fees),
                m.stage_label,
                m.measures,
                "；".join(m.reasons + m.notes),
            )
        )
    owed = sum((m.owed for m in contracts), ZERO)
    fees = sum((m.late_fees for m in contracts), ZERO)
    rows.append(
        ("", "合计", "", "", "", str(sum(m.instalments for m in contracts)), "", yuan(owed), yuan(fees), "", "", "")
    )
    add_table(doc, COLUMNS, rows, WIDTHS, numeric=(0, 5, 6, 7, 8))
    doc.add_paragraph()
    doc.add_paragraph(
        "填报人：____________　　市场部经理：____________　　营销副总：____________　　日期：______年____月____日"
    )
    replace_atomically(path, doc.save)
