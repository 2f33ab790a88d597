"""The words of each typed error, once: every WorkbookProblem's message from its facts, and the run
errors that are not about a workbook. Other tests assert the problem and its facts, not these sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunning.atomic import PathRefused
from dunning.core.error_text import save_hazard_text, workbook_text
from dunning.core.errors import (
    AsOfFlagUnreadable,
    AsOfOutOfRange,
    AsOfUnreadable,
    BackdateReasonMissing,
    FileRefused,
    LettersUnwritable,
    RowNeeded,
    RowWidthMismatch,
    TemplateFolderMissing,
)
from dunning.core.problems import LockCase, LockHolder, PathReason, SaveHazard, WorkbookFacts
from dunning.core.problems import WorkbookProblem as P
from dunning.run_lock import Busy

RESAVE = "请在 Excel 中打开并另存为 .xlsx"
DAMAGED = "请用备份或在 Excel 中另存为 .xlsx"
F = "台账.xlsx"
PATH = "/data/台账.xlsx"

WORDS: list[tuple[WorkbookFacts, str]] = [
    (WorkbookFacts(P.NOT_FOUND, PATH), f"找不到文件：{PATH}"),
    (WorkbookFacts(P.LINK_LOOP, PATH), f"符号链接循环（链接最终指回自身），找不到工作簿：{PATH}"),
    (WorkbookFacts(P.PATH_UNOPENABLE, PATH, detail="Permission denied"), f"无法打开 {PATH}：Permission denied"),
    (WorkbookFacts(P.BAD_NAME, "a\0b", detail="embedded null byte"), "文件名无效：'a\\x00b'（embedded null byte）"),
    (WorkbookFacts(P.IS_FOLDER, PATH), f"这是文件夹，不是工作簿：{PATH}"),
    (WorkbookFacts(P.SPECIAL_FILE, PATH, detail="命名管道（FIFO）"), f"这是命名管道（FIFO），不是工作簿文件，不予读取：{PATH}"),
    (WorkbookFacts(P.UNOPENABLE, F, detail="Permission denied"), f"{F}: 无法打开（Permission denied）"),
    (WorkbookFacts(P.TEXT_FILE, "名单.csv"), f"名单.csv: 是文本（CSV）文件，不是工作簿：{RESAVE}"),
    (WorkbookFacts(P.PASSWORD, F), f"{F}: 工作簿有密码保护，请先在 Excel 中取消密码"),
    (WorkbookFacts(P.XLSB, F), f"{F}: 这是 .xlsb 二进制工作簿，无法核对其中的公式和错误值，请在 Excel 中另存为 .xlsx"),
    (WorkbookFacts(P.NOT_A_WORKBOOK, F, detail="bad"), f"{F}: 不是可读取的 Excel 工作簿（bad），{RESAVE}"),
    (WorkbookFacts(P.NOT_XLSX, "t.xls"), "t.xls: 只能更新 .xlsx 工作簿（请在 Excel 中另存为 .xlsx）"),
    (WorkbookFacts(P.SAMPLE_MISSING, "sample_contracts.xlsx"), "找不到示例工作簿 sample_contracts.xlsx"),
    (WorkbookFacts(P.UNOPENABLE_FOR_WRITING, F, detail="'x'"), f"{F}: 无法打开以写入（'x'）"),
    (WorkbookFacts(P.ZIP_INCOMPLETE, F), f"{F}: 工作簿文件已损坏（zip 包不完整），{DAMAGED}"),
    (WorkbookFacts(P.UNINFLATABLE, F, detail="Error -3"), f"{F}: 工作簿文件已损坏，无法解压（Error -3），{DAMAGED}"),
    (WorkbookFacts(P.PACKAGE_UNREADABLE, F, detail="x"), f"{F}: 工作簿文件无法读取（x），{DAMAGED}"),
    (WorkbookFacts(P.PART_ENCODING, F, part="xl/workbook.xml", detail="未知的 XML 编码 x"),
     f"{F}: 部件 xl/workbook.xml 的文字编码无法读取（未知的 XML 编码 x），{RESAVE}"),
    (WorkbookFacts(P.PART_SIZE_MISMATCH, F, part="xl/s.xml", size=52_000, claimed=1000),
     f"{F}: 工作簿文件已损坏：部件 xl/s.xml 解压后 52,000 字节，zip 目录却记为 1,000 字节，{DAMAGED}"),
    (WorkbookFacts(P.PART_XML, part="xl/workbook.xml", detail="EndTag"), "部件 xl/workbook.xml 的 XML 无法读取（EndTag）"),
    (WorkbookFacts(P.XML_UNPROCESSABLE, F, detail="x"), f"{F}: 工作簿内部的 XML 无法处理（x）；工作簿未改动"),
    (WorkbookFacts(P.NO_WORKBOOK_PART), "找不到工作簿部件（_rels/.rels 中没有 officeDocument 关系）：文件已损坏"),
    (WorkbookFacts(P.CHECKSUM, F, part="xl/workbook.xml"), f"{F}: 工作簿已损坏：xl/workbook.xml 校验失败"),
    (WorkbookFacts(P.NOT_ZIP), "不是 zip 格式的工作簿"),
    (WorkbookFacts(P.CENTRAL_DIRECTORY), "工作簿已损坏：中央目录不完整"),
    (WorkbookFacts(P.LOCAL_HEADER), "工作簿已损坏：文件头不完整"),
    (WorkbookFacts(P.PART_NAMES_CLASH, part="xl/a.xml", detail="xl/A.xml"),
     "工作簿中的部件 xl/a.xml 与 xl/A.xml 是同一名称（只差大小写，Open XML 不允许；可能是旧版本保存所致）："
     "命令行无法安全保存，请在 Excel 中打开并另存后再运行"),
    (WorkbookFacts(P.SHEET_UNREADABLE, F, sheet="合同执行情况", detail="x"),
     f"{F}: 工作表「合同执行情况」无法读取（x），{RESAVE}"),
    (WorkbookFacts(P.ZIP_LAYOUT), "工作簿的 zip 结构（ZIP64、分卷或带前缀）不受支持"),
    (WorkbookFacts(P.ENTRY_ENCODING, part="a.bin"), "工作簿中的 a.bin 已加密或压缩方式不受支持"),
    (WorkbookFacts(P.OVER_4GB), "工作簿超过 4 GiB，不受支持"),
    (WorkbookFacts(P.TOO_MANY_PARTS, F, size=12_000, limit=10_000), f"{F}: 工作簿包含 12,000 个部件，超过上限 10,000，不予读取"),
    (WorkbookFacts(P.PART_TOO_BIG, F, part="xl/s.xml", limit=400 * 2**20), f"{F}: 部件 xl/s.xml 解压后超过上限 400 MB，不予读取"),
    (WorkbookFacts(P.TOTAL_TOO_BIG, F, limit=2**30), f"{F}: 解压后共超过上限 1024 MB，不予读取"),
    (WorkbookFacts(P.TAG_TOO_LONG, F, part="xl/s.xml", limit=2**20), f"{F}: 部件 xl/s.xml 中有超过 1 MB 的标签，不予读取"),
    (WorkbookFacts(P.TOO_MANY_ROWS, F, sheet="合同执行情况", row=300_001, limit=300_000),
     f"{F}: 工作表「合同执行情况」用到第 300,001 行，超过上限 300,000 行，不予读取（请删除表格下方的空行或多余内容）"),
    (WorkbookFacts(P.TOO_MANY_CELLS, F, sheet="合同执行情况", row=290_000, column=16_384, limit=30_000_000),
     f"{F}: 工作表「合同执行情况」用到第 290,000 行、第 16,384 列，共 4,751,360,000 个单元格，超过上限 30,000,000，"
     "不予读取（请删除表格右方和下方的多余内容）"),
    (WorkbookFacts(P.NO_DATA_SHEET, F, sheet="合同执行情况"), f"{F}: 没有合同执行情况表"),
    (WorkbookFacts(P.NO_SHEET, F, sheet="函件归档"), f"{F}: 没有工作表「函件归档」"),
    (WorkbookFacts(P.NO_HEADER, sheet="合同执行情况", limit=30),
     "合同执行情况: 前30行中没有可识别的表头（需要 合同编号、客户姓名、应收金额、约定付款日期）：运行 dunning check 查看每列的识别结果"),
    (WorkbookFacts(P.DUPLICATE_HEADER, sheet="S", row=1, items=("a", "b")), "S 第1行表头重复：a；b"),
    (WorkbookFacts(P.MISSING_COLUMNS, sheet="S", row=2, value=("due_date",), items=("约定付款日期",)),
     "S 第2行像是表头，但缺少必填列：约定付款日期"),
    (WorkbookFacts(P.ARCHIVE_COLUMN_TAKEN, sheet="函件归档", cell="N1", value="备注", detail="倒签原因"),
     "「函件归档」N1 是「备注」，倒签原因要登记在这一列：请把该列移到右边（或清空这个表头），再运行"),
    (WorkbookFacts(P.FORMULA_CELL, sheet="合同执行情况", cell="H2"),
     "「合同执行情况」H2 是公式，命令行不覆盖公式：请把该列改为普通值，或在 Excel 中使用按钮"),
    (WorkbookFacts(P.FORMULA_TRACKING, sheet="合同执行情况", cell="H2", value="=1+1"),
     "合同执行情况 H2 是公式（=1+1），跟踪列须填写数值：请改为数值后再生成函件"),
    (WorkbookFacts(P.LOCKED_CELL, sheet="合同执行情况", cell="H2"),
     "「合同执行情况」受保护，H2 已锁定：请在 Excel 中撤销工作表保护，或在 Excel 中使用按钮"),
    (WorkbookFacts(P.UNSAFE_SAVE, F, items=("a", "b")), f"{F}: 命令行无法安全保存：a；b"),
    (WorkbookFacts(P.SAVE_LOSES, F, items=("数字签名",)),
     f"{F}: 命令行保存会破坏 数字签名。请改用 Excel 中的按钮，或确认后加 --force（会先备份）"),
    (WorkbookFacts(P.OPEN_ELSEWHERE, F, detail="Excel"),
     f"{F} 正在被 Excel 打开（发现 ~${F}）：请先在 Excel 中关闭它，或在 Excel 中使用按钮（否则它下次保存会覆盖本次的归档和看板）"),
    (WorkbookFacts(P.OPEN_ELSEWHERE, F, detail="LibreOffice"),
     f"{F} 正在被 LibreOffice 打开（发现 .~lock.{F}#）：请先在 LibreOffice 中关闭它（否则它下次保存会覆盖本次的归档和看板）"),
    (WorkbookFacts(P.BACKUP_FAILED, PATH, detail="No space left on device"),
     f"无法保存 {PATH}（备份失败）：No space left on device；工作簿未改动"),
    (WorkbookFacts(P.SAVE_FAILED, PATH, detail="No space left on device"), f"无法保存 {PATH}：No space left on device；工作簿未改动"),
    (WorkbookFacts(P.SHEETS_PROTECTED, F, items=("函件归档", "催款看板")),
     f"{F}: 工作表 函件归档、催款看板 受保护：请先在 Excel 中撤销工作表保护（审阅 → 撤销工作表保护），再运行；工作簿未改动"),
    (WorkbookFacts(P.BOOK_STRUCTURE_LOCKED, sheet="催款看板"), "工作簿结构受保护，不能添加工作表「催款看板」：请在 Excel 中撤销工作簿保护"),
    (WorkbookFacts(P.NOT_A_WORKSHEET, sheet="催款看板"),
     "「催款看板」不是普通工作表（图表工作表或宏表），无法重建：请在 Excel 中删除或改名"),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "text"), WORDS, ids=[f"{f.problem.value}-{i}" for i, (f, _) in enumerate(WORDS)])
def test_each_workbook_problem_is_worded_once(facts: WorkbookFacts, text: str) -> None:
    assert workbook_text(facts) == text


def test_every_workbook_problem_has_words() -> None:
    assert {facts.problem for facts, _ in WORDS} == set(P)


def test_the_error_says_its_words() -> None:
    refused = FileRefused(P.TEXT_FILE, file="名单.csv")
    assert str(refused) == workbook_text(refused.facts)


def test_the_run_errors_words() -> None:
    assert str(AsOfOutOfRange(date(1900, 1, 1), date(1901, 1, 1), date(9898, 12, 31))) == (
        "基准日 1900-01-01 超出可计算的范围（1901–9898年）"
    )
    assert str(AsOfUnreadable("明天")) == "基准日无法识别：明天"
    assert str(RowWidthMismatch(5, 6)) == "本行有5列，表头有6列：请选同样的列"
    assert str(LettersUnwritable("/x/blocked", "Not a directory")) == (
        "无法写入 /x/blocked：Not a directory。本次未登记任何函件；处理后重新运行即可"
    )


def test_the_command_lines_and_the_functions_errors_words() -> None:
    assert str(AsOfFlagUnreadable("明天", "无法识别")) == (
        "--as-of 应为 YYYY-MM-DD（或 2026/11/24、2026.11.24、2026年11月24日）：无法识别「明天」"
    )
    assert str(BackdateReasonMissing("  ")) == (
        '--backdate 需要写明补发的原因，如 --backdate "客户要求按原日期补发"（原因记入函件归档和日志）'
    )
    assert str(TemplateFolderMissing(Path("/x/函件模板"))) == "找不到模板文件夹：/x/函件模板"
    assert str(RowNeeded(1, None)) == "需要整行和表头：=DUNNING_STAGE($A4:$Q4,$A$3:$Q$3,基准日,催款规则表)"


PATH_WORDS: dict[PathReason, tuple[dict[str, object], str]] = {
    PathReason.LINK_LOOP: ({"detail": "Too many levels of symbolic links"},
                           f"{PATH}：符号链接循环（链接最终指回自己）：请改用工作簿文件的真实路径"),
    PathReason.READ_ONLY: ({}, f"{PATH}：是只读文件：请先取消只读（文件属性中的“只读”，或 chmod u+w）再运行；工作簿未改动"),
    PathReason.HARD_LINKS: ({"links": 3}, f"{PATH}：有 3 个硬链接（同一文件的几个名字）：保存会换成新文件，其他名字仍是旧内容。"
                                          "请把它复制成独立的文件后对副本运行；工作簿未改动"),
    PathReason.BACKUP_NOT_A_FOLDER: ({}, f"{PATH}：不是文件夹（是链接或文件）：备份和日志只写入工作簿旁真正的文件夹，请删除或改名它后再运行"),
    PathReason.LOCK_PLANTED: ({}, f"{PATH}：运行锁的位置上是链接或其他文件，不是本程序的锁文件：请检查并删除它后再运行"),
}  # fmt: skip


@pytest.mark.parametrize("reason", list(PathReason), ids=lambda r: r.value)
def test_each_path_reason_is_worded_once(reason: PathReason) -> None:
    facts, text = PATH_WORDS[reason]
    assert str(PathRefused(Path(PATH), reason, **facts)) == text  # type: ignore[arg-type]


HOLDER = LockHolder(user="lina", host="PC-7", pid="4242", command="letters", started="2026-12-03T09:15:00")
LOCK = Path("/data/.~dunning.台账.xlsx.lock")
LOCK_WORDS: dict[LockCase, tuple[LockHolder | None, str, str]] = {
    LockCase.HELD: (HOLDER, "",
                    "台账.xlsx 正由 lina@PC-7 处理（进程 4242，letters，开始于 2026-12-03T09:15:00）：请等它结束后再运行"
                    "（锁在 .~dunning.台账.xlsx.lock，随该进程结束自动释放）"),
    LockCase.CONTENDED: (None, "", "台账.xlsx 的运行锁 .~dunning.台账.xlsx.lock 一再被占用：请稍后再试"),
    LockCase.UNCREATABLE: (None, "Permission denied", "无法在 /data 建立运行锁（Permission denied）：请确认该文件夹可写"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(LockCase), ids=lambda c: c.value)
def test_each_lock_case_is_worded_once(case: LockCase) -> None:
    holder, detail, text = LOCK_WORDS[case]
    assert str(Busy(case, Path(PATH), LOCK, holder, detail)) == text


def test_a_holder_that_said_nothing_is_worded_with_question_marks() -> None:
    assert str(Busy(LockCase.HELD, Path(PATH), LOCK, LockHolder())) == (
        "台账.xlsx 正由 ?@? 处理（进程 ?，运行，开始于 ?）：请等它结束后再运行（锁在 .~dunning.台账.xlsx.lock，随该进程结束自动释放）"
    )


HAZARD_WORDS: dict[SaveHazard, str] = {
    SaveHazard.STRICT: "Strict Open XML 格式（请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”）",
    SaveHazard.PART_NAMES_CLASH: "部件 xl/a.xml 与 xl/A.xml 只差大小写（Open XML 不允许；请在 Excel 中另存一次）",
    SaveHazard.SIGNATURE: "数字签名（保存后签名失效）",
    SaveHazard.MODIFY_PASSWORD: "修改权限密码（命令行保存会绕过它）",
}


@pytest.mark.parametrize("hazard", list(SaveHazard), ids=lambda h: h.value)
def test_each_save_hazard_is_worded_once(hazard: SaveHazard) -> None:
    assert save_hazard_text(hazard, first="xl/a.xml", second="xl/A.xml") == HAZARD_WORDS[hazard]


@pytest.mark.parametrize(
    "error",
    [AsOfFlagUnreadable("明天", "无法识别"), BackdateReasonMissing(" "), TemplateFolderMissing("/x"), RowNeeded(None, 6),
     PathRefused(Path(PATH), PathReason.HARD_LINKS, links=2)],
    ids=lambda e: type(e).__name__,
)  # fmt: skip
def test_the_typed_errors_survive_pickling(error: Exception) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), vars(again)) == (type(error), str(error), vars(error))


def test_a_busy_lock_survives_pickling() -> None:
    import pickle

    busy = Busy(LockCase.HELD, Path(PATH), LOCK, HOLDER)
    again = pickle.loads(pickle.dumps(busy))
    assert (type(again), str(again), again.case, again.holder, again.lock) == (Busy, str(busy), busy.case, HOLDER, LOCK)


def test_a_refusal_survives_pickling_with_its_kind_and_facts() -> None:
    import pickle

    refused = FileRefused(P.TEXT_FILE, file="名单.csv")
    again = pickle.loads(pickle.dumps(refused))
    assert (type(again), again.facts, str(again)) == (FileRefused, refused.facts, str(refused))
