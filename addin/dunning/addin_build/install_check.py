"""`dunning install-addin --check` and `dunning uninstall-addin`: what an IT person runs after an install.

The check asks the interpreter the add-in is meant to run (one `python -c` of its own, so it sees that
interpreter's packages, not ours): its version, xlwings' version, and whether `dunning.excel.udfs` imports; then
looks for xlwings' DLL where the add-in's VBA loads it (beside the interpreter or in its parent, a virtual
environment's root), for the add-in in XLSTART, and compares that file with a fresh build for this
interpreter and this xlwings. One line per item, √ or ×, in Chinese (code page 936 has them, not ✔: a redirect to a file still works); it passes only when every line does,
and only on Windows. What it cannot see (Excel's macro settings, its disabled items) it names as a note.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dunning.addin_build.bundle_text import SENDTO_NAME
from dunning.addin_build.install import (
    CONF_SHEET_PART,
    SHARED_STRINGS_PART,
    AddinError,
    _setting_rows,
    build_addin_bytes,
    missing_dll_warning,
    template_path,
    xlstart_addin_path,
    xlwings_dll_name,
)

MIN_PYTHON = (3, 11)  # xlwings 0.37.8's own minimum
LOG_NOTE = "日志：每个工作簿旁的 .dunning-backup\\dunning.log（命令行和按钮都写在这里）"
_PROBE = (
    "import json, platform, sys\n"
    "out = {'version': platform.python_version(), 'bits': 64 if sys.maxsize > 2**32 else 32}\n"
    "try:\n    import xlwings\n    out['xlwings'] = xlwings.__version__\n"
    "except Exception as exc:\n    out['xlwings_error'] = repr(exc)\n"
    "try:\n    import dunning.excel.udfs\n    out['dunning'] = dunning.__file__\n"
    "except Exception as exc:\n    out['dunning_error'] = repr(exc)\n"
    "print(json.dumps(out))\n"
)
_INLINE = re.compile(rb'<c r="B(\d+)" s="1" t="inlineStr"><is><t>([^<]*)</t></is></c>')


@dataclass(frozen=True)
class Item:
    ok: bool
    text: str

    def line(self) -> str:
        return f"{'√' if self.ok else '×'} {self.text}"


def sendto_path() -> Path:
    appdata = os.environ.get("APPDATA") or str(Path.home() / "AppData" / "Roaming")
    return Path(appdata) / "Microsoft" / "Windows" / "SendTo" / SENDTO_NAME


def check_install(*, python: str | None = None) -> tuple[list[str], bool]:
    """The checklist's lines and whether everything passed."""
    interpreter = Path(os.path.abspath(python) if python else sys.executable)
    items = [
        Item(
            sys.platform == "win32",
            "Windows"
            if sys.platform == "win32"
            else f"不是 Windows（{sys.platform}）：Excel 加载项只在 Windows 上运行，以下仅供参考",
        ),
        *_interpreter_items(interpreter),
        _dll_item(interpreter),
        *_addin_items(interpreter),
    ]
    notes = [
        "注：无法从这里检查 Excel 的宏设置：若“催款”选项卡不出现，见 docs/install.md 的故障排除（信任中心 / 受信任位置 / 禁用项目）",
        f"注：{LOG_NOTE}",
    ]
    return [item.line() for item in items] + notes, all(item.ok for item in items)


def _interpreter_items(interpreter: Path) -> list[Item]:
    if not interpreter.is_file():
        return [Item(ok=False, text=f"找不到 Python：{interpreter}（请先安装 Python 3.11，或用 --python 指定）")]
    try:
        done = subprocess.run(
            [str(interpreter), "-c", _PROBE], capture_output=True, text=True, timeout=120, check=False
        )
        found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError):
        return [Item(ok=False, text=f"无法运行 Python：{interpreter}")]
    version = str(found["version"])
    ok_version = tuple(int(part) for part in version.split(".")[:2]) >= MIN_PYTHON
    import xlwings

    wanted = xlwings.__version__
    have = found.get("xlwings")
    return [
        Item(
            ok_version,
            f"Python {version}（{found['bits']} 位）：{interpreter}" + ("" if ok_version else "（需要 3.11 或更高）"),
        ),
        Item(
            have == wanted,
            f"xlwings {have}（加载项按 {wanted} 生成）" if have else f"此 Python 中没有 xlwings（需要 {wanted}）",
        ),
        Item(
            "dunning" in found,
            "此 Python 能导入 dunning.excel.udfs"
            if "dunning" in found
            else f"此 Python 不能导入 dunning.excel.udfs：{found.get('dunning_error')}",
        ),
    ]


def _dll_item(interpreter: Path) -> Item:
    dll = xlwings_dll_name()
    if missing_dll_warning(interpreter, dll) is None:
        return Item(ok=True, text=f"找到 {dll}（在 Python 或其虚拟环境的文件夹中）")
    return Item(
        ok=False,
        text=f"{interpreter.parent} 和 {interpreter.parent.parent} 中都没有 {dll}：公式会显示 #NAME? 或出错（不要用 pip install --user，用 install.bat 重新安装）",
    )


def _addin_items(interpreter: Path) -> list[Item]:
    target = xlstart_addin_path()
    if not target.is_file():
        return [Item(ok=False, text=f"XLSTART 中没有加载项：{target}（运行 dunning install-addin）")]
    data = target.read_bytes()
    items = [Item(ok=True, text=f"加载项在 XLSTART 中：{target}")]
    pointed = addin_settings(data).get("Interpreter_Win", "")
    if pointed != str(interpreter):
        items.append(
            Item(
                ok=False,
                text=f"加载项指向另一个 Python：{pointed or '（未设置）'}（用这个 Python 重新运行 dunning install-addin）",
            )
        )
    elif data != build_addin_bytes(template_path(), interpreter_win=str(interpreter)):
        items.append(Item(ok=False, text="加载项不是本版本生成的（更新后请重新运行 dunning install-addin）"))
    else:
        items.append(Item(ok=True, text="加载项为此 Python 和此版本生成"))
    return items


def addin_settings(data: bytes) -> dict[str, str]:
    """The add-in's settings sheet `dunning.conf`: setting → the value written in column B."""
    with zipfile.ZipFile(io.BytesIO(data)) as addin:
        sheet, strings = addin.read(CONF_SHEET_PART), addin.read(SHARED_STRINGS_PART)
    rows = {row: key for key, row in _setting_rows(sheet, strings).items()}
    return {rows[int(row)]: _unescape(value.decode()) for row, value in _INLINE.findall(sheet) if int(row) in rows}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def uninstall_addin() -> str:
    """Remove the add-in from XLSTART and the WPS Send To shortcut; letters, archive and logs stay."""
    removed: list[str] = []
    for path in (xlstart_addin_path(), sendto_path()):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except PermissionError as exc:
            raise AddinError(path, "文件被占用，请先关闭 Excel / the file is in use: close Excel first") from exc
        removed.append(f"已删除 {path}")
    head = removed or [f"未找到加载项 {xlstart_addin_path()}，无需删除"]
    return "\n".join(
        [
            *head,
            "重新启动 Excel 后“催款”选项卡消失。催款函、函件归档和日志都留在各工作簿旁（催款函\\、.dunning-backup\\），没有删除。",
            "如需删除 Python 环境：删除 %LOCALAPPDATA%\\dunning 文件夹（install.bat 安装的）或运行 pip uninstall dunning。",
        ]
    )
