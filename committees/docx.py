"""The printed documents as .docx, for an office to edit in WPS or Word before it prints and stamps
them (issue 15): the same page set-up as the PDF (``committees.documents``: A4, 156 × 225 mm text
area at 37 mm from the top and 28 mm from the left, 22 lines a page), the same faces by name (the
official ones: the office's WPS/Word substitutes what it lacks), the same parts – red 版头 with
the document number and separator, the title, the body, page numbers "— 1 —" on the outer side,
the 版记 between rules. The PDF stays the record of what was approved; a .docx is a copy to work
on and is never fingerprinted."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from . import documents

RED = RGBColor(0xCC, 0x00, 0x00)
#: The line pitch of the text area: ``LINES`` lines in ``TEXT_HEIGHT``.
LINE = Pt(documents.TEXT_HEIGHT / documents.LINES / documents.POINT_MM)


def _face(part: str) -> str:
    """The first (official) face of a part: the name Word and WPS look up."""
    return {**documents.DEFAULT_FONTS, **documents.settings_fonts()}[part][0]


def _set_face(run_or_style, name: str) -> None:
    """A face for Latin and East Asian text alike (Word keeps them apart: ``w:eastAsia``)."""
    run_or_style.font.name = name
    properties = run_or_style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _border(paragraph, side: str, size_eighths: int, color: str = "000000") -> None:
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _page_number(paragraph) -> None:
    """ "— N —" with Word's PAGE field."""
    paragraph.add_run("— ")
    begin, code, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code.set(qn("xml:space"), "preserve")
    code.text = "PAGE"
    end.set(qn("w:fldCharType"), "end")
    run = paragraph.add_run()
    run._r.append(begin)
    run._r.append(code)
    run._r.append(end)
    paragraph.add_run(" —")
    for each in paragraph.runs:
        _set_face(each, _face("page_number"))
        each.font.size = Pt(documents.SIZE_4)


class OfficialDocx:
    """A GB/T 9704 document built part by part, in the order the PDF lays them out."""

    def __init__(self):
        self.document = new_document()
        section = self.document.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(documents.PAGE_WIDTH), Mm(documents.PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = Mm(documents.TOP), Mm(documents.BOTTOM)
        section.left_margin, section.right_margin = Mm(documents.LEFT), Mm(documents.RIGHT)
        section.footer_distance = Mm(documents.BOTTOM - 7) - Pt(documents.SIZE_4)
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(LINE.pt * 20)))
        normal = self.document.styles["Normal"]
        _set_face(normal, _face("body"))
        normal.font.size = Pt(documents.SIZE_3)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = LINE
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        # 7.5: odd pages' numbers on the right, even pages' on the left, one character in.
        self.document.settings.odd_and_even_pages_header_footer = True
        odd = section.footer.paragraphs[0]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = Pt(documents.SIZE_4)
        _page_number(odd)
        even = section.even_page_footer.paragraphs[0]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = Pt(documents.SIZE_4)
        _page_number(even)

    def _paragraph(self, text: str = "", *, face: str = "body", size: int = documents.SIZE_3, indent=True):
        paragraph = self.document.add_paragraph()
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(2 * documents.SIZE_3)
        if text:
            run = paragraph.add_run(text)
            _set_face(run, _face(face))
            run.font.size = Pt(size)
        return paragraph

    def head(self, issuer: str, number: str, title: str, *, draft: str = "") -> None:
        """The 版头 (issuer in red 35 mm down the text area, the number two lines under it, the red
        separator 4 mm under that) and the title two lines under the separator."""
        if draft:
            mark = self._paragraph(draft, face="heading1", indent=False)
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            mark.runs[0].font.color.rgb = RED
        issuer_line = self._paragraph(issuer, face="title", size=30, indent=False)
        issuer_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        issuer_line.paragraph_format.space_before = Mm(35)
        issuer_line.paragraph_format.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        issuer_line.runs[0].font.color.rgb = RED
        number_line = self._paragraph(number, indent=False)
        number_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number_line.paragraph_format.space_before = LINE * 2
        _border(number_line, "bottom", 12, "CC0000")
        heading = self._paragraph(title, face="title", size=documents.SIZE_2, indent=False)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = LINE * 2
        heading.paragraph_format.space_after = LINE

    def form_head(self, title: str, number: str, *, draft: str = "") -> None:
        """A form's head (呈批表, 请假条): no red 版头 – the title on the first line, its number set
        right under it."""
        if draft:
            mark = self._paragraph(draft, face="heading1", indent=False)
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            mark.runs[0].font.color.rgb = RED
        heading = self._paragraph(title, face="title", size=documents.SIZE_2, indent=False)
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_after = LINE
        if number:
            self._paragraph(number, indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def table(self, block: documents.Block) -> None:
        """A table block: its columns' widths, each cell's text in the block's size (labels in 黑体,
        centred), spans merged, the room a cell keeps for handwriting as the row's least height,
        the header row repeated on each page."""
        columns = len(block.widths)
        table = self.document.add_table(rows=len(block.rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        line = Mm(block.line_mm)
        for row_index, cells in enumerate(block.rows):
            row = table.rows[row_index]
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
            row.height = line * max(cell.lines for cell in cells)
            if row_index == 0 and block.header:
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(header)
            column = 0
            for cell in cells:
                target = row.cells[column]
                if cell.span > 1:
                    target = target.merge(row.cells[column + cell.span - 1])
                target.width = Mm(sum(block.widths[column : column + cell.span]))
                column += cell.span
                heiti = cell.label or (row_index == 0 and block.header)
                if heiti:
                    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for number, text in enumerate(cell.text.splitlines() or [""]):
                    paragraph = target.paragraphs[0] if number == 0 else target.add_paragraph()
                    paragraph.paragraph_format.first_line_indent = Pt(0)
                    paragraph.paragraph_format.line_spacing = line
                    if heiti:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run = paragraph.add_run(text)
                    _set_face(run, _face("heading1" if heiti else "body"))
                    run.font.size = Pt(block.size)
        for index, width in enumerate(block.widths):
            table.columns[index].width = Mm(width)
        self._paragraph(indent=False)  # Word needs a paragraph between a table and what follows

    def labelled(self, label: str, text: str) -> None:
        """A flush line whose label is in 黑体: "时间：…"."""
        paragraph = self._paragraph(indent=False)
        run = paragraph.add_run(f"{label}：")
        _set_face(run, _face("heading1"))
        paragraph.add_run(text)

    def text(self, text: str, *, indent: bool = True) -> None:
        self._paragraph(text, indent=indent)

    def heading(self, text: str, level: int = 1) -> None:
        self._paragraph(text, face="heading1" if level == 1 else "heading2")

    def signed(self, text: str) -> None:
        paragraph = self._paragraph(text, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(4 * documents.SIZE_3)

    def banji(self, *, copies_line: str, printed_by: str, printed_on: str, fine: str = "") -> None:
        """7.4: 抄送 and 印发 rows between a thick first and last rule, a thin one between them."""
        if fine:
            note = self._paragraph(fine, size=7, indent=False)
            note.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        rows = []
        if copies_line:
            rows.append(self._paragraph(copies_line, size=documents.SIZE_4, indent=False))
        printed = self._paragraph(f"{printed_by}\t{printed_on}", size=documents.SIZE_4, indent=False)
        printed.paragraph_format.tab_stops.add_tab_stop(
            Mm(documents.TEXT_WIDTH) - Pt(2 * documents.SIZE_4), alignment=WD_TAB_ALIGNMENT.RIGHT
        )
        rows.append(printed)
        for row in rows:
            row.paragraph_format.left_indent = Pt(documents.SIZE_4)
        _border(rows[0], "top", 8)  # 0.35 mm ≈ 1 pt
        for upper in rows[:-1]:
            _border(upper, "bottom", 6)  # 0.25 mm
        _border(rows[-1], "bottom", 8)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def render(document: documents.Document) -> bytes:
    """A ``committees.documents.Document`` as .docx, part by part as the PDF lays it out."""
    built = OfficialDocx()
    if document.is_form:
        built.form_head(document.title, document.number, draft=document.draft)
    else:
        built.head(document.issuer, document.number, document.title, draft=document.draft)
    for block in document.blocks:
        if block.kind == "labelled":
            built.labelled(block.label, block.text)
        elif block.kind in ("heading", "subheading"):
            built.heading(block.text, 1 if block.kind == "heading" else 2)
        elif block.kind == "signed":
            built.signed(block.text)
        elif block.kind == "table":
            built.table(block)
        else:
            built.text(block.text, indent=block.kind != "flush")
    if document.printed_by:
        copies = ""
        if document.copies_to:
            copies = _("Copies to") + "：" + "，".join(document.copies_to) + "。"
        built.banji(
            copies_line=copies,
            printed_by=document.printed_by,
            printed_on=_("%(date)s printed") % {"date": document.printed_on} if document.printed_on else "",
        )  # no fingerprint: a .docx is a copy to edit, never the approved record (the PDF is)
    return built.to_bytes()
