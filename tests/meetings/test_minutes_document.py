"""Issue 15: the minutes PDF laid out to GB/T 9704-2012, measured from the file itself (pdfplumber):
the text area within 1 mm of the standard, 28 characters a line and 22 lines a page, the faces and
sizes of title and body, the document number's exact text, page numbers on the outer side, the
版记, no internal rule ids, a deferred item's 缓议 with its reason, the recorder named."""

from __future__ import annotations

import datetime
import io
import os
import pathlib
import re
import subprocess
from collections import Counter, defaultdict

import pdfplumber
import pytest

from committees import documents
from committees.actors import system_user
from meetings import pdf
from meetings.models import AgendaCategory, RecipientKind, VoteChoice
from meetings.services.agenda import defer_item
from meetings.services.minutes import approve_minutes, edit_minutes
from meetings.services.session import close_discussion, close_meeting, record_stance, take_up_item
from meetings.services.votes import cast_ballot, close_vote, open_vote
from tests.meetings.factories import _materials, login_of, make_item, make_meeting, open_with, sh

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # points per millimetre
TOLERANCE = 1 * MM


@pytest.fixture
def document(team):
    """Approved minutes with a long summary (a full page of body text), a voted item, a deferred item
    with its reason, distributed to two departments; the PDF read by pdfplumber."""
    meeting = make_meeting(team)
    voted = make_item(team, meeting, AgendaCategory.IMPORTANT, title="关于城区道路改造的议题")
    _materials(voted, meeting)
    deferred = make_item(team, meeting, AgendaCategory.REPORT, title="关于年度考核方案的汇报")
    present = team.everyone[:7]
    open_with(meeting, team, present)
    at = meeting.start_at + datetime.timedelta(minutes=5)
    take_up_item(voted, at=at, acting_user=system_user())
    for person in sorted(present, key=lambda p: p == meeting.chair):
        record_stance(voted, person=person, stance="agree", reason="同意", at=at, acting_user=system_user())
    close_discussion(voted, at=at, acting_user=system_user())
    vote = open_vote(voted, at=at, acting_user=system_user())
    for person in present:
        cast_ballot(vote, person=person, choice=VoteChoice.YES, acting_user=login_of(person))
    close_vote(vote, resolution="同意城区道路改造方案", basis="经调研论证", acting_user=system_user())
    meeting.recorder = team.office  # named on the minutes (M-M3)
    meeting.save(update_fields=["recorder"])
    take_up_item(deferred, at=at + datetime.timedelta(minutes=30), acting_user=system_user())
    defer_item(deferred, reason="待征求各乡镇意见后再议", acting_user=system_user())
    close_meeting(meeting, at=meeting.end_at, acting_user=system_user())
    minutes = meeting.minutes.get()
    summary = "会议认为，要坚持以人民为中心的发展思想，统筹推进城乡建设和民生改善工作，确保各项任务落到实处。" * 30
    minutes = edit_minutes(minutes, summary=summary, regenerate=True, acting_user=login_of(team.office))
    minutes = approve_minutes(minutes, acting_user=login_of(team.secretary), at=sh(2026, 12, 1))
    minutes.recipients.create(kind=RecipientKind.DEPARTMENT, department="区发展改革局", sent_at=sh(2026, 12, 2))
    minutes.recipients.create(kind=RecipientKind.DEPARTMENT, department="区财政局", sent_at=sh(2026, 12, 2))
    data = pdf.render_minutes_pdf(minutes, full=False)
    if os.environ.get("DANGWEI_DUMP_PDF"):  # to look at it: pdftoppm -png <file> page
        pathlib.Path(os.environ["DANGWEI_DUMP_PDF"]).write_bytes(data)
    with pdfplumber.open(io.BytesIO(data)) as opened:
        pages = [(page.width, page.height, page.chars, page.extract_text() or "") for page in opened.pages]
    return {"minutes": minutes, "team": team, "pages": pages, "text": "".join(text for *_rest, text in pages)}


def body_chars(chars):
    """Characters of the body face and size (三号, 16 pt), page numbers left out."""
    return [c for c in chars if abs(c["size"] - documents.SIZE_3) < 0.5 and c["text"].strip()]


def lines_of(chars) -> dict[float, list]:
    lines = defaultdict(list)
    for c in chars:
        lines[round(c["top"], 0)].append(c)
    return lines


def test_the_page_is_a4_and_everything_but_the_page_number_lies_in_the_text_area(document):
    left, top = documents.LEFT * MM, documents.TOP * MM
    right, bottom = left + documents.TEXT_WIDTH * MM, top + documents.TEXT_HEIGHT * MM
    for width, height, chars, _text in document["pages"]:
        assert abs(width - 210 * MM) < 1 and abs(height - 297 * MM) < 1
        inside = [c for c in chars if c["top"] < bottom + TOLERANCE and c["text"].strip()]
        assert min(c["x0"] for c in inside) >= left - TOLERANCE
        assert max(c["x1"] for c in inside) <= right + TOLERANCE
        assert min(c["top"] for c in inside) >= top - TOLERANCE
        assert max(c["bottom"] for c in inside) <= bottom + TOLERANCE
        # A page of running text starts its lines at the left edge of the text area.
        body = body_chars(inside)
        if len(lines_of(body)) > 5:
            assert abs(min(c["x0"] for c in body) - left) <= TOLERANCE


def test_a_full_page_has_22_lines_of_28_characters(document):
    # The second page is body text only (the long summary).
    _w, _h, chars, _text = document["pages"][1]
    lines = lines_of(body_chars(chars))
    assert len(lines) == documents.LINES
    counts = Counter(len(line) for line in lines.values())
    assert counts.most_common(1)[0][0] == documents.CHARACTERS
    assert max(counts) == documents.CHARACTERS


def test_title_and_body_faces_and_sizes(document):
    _w, _h, chars, _text = document["pages"][0]
    title = [c for c in chars if c["text"] in document["minutes"].title and abs(c["size"] - documents.SIZE_2) < 0.5]
    assert len(title) >= len(document["minutes"].title) - 1
    assert all("Serif" in c["fontname"] for c in title)  # 小标宋's free stand-in: Noto Serif CJK SC
    body = body_chars(chars)
    assert body and all(("Serif" in c["fontname"]) or ("Sans" in c["fontname"]) for c in body)
    headings = [c for c in chars if c["text"] == "时" and "Sans" in c["fontname"]]
    assert headings  # "时间：" in 黑体 (Noto Sans CJK SC)
    issuer = [c for c in chars if c["non_stroking_color"] and c["size"] > documents.SIZE_2]
    assert issuer and all(c["non_stroking_color"] == pytest.approx((0.8, 0, 0), abs=0.01) for c in issuer)


def test_the_document_number_and_the_dates_are_written_the_official_way(document):
    minutes, team = document["minutes"], document["team"]
    compact = "".join(document["text"].split())
    number = f"{team.committee.name}〔2026〕1号"
    assert number in compact and "第1号" not in compact
    first_page = document["pages"][0][3].splitlines()
    assert any(line.replace(" ", "") == number for line in first_page)
    assert "2026年12月1日印发" in compact
    assert "2026-12" not in compact  # no ISO dates
    assert minutes.fingerprint in compact  # the verification page still finds it


def test_no_internal_rule_id_is_printed(document):
    assert not re.search(r"[(（]\s*[A-Z]{1,2}-[A-Z]{0,2}\d", document["text"])
    assert "超过应到会成员半数" in "".join(document["text"].split())  # the arithmetic itself stays


def test_a_deferred_item_says_so_with_its_reason_and_the_recorder_is_named(document):
    compact = "".join(document["text"].split())
    assert "关于年度考核方案的汇报" in compact
    assert "缓议：待征求各乡镇意见后再议" in compact
    recorder = document["team"].office.name
    assert f"记录人：{recorder}" in compact and "记录人：—" not in compact


def test_page_numbers_sit_under_the_text_area_on_the_outer_side(document):
    bottom = (documents.TOP + documents.TEXT_HEIGHT) * MM
    for number, (width, _h, chars, _text) in enumerate(document["pages"], start=1):
        below = [c for c in chars if c["top"] > bottom + TOLERANCE and c["text"].strip()]
        text = "".join(c["text"] for c in below)
        assert text == f"—{number}—"
        assert abs(min(c["top"] for c in below) - (bottom + 7 * MM)) < 2 * MM
        if number % 2:  # odd: right, one character in
            assert abs(max(c["x1"] for c in below) - (width - documents.RIGHT * MM - documents.SIZE_4)) < 2 * MM
        else:  # even: left, one character in
            assert abs(min(c["x0"] for c in below) - (documents.LEFT * MM + documents.SIZE_4)) < 2 * MM


def test_the_banji_is_at_the_foot_of_the_last_page(document):
    _w, _h, chars, text = document["pages"][-1]
    compact = "".join(text.split())
    assert "抄送：区发展改革局，区财政局。" in compact
    office = [c for c in chars if c["text"] == "印"]
    bottom = (documents.TOP + documents.TEXT_HEIGHT) * MM
    assert office and max(c["bottom"] for c in office) > bottom - 2 * 10.2 * MM  # on the last lines


# --------------------------------------------------------------------------------- the .docx


def test_the_docx_has_the_page_set_up_faces_and_text_of_the_pdf(document, client):
    import docx
    from django.urls import reverse

    minutes, team = document["minutes"], document["team"]
    fingerprint = minutes.fingerprint
    client.force_login(login_of(team.secretary))
    response = client.get(reverse("meetings_minutes_docx", args=[minutes.pk]) + "?version=distributed")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    opened = docx.Document(io.BytesIO(response.content))
    section = opened.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == documents.TOP and round(section.left_margin.mm) == documents.LEFT
    assert round(section.right_margin.mm) == documents.RIGHT and round(section.bottom_margin.mm) == documents.BOTTOM
    normal = opened.styles["Normal"]
    assert normal.font.name == "仿宋_GB2312" and normal.font.size.pt == documents.SIZE_3
    assert round(normal.paragraph_format.line_spacing.pt, 1) == round(documents.TEXT_HEIGHT / documents.LINES * MM, 1)
    paragraphs = [p.text for p in opened.paragraphs]
    assert paragraphs[0] == f"{team.committee.name}会议纪要"
    assert paragraphs[1] == f"{team.committee.name}〔2026〕1号"
    title = opened.paragraphs[2]
    assert title.text == minutes.title and title.runs[0].font.name == "方正小标宋简体"
    assert title.runs[0].font.size.pt == documents.SIZE_2
    text = "\n".join(paragraphs)
    assert "缓议：待征求各乡镇意见后再议。" in text and "M-V4" not in text
    assert "抄送：区发展改革局，区财政局。" in text and "2026年12月1日印发" in text
    assert fingerprint not in text  # a copy to edit is not the fingerprinted record
    footers = "".join(p._p.xml for p in section.footer.paragraphs) + section.even_page_footer.paragraphs[0]._p.xml
    assert footers.count("PAGE") == 2  # — N — on odd and on even pages
    # The PDF stays the record: the export changes nothing of the approved minutes.
    minutes.refresh_from_db()
    assert minutes.fingerprint == fingerprint
    # The same words as the PDF, paragraph by paragraph (the PDF's lines joined).
    pdf_text = "".join(document["text"].split())
    for paragraph in paragraphs[:4] + paragraphs[-6:-2]:
        assert "".join(paragraph.split()) in pdf_text, paragraph


def test_the_docx_of_the_full_version_is_for_those_who_may_read_it_and_is_logged(client, team):
    from django.urls import reverse

    from meetings.models import ConfidentialRead
    from tests.meetings.test_minutes import hold_meeting

    _meeting, minutes = hold_meeting(team)  # a confidential personnel item (M-M3)
    url = reverse("meetings_minutes_docx", args=[minutes.pk])
    client.force_login(login_of(team.secretary))
    full = client.get(url).content
    assert b"%PDF" not in full[:8] and ConfidentialRead.objects.filter(minutes=minutes, what="docx").count() == 1
    import docx

    assert "关于张三同志任职的议题" in "\n".join(p.text for p in docx.Document(io.BytesIO(full)).paragraphs)
    client.force_login(login_of(team.delegate))  # a delegate: the distributed version only
    distributed = docx.Document(io.BytesIO(client.get(url).content))
    assert "关于张三同志任职的议题" not in "\n".join(p.text for p in distributed.paragraphs)
    assert ConfidentialRead.objects.filter(minutes=minutes, what="docx").count() == 1


# ------------------------------------------------------------------------------- bad input


def test_a_long_title_rare_names_and_an_empty_record_still_lay_out_and_a_missing_glyph_is_logged(team, caplog):
    meeting = make_meeting(team, title=("城乡融合发展" * 40)[:196] + "专题会议")  # the longest a title may be
    assert len(meeting.title) == 200
    open_with(meeting, team, team.everyone[:7])
    close_meeting(meeting, at=meeting.end_at, acting_user=system_user())  # no item taken up: empty
    minutes = meeting.minutes.get()
    unknown = chr(0x31350)  # CJK Extension H: no installed face has it
    minutes = edit_minutes(minutes, summary=f"吉𠮷祥，龑䶮，{unknown}。", acting_user=login_of(team.office))
    with caplog.at_level("WARNING", logger="committees.documents"):
        data = pdf.render_minutes_pdf(minutes)
    if os.environ.get("DANGWEI_DUMP_PDF"):
        pathlib.Path(os.environ["DANGWEI_DUMP_PDF"]).write_bytes(data)
    assert [r.getMessage() for r in caplog.records if r.name == "committees.documents"] == [
        f"No installed font has {unknown!r} (U+31350) in minutes {minutes.pk}"
    ]  # 𠮷 and 䶮 are drawn (Noto CJK), not reported
    with pdfplumber.open(io.BytesIO(data)) as opened:
        chars = [c for page in opened.pages for c in page.chars if c["text"].strip()]
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    left, right = documents.LEFT * MM, (documents.LEFT + documents.TEXT_WIDTH) * MM
    assert all(left - TOLERANCE <= c["x0"] and c["x1"] <= right + TOLERANCE for c in chars)  # nothing overflows
    assert "𠮷" in text and "䶮" in text
    minutes.refresh_from_db()
    assert len(minutes.title) <= 200 and minutes.title.endswith("…纪要")  # shortened, not refused
    assert minutes.title in "".join(text.split())
