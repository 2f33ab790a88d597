"""A template compiled once per run (letters.compiled): each letter is, member for member, the package
docxtpl's own render and save make from the same template and context; the template file is read once,
so a file changed during the run does not change the run's later letters; a template with footnotes is
still rendered through docxtpl; the letter's package is the zip zipfile writes."""

from __future__ import annotations

import hashlib
import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from dunning.jobs import RunOptions, letters
from dunning.letters import docx_zip
from dunning.letters.context import FIELDS, build_context
from dunning.letters.render import Template, environment, no_break_hyphens
from dunning.letters.templates import template_file

from letters_helpers import ROW_KEYS, letter_text, make_template

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbook" / "sample_contracts.xlsx"


def by_docxtpl(template: Path, context: dict[str, object]) -> bytes:
    """The letter as docxtpl makes it, letter by letter (what render.Template did before it compiled)."""
    tpl = DocxTemplate(str(template))
    tpl.render(context, environment(), autoescape=True)
    no_break_hyphens(tpl.docx)
    stream = io.BytesIO()
    tpl.save(stream)
    return stream.getvalue()


def members(package: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def test_the_sample_s_letters_are_docxtpl_s_member_for_member(tmp_path: Path) -> None:
    book = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, book)
    templates = ROOT / "letter_templates"
    result = letters(book, RunOptions(templates=templates, backdate="黄金样例：样例工作簿的基准日"))
    assert {m.template for m in result.made} >= {"律师函.docx", "预先提醒函.docx"}
    for made in result.made:
        context = build_context(made.letter, result.board.rules, as_of=result.board.as_of)
        written = made.file.read_bytes()
        assert members(written) == members(by_docxtpl(template_file(templates, made.letter), context)), made.file.name
        assert made.sha256 == hashlib.sha256(written).hexdigest()


def fancy_template(path: Path) -> Path:
    """Placeholders in the header, the footer and the document's title too."""
    make_template(path, "函 {{ 合同编号 }}")
    doc = Document(str(path))
    doc.sections[0].header.paragraphs[0].text = "致 {{ 客户姓名 }}"
    doc.sections[0].footer.paragraphs[0].text = "{{ 公司名称 }} 电话 {{ 公司电话 }}"
    doc.core_properties.title = "催款函 {{ 合同编号 }}"
    doc.save(str(path))
    return path


def context(number: int) -> dict[str, object]:
    values: dict[str, object] = {name: f"{name}{number}" for name in FIELDS}
    values |= {
        "客户姓名": f"A&B <客户{number}> “甲”",
        "通讯地址": "杭州市\n西湖区\t文三路",  # docxtpl's listing: a line break and a tab in Word's own form
        "公司电话": "0571\u20118888\u20111234",  # a telephone number kept on one line (render.no_break_hyphens)
        "款项明细": [{key: f"{key}{number}-{row}" for key in ROW_KEYS} for row in range(number % 3 + 1)],
    }
    return values


def test_headers_footers_properties_and_listings_are_docxtpl_s(tmp_path: Path) -> None:
    path = fancy_template(tmp_path / "函.docx")
    template = Template(path)
    for number in range(3):
        target = tmp_path / f"letter{number}.docx"
        template.render(context(number), target)
        assert members(target.read_bytes()) == members(by_docxtpl(path, context(number)))
    letter = Document(str(tmp_path / "letter2.docx"))
    assert letter.core_properties.title == "催款函 合同编号2"
    assert letter.sections[0].header.paragraphs[0].text == "致 A&B <客户2> “甲”"
    assert "0571-8888-1234" in letter.sections[0].footer.paragraphs[0].text


def test_a_template_changed_during_the_run_does_not_change_its_later_letters(tmp_path: Path) -> None:
    path = make_template(tmp_path / "催款信.docx", "催款函（第一版）")
    template = Template(path)
    template.render(context(1), tmp_path / "first.docx")
    make_template(path, "催款函（改过的）")  # the supervisor saves her template while the run goes on
    template.render(context(2), tmp_path / "second.docx")
    assert letter_text(tmp_path / "second.docx").startswith("催款函（第一版）")


def with_footnote(path: Path) -> Path:
    """The template with a footnotes part holding a placeholder (python-docx cannot add one)."""
    footnotes = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:footnote w:id="1"><w:p><w:r><w:t>注：{{ 合同编号 }}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["word/footnotes.xml"] = footnotes.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{kind}"/></Types>'.encode()
    )
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdNote" Type="{relation}" Target="footnotes.xml"/></Relationships>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in parts.items():
            target.writestr(name, blob)
    return path


def test_a_template_with_footnotes_is_rendered_through_docxtpl(tmp_path: Path) -> None:
    path = with_footnote(make_template(tmp_path / "催款信.docx", "催款函"))
    Template(path).render(context(7), tmp_path / "letter.docx")
    with zipfile.ZipFile(tmp_path / "letter.docx") as letter:
        assert "注：合同编号7" in letter.read("word/footnotes.xml").decode()
    assert members((tmp_path / "letter.docx").read_bytes()) == members(by_docxtpl(path, context(7)))


@pytest.mark.parametrize("name", ["word/document.xml", "word/函件.xml"])
def test_the_package_is_the_zip_zipfile_writes(name: str) -> None:
    blobs = [("[Content_Types].xml", b"<Types/>"), (name, "<w:t>催款 &amp; 律师函</w:t>".encode() * 50)]
    moment = time.struct_time((2026, 11, 20, 9, 30, 17, 4, 324, 0))
    ours = io.BytesIO()
    docx_zip.write(ours, [docx_zip.deflate(member, blob) for member, blob in blobs], moment=moment)
    theirs = io.BytesIO()
    with zipfile.ZipFile(theirs, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, blob in blobs:
            archive.writestr(zipfile.ZipInfo(member, date_time=moment[:6]), blob, zipfile.ZIP_DEFLATED)
    assert ours.getvalue() == theirs.getvalue()
