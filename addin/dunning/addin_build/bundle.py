"""`dunning bundle DIR`: everything an offline Windows PC needs, in one folder to copy onto it.

    DIR/wheels/            this package's wheel (`pip wheel SOURCE --no-deps`) and every dependency, for
                           64-bit Windows and CPython 3.11 and 3.12 (`pip download --only-binary=:all:
                           --platform win_amd64 --python-version 3.1x`)
    DIR/install.bat        install or update: a virtual environment in %LOCALAPPDATA%\\dunning\\venv from the
                           wheels alone (`pip install --no-index`), the add-in for its interpreter, the check
    DIR/uninstall.bat      the add-in and that environment removed; letters, archives and logs stay
    DIR/拖放工作簿到这里-WPS.bat  WPS users: drop a workbook on it (or Send To) for letters and the board
    DIR/README-离线安装.txt  the steps, in Chinese, with the Python installer to get (it is not in the folder)

Why a virtual environment: Python installed "for all users" sits in Program Files, which a user without
admin rights cannot write, so a plain `pip install` there silently becomes a `--user` install and puts
xlwings' DLL in %APPDATA%\\Python, where the add-in never looks. A virtual environment of the user's own
holds the DLL in its root, which the add-in's VBA does search, and needs no admin rights.

pip evaluates a requirement's environment markers for the machine it runs on, even with `--platform`: on
Linux or a Mac it skips `pywin32; platform_system == "Windows"` (xlwings) and `colorama` (typer), and the
offline install would then fail. So after each download the bundle reads every wheel's requirements,
evaluates them for Windows, and downloads what is missing, until nothing is.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Sequence
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

from dunning.addin_build.bundle_text import BATCH_FILES, README_NAME, readme_text
from dunning.core.errors import DunningError

PYTHON_VERSIONS = ("3.11", "3.12")  # xlwings 0.37.8 needs Python 3.11 or later
WHEELS = "wheels"
_ROUNDS = 5


class BundleError(DunningError):
    """The bundle could not be made: the message names the step and what to do."""


def wheel_command(source: Path, wheels: Path, *, python: str = sys.executable) -> list[str]:
    """This package's own wheel, without its dependencies."""
    return [python, "-m", "pip", "wheel", str(source), "--no-deps", "--wheel-dir", str(wheels)]


def download_command(
    requirements: Sequence[str], wheels: Path, version: str, *, python: str = sys.executable
) -> list[str]:
    """Binary wheels of `requirements` and their dependencies for 64-bit Windows and CPython `version`."""
    return [
        python, "-m", "pip", "download", "--only-binary=:all:", "--platform", "win_amd64",
        "--python-version", version, "--implementation", "cp", "--dest", str(wheels), *requirements,
    ]  # fmt: skip


def windows_environment(version: str) -> dict[str, str]:
    """The marker environment of CPython `version` on 64-bit Windows."""
    return {
        "os_name": "nt", "sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64",
        "platform_python_implementation": "CPython", "implementation_name": "cpython",
        "python_version": version, "python_full_version": f"{version}.0", "implementation_version": f"{version}.0",
        "platform_release": "10", "platform_version": "10.0", "extra": "",
    }  # fmt: skip


def missing_requirements(wheels: Path, version: str) -> list[str]:
    """Requirements of the wheels for CPython `version` on Windows that no wheel in the folder provides."""
    usable = [wheel for wheel in sorted(wheels.glob("*.whl")) if _usable(wheel, version)]
    have = {canonicalize_name(parse_wheel_filename(wheel.name)[0]) for wheel in usable}
    environment = windows_environment(version)
    missing: dict[str, str] = {}
    for wheel in usable:
        for requirement in _requirements(wheel):
            marker = requirement.marker
            if marker is not None and not marker.evaluate(environment):
                continue
            name = canonicalize_name(requirement.name)
            if name not in have and not requirement.extras:
                missing.setdefault(name, str(_without_marker(requirement)))
    return sorted(missing.values())


def write_bundle(folder: Path, *, source: Path, download: bool = True, python: str = sys.executable) -> list[Path]:
    """Write the bundle into `folder` (made if needed); with `download` off, only the scripts and the README."""
    if not (source / "pyproject.toml").is_file():
        raise BundleError(
            f"{source}：不是 dunning 的源码文件夹（没有 pyproject.toml）；请在源码文件夹中运行，或用 --source 指定"
        )
    wheels = folder / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in BATCH_FILES.items():
        (folder / name).write_bytes(text.replace("\n", "\r\n").encode("gbk"))  # cmd reads a .bat in the ANSI code page
        written.append(folder / name)
    (folder / README_NAME).write_bytes(readme_text(PYTHON_VERSIONS).replace("\n", "\r\n").encode("utf-8-sig"))
    written.append(folder / README_NAME)
    if download:
        _download(source, wheels, python=python)
    return written


def _download(source: Path, wheels: Path, *, python: str) -> None:
    _run(wheel_command(source, wheels, python=python), "生成 dunning 的 wheel")
    own = sorted(wheels.glob("dunning-*.whl"), key=lambda wheel: wheel.stat().st_mtime)[-1]
    for version in PYTHON_VERSIONS:
        _run(download_command([str(own)], wheels, version, python=python), f"下载 Python {version} 的依赖")
        for _ in range(_ROUNDS):
            missing = missing_requirements(wheels, version)
            if not missing:
                break
            _run(download_command(missing, wheels, version, python=python), f"下载 Windows 专用依赖 {missing}")
        else:
            raise BundleError(f"{wheels}：Python {version} 的依赖在 {_ROUNDS} 轮后仍不完整：{missing}")


def _run(command: list[str], step: str) -> None:
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        raise BundleError(
            f"{step}失败（退出码 {done.returncode}）：{' '.join(command)}；请检查网络或包索引（pip 的 -i 选项）后重试"
        )


def _usable(wheel: Path, version: str) -> bool:
    """Whether CPython `version` on 64-bit Windows can install the wheel."""
    try:
        tags = parse_wheel_filename(wheel.name)[3]
    except ValueError:
        return False
    cp = "cp" + version.replace(".", "")
    return any(
        (tag.interpreter.startswith("py3") or tag.interpreter == cp or tag.abi == "abi3")
        and tag.platform in {"any", "win_amd64"}
        for tag in tags
    )


def _requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next((n for n in archive.namelist() if n.endswith(".dist-info/METADATA")), None)
        if name is None:
            return []
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(line) for line in metadata.get_all("Requires-Dist") or []]


def _without_marker(requirement: Requirement) -> Requirement:
    plain = Requirement(str(requirement))
    plain.marker = None
    return plain
