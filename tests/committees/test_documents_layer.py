"""Issue 15: the document layer itself – tables and forms on the GB/T 9704 page, the same words in
the PDF, the .docx and the .docx as LibreOffice prints it."""

from __future__ import annotations

import datetime
import shutil
import subprocess

import pytest

from committees import documents, docx
from committees.documents import Cell
from tests.printed import (
    assert_docx_page_set_up,
    assert_laid_out_on_the_page,
    docx_text,
    faces,
    read_docx,
    read_pdf,
    sized,
)


def every_block() -> documents.Document:
    """A document with each kind of block, a table with spans, labels, a header row and room for
    handwriting, and a rule id that must not be printed."""
    document = documents.Document(
        issuer="临江区委办公室",
        number=documents.document_number("临江区委办", 2026, 7),
        title="关于印发《会议纪要》格式规范的通知",
        copies_to=["区纪委", "区委组织部"],
        printed_by="临江区委办公室",
        printed_on=documents.chinese_date(datetime.date(2026, 12, 4)),
    )
    document.add("flush", "各乡镇党委，区直各单位党组（党委）：")
    document.add("text", "现将有关事项通知如下（M-V4）。")
    document.add("heading", "一、总体要求")
    document.add("subheading", "（一）格式统一")
    document.add("labelled", "2026年12月4日", "时间")
    document.table(
        [
            ("事项", "责任单位", "完成时限"),
            ("统一公文格式", "区委办公室", "2026年12月31日"),
            (Cell("备注：逐项落实（S-2）", span=3, lines=2),),
        ],
        (70, 46, 40),
        size=12,
        header=True,
    )
    document.table([(Cell("领导批示", label=True), Cell("", span=2, lines=3))], (30, 63, 63))
    document.add("signed", "临江区委办公室")
    document.add("signed", "2026年12月4日")
    return document


def test_a_table_spans_every_column_and_takes_an_allowed_size():
    document = every_block()
    with pytest.raises(ValueError, match="spans 2 columns of 3"):
        document.table([("a", "b")], (1, 1, 1))
    with pytest.raises(ValueError, match="type size"):
        document.table([("a",)], (1,), size=9)
    table = next(block for block in document.blocks if block.kind == "table")
    assert sum(table.widths) == pytest.approx(documents.TEXT_WIDTH)  # scaled to the text area
    assert [cell.text for cell in table.head[0]] == ["事项", "责任单位", "完成时限"]
    assert table.body[-1][0].text == "备注：逐项落实"  # no internal rule id, in a cell either


def test_a_document_lays_its_blocks_out_in_the_text_area_with_the_table_in_its_size():
    printed = read_pdf(documents.render_pdf(every_block(), "test"))
    assert_laid_out_on_the_page(printed)
    assert printed.red() == "临江区委办公室"
    assert "临江区委办〔2026〕7号" in printed.text
    assert "统一公文格式区委办公室2026年12月31日" in sized(printed, 12)
    assert "M-V4" not in printed.text and "S-2" not in printed.text
    assert "抄送：区纪委，区委组织部。" in printed.text
    assert printed.pages[-1].edges > 10  # the tables' rules
    # 小标宋 has no bold: no bold face is embedded (each CJK face costs the writer its whole file)
    assert not {face for face in faces(printed, printed.text) if "Bold" in face}


def test_a_form_has_no_red_head_and_no_banji():
    form = documents.Document(issuer="", number="编号：1", title="请假条")
    form.table([(Cell("姓名", label=True), "张三")], (30, 126))
    printed = read_pdf(documents.render_pdf(form, "test"))
    assert printed.red() == "" and "印发" not in printed.text
    assert printed.text.startswith("请假条编号：1")
    opened = read_docx(docx.render(form))
    assert [p.text for p in opened.paragraphs][:2] == ["请假条", "编号：1"]


def test_missing_glyphs_in_a_table_cell_are_reported(caplog):
    unknown = chr(0x31350)  # CJK Extension H: no installed face has it
    form = documents.Document(issuer="", number="", title="表")
    form.table([(f"姓名{unknown}",)], (1,))
    with caplog.at_level("WARNING", logger="committees.documents"):
        assert documents.report_missing_glyphs(form, "a form") == [unknown]
    assert "U+31350" in caplog.text


def test_the_docx_has_the_page_the_faces_and_the_words_of_the_pdf():
    document = every_block()
    opened = read_docx(docx.render(document))
    assert_docx_page_set_up(opened)
    header, table = opened.tables
    assert header.rows[0].cells[0].paragraphs[0].runs[0].font.name == "黑体"
    assert header.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 12
    assert header.rows[2].cells[0].text == header.rows[2].cells[2].text == "备注：逐项落实"  # merged
    assert round(table.columns[0].width.mm) == 30
    words, printed = docx_text(opened), read_pdf(documents.render_pdf(document, "test")).text
    for part in (
        "各乡镇党委，区直各单位党组（党委）：",
        "现将有关事项通知如下。",
        "一、总体要求",
        "统一公文格式",
        "领导批示",
    ):
        assert part in words and part in printed


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is installed by make test (Makefile)")
def test_libreoffice_prints_the_docx_with_the_same_words(tmp_path):
    """The .docx opens in an office suite: LibreOffice headless converts it to PDF without error,
    and the PDF holds the document's words."""
    source = tmp_path / "notice.docx"
    source.write_bytes(docx.render(every_block()))
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed = read_pdf((tmp_path / "notice.pdf").read_bytes())
    opened = read_docx(source.read_bytes())
    said = [p.text for p in opened.paragraphs] + [c.text for t in opened.tables for r in t.rows for c in r.cells]
    for text in filter(None, ("".join(text.split()) for text in said)):
        assert text in printed.text, text  # every paragraph and cell, word for word
    assert "— 1 —".replace(" ", "") in printed.text  # the page number field
    assert abs(printed.pages[0].width - 595.3) < 1  # A4
