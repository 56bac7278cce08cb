"""One layout for every printed record: GB/T 9704-2012《党政机关公文格式》 (issue 15).

Party offices judge a system by what it prints, and file what they print. Every printable record
(the minutes first) renders through ``templates/documents/gbt9704.html``, which lays out:

- A4, the text area (版心) 156 mm × 225 mm, top margin (天头) 37 mm, left margin (订口) 28 mm – so
  26 mm on the right and 35 mm at the bottom (4.2.1);
- 22 lines of 28 characters of a size-3 (三号, 16 pt) 仿宋-style face (4.2.2, 4.2.3): the line
  pitch and the character advance below fill the text area;
- the 版头: the issuing body in red 小标宋 (7.2.4), the document number (发文字号) under it
  (7.2.5, ``document_number``), the red separator as wide as the text area 4 mm below (7.2.7);
- the title in size 2 (二号, 22 pt) 小标宋 two lines under the separator (7.3.1); first-level
  headings in 黑体, second-level in 楷体 (7.3.3);
- dates written 2026年12月4日 (7.3.5.4, ``chinese_date``);
- page numbers "— 1 —" in size 4 (四号) 宋体, 7 mm under the text area, on the outer side: right on
  odd pages, left on even ones, one character in (7.5);
- the 版记 (抄送, 印发机关, 印发日期) between a thick first and last rule at the foot of the last
  page (7.4).

Faces: the official ones are named first (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体, 宋体), so an
office that installs them gets them; the free faces from Debian's packages that ``make run`` and
``make test`` install follow (Noto Serif CJK SC for 宋 and for the 仿宋 body – no free 仿宋 covers
Simplified Chinese fully –, LXGW WenKai for 楷, Noto Sans CJK SC for 黑). ``DANGWEI_DOCUMENT_FONTS``
changes any list.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import logging
import re
import shutil
import subprocess  # nosec B404  # fontconfig's fc-list only (shutil.which), no shell
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

logger = logging.getLogger(__name__)

#: GB/T 9704-2012 4.2.1: the page and its text area, in millimetres.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
TOP, LEFT = 37, 28
TEXT_WIDTH, TEXT_HEIGHT = 156, 225
RIGHT = PAGE_WIDTH - LEFT - TEXT_WIDTH  # 26
BOTTOM = PAGE_HEIGHT - TOP - TEXT_HEIGHT  # 35
#: 4.2.3: lines per page and characters per line.
LINES, CHARACTERS = 22, 28
#: Chinese type sizes (号) in points.
SIZE_2, SIZE_3, SIZE_4 = 22, 16, 14
POINT_MM = 25.4 / 72

#: The faces of each part, first found first (``DANGWEI_DOCUMENT_FONTS`` overrides any of them).
DEFAULT_FONTS: dict[str, list[str]] = {
    "title": ["方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"],
    "body": ["仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"],
    "heading1": ["黑体", "SimHei", "Noto Sans CJK SC"],
    "heading2": ["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "LXGW WenKai", "AR PL UKai CN", "Noto Serif CJK SC"],
    "page_number": ["宋体", "SimSun", "Noto Serif CJK SC"],
}


def settings_fonts() -> dict[str, list[str]]:
    """The parts whose faces ``DANGWEI_DOCUMENT_FONTS`` names."""
    return getattr(settings, "DANGWEI_DOCUMENT_FONTS", {})


def fonts() -> dict[str, str]:
    """Each part's CSS ``font-family`` list (the settings' lists over the defaults)."""
    chosen = {**DEFAULT_FONTS, **settings_fonts()}
    return {part: ", ".join(f'"{name}"' for name in names) + ", serif" for part, names in chosen.items()}


@dataclass(frozen=True)
class Grid:
    """The type grid that fills the text area with ``LINES`` lines of ``CHARACTERS`` characters of
    ``SIZE_3``: the line pitch and the letter spacing that make the advance of one character
    ``TEXT_WIDTH / CHARACTERS``. Both are a hair under the exact division, so rounding in the layout
    never pushes the 22nd line or the 28th character over the edge."""

    line_mm: float = round(TEXT_HEIGHT / LINES - 0.03, 3)
    letter_spacing_pt: float = round(TEXT_WIDTH / CHARACTERS / POINT_MM - SIZE_3 - 0.02, 3)


GRID = Grid()


def document_number(issuer: str, year: int, number: int) -> str:
    """7.2.5 发文字号: the issuer's code, the year in hexagonal brackets 〔〕, the number without a
    leading zero and without 第: 临江区委〔2026〕14号."""
    return f"{issuer}〔{year}〕{int(number)}号"


def number_in_year(rows, field: str, moment: datetime.date | datetime.datetime, pk: int) -> tuple[int, int]:
    """The place of the row ``pk`` among ``rows`` (one committee's records of a kind) of the same
    year, ordered by ``field`` (a date, or a moment in Beijing time) then by pk: (year, n). The
    records are never deleted, so a number stays what it was printed as. Two queries."""
    from django.db.models import Q
    from django.utils import timezone

    if isinstance(moment, datetime.datetime):
        year = timezone.localtime(moment).year
        start = timezone.make_aware(datetime.datetime(year, 1, 1))
    else:
        year, start = moment.year, datetime.date(moment.year, 1, 1)
    same_year = rows.filter(**{f"{field}__gte": start})
    earlier = same_year.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk})).count()
    return year, earlier + 1


def chinese_date(day: datetime.date | datetime.datetime | None) -> str:
    """7.3.5.4: a date as 2026年12月4日 (Arabic numerals, no leading zeros); "" for none."""
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(day: datetime.date) -> str:
    """A month as 2026年11月."""
    return f"{day.year}年{day.month}月"


def context(**parts) -> dict:
    """What ``documents/gbt9704.html`` reads besides the document's own blocks: the grid, the
    faces, and the 版记 parts given (``issuer``, ``number``, ``copies_to``, ``printed_by``,
    ``printed_on``)."""
    return {
        "page": {
            "top": TOP,
            "left": LEFT,
            "right": RIGHT,
            "bottom": BOTTOM,
            "width": TEXT_WIDTH,
            "height": TEXT_HEIGHT,
            "line_mm": GRID.line_mm,
            "letter_spacing_pt": GRID.letter_spacing_pt,
            "size_2": SIZE_2,
            "size_3": SIZE_3,
            "size_4": SIZE_4,
        },
        "fonts": fonts(),
        **parts,
    }


_DIGITS = "零一二三四五六七八九"
#: An internal rule id in parentheses, as the phrases add them for the screen: (M-V4), （L-3、L-4）.
#: The rulebook's families (DOMAIN.md): O-, M-N/Q/D/V/E/M/C, DL-, L-, S-, A-, R-, P-, X- and a number.
_RULE_ID = r"(?:M-[NQDVEMC]|DL-|[OLSARPX]-)\d+[a-z]?"
_RULE_IDS = re.compile(rf"\s*[(（]\s*{_RULE_ID}(?:\s*[,，、/]\s*{_RULE_ID})*\s*[)）]")


def chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (the first-level headings 一、二、…);
    from 100 on, Arabic numerals."""
    number = int(number)
    if not 0 < number < 100:
        return str(number)
    tens, units = divmod(number, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[units] if units else "")


def said(label, text) -> str:
    """ "标签：内容" with the full-width colon – the gettext calls stay outside f-strings, where
    makemessages finds them."""
    return f"{label}：{text}"


def without_rule_ids(text: str) -> str:
    """The text without the rulebook's ids in parentheses: a document names no internal code
    (the rule stays on screen and in the record)."""
    return _RULE_IDS.sub("", str(text))


@dataclass(frozen=True)
class Cell:
    """One cell of a table block: its text, the columns it spans, whether it is a label (黑体), and
    the lines it keeps at least – room left for a handwritten instruction or signature on a form."""

    text: str = ""
    span: int = 1
    label: bool = False
    lines: int = 1


@dataclass(frozen=True)
class Block:
    """One part of a document's body. ``kind``: "labelled" (a flush line, its label in 黑体: 时间：…),
    "text" (a paragraph, first line indented two characters), "flush" (a paragraph not indented: the
    addressee 主送机关), "heading" (first level, 黑体), "subheading" (second level, 楷体), "signed" (a
    line set right: the signature, the date), "table" (``rows`` of ``Cell``; ``widths`` in
    millimetres, summing to the text area's width; ``size`` in points – a wide table may take a
    smaller size than the body's 三号)."""

    kind: str
    text: str = ""
    label: str = ""
    rows: tuple[tuple[Cell, ...], ...] = ()
    widths: tuple[float, ...] = ()
    size: float = SIZE_3
    header: bool = False

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row]

    @property
    def head(self) -> tuple[tuple[Cell, ...], ...]:
        """The header row, repeated on each page the table runs over."""
        return self.rows[:1] if self.header else ()

    @property
    def body(self) -> tuple[tuple[Cell, ...], ...]:
        return self.rows[1:] if self.header else self.rows

    @property
    def line_mm(self) -> float:
        """A table's line pitch: the grid's at 三号, 1.5 lines of its size when set smaller."""
        return GRID.line_mm if self.size == SIZE_3 else round(self.size * 1.5 * POINT_MM, 2)


#: Type sizes a table may take: 三号, 四号, 小四 and 五号 (GB/T 9704 7.3.3: tables may be set smaller).
TABLE_SIZES = (SIZE_3, SIZE_4, 12, 10.5)


@dataclass
class Document:
    """A printable record in the layer's terms – what both the PDF (``documents/gbt9704.html``)
    and the .docx (``committees.docx``) lay out, so the two never say different things.

    A document with an ``issuer`` has the red 版头 (发文机关标志, 发文字号, separator); a form (呈批表,
    请假条) has none: its title heads the first page. The 版记 is printed when ``printed_by`` is set."""

    issuer: str
    number: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    draft: str = ""
    copies_to: list[str] = field(default_factory=list)
    printed_by: str = ""
    printed_on: str = ""
    fine: str = ""

    def add(self, kind: str, text, label="") -> None:
        self.blocks.append(Block(kind, without_rule_ids(text), str(label)))

    def table(self, rows, widths, *, size: float = SIZE_3, header: bool = False) -> None:
        """A table: ``rows`` of cells (``Cell`` or plain text), ``widths`` of its columns in mm
        (scaled to the text area's width). Each row spans every column; ``header`` repeats the
        first row on each page."""
        if size not in TABLE_SIZES:
            raise ValueError(f"A table's type size is one of {TABLE_SIZES}, not {size}")
        total = sum(widths)
        scaled = tuple(round(width * TEXT_WIDTH / total, 2) for width in widths)
        built = []
        for row in rows:
            cells = tuple(
                Cell(without_rule_ids(c.text), c.span, c.label, c.lines)
                if isinstance(c, Cell)
                else Cell(without_rule_ids(c))
                for c in row
            )
            if sum(cell.span for cell in cells) != len(scaled):
                raise ValueError(f"A row spans {sum(c.span for c in cells)} columns of {len(scaled)}")
            built.append(cells)
        self.blocks.append(Block("table", rows=tuple(built), widths=scaled, size=size, header=header))

    @property
    def is_form(self) -> bool:
        return not self.issuer

    def context(self) -> dict:
        return context(document=self, copies_to=self.copies_to, printed_by=self.printed_by, printed_on=self.printed_on)


def render_pdf(document: Document, where: str, *, archival: bool = False) -> bytes:
    """The document as PDF (PDF/A-3b when ``archival``: a record kept permanently), laid out by
    ``documents/gbt9704.html`` in the committee's language (the site's), missing glyphs reported."""
    from django.template.loader import render_to_string
    from django.utils.translation import override
    from weasyprint import HTML

    from .pdf import static_only_fetcher

    report_missing_glyphs(document, where)
    with override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "documents/gbt9704.html", {**document.context(), "LANGUAGE_CODE": settings.LANGUAGE_CODE}
        )
    rendered = HTML(string=html, base_url=str(settings.STATICFILES_DIRS[0]), url_fetcher=static_only_fetcher())
    return rendered.write_pdf(pdf_variant="pdf/a-3b") if archival else rendered.write_pdf()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(document: Document, output: str, filename: str, where: str):
    """The HTTP response of a printable: the PDF shown in the browser, or (``output`` "docx") the
    .docx to edit in WPS or Word, saved under ``filename`` with the right extension."""
    from django.http import HttpResponse
    from django.utils.translation import override

    from . import docx

    if output == "docx":
        with override(settings.LANGUAGE_CODE):
            response = HttpResponse(docx.render(document), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
        return response
    response = HttpResponse(render_pdf(document, where), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response


@functools.cache
def _covered() -> tuple[list[int], list[int]]:
    """The code points the installed fonts cover, as sorted, merged ranges (starts, ends), read
    once per process from fontconfig: what Pango can draw in some face, the one it falls back to."""
    program = shutil.which("fc-list")
    if program is None:
        return [], []
    listed = subprocess.run(  # noqa: S603  # nosec B603
        [program, "--format", "%{charset}\n"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    ranges = []
    for part in listed.split():
        first, _sep, last = part.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    merged: list[list[int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return [first for first, _last in merged], [last for _first, last in merged]


def missing_glyphs(text: str) -> list[str]:
    """The characters of ``text`` no installed font can draw – printed, each would be a blank box."""
    starts, ends = _covered()
    if not starts:
        return []
    missing = []
    for character in dict.fromkeys(text):
        if character.isspace() or unicodedata.category(character) in ("Cc", "Cf"):
            continue
        index = bisect.bisect_right(starts, ord(character)) - 1
        if index < 0 or ord(character) > ends[index]:
            missing.append(character)
    return missing


def report_missing_glyphs(document: Document, where: str) -> list[str]:
    """Log each character of ``document`` no font can draw, with its code point and where it is
    (issue 15: a rare name is reported, not printed as a blank box unnoticed); return them."""
    parts = [document.issuer, document.number, document.title, document.printed_by, *document.copies_to]
    parts += [f"{block.label}{block.text}" for block in document.blocks]
    parts += [cell.text for block in document.blocks for cell in block.cells]
    missing = missing_glyphs("".join(parts))
    for character in missing:
        logger.warning("No installed font has %r (U+%04X) in %s", character, ord(character), where)
    return missing
