"""The ribbon add-in `dunning.xlam`: built from the installed xlwings' own template, installed into XLSTART.

xlwings ships `quickstart_addin_ribbon.xlam`, whose one ribbon macro `RibbonMyAddin.RunMain` runs
`import <file name>; <file name>.main()` — so a copy named `dunning.xlam` runs `dunning.main()`. Its VBA is
bound to the xlwings version (its DLL name carries it), so the installer rebuilds the add-in from the xlwings
installed on the user's machine; the committed `addin/dunning.xlam` is the same build for the pinned xlwings.
A build rewrites the zip, copying every part in the original order with its date and compression, and
changes only:

- `customUI/customUI.xml`: the 催款 tab with the one button (namespace and relationship as in the template);
- `xl/workbook.xml`: the settings sheet `_myaddin.conf` (ignored under that name) renamed to `dunning.conf`;
  the VBA reads it before `%USERPROFILE%\\.dunning\\dunning.conf`, and a key present there, even blank, wins;
- `xl/worksheets/sheet1.xml`: that sheet's `UDF Modules` = `dunning.excel.udfs`, and `Interpreter_Win` /
  `Interpreter_Mac` when given (the installer writes this machine's Python);
- `xl/vbaProject.bin`: the template's VBA project plus the standard module `xlwings_udfs`, the wrappers that
  make `=DUNNING_STAGE(...)` and the other Excel functions known to Excel — the very text xlwings' "Import
  Functions" would write (`dunning.udf_vba`), added by `dunning.addin_build.vba_project` with every other module and
  record kept; and `RibbonMyAddin` (the button's macro) replaced by the template's macro plus a check that a
  workbook is open and not in Protected View (`dunning.addin_build.ribbon_vba`); and in xlwings' module the constant
  `PROJECT_NAME` set to `dunning` (the template's `myaddin` is shared by every add-in made from it: their
  settings sheets and files, and a `myaddin.conf` sheet in the active workbook, would be read as ours), and
  `XLPyCommand`, the UDF server's command line, without `ActiveWorkbook.FullName`: xlwings' DLL starts a
  server per distinct command line, so naming the active workbook there started a python.exe for every
  workbook a recalculation happened in. So Excel knows the functions without
  "Import Functions" (which needs access to the VBA project object model), and rebuilding the add-in (`dunning install-addin`) brings them in line with `dunning.excel.udfs` again.
  Not in the file: the function wizard's category and descriptions, which "Import Functions" sets through
  Excel (`Application.MacroOptions`) after importing the module.

Every edit is an exact match on the template's bytes; a template that differs is refused, not guessed at.
`python -m dunning.addin_build.install --out PATH` (or `python addin/build_addin.py`) builds without installing.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from dunning.addin_build.function_vba import (
    EXCEL_MODULE,
    FUNCTIONS_MODULE,
    excel_vba_text,
    functions_vba_text,
    thisworkbook_vba_text,
)
from dunning.addin_build.ovba import VbaProjectError
from dunning.addin_build.ribbon_vba import MODULE_NAME as RIBBON_MODULE_NAME
from dunning.addin_build.ribbon_vba import TEMPLATE_SOURCE as RIBBON_TEMPLATE_SOURCE
from dunning.addin_build.ribbon_vba import ribbon_vba_text
from dunning.addin_build.vba_document import set_document_source
from dunning.addin_build.vba_project import add_module, module_source
from dunning.core.errors import DunningError
from dunning.core.messages import NO_BOOK, PROTECTED_VIEW, TITLE

ADDIN_FILE_NAME = "dunning.xlam"  # the stem is the module RunMain imports
TEMPLATE_FILE_NAME = "quickstart_addin_ribbon.xlam"
RIBBON_PART = "customUI/customUI.xml"
WORKBOOK_PART = "xl/workbook.xml"
CONF_SHEET_PART = "xl/worksheets/sheet1.xml"
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
VBA_PROJECT_PART = "xl/vbaProject.bin"
RIBBON_CALLBACK = "RibbonMyAddin.RunMain"  # the template's only ribbon macro
IMAGE_MSO = "FileSendAsAttachment"  # an Excel control (文件 > 共享 > 作为附件发送): an envelope; see test_addin
UDF_MODULES = "dunning.excel.udfs"

RIBBON_XML = f"""\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<customUI xmlns="http://schemas.microsoft.com/office/2006/01/customui">
    <ribbon>
        <tabs>
            <tab id="dunningTab" label="催款">
                <group id="dunningGroup" label="催款看板">
                    <button id="dunningGenerateLetters" label="生成催款函 / Generate letters" size="large"
                            imageMso="{IMAGE_MSO}" onAction="{RIBBON_CALLBACK}"
                            screentip="生成今天到期的催款函"
                            supertip="为当前工作簿中今天到期的合同生成催款信和律师函（Word 文件），逐份记入“函件归档”，再刷新“催款看板”。未填“律师函审批人”的律师函只列为待审批，不生成。" />
                </group>
            </tab>
        </tabs>
    </ribbon>
</customUI>
""".encode()

PROJECT_NAME = "dunning"  # the settings sheet `dunning.conf` and file `%USERPROFILE%\\.dunning\\dunning.conf`
_SHEET_NAME_OLD = b'<sheet name="_myaddin.conf" '
_SHEET_NAME_NEW = f'<sheet name="{PROJECT_NAME}.conf" '.encode()
_XLWINGS_MODULE = "xlwings"
_PROJECT_CONST_OLD = 'Public Const PROJECT_NAME As String = "myaddin"'
_PROJECT_CONST_NEW = f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"'
# XLPyCommand, the command line of the UDF server: xlwings' DLL keys servers by it, so the active workbook's
# name in it started one Python server per workbook a recalculation ran in. The add-in's folder stays.
_SERVER_PATH_OLD = 'PYTHONPATH = AddExcelDir & ";" & ActiveWorkbook.FullName & ";" & ThisWorkbook.FullName & ";"'
_SERVER_PATH_NEW = 'PYTHONPATH = AddExcelDir & ";" & "" & ";" & ThisWorkbook.FullName & ";"'
_SERVER_PATH_NOTE = "' dunning: the active workbook left out: one Python server per Excel session"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class AddinError(DunningError):
    """The add-in could not be built or installed; carries the file and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def template_path() -> Path:
    """The installed xlwings' ribbon add-in template (found without importing xlwings)."""
    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.submodule_search_locations:
        raise AddinError(Path(TEMPLATE_FILE_NAME), "未安装 xlwings / xlwings is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / TEMPLATE_FILE_NAME


def build_addin_bytes(template: Path, *, interpreter_win: str = "", interpreter_mac: str = "") -> bytes:
    """The add-in's bytes: the template with the ribbon, the settings sheet, its values and the UDF module."""
    settings = {"UDF Modules": UDF_MODULES, "Interpreter_Win": interpreter_win, "Interpreter_Mac": interpreter_mac}
    with zipfile.ZipFile(template) as source:
        needed = {RIBBON_PART, WORKBOOK_PART, CONF_SHEET_PART, SHARED_STRINGS_PART, VBA_PROJECT_PART}
        missing = needed - set(source.namelist())
        if missing:
            raise AddinError(template, f"模板缺少 / the template lacks {sorted(missing)}")
        sheet = _fill_settings(template, source.read(CONF_SHEET_PART), source.read(SHARED_STRINGS_PART), settings)
        replaced = {
            RIBBON_PART: RIBBON_XML,
            WORKBOOK_PART: _rename_conf_sheet(template, source.read(WORKBOOK_PART)),
            CONF_SHEET_PART: sheet,
            VBA_PROJECT_PART: _with_project_modules(template, source.read(VBA_PROJECT_PART)),
        }
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            target.comment = source.comment
            for info in source.infolist():
                data = replaced[info.filename] if info.filename in replaced else source.read(info)
                entry = _same_entry(info)
                target.writestr(entry, data)
                entry.external_attr = info.external_attr  # writestr turns 0 into 0o600 << 16; written at close
    return out.getvalue()


def build_addin(
    out: Path, *, template: Path | None = None, interpreter_win: str = "", interpreter_mac: str = ""
) -> Path:
    """Write the add-in to `out` (same bytes on every run for the same template and settings)."""
    data = build_addin_bytes(
        template or template_path(), interpreter_win=interpreter_win, interpreter_mac=interpreter_mac
    )
    out.write_bytes(data)
    return out


def install_addin(*, python: str | None = None) -> str:
    """Windows: build the add-in for this Python into Excel's XLSTART folder. Elsewhere: say what to do."""
    interpreter = os.path.abspath(python) if python else sys.executable
    if sys.platform != "win32":
        return _elsewhere_message(interpreter)
    if not Path(interpreter).is_file():
        raise AddinError(Path(interpreter), "找不到这个 Python / no such Python interpreter")
    target = xlstart_addin_path()
    data = build_addin_bytes(template_path(), interpreter_win=interpreter)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    except PermissionError as exc:
        raise AddinError(target, "文件被占用，请先关闭 Excel / the file is in use: close Excel first") from exc
    warning = missing_dll_warning(Path(interpreter), xlwings_dll_name())
    return (
        f"已安装加载项 / Installed the add-in: {target}\n"
        f"Python: {interpreter}\n"
        "重新启动 Excel 后，功能区出现“催款”选项卡 / Restart Excel: the ribbon shows the 催款 tab."
        + (f"\n{warning}" if warning else "")
    )


def xlstart_addin_path() -> Path:
    """Where Excel opens the add-in at start-up: `%APPDATA%\\Microsoft\\Excel\\XLSTART\\dunning.xlam`."""
    appdata = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    return Path(appdata) / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILE_NAME


def xlwings_dll_name(*, bits: int | None = None) -> str:
    """The DLL the add-in's VBA loads for the Excel functions: xlwings64-<version>.dll (or 32)."""
    import struct

    import xlwings

    return f"xlwings{bits or struct.calcsize('P') * 8}-{xlwings.__version__}.dll"


def missing_dll_warning(interpreter: Path, dll: str) -> str | None:
    """The add-in's VBA loads xlwings' DLL from the interpreter's folder, else that folder's parent (a
    virtual environment); `pip install --user` puts it elsewhere, and every function then fails."""
    folders = (interpreter.parent, interpreter.parent.parent)
    if any((folder / dll).is_file() for folder in folders):
        return None
    return (
        f"注意：在 {folders[0]} 和 {folders[1]} 都找不到 {dll}，DUNNING_ 公式将无法计算。"
        "请不要用 pip install --user，在此 Python 中重新运行 pip install . / "
        f"warning: {dll} is in neither folder, so the Excel functions cannot load; "
        "reinstall without --user."
    )


def _elsewhere_message(interpreter: str) -> str:
    if sys.platform == "darwin":
        return (
            "macOS：此命令不安装任何东西，请按以下步骤 / nothing was installed; instead:\n"
            f'  1. "{interpreter}" -m dunning.addin_build.install --out dunning.xlam --interpreter-mac "{interpreter}"\n'
            "  2. xlwings addin install --file dunning.xlam   （同时安装 RunPython 所需的 AppleScript）\n"
            "  3. 退出并重新打开 Excel（Cmd-Q）/ quit and restart Excel\n"
            "“生成催款函”按钮在 Mac 上可用；DUNNING_ 公式（UDF）只在 Windows 上可用 / "
            "the button works on a Mac, the DUNNING_ formulas (UDFs) need Windows."
        )
    return (
        "Excel 不在此系统上运行，未安装任何东西 / Excel does not run here: nothing was installed.\n"
        "请在 Windows 上运行 `dunning install-addin`；在这里可用命令行处理工作簿（dunning board、dunning letters）/ "
        "run `dunning install-addin` on Windows; here, use the command line on the workbook file."
    )


def _same_entry(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry with the template entry's name, date, compression and attributes."""
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type = info.compress_type
    entry.comment = info.comment
    entry.extra = info.extra
    entry.create_system = info.create_system
    entry.create_version = info.create_version
    entry.extract_version = info.extract_version
    entry.internal_attr = info.internal_attr
    entry.external_attr = info.external_attr
    return entry


def _with_project_modules(template: Path, project: bytes) -> bytes:
    """The VBA project with the module that declares the Excel functions of `dunning.excel.udfs`, the ribbon
    macro that says what to do when no workbook is open (`dunning.addin_build.ribbon_vba`), and xlwings' RunPython
    module with the project name `dunning` in place of the template's `myaddin`."""
    try:
        if module_source(project, RIBBON_MODULE_NAME) != RIBBON_TEMPLATE_SOURCE:
            raise AddinError(
                template, f"{VBA_PROJECT_PART}: {RIBBON_MODULE_NAME} 与预期不同 / is not the expected macro"
            )
        project = add_module(project, RIBBON_MODULE_NAME, ribbon_vba_text(NO_BOOK, TITLE, PROTECTED_VIEW))
        runpython = xlwings_module(template, module_source(project, _XLWINGS_MODULE) or "")
        project = add_module(project, _XLWINGS_MODULE, runpython)
        project = add_module(project, FUNCTIONS_MODULE, functions_vba_text())
        project = add_module(project, EXCEL_MODULE, excel_vba_text())
        return set_document_source(project, "ThisWorkbook", thisworkbook_vba_text())
    except VbaProjectError as exc:
        raise AddinError(template, f"{VBA_PROJECT_PART}: {exc}") from exc


def xlwings_module(template: Path, source: str) -> str:
    """xlwings' module with the project name `dunning` and a server command line that does not name the
    active workbook (each edit an exact match on the template's text)."""
    newline = "\r\n" if "\r\n" in source else "\n"
    edits = {
        _PROJECT_CONST_OLD: _PROJECT_CONST_NEW,
        _SERVER_PATH_OLD: f"{_SERVER_PATH_NOTE}{newline}        {_SERVER_PATH_NEW}",
    }
    for old, new in edits.items():
        if source.count(old) != 1:
            raise AddinError(template, f"{VBA_PROJECT_PART}: {_XLWINGS_MODULE} 中没有唯一的 {old}")
        source = source.replace(old, new)
    return source


def _rename_conf_sheet(template: Path, workbook: bytes) -> bytes:
    if workbook.count(_SHEET_NAME_OLD) != 1:
        raise AddinError(template, f"{WORKBOOK_PART} 中没有唯一的 _myaddin.conf 表 / no single _myaddin.conf sheet")
    return workbook.replace(_SHEET_NAME_OLD, _SHEET_NAME_NEW)


def _fill_settings(template: Path, sheet: bytes, shared_strings: bytes, settings: dict[str, str]) -> bytes:
    """Put each non-empty value in column B of the row whose column A holds its key."""
    rows = _setting_rows(sheet, shared_strings)
    for key, value in settings.items():
        if not value:
            continue
        row = rows.get(key, 0)
        found = re.findall(rb'<row r="%d" spans="1:1"[^>]*><c r="A%d" [^>]*><v>\d+</v></c></row>' % (row, row), sheet)
        if len(found) != 1:
            raise AddinError(template, f"{CONF_SHEET_PART}: 设置 {key} 不是只有 A 列的一行 / not a one-cell row")
        cell = f'<c r="B{row}" s="1" t="inlineStr"><is><t>{escape(value)}</t></is></c>'.encode()
        filled = found[0].replace(b'spans="1:1"', b'spans="1:2"', 1).replace(b"</row>", cell + b"</row>")
        sheet = sheet.replace(found[0], filled)
    return sheet


def _setting_rows(sheet: bytes, shared_strings: bytes) -> dict[str, int]:
    """Setting name (column A, a shared string) → row number."""
    strings = ["".join(si.itertext()) for si in ElementTree.fromstring(shared_strings).iter(f"{_MAIN_NS}si")]
    rows: dict[str, int] = {}
    for cell in ElementTree.fromstring(sheet).iter(f"{_MAIN_NS}c"):
        ref, value = cell.get("r", ""), cell.find(f"{_MAIN_NS}v")
        if ref[:1] == "A" and cell.get("t") == "s" and value is not None and value.text:
            rows[strings[int(value.text)]] = int(ref[1:])
    return rows


def main(argv: Sequence[str] | None = None, *, default_out: Path = Path(ADDIN_FILE_NAME)) -> None:
    """`python -m dunning.addin_build.install [--out PATH] [--interpreter-win EXE] [--interpreter-mac EXE]`."""
    parser = argparse.ArgumentParser(description="Build dunning.xlam from the installed xlwings' ribbon template.")
    parser.add_argument("--out", type=Path, default=default_out, help=f"where to write the add-in ({default_out})")
    parser.add_argument("--interpreter-win", default="", help="Interpreter_Win for the add-in's settings sheet")
    parser.add_argument("--interpreter-mac", default="", help="Interpreter_Mac for the add-in's settings sheet")
    args = parser.parse_args(argv)
    if args.out.name != ADDIN_FILE_NAME:
        parser.error(f"the file must be named {ADDIN_FILE_NAME}: its name is the module the button imports")
    build_addin(args.out, interpreter_win=args.interpreter_win, interpreter_mac=args.interpreter_mac)
    sys.stdout.write(f"{args.out}\n")


if __name__ == "__main__":
    main()
