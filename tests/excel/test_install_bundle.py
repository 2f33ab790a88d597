"""What an IT person runs: `dunning bundle` (the offline folder), `dunning install-addin --check` (the checklist)
and `dunning uninstall-addin`, on real files: the bundle's batch files as cmd reads them (GBK, CRLF), wheels made
here, an add-in built into a fake %APPDATA%, and a real Python (this one, reached through a link in a fake
virtual environment) answering the check's probe. Windows is simulated as tests/excel/test_addin.py does."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.addin_build.bundle import BundleError, download_command, missing_requirements, wheel_command, write_bundle
from dunning.addin_build.bundle_text import INSTALL_BAT, README_NAME, SENDTO_NAME, UNINSTALL_BAT, VENV, WPS_BAT
from dunning.addin_build.install import (
    ADDIN_FILE_NAME,
    IMAGE_MSO,
    build_addin_bytes,
    install_addin,
    template_path,
    xlwings_dll_name,
)
from dunning.addin_build.install_check import addin_settings, check_install, uninstall_addin
from dunning.cli import app

REPO = Path(__file__).resolve().parents[2]

# Excel's own controls, from Microsoft's published lists of Office control IDs (excelcontrols.xlsx for Office
# 2013, 2016, 2019 and Microsoft 365, in OfficeDev/office-fluent-ui-command-identifiers): each is an Excel
# built-in whose icon Excel shows for imageMso. MailMergeStartLetters, the former icon, is only in Word's list.
EXCEL_IMAGE_MSO = {"FileSendAsAttachment", "FileNew", "FilePrint", "ReviewNewComment"}


def test_the_ribbon_icon_is_an_excel_control() -> None:
    with zipfile.ZipFile(REPO / "addin" / ADDIN_FILE_NAME) as addin:
        ribbon = addin.read("customUI/customUI.xml").decode()
    assert IMAGE_MSO in EXCEL_IMAGE_MSO
    assert f'imageMso="{IMAGE_MSO}"' in ribbon and "MailMergeStartLetters" not in ribbon


# ---- the bundle --------------------------------------------------------------------------------------


def test_bundle_writes_the_scripts_and_the_readme(tmp_path: Path) -> None:
    folder = tmp_path / "离线包"
    write_bundle(folder, source=REPO, download=False)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [INSTALL_BAT, UNINSTALL_BAT, WPS_BAT, README_NAME, "wheels"]
    )
    for name in (INSTALL_BAT, UNINSTALL_BAT, WPS_BAT):
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"@echo off\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    install = (folder / INSTALL_BAT).read_bytes().decode("gbk")
    lines = [line.strip() for line in install.splitlines()]
    py = lines.index('py -3.11 -c "pass" >nul 2>nul')
    assert lines[py - 2 : py] == ["where py >nul 2>nul", "if errorlevel 1 goto nopy"]  # Wine's cmd: no 9009
    assert lines[py + 1 : py + 3] == ['if not errorlevel 1 set "PY=py -3.11"', "if defined PY goto havepy"]
    assert f'set "VENV={VENV}"' in lines and VENV == r"%LOCALAPPDATA%\dunning\venv"
    assert '%PY% -m venv "%VENV%"' in lines
    pip = '"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links "%~dp0wheels" --upgrade --force-reinstall dunning'
    addin = '"%VENV%\\Scripts\\dunning.exe" install-addin --python "%VENV%\\Scripts\\python.exe"'
    check = '"%VENV%\\Scripts\\dunning.exe" install-addin --check --python "%VENV%\\Scripts\\python.exe"'
    assert lines.index(pip) < lines.index(addin) < lines.index(check)
    assert all(lines[lines.index(step) + 1] == "if errorlevel 1 goto failed" for step in (pip, addin))
    assert "不要“以管理员身份运行”" in install and "EXCEL.EXE" in install
    assert f"SendTo\\{SENDTO_NAME}" in install


def test_the_wps_shortcut_makes_letters_then_the_board_and_pauses(tmp_path: Path) -> None:
    write_bundle(tmp_path, source=REPO, download=False)
    lines = [line.strip() for line in (tmp_path / WPS_BAT).read_bytes().decode("gbk").splitlines()]
    letters, refresh = lines.index('"%DUNNING%" letters "%~1"'), lines.index('"%DUNNING%" refresh "%~1"')
    assert letters < refresh and lines[letters + 1] == lines[refresh + 1] == "if errorlevel 1 goto failed"
    assert lines[refresh + 2 :].count("pause") == 3  # done, failed, usage: each waits for a key
    assert 'if "%~1"=="" goto usage' in lines


def test_the_readme_names_the_python_installer_and_the_user_install_trap(tmp_path: Path) -> None:
    write_bundle(tmp_path, source=REPO, download=False)
    raw = (tmp_path / README_NAME).read_bytes()
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    for needed in ("python-3.11.9-amd64.exe", "Install Python 3.11 for all users", "Add python.exe to PATH",
                   "--user", "#NAME?", "禁用项目", "受信任位置", ".dunning-backup\\dunning.log", "install-addin --check",
                   "加载项（xlwings）不能在 WPS 中运行", WPS_BAT, "更新", "卸载"):  # fmt: skip
        assert needed in text, needed


def test_bundle_refuses_a_folder_that_is_not_the_source(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="pyproject.toml"):
        write_bundle(tmp_path / "out", source=tmp_path, download=False)
    assert not (tmp_path / "out").exists()


def test_the_pip_commands_are_for_64_bit_windows_binaries(tmp_path: Path) -> None:
    assert wheel_command(REPO, tmp_path, python="py") == ["py", "-m", "pip", "wheel", str(REPO), "--no-deps", "--wheel-dir", str(tmp_path)]  # fmt: skip
    assert download_command(["dunning-0.1.0-py3-none-any.whl"], tmp_path, "3.12", python="py") == [
        "py", "-m", "pip", "download", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.12",
        "--implementation", "cp", "--dest", str(tmp_path), "dunning-0.1.0-py3-none-any.whl",
    ]  # fmt: skip


def wheel(folder: Path, name: str, *requires: str) -> None:
    project, version = name.split("-")[:2]
    metadata = f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\n" + "".join(
        f"Requires-Dist: {line}\n" for line in requires
    )
    with zipfile.ZipFile(folder / name, "w") as archive:
        archive.writestr(f"{project}-{version}.dist-info/METADATA", metadata)


def test_windows_only_requirements_that_pip_skipped_here_are_found(tmp_path: Path) -> None:
    """pip on Linux skipped pywin32 (xlwings) and colorama (typer) for --platform win_amd64: found here."""
    wheel(tmp_path, "xlwings-0.37.8-cp311-cp311-win_amd64.whl", 'pywin32>=224; platform_system == "Windows"',
          'psutil>=2.0.0; platform_system == "Darwin"', 'black; extra == "all"')  # fmt: skip
    wheel(tmp_path, "typer-0.29.2-py3-none-any.whl", 'colorama; platform_system == "Windows"', "rich>=13.8.0")
    wheel(tmp_path, "rich-15.0.0-py3-none-any.whl", 'pygments>=2; python_version >= "3.8"')
    wheel(tmp_path, "pygments-2.21.0-py3-none-any.whl")
    assert missing_requirements(tmp_path, "3.11") == ["colorama", "pywin32>=224"]
    assert missing_requirements(tmp_path, "3.12") == ["colorama"]  # the cp311 xlwings is not 3.12's
    wheel(tmp_path, "pywin32-311-cp311-cp311-win_amd64.whl")
    wheel(tmp_path, "colorama-0.4.6-py2.py3-none-any.whl")
    assert missing_requirements(tmp_path, "3.11") == []


def test_cli_bundle_without_download(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bundle", str(tmp_path / "b"), "--source", str(REPO), "--no-download"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / INSTALL_BAT).is_file() and "README-离线安装.txt" in result.output


# ---- the check and the uninstall ---------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    return tmp_path


def venv_python(folder: Path, *, dll: bool) -> Path:
    """A fake virtual environment whose python is this real one (a link), with xlwings' DLL in its root."""
    python = folder / "Scripts" / "python.exe"
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    if dll:
        (folder / xlwings_dll_name()).write_bytes(b"")
    return python


def test_check_on_linux_reports_what_it_can_and_fails(home: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "dunning", "install-addin", "--check"], capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(REPO / "addin")}, check=False)  # fmt: skip
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("× 不是 Windows")
    assert any(line.startswith("√ Python 3.") for line in lines)
    assert any(line.startswith("× XLSTART 中没有加载项") for line in lines)
    assert any("dunning.log" in line for line in lines)
    result.stdout.encode("gbk")  # a redirect on Chinese Windows writes code page 936


def test_check_passes_after_an_install_into_a_venv(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    python = venv_python(home / "venv", dll=True)
    install_addin(python=str(python))
    lines, ok = check_install(python=str(python))
    assert ok, lines
    assert [line[0] for line in lines] == ["√"] * 7 + ["注", "注"]
    assert f"√ 找到 {xlwings_dll_name()}" in "\n".join(lines)


def test_check_names_a_missing_dll_and_an_add_in_for_another_python(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    other = venv_python(home / "other", dll=True)
    install_addin(python=str(other))
    python = venv_python(home / "venv", dll=False)
    lines, ok = check_install(python=str(python))
    assert not ok
    failed = [line for line in lines if line.startswith("×")]
    assert len(failed) == 2
    assert xlwings_dll_name() in failed[0] and "pip install --user" in failed[0]
    assert f"加载项指向另一个 Python：{other}" in failed[1]


def test_the_settings_read_back_as_written() -> None:
    data = build_addin_bytes(template_path(), interpreter_win="C:\\A&B <x>\\python.exe")
    assert addin_settings(data)["Interpreter_Win"] == "C:\\A&B <x>\\python.exe"


def test_uninstall_removes_the_add_in_and_the_send_to_shortcut(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    install_addin()
    xlstart = home / "Roaming" / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILE_NAME
    sendto = home / "Roaming" / "Microsoft" / "Windows" / "SendTo" / SENDTO_NAME
    sendto.parent.mkdir(parents=True)
    sendto.write_bytes(b"@echo off\r\n")
    letters = home / "催款函" / "a.docx"
    letters.parent.mkdir()
    letters.write_bytes(b"x")
    message = uninstall_addin()
    assert not xlstart.exists() and not sendto.exists() and letters.exists()
    assert str(xlstart) in message and ".dunning-backup" in message
    assert "无需删除" in uninstall_addin()
    result = CliRunner().invoke(app, ["uninstall-addin"])
    assert result.exit_code == 0 and "无需删除" in result.output


# ---- the batch files run by a real cmd (Wine's), where one is installed: apt-get install wine64 -------

WINE = next(
    (p for p in (Path("/usr/lib/wine/wine64"), Path("/usr/bin/wine64"), Path("/usr/bin/wine")) if p.is_file()), None
)


@pytest.mark.skipif(WINE is None, reason="Wine is not installed")
@pytest.mark.parametrize(
    ("bat", "said"),
    [
        (INSTALL_BAT, "未找到 Python 3.11 或 3.12（py 启动器）。请先安装 python-3.11.9-amd64.exe"),
        (WPS_BAT, "用法：把团队的工作簿"),
    ],
)
def test_cmd_runs_the_batch_file_to_its_message(tmp_path: Path, bat: str, said: str) -> None:
    """No Python on this Windows: install.bat says which installer to get; the WPS shortcut with no file says
    how to use it; each waits for a key and exits 1."""
    write_bundle(tmp_path, source=REPO, download=False)
    (tmp_path / "run.bat").write_bytes((tmp_path / bat).read_bytes())  # Wine's command line is not GBK here
    env = {**os.environ, "WINEPREFIX": str(tmp_path / "prefix"), "WINEDEBUG": "-all", "LC_ALL": "zh_CN.UTF-8"}
    done = subprocess.run([str(WINE), "cmd", "/c", "run.bat"], cwd=tmp_path, input=b"\r\n", capture_output=True,
                          env=env, timeout=300, check=False)  # fmt: skip
    assert done.returncode == 1
    assert said in done.stdout.decode("gbk", errors="replace")
