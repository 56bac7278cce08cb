"""Reading printed documents back for tests (issue 15): a PDF through pdfplumber, a .docx through
python-docx, and the GB/T 9704 measures every document of the layer must meet."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
import pdfplumber

from committees import documents

MM = 72 / 25.4  # points per millimetre
TOLERANCE = 1 * MM
RED = (0.8, 0, 0)


@dataclass
class Page:
    width: float
    height: float
    chars: list[dict]
    text: str
    edges: int  # lines and rectangle edges drawn: a table's rules


@dataclass
class Printed:
    pages: list[Page]

    @property
    def text(self) -> str:
        """All the text, without white space (a line break may fall anywhere in Chinese)."""
        return "".join("".join(page.text for page in self.pages).split())

    def chars(self, text: str | None = None) -> list[dict]:
        return [
            c for page in self.pages for c in page.chars if c["text"].strip() and (text is None or c["text"] in text)
        ]

    def red(self) -> str:
        return "".join(c["text"] for c in self.chars() if c["non_stroking_color"] and _is_red(c["non_stroking_color"]))


def _is_red(color) -> bool:
    return len(color) == 3 and abs(color[0] - RED[0]) < 0.01 and color[1] < 0.01 and color[2] < 0.01


def read_pdf(data: bytes) -> Printed:
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as opened:
        pages = [
            Page(page.width, page.height, page.chars, page.extract_text() or "", len(page.edges))
            for page in opened.pages
        ]
    return Printed(pages)


def assert_laid_out_on_the_page(printed: Printed) -> None:
    """A4, and every character but the page number inside the 156 × 225 mm text area."""
    left, top = documents.LEFT * MM, documents.TOP * MM
    right, bottom = left + documents.TEXT_WIDTH * MM, top + documents.TEXT_HEIGHT * MM
    for page in printed.pages:
        assert abs(page.width - documents.PAGE_WIDTH * MM) < 1 and abs(page.height - documents.PAGE_HEIGHT * MM) < 1
        inside = [c for c in page.chars if c["top"] < bottom + TOLERANCE and c["text"].strip()]
        assert inside
        assert min(c["x0"] for c in inside) >= left - TOLERANCE
        assert max(c["x1"] for c in inside) <= right + TOLERANCE
        assert min(c["top"] for c in inside) >= top - TOLERANCE
        assert max(c["bottom"] for c in inside) <= bottom + TOLERANCE


def sized(printed: Printed, size: float) -> str:
    """The characters set in ``size`` points, in order."""
    return "".join(c["text"] for c in printed.chars() if abs(c["size"] - size) < 0.3)


def faces(printed: Printed, text: str) -> set[str]:
    return {c["fontname"].split("+")[-1] for c in printed.chars(text)}


def read_docx(data: bytes) -> docx.document.Document:
    assert data.startswith(b"PK")  # a zip: the Office Open XML package
    return docx.Document(io.BytesIO(data))


def docx_text(opened) -> str:
    """The paragraphs and the table cells' text, without white space."""
    parts = [p.text for p in opened.paragraphs]
    for table in opened.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "".join("".join(parts).split())


def assert_docx_page_set_up(opened) -> None:
    section = opened.sections[0]
    assert round(section.page_width.mm) == documents.PAGE_WIDTH and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == documents.TOP and round(section.left_margin.mm) == documents.LEFT
    assert round(section.right_margin.mm) == documents.RIGHT and round(section.bottom_margin.mm) == documents.BOTTOM
    assert opened.styles["Normal"].font.name == "仿宋_GB2312"
