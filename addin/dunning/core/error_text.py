"""The user's words for the typed errors (core.errors), in one place: why a workbook cannot be read or
written (`workbook_text`, one line per core.problems.WorkbookProblem) and the few run errors that are
not about a workbook. `str()` of each error is its text here; nothing else words them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import PurePath

from dunning.core.problems import LockCase, LockHolder, PathReason, SaveHazard, WorkbookFacts
from dunning.core.problems import WorkbookProblem as P

RESAVE = "请在 Excel 中打开并另存为 .xlsx"
DAMAGED = "请用备份或在 Excel 中另存为 .xlsx"
UNCHANGED = "工作簿未改动"
_LOCK_FILES = {"Excel": "~${}", "LibreOffice": ".~lock.{}#"}


def workbook_text(f: WorkbookFacts) -> str:
    """The problem's message; one about the workbook's content names the file first (`名单.xlsx: …`)
    when the file is known."""
    text = _BODY[f.problem](f)
    return f"{f.file}: {text}" if f.file and f.problem not in _NAMES_FILE else text


def lock_file(program: str, name: str) -> str:
    """The mark a program leaves beside a workbook it has open: `~$名单.xlsx`, `.~lock.名单.xlsx#`."""
    return _LOCK_FILES[program].format(name)


def _mb(amount: int | None) -> int:
    return (amount or 0) // 2**20


def _open_elsewhere(f: WorkbookFacts) -> str:
    also = "，或在 Excel 中使用按钮" if f.detail == "Excel" else ""
    return (
        f"{f.file} 正在被 {f.detail} 打开（发现 {lock_file(f.detail, f.file)}）：请先在 {f.detail} 中关闭它{also}"
        "（否则它下次保存会覆盖本次的归档和看板）"
    )


def _too_many_cells(f: WorkbookFacts) -> str:
    rows, columns = f.row or 0, f.column or 0
    return (
        f"工作表「{f.sheet}」用到第 {rows:,} 行、第 {columns:,} 列，共 {rows * columns:,} 个单元格，"
        f"超过上限 {f.limit:,}，不予读取（请删除表格右方和下方的多余内容）"
    )


# Problems about the path itself, whose message names it where it reads best (not as a prefix).
_NAMES_FILE = frozenset(
    {P.NOT_FOUND, P.LINK_LOOP, P.PATH_UNOPENABLE, P.BAD_NAME, P.IS_FOLDER, P.SPECIAL_FILE, P.SAMPLE_MISSING}
    | {P.OPEN_ELSEWHERE, P.BACKUP_FAILED, P.SAVE_FAILED}
)
_BODY: dict[P, Callable[[WorkbookFacts], str]] = {
    P.NOT_FOUND: lambda f: f"找不到文件：{f.file}",
    P.LINK_LOOP: lambda f: f"符号链接循环（链接最终指回自身），找不到工作簿：{f.file}",
    P.PATH_UNOPENABLE: lambda f: f"无法打开 {f.file}：{f.detail}",
    P.BAD_NAME: lambda f: f"文件名无效：{f.file!r}（{f.detail}）",
    P.IS_FOLDER: lambda f: f"这是文件夹，不是工作簿：{f.file}",
    P.SPECIAL_FILE: lambda f: f"这是{f.detail}，不是工作簿文件，不予读取：{f.file}",
    P.UNOPENABLE: lambda f: f"无法打开（{f.detail}）",
    P.TEXT_FILE: lambda f: f"是文本（CSV）文件，不是工作簿：{RESAVE}",
    P.PASSWORD: lambda f: "工作簿有密码保护，请先在 Excel 中取消密码",
    P.XLSB: lambda f: "这是 .xlsb 二进制工作簿，无法核对其中的公式和错误值，请在 Excel 中另存为 .xlsx",
    P.NOT_A_WORKBOOK: lambda f: f"不是可读取的 Excel 工作簿（{f.detail}），{RESAVE}",
    P.NOT_XLSX: lambda f: "只能更新 .xlsx 工作簿（请在 Excel 中另存为 .xlsx）",
    P.SAMPLE_MISSING: lambda f: f"找不到示例工作簿 {f.file}",
    P.UNOPENABLE_FOR_WRITING: lambda f: f"无法打开以写入（{f.detail}）",
    P.ZIP_INCOMPLETE: lambda f: f"工作簿文件已损坏（zip 包不完整），{DAMAGED}",
    P.UNINFLATABLE: lambda f: f"工作簿文件已损坏，无法解压（{f.detail}），{DAMAGED}",
    P.PACKAGE_UNREADABLE: lambda f: f"工作簿文件无法读取（{f.detail}），{DAMAGED}",
    P.PART_ENCODING: lambda f: f"部件 {f.part} 的文字编码无法读取（{f.detail}），{RESAVE}",
    P.PART_SIZE_MISMATCH: lambda f: (
        f"工作簿文件已损坏：部件 {f.part} 解压后 {f.size:,} 字节，zip 目录却记为 {f.claimed:,} 字节，{DAMAGED}"
    ),
    P.PART_XML: lambda f: f"部件 {f.part} 的 XML 无法读取（{f.detail}）",
    P.XML_UNPROCESSABLE: lambda f: f"工作簿内部的 XML 无法处理（{f.detail}）；{UNCHANGED}",
    P.NO_WORKBOOK_PART: lambda f: (
        f"找不到工作簿部件（{f.part or '_rels/.rels 中没有 officeDocument 关系'}）：文件已损坏"
    ),
    P.CHECKSUM: lambda f: f"工作簿已损坏：{f.part} 校验失败",
    P.NOT_ZIP: lambda f: "不是 zip 格式的工作簿",
    P.CENTRAL_DIRECTORY: lambda f: "工作簿已损坏：中央目录不完整",
    P.LOCAL_HEADER: lambda f: "工作簿已损坏：文件头不完整",
    P.PART_NAMES_CLASH: lambda f: (
        f"工作簿中的部件 {f.part} 与 {f.detail} 是同一名称（只差大小写，Open XML 不允许；可能是旧版本保存所致）："
        "命令行无法安全保存，请在 Excel 中打开并另存后再运行"
    ),
    P.SHEET_UNREADABLE: lambda f: f"工作表「{f.sheet}」无法读取（{f.detail}），{RESAVE}",
    P.ZIP_LAYOUT: lambda f: "工作簿的 zip 结构（ZIP64、分卷或带前缀）不受支持",
    P.ENTRY_ENCODING: lambda f: f"工作簿中的 {f.part} 已加密或压缩方式不受支持",
    P.OVER_4GB: lambda f: "工作簿超过 4 GiB，不受支持",
    P.TOO_MANY_PARTS: lambda f: f"工作簿包含 {f.size:,} 个部件，超过上限 {f.limit:,}，不予读取",
    P.PART_TOO_BIG: lambda f: f"部件 {f.part} 解压后超过上限 {_mb(f.limit)} MB，不予读取",
    P.TOTAL_TOO_BIG: lambda f: f"解压后共超过上限 {_mb(f.limit)} MB，不予读取",
    P.TAG_TOO_LONG: lambda f: f"部件 {f.part} 中有超过 {_mb(f.limit)} MB 的标签，不予读取",
    P.TOO_MANY_ROWS: lambda f: (
        f"工作表「{f.sheet}」用到第 {f.row:,} 行，超过上限 {f.limit:,} 行，不予读取（请删除表格下方的空行或多余内容）"
    ),
    P.TOO_MANY_CELLS: _too_many_cells,
    P.NO_DATA_SHEET: lambda f: "没有合同执行情况表",
    P.NO_SHEET: lambda f: f"没有工作表「{f.sheet}」",
    P.NO_HEADER: lambda f: (
        f"{f.sheet}: 前{f.limit}行中没有可识别的表头（需要 合同编号、客户姓名、应收金额、约定付款日期）："
        "运行 dunning check 查看每列的识别结果"
    ),
    P.DUPLICATE_HEADER: lambda f: f"{f.sheet} 第{f.row}行表头重复：" + "；".join(f.items),
    P.MISSING_COLUMNS: lambda f: f"{f.sheet} 第{f.row}行像是表头，但缺少必填列：" + "；".join(f.items),
    P.ARCHIVE_COLUMN_TAKEN: lambda f: (
        f"「{f.sheet}」{f.cell} 是「{f.value}」，{f.detail}要登记在这一列：请把该列移到右边（或清空这个表头），再运行"
    ),
    P.FORMULA_CELL: lambda f: (
        f"「{f.sheet}」{f.cell} 是公式，命令行不覆盖公式：请把该列改为普通值，或在 Excel 中使用按钮"
    ),
    P.FORMULA_TRACKING: lambda f: f"{f.sheet} {f.cell} 是公式（{f.value}），跟踪列须填写数值：请改为数值后再生成函件",
    P.LOCKED_CELL: lambda f: (
        f"「{f.sheet}」受保护，{f.cell} 已锁定：请在 Excel 中撤销工作表保护，或在 Excel 中使用按钮"
    ),
    P.UNSAFE_SAVE: lambda f: "命令行无法安全保存：" + "；".join(f.items),
    P.SAVE_LOSES: lambda f: (
        "命令行保存会破坏 " + "；".join(f.items) + "。请改用 Excel 中的按钮，或确认后加 --force（会先备份）"
    ),
    P.OPEN_ELSEWHERE: _open_elsewhere,
    P.BACKUP_FAILED: lambda f: f"无法保存 {f.file}（备份失败）：{f.detail}；{UNCHANGED}",
    P.SAVE_FAILED: lambda f: f"无法保存 {f.file}：{f.detail}；{UNCHANGED}",
    P.SHEETS_PROTECTED: lambda f: (
        f"工作表 {'、'.join(f.items)} 受保护：请先在 Excel 中撤销工作表保护（审阅 → 撤销工作表保护），再运行；{UNCHANGED}"
    ),
    P.BOOK_STRUCTURE_LOCKED: lambda f: f"工作簿结构受保护，不能添加工作表「{f.sheet}」：请在 Excel 中撤销工作簿保护",
    P.NOT_A_WORKSHEET: lambda f: f"「{f.sheet}」不是普通工作表（图表工作表或宏表），无法重建：请在 Excel 中删除或改名",
}


def as_of_range_text(as_of: date, first: date, last: date) -> str:
    return f"基准日 {as_of.isoformat()} 超出可计算的范围（{first.year}–{last.year}年）"


def as_of_unreadable_text(value: object) -> str:
    return f"基准日无法识别：{value}"


def row_width_text(row: int, header: int) -> str:
    return f"本行有{row}列，表头有{header}列：请选同样的列"


def letters_unwritable_text(where: str, detail: str) -> str:
    return f"无法写入 {where}：{detail}。本次未登记任何函件；处理后重新运行即可"


def row_needed_text() -> str:
    return "需要整行和表头：=DUNNING_STAGE($A4:$Q4,$A$3:$Q$3,基准日,催款规则表)"


def as_of_flag_text(text: str, reason: str) -> str:
    return f"--as-of 应为 YYYY-MM-DD（或 2026/11/24、2026.11.24、2026年11月24日）：{reason}「{text}」"


def backdate_reason_missing_text() -> str:
    return '--backdate 需要写明补发的原因，如 --backdate "客户要求按原日期补发"（原因记入函件归档和日志）'


def template_folder_missing_text(folder: str) -> str:
    return f"找不到模板文件夹：{folder}"


_PATH: dict[PathReason, str] = {
    PathReason.LINK_LOOP: "符号链接循环（链接最终指回自己）：请改用工作簿文件的真实路径",
    PathReason.READ_ONLY: "是只读文件：请先取消只读（文件属性中的“只读”，或 chmod u+w）再运行；工作簿未改动",
    PathReason.HARD_LINKS: (
        "有 {links} 个硬链接（同一文件的几个名字）：保存会换成新文件，其他名字仍是旧内容。"
        "请把它复制成独立的文件后对副本运行；工作簿未改动"
    ),
    PathReason.BACKUP_NOT_A_FOLDER: (
        "不是文件夹（是链接或文件）：备份和日志只写入工作簿旁真正的文件夹，请删除或改名它后再运行"
    ),
    PathReason.LOCK_PLANTED: "运行锁的位置上是链接或其他文件，不是本程序的锁文件：请检查并删除它后再运行",
}


def path_refused_text(path: str, reason: PathReason, *, links: int | None = None) -> str:
    """`<path>：<why>`; `links` (HARD_LINKS) how many names the file has."""
    return f"{path}：" + _PATH[reason].format(links=links)


def busy_text(case: LockCase, workbook: str, where: PurePath, holder: LockHolder | None, detail: str) -> str:
    """A run lock not taken: `workbook` the workbook's name, `where` the lock file's path."""
    if case is LockCase.CONTENDED:
        return f"{workbook} 的运行锁 {where.name} 一再被占用：请稍后再试"
    if case is LockCase.UNCREATABLE:
        return f"无法在 {where.parent} 建立运行锁（{detail}）：请确认该文件夹可写"
    h = holder or LockHolder()
    return (
        f"{workbook} 正由 {h.user}@{h.host} 处理（进程 {h.pid}，{h.command or '运行'}，开始于 {h.started}）："
        f"请等它结束后再运行（锁在 {where.name}，随该进程结束自动释放）"
    )


_HAZARD: dict[SaveHazard, str] = {
    SaveHazard.STRICT: "Strict Open XML 格式（请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”）",
    SaveHazard.PART_NAMES_CLASH: "部件 {first} 与 {second} 只差大小写（Open XML 不允许；请在 Excel 中另存一次）",
    SaveHazard.SIGNATURE: "数字签名（保存后签名失效）",
    SaveHazard.MODIFY_PASSWORD: "修改权限密码（命令行保存会绕过它）",
}


def save_hazard_text(hazard: SaveHazard, *, first: str = "", second: str = "") -> str:
    """What a save would break, as the refusal lists it; `first`, `second` the clashing part names."""
    return _HAZARD[hazard].format(first=first, second=second)
