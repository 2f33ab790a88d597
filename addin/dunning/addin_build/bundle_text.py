"""The texts `dunning bundle` writes: the batch files (stored in code page 936, GBK, the one cmd reads a
.bat in on Chinese Windows, with CRLF line ends) and the Chinese README (UTF-8 with a byte-order mark,
which every Notepad opens)."""

from __future__ import annotations

PYTHON_INSTALLER = "python-3.11.9-amd64.exe"  # the last 3.11 release with a Windows installer
VENV = r"%LOCALAPPDATA%\dunning\venv"
INSTALL_BAT = "install.bat"
UNINSTALL_BAT = "uninstall.bat"
WPS_BAT = "拖放工作簿到这里-WPS.bat"
SENDTO_NAME = "催款看板-生成催款函.bat"  # the copy install.bat puts in the Send To menu
README_NAME = "README-离线安装.txt"

_EXCEL_RUNNING = r"""tasklist /FI "IMAGENAME eq EXCEL.EXE" 2>nul | find /I "EXCEL.EXE" >nul
if not errorlevel 1 (
  echo Excel 正在运行：请先保存并关闭所有 Excel 窗口，再运行本文件。
  pause
  exit /b 1
)
"""

INSTALL = rf"""@echo off
setlocal
cd /d "%~dp0"
echo 催款看板：安装或更新。无需管理员权限。
echo 请用主管本人的 Windows 账户双击运行，不要“以管理员身份运行”：加载项装在当前账户的 Excel 启动文件夹。
{_EXCEL_RUNNING}set "PY="
where py >nul 2>nul
if errorlevel 1 goto nopy
py -3.11 -c "pass" >nul 2>nul
if not errorlevel 1 set "PY=py -3.11"
if defined PY goto havepy
py -3.12 -c "pass" >nul 2>nul
if not errorlevel 1 set "PY=py -3.12"
if defined PY goto havepy
:nopy
echo 未找到 Python 3.11 或 3.12（py 启动器）。请先安装 {PYTHON_INSTALLER}，见 {README_NAME}。
pause
exit /b 1
:havepy
set "VENV={VENV}"
if exist "%VENV%\Scripts\python.exe" goto haveenv
echo 正在创建 Python 环境 %VENV% ...
%PY% -m venv "%VENV%"
if errorlevel 1 goto failed
:haveenv
echo 正在从本文件夹安装（不联网）...
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%~dp0wheels" --upgrade --force-reinstall dunning
if errorlevel 1 goto failed
"%VENV%\Scripts\dunning.exe" install-addin --python "%VENV%\Scripts\python.exe"
if errorlevel 1 goto failed
copy /y "%~dp0{WPS_BAT}" "%APPDATA%\Microsoft\Windows\SendTo\{SENDTO_NAME}" >nul
echo.
echo 检查清单：
"%VENV%\Scripts\dunning.exe" install-addin --check --python "%VENV%\Scripts\python.exe"
echo.
echo 下一步：打开 Excel，功能区应出现“催款”选项卡。没有出现时见 {README_NAME} 的“故障排除”。
pause
exit /b 0
:failed
echo 安装没有完成：请把上面的信息拍照或复制给维护人员。见 {README_NAME} 的“故障排除”。
pause
exit /b 1
"""

UNINSTALL = rf"""@echo off
setlocal
echo 催款看板：卸载。催款函、函件归档和日志留在各工作簿旁，不会删除。
{_EXCEL_RUNNING}set "VENV={VENV}"
if exist "%VENV%\Scripts\dunning.exe" "%VENV%\Scripts\dunning.exe" uninstall-addin
if exist "%VENV%" rmdir /s /q "%VENV%"
if exist "%APPDATA%\Microsoft\Excel\XLSTART\dunning.xlam" del "%APPDATA%\Microsoft\Excel\XLSTART\dunning.xlam"
if exist "%APPDATA%\Microsoft\Windows\SendTo\{SENDTO_NAME}" del "%APPDATA%\Microsoft\Windows\SendTo\{SENDTO_NAME}"
echo 已卸载。重新启动 Excel 后“催款”选项卡消失。
pause
"""

WPS = rf"""@echo off
setlocal
set "DUNNING={VENV}\Scripts\dunning.exe"
if not exist "%DUNNING%" set "DUNNING=dunning"
if "%~1"=="" goto usage
echo 工作簿："%~1"
echo 请先在 WPS 表格或 Excel 中关闭这个工作簿：它打开时无法写入。
"%DUNNING%" letters "%~1"
if errorlevel 1 goto failed
"%DUNNING%" refresh "%~1"
if errorlevel 1 goto failed
echo.
echo 完成。用 WPS 表格打开工作簿查看“催款看板”和“函件归档”；催款函在工作簿旁的“催款函”文件夹中。
pause
exit /b 0
:failed
echo.
echo 没有完成：原因见上面一行。日志在工作簿旁的 .dunning-backup\dunning.log。
pause
exit /b 1
:usage
echo 用法：把团队的工作簿（.xlsx）拖到本文件的图标上，或在工作簿上点右键，选“发送到”→“{SENDTO_NAME}”。
pause
exit /b 1
"""

BATCH_FILES = {INSTALL_BAT: INSTALL, UNINSTALL_BAT: UNINSTALL, WPS_BAT: WPS}


def readme_text(versions: tuple[str, ...]) -> str:
    shown = " 或 ".join(versions)
    return f"""催款看板 · 离线安装（64 位 Windows，Excel 2016 或更高 / Microsoft 365）

本文件夹可以拷到不能上网的电脑上安装：
  wheels\\            dunning 及全部依赖（Python {shown}，64 位 Windows）
  {INSTALL_BAT}        安装或更新
  {UNINSTALL_BAT}      卸载
  {WPS_BAT}   WPS 用户：把工作簿拖到它上面，生成催款函并更新看板
Python 安装程序不在本文件夹中，请另行下载（见第 1 步）。

第 1 步  安装 Python（需要管理员权限，只做一次）
  从 python.org 下载 Windows installer (64-bit)：{PYTHON_INSTALLER}（也可用 Python 3.12 的 64 位安装程序）。
  运行后在第一页勾选 “Add python.exe to PATH”，点 “Customize installation”，保留 “py launcher”，
  在 “Advanced Options” 勾选 “Install Python 3.11 for all users”，再点 Install。
  Windows 弹出“用户账户控制”时，由 IT 人员输入管理员账户和密码。
  注意：不要在“所有用户”的 Python 上直接运行 pip install。没有管理员权限时，pip 会悄悄改成 --user 安装，
  xlwings 的 DLL 会装到 %APPDATA%\\Python 下，加载项找不到它，公式显示 #NAME? 或出错。
  {INSTALL_BAT} 因此在 {VENV} 中建立独立的 Python 环境，DLL 在环境的根目录，加载项指向这个环境。

第 2 步  安装催款看板（不需要管理员权限）
  关闭所有 Excel 窗口。用主管本人的 Windows 账户登录，双击 {INSTALL_BAT}。
  不要“以管理员身份运行”：加载项装在当前账户的 %APPDATA%\\Microsoft\\Excel\\XLSTART 中，
  用管理员账户运行就装到了管理员的账户里。
  最后它打印检查清单，每行 √ 或 ×。全部 √ 才算装好。

第 3 步  在 Excel 中允许加载项的宏
  文件 → 选项 → 信任中心 → 信任中心设置：
  - 宏设置：选“禁用所有宏，并发出通知”（或更宽松）；或
  - 受信任位置：添加 %APPDATA%\\Microsoft\\Excel\\XLSTART（公司策略禁止宏时，请 IT 这样做）。
  不需要勾选“信任对 VBA 工程对象模型的访问”。
  重新打开 Excel：功能区出现“催款”选项卡，里面有“生成催款函”按钮。

随时检查：运行  {VENV}\\Scripts\\dunning.exe install-addin --check
更新：拿到新的离线包后，关闭 Excel，再双击新包中的 {INSTALL_BAT}（覆盖安装，加载项重新生成）。
卸载：关闭 Excel，双击 {UNINSTALL_BAT}。催款函、函件归档和日志留在各工作簿旁，不会删除。
日志：每个工作簿旁的 .dunning-backup\\dunning.log（命令行和按钮都写在这里）。

故障排除
  没有“催款”选项卡：
    1. 检查 %APPDATA%\\Microsoft\\Excel\\XLSTART 中有 dunning.xlam（dunning.exe install-addin --check）；
    2. 信任中心的宏设置或受信任位置（第 3 步）；
    3. 文件 → 选项 → 加载项 → 管理“禁用项目” → 转到：dunning.xlam 在列表中时选中并“启用”。
  公式显示 #NAME?：加载项没有加载（同上），或 xlwings 的 DLL 不在加载项指向的 Python 旁（--check 的 DLL 一行）。
    重新运行 {INSTALL_BAT}。
  “未找到 Python 3.11 或 3.12”：第 1 步没有完成，或安装时没有保留 py launcher。重新运行 Python 安装程序，选 Modify。
  打开工作簿时提示“宏已被禁用”/黄色“安全警告”栏：点“启用内容”；公司组策略禁止宏时，
    请 IT 把 XLSTART 文件夹加为受信任位置，或为 dunning.xlam 签名。
  按钮提示“请先打开工作簿”：先打开团队的合同执行情况表，再点按钮。
  其他错误：看日志 .dunning-backup\\dunning.log，把最后几行发给维护人员。

WPS 表格
  WPS 表格能打开工作簿和“催款看板”表，命令行 dunning 也能处理工作簿；但加载项（xlwings）不能在 WPS 中运行：
  没有“催款”选项卡，DUNNING_ 公式不计算。WPS 用户请这样生成催款函：
  关闭工作簿，把它拖到 {WPS_BAT} 的图标上；或在工作簿上点右键 → 发送到 → {SENDTO_NAME}
  （{INSTALL_BAT} 已把它放进“发送到”菜单）。它运行 dunning letters 和 dunning refresh，最后暂停显示结果。
"""
