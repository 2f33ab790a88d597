"""Bounded reads: a hostile or broken file is refused in one clear line (exit 2) before anything large
is allocated, whatever command reads it — a cell far beyond the `<dimension>` tag, cells written without
`r` (in a UTF-16 sheet too), a zip lying about its sizes, a truncated or corrupt zip, an .xlsb, a FIFO,
a device, a socket, a symlink loop."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dunning.cli import app
from dunning.core.errors import WorkbookError
from dunning.sheets.reader import read_values
from raw_package import HEADER, MAIN, REL, misstate_size, one_sheet, row, text_cell, worksheet

ADDIN = Path(__file__).resolve().parents[2] / "addin"
COMMANDS = [["board"], ["refresh"], ["letters", "--dry-run"], ["letters"], ["approvals"], ["major-arrears"], ["init"],
            ["verify-archive"]]  # fmt: skip
runner = CliRunner()
FAR = "用到第 290,000 行、第 16,384 列，共 4,751,360,000 个单元格，超过上限 30,000,000，不予读取"


def head() -> str:
    return row([text_cell(h, f"{'ABCDEF'[i]}1") for i, h in enumerate(HEADER)], 1)


@pytest.mark.parametrize(("rows", "message"), [
    ('<row r="290000"><c r="XFD290000"><v>1</v></c></row>', FAR),
    ('<row r="290000"><c r="xfd290000"><v>1</v></c></row>', FAR),  # calamine reads either case
    ('<row r="290000"><c t="n" r="XFD290000"><v>1</v></c></row>', FAR),  # r not first
    ("<row r='290000'><c r='XFD290000'><v>1</v></c></row>", FAR),
    (f'<row r="290000" xmlns:x="{MAIN}"><x:c r="XFD290000"><x:v>1</x:v></x:c></row>', FAR),  # a prefix
    ('<row r="2"><c r="XFD290000"><v>1</v></c></row>', FAR),  # the cell's own reference counts
    ('<row r="250000">' + "<c><v>1</v></c>" * 200 + "</row>",  # no r: each the column after the last
     "用到第 250,000 行、第 200 列，共 50,000,000 个单元格"),
    ('<row r="300000"><c r="A300000"><v>1</v></c></row><row><c><v>1</v></c></row>',  # no r: the next row
     "用到第 300,001 行，超过上限 300,000 行"),
])  # fmt: skip
def test_the_extent_is_read_from_the_cells_not_the_dimension_tag(tmp_path: Path, rows: str, message: str) -> None:
    path = one_sheet(tmp_path / "远.xlsx", head() + rows)  # <dimension ref="A1:A1"/>
    with pytest.raises(WorkbookError) as refused:
        read_values(path)
    assert str(refused.value).startswith("远.xlsx: 工作表「合同执行情况」") and message in str(refused.value)


def test_a_wide_sheet_within_the_budget_is_read(tmp_path: Path) -> None:
    """Past CV (100 columns) every cell is counted; 1,000 rows × 300 columns is well inside the budget."""
    from dunning.core.table import column_letter

    cells = [f'<c r="{column_letter(c)}1000"><v>{c}</v></c>' for c in range(300)]
    path = one_sheet(tmp_path / "宽.xlsx", head() + row(cells, 1000))
    rows = read_values(path).sheets["合同执行情况"]
    assert (len(rows), len(rows[999]), rows[999][299]) == (1000, 300, 299.0)


def test_the_quick_pass_bounds_are_the_limits() -> None:
    """The regex that spares counting ordinary cells lets through exactly CV299999 and nothing beyond."""
    from dunning.sheets import package_scan as scan

    assert scan.FAST_ROWS <= scan.MAX_ROWS and scan.FAST_ROWS * scan.FAST_COLUMNS <= scan.MAX_CELLS
    ordinary = [b'<c r="A1">', b'<c r="CV299999" s="1">', b'<c r="BZ1"/>', b'<col min="1"/>', b"<cfRule>"]
    unusual = [b'<c r="CW1">', b'<c r="A300000">', b'<c r="AAA1">', b"<c>", b"<c/>", b'<c s="1" r="A1">',
               b"<c\tr='A1'>", b'<c r="a1">', b'<c r="A0">']  # fmt: skip
    assert [bool(scan._UNUSUAL_CELL.search(tag)) for tag in ordinary + unusual] == [False] * 5 + [True] * 9


def team_rows(count: int = 3000) -> str:
    return head() + "".join(
        row([text_cell(f"HT-{i}", f"A{i}"), f'<c r="D{i}"><v>{i}</v></c>'], i) for i in range(2, count)
    )


def lying(path: Path, size: int) -> Path:
    misstate_size(one_sheet(path, team_rows()), "xl/worksheets/sheet1.xml", size)
    return path


def truncated(path: Path) -> Path:
    data = one_sheet(path, team_rows()).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt(path: Path) -> Path:
    data = bytearray(one_sheet(path, team_rows()).read_bytes())
    at = data.find(b"xl/worksheets/sheet1.xml") + 200
    data[at : at + 50] = bytes(50)
    path.write_bytes(bytes(data))
    return path


def utf16(path: Path) -> Path:
    xml = worksheet(head() + '<row r="290000"><c r="XFD290000"><v>1</v></c></row>')
    return _replace(path, xml.replace("UTF-8", "UTF-16").encode("utf-16"))


def _replace(path: Path, data: bytes) -> Path:
    """The team's sheet part replaced by `data`."""
    sheet = "xl/worksheets/sheet1.xml"
    one_sheet(path, head())
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    parts[sheet] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return path


def broken_xml(path: Path) -> Path:
    return _replace(path, worksheet(head() + '<row r="2"><c r="A2"><v>1</c></row>').encode())


def xlsb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                                        f'relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                                        f'Target="xl/workbook.bin"/></Relationships>')  # fmt: skip
        package.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return path


BROKEN: list[tuple[str, Callable[[Path], Path], str]] = [
    ("claims fewer bytes", lambda p: lying(p, 1000), "zip 目录却记为 1,000 字节"),
    ("claims more bytes", lambda p: lying(p, 10_000_000), "zip 目录却记为 10,000,000 字节"),
    ("truncated", truncated, "工作簿文件已损坏（zip 包不完整）"),
    ("corrupt", corrupt, "工作簿文件已损坏，无法解压（Error -3 while decompressing data"),
    # a UTF-16 sheet is read (re-encoded as UTF-8): its extent is checked like any other's
    ("utf-16 sheet", utf16, "工作表「合同执行情况」用到第 290,000 行、第 16,384 列"),
    ("broken sheet xml", broken_xml, "工作表「合同执行情况」无法读取（"),
    ("xlsb", xlsb, "这是 .xlsb 二进制工作簿"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("make", "message"), [(m, msg) for _, m, msg in BROKEN], ids=[n for n, *_ in BROKEN])
def test_a_broken_file_is_one_line_and_exit_2_from_every_command(
    tmp_path: Path, command: list[str], make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path / "台账.xlsx")
    result = runner.invoke(app, [*command, str(path)])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    (line,) = [text for text in result.stderr.splitlines() if text.strip()]  # letters' progress bar leaves a blank
    if make is broken_xml and command == ["verify-archive"]:  # it reads only 函件归档, not the broken sheet
        message = "没有工作表「函件归档」"
    assert line.startswith("台账.xlsx: ") and message in line


def special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """A FIFO, a link to /dev/zero, a Unix socket, a symlink loop — each with what the refusal says."""
    fifo, zero, sock, loop = (tmp_path / f"{n}.xlsx" for n in ("fifo", "zero", "sock", "loop"))
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.close()
    loop.symlink_to(loop.name)
    return {"fifo": (fifo, f"这是命名管道（FIFO），不是工作簿文件，不予读取：{fifo}"),
            "zero": (zero, f"这是字符设备，不是工作簿文件，不予读取：{zero}"),
            "sock": (sock, f"这是套接字，不是工作簿文件，不予读取：{sock}"),
            "loop": (loop, f"符号链接循环（链接最终指回自身），找不到工作簿：{loop}")}  # fmt: skip


def test_only_regular_files_are_read_by_every_command(tmp_path: Path) -> None:
    """In a process of its own with a timeout: opening a FIFO would block forever."""
    script = f"""
import json, sys
from pathlib import Path
from typer.testing import CliRunner
from dunning.cli import app
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_bounded_reads import COMMANDS, special_files
out = []
for name, (path, message) in special_files(Path({str(tmp_path)!r})).items():
    for command in COMMANDS:
        result = CliRunner().invoke(app, [*command, str(path)])
        out.append([name, command, result.exit_code, result.stdout, result.stderr, message])
print(json.dumps(out))
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ADDIN), str(ADDIN.parent / "tests")])}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    import json

    results = json.loads(done.stdout)
    assert len(results) == 4 * len(COMMANDS)
    for name, command, code, stdout, stderr, message in results:
        assert (code, stdout, stderr) == (2, "", message + "\n"), (name, command)


def test_a_refusal_is_printed_once_without_a_prefix(tmp_path: Path) -> None:
    """The console script in a real process (no test harness logging): one line, the message as it is —
    here for a file whose one far cell used to abort the process with a Rust backtrace."""
    path = one_sheet(tmp_path / "远.xlsx", head() + '<row r="290000"><c r="XFD290000"><v>1</v></c></row>')
    env = {**os.environ, "PYTHONPATH": str(ADDIN)}
    done = subprocess.run([sys.executable, "-m", "dunning", "board", str(path)], capture_output=True, text=True,
                          timeout=60, env=env)  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"远.xlsx: 工作表「合同执行情况」{FAR}（请删除表格右方和下方的多余内容）\n"
