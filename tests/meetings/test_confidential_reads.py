"""M-M7: every read of confidential records is logged – not only the full minutes (issue 18:
reads of a confidential agenda item's page, API answer and attachments were not)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings.models import AgendaCategory, ConfidentialRead
from meetings.services.agenda import add_attachment
from tests.meetings.factories import login_of, make_item, make_meeting, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return make_team(9, logins=True)


@pytest.fixture
def items(town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(town)
    personnel = make_item(town, meeting, AgendaCategory.PERSONNEL, title="关于张三同志任职的议题")
    open_item = make_item(town, meeting, AgendaCategory.IMPORTANT, title="关于道路建设的议题")
    add_attachment(
        personnel,
        file=SimpleUploadedFile("考察材料.pdf", b"%PDF-1.4"),
        kind="material",
        acting_user=login_of(town.office),
    )
    assert personnel.is_confidential and not open_item.is_confidential
    return personnel, open_item


def reads(item) -> list[tuple[str, int]]:
    return list(ConfidentialRead.objects.filter(item=item).values_list("what", "user_id"))


def test_m_m7_a_confidential_item_page_read_is_logged_an_open_one_is_not(client, town, items):
    personnel, open_item = items
    client.force_login(town.secretary.user)
    assert client.get(reverse("meetings_item", args=[personnel.pk])).status_code == 200
    assert client.get(reverse("meetings_item", args=[open_item.pk])).status_code == 200
    assert reads(personnel) == [("page", town.secretary.user.pk)]
    assert reads(open_item) == []


def test_m_m7_reads_through_the_api_are_logged(client, town, items):
    personnel, open_item = items
    client.force_login(town.members[0].user)  # a member due at the meeting may see the materials
    assert client.get(f"/api/agenda-items/{personnel.pk}/").status_code == 200
    assert client.get(f"/api/agenda-items/{open_item.pk}/").status_code == 200
    assert client.get("/api/agenda-items/").status_code == 200
    assert reads(personnel) == [("api", town.members[0].user.pk)] * 2
    assert reads(open_item) == []


def test_m_m7_an_attachment_download_is_logged(client, town, items):
    personnel, _ = items
    client.force_login(town.office.user)
    attachment = personnel.attachments.get()
    response = client.get(reverse("meetings_attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert reads(personnel) == [("attachment", town.office.user.pk)]


def test_m_m7_someone_who_may_not_see_the_materials_leaves_no_read(client, town, items):
    """The delegate sees that the item exists, not its materials: nothing was read."""
    personnel, _ = items
    client.force_login(town.delegate.user)
    client.get(reverse("meetings_item", args=[personnel.pk]))
    client.get(f"/api/agenda-items/{personnel.pk}/")
    assert reads(personnel) == []


def test_a_read_names_minutes_or_an_item_never_both_nor_neither(town, items):
    personnel, _ = items
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfidentialRead.objects.create(user=town.secretary.user, what="page")
    ConfidentialRead.objects.create(item=personnel, user=town.secretary.user, what="page")
