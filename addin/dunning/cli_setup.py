"""The commands that set up rather than run: `dunning init`, `templates check`, `verify-archive`, the add-in's
install and uninstall, the offline bundle and the demo."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dunning.cli_base import Command, Edge, Workbook, app, logged


@app.command(cls=Command)
def init(workbook: Workbook) -> None:
    """添加「催款规则」表（默认规则，公司和律师事务所信息待填写）和「跟进记录」表，不改动工作簿的其他内容。"""
    from dunning.jobs import init as init_job
    from dunning.jobs import on_file

    logged(workbook, "init")
    added = init_job(on_file(workbook))
    if "催款规则" in added:
        typer.echo(
            f"已在 {workbook} 中添加「催款规则」：请填写 公司名称、公司地址、联系电话、落款，以及律师事务所和承办律师"
        )
    else:
        typer.echo(f"{workbook} 已有「催款规则」，未作改动")
    if "跟进记录" in added:
        typer.echo("已添加「跟进记录」：每次联系客户记一行（承诺付款、有异议会暂停发函）")


templates_app = typer.Typer(cls=Edge, help="函件模板：dunning templates check 检查占位符")
app.add_typer(templates_app, name="templates")


@templates_app.command("check", cls=Command)
def templates_check(folder: Annotated[Path | None, typer.Argument(help="模板文件夹（默认：内置模板）")] = None) -> None:
    """列出每个模板的占位符，并标出未知的占位符或打不开的模板。"""
    from dunning.jobs import check_templates

    results = check_templates(folder)
    for name, fields, problem in results:
        typer.echo(f"{'✗' if problem else '✓'} {name}: {'、'.join(fields) or '（无占位符）'}")
        if problem:
            typer.echo(f"    {problem}")
    if any(problem for _, _, problem in results):
        raise typer.Exit(1)


@app.command("verify-archive", cls=Command)
def verify_archive(workbook: Workbook) -> None:
    """重新计算「函件归档」中每个文件的 SHA-256，报告缺失或被改动的文件。"""
    from dunning.jobs import verify_archive as verify

    report = verify(workbook)
    for line in report.lines():
        typer.echo(line)
    if not report.ok:
        raise typer.Exit(1)


@app.command("install-addin", cls=Command)
def install_addin(
    python: Annotated[str | None, typer.Option("--python", help="Excel 使用的 Python（默认：当前 Python）")] = None,
    check: Annotated[bool, typer.Option("--check", help="只检查安装，逐项打印 √/×（全部通过才退出码 0）")] = False,
) -> None:
    """把 dunning.xlam 加载项装入 Excel 的启动文件夹（Windows）；其他系统上说明该怎么做。更新：再运行一次。"""
    from dunning.addin_build.install import install_addin as install

    if check:
        from dunning.addin_build.install_check import check_install

        lines, ok = check_install(python=python)
        typer.echo("\n".join(lines))
        raise typer.Exit(0 if ok else 1)
    message = install(python=python)
    if sys.platform != "win32":  # nothing was installed: a script must not take this for success
        typer.echo(message, err=True)
        raise typer.Exit(1)
    typer.echo(message)


@app.command("uninstall-addin", cls=Command)
def uninstall_addin() -> None:
    """从 Excel 的启动文件夹删除 dunning.xlam（催款函、函件归档和日志不删除）。"""
    from dunning.addin_build.install_check import uninstall_addin as uninstall

    typer.echo(uninstall())


@app.command(cls=Command)
def bundle(
    folder: Annotated[Path, typer.Argument(help="离线安装包写入的文件夹")],
    source: Annotated[Path, typer.Option("--source", help="dunning 源码文件夹（默认：当前文件夹）")] = Path(),
    no_download: Annotated[bool, typer.Option("--no-download", help="只写脚本和说明，不下载")] = False,
) -> None:
    """为不能上网的 64 位 Windows 电脑准备离线安装包（wheels、install.bat、说明）。"""
    from dunning.addin_build.bundle import write_bundle

    write_bundle(folder, source=source, download=not no_download)
    typer.echo(f"离线安装包：{folder}（把整个文件夹拷到目标电脑，按 README-离线安装.txt 操作）")


@app.command(cls=Command)
def demo(out: Annotated[Path, typer.Option("--out", help="示例工作簿复制到的文件夹")] = Path("dunning-demo")) -> None:
    """把示例工作簿复制到 --out 文件夹，在副本上生成催款函并更新看板。"""
    from dunning.demo import demo_lines, run_demo

    for line in demo_lines(*run_demo(out)):
        typer.echo(line)
