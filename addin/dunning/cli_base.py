"""The command line's frame, shared by its commands: the Typer app and its one edge for the library's errors,
the flags several commands take, and the one way a command's flags become the job's `RunOptions`."""

from __future__ import annotations

import atexit
import gc
import logging
import os
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from dunning.core.errors import AsOfFlagUnreadable, DunningError, ValueUnreadable
from dunning.core.run_options import RunOptions

log = logging.getLogger(__name__)


# The package's records go to the workbook's log once a command sets it up, never to stderr: without
# this, Python's last-resort handler would print a refusal a second time, and a traceback.
logging.getLogger("dunning").addHandler(logging.NullHandler())


HELP_TEXT = "显示本说明并退出"


class Command(TyperCommand):
    """A command whose --help option is described in Chinese like everything else."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class Edge(TyperGroup):
    """The command line's one edge for the library's errors: any DunningError a command raises is one
    line on stderr, the message as it is, and exit code 2 (logged when the command set up the
    workbook's log)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    def invoke(self, ctx: Any) -> Any:  # typer vendors click: its Context type is private
        try:
            return super().invoke(ctx)
        except DunningError as exc:
            log.warning("未执行：%s", exc)
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=Edge, add_completion=False, no_args_is_help=True, help="催款看板：合同执行情况表的催款阶段、看板和催款函。"
)

AsOf = Annotated[
    str | None, typer.Option("--as-of", help="基准日，如 2026-11-24 或 2026/11/24（默认：规则表的基准日，否则今天）")
]
Preset = Annotated[str | None, typer.Option("--rules", help="预设：默认 或 阶梯催收（优先于规则表）")]


def _regular_file(path: Path) -> Path:
    """The workbook argument: a regular file (a link followed), checked before a command logs beside it
    or opens it — a FIFO would block, a link loop would fail in `resolve`."""
    from dunning.sheets.package_scan import check_regular

    check_regular(path)
    return path


Workbook = Annotated[Path, typer.Argument(help="团队的合同执行情况表 .xlsx", callback=_regular_file)]


def _as_of(text: str | None) -> date | None:
    """The date forms the sheet takes when typed: 2026-11-24, 2026/11/24, 2026.11.24, 2026年11月24日 …"""
    if text is None:
        return None
    from dunning.core.dates import parse_date

    reason = "无法识别"
    try:
        day = parse_date(text)
    except ValueUnreadable as exc:
        day, reason = None, exc.reason
    if day is None:
        raise AsOfFlagUnreadable(text, reason)
    return day


def logged(workbook: Path, command: str) -> None:
    """A command that writes logs what it does to the workbook's log (`dunning.log`)."""
    from dunning.log import setup

    setup(workbook)
    log.info("dunning %s %s", command, workbook)


def run_options(
    as_of: str | None,
    rules: str | None,
    *,
    out: Path | None = None,
    templates: Path | None = None,
    dry_run: bool = False,
    future: bool = False,
    backdate: str | None = None,
    no_prior_letters: bool = False,
    force: bool = False,
) -> RunOptions:
    """The one RunOptions a command hands its job, from its flags as typed (--as-of parsed here, --rules the preset)."""
    return RunOptions(
        as_of=_as_of(as_of), preset=rules, out=out, templates=templates, dry_run=dry_run, future=future,
        backdate=backdate, no_prior_letters=no_prior_letters, force=force,
    )  # fmt: skip


class Process:
    """Whether this process is the command's own (`cli.main`, the console script and `python -m dunning`),
    not a caller's that runs the app inside itself (a test's runner, a benchmark): only then may a command
    end it early (`leave_now`)."""

    own = False


def short_lived() -> None:
    """At the start of a read-only command (`board`, `today`) in its own process, which ends with its output
    (`leave_now`): the cyclic garbage collector off. Reading a 100,000-row sheet makes a million objects,
    and each full collection walks them all again; what they hold is freed by reference counting, and the
    few cycles among them live until the end anyway (measured: the same peak memory)."""
    if Process.own:
        gc.disable()


def leave_now() -> None:
    """End the process at once, exit code 0, after a read-only command (`board`, `today`) has written its
    whole output: a 100,000-row board is hundreds of thousands of objects, and freeing them one by one on
    the way out costs a fifth of a second that nobody waits for. Safe for these commands: they hold no
    run lock, write no file and leave no temporary; what an ordinary exit would still do is done here —
    the atexit functions run (logging's shutdown, which flushes and closes every handler, among them), then
    stdout and stderr are flushed. Not done (the ordinary exit follows instead) when the process is not
    the command's own, another thread runs, or the output cannot be flushed (a closed pipe: Python's
    ordinary exit reports it)."""
    if not Process.own or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    atexit._run_exitfuncs()
    code = 0
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = 120  # what Python's own exit returns when it cannot flush the output
    os._exit(code)


def write_json_array(blocks: Iterator[list[str]]) -> None:
    """A JSON array written one object per line, a block of encoded objects at a time: a 100,000-row
    board never sits in memory as one string."""
    write, first = sys.stdout.write, True
    for rows in blocks:
        if rows:
            write("[\n" if first else ",\n")
            write(",\n".join(rows))
            first = False
    write("[]\n" if first else "\n]\n")


Force = Annotated[bool, typer.Option("--force", help="即使保存会使数字签名或修改权限密码失效也继续（先备份）")]
