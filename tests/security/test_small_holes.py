"""Issue 18 (5): the smaller holes – each test failed before its fix.

- ``next=`` after an action sent the user to any address (``/\\evil.example`` and absolute URLs);
- answers with personal data carried no ``Cache-Control: no-store``;
- the calendar feed address was a permanent signature of the person id: it could not be revoked;
- an uploaded file stayed on disk when the transaction that saved its row rolled back.
(The secret key: tests/security/test_hardening.py; confidential item reads: test_confidential_reads.)
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from committees import uploads
from meetings.models import AgendaAttachment
from reporting.leave.models import LeaveStep

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://evil.example/x",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_leave_decision_never_redirects_off_site(target, world, clients):
    step = world.objects["leave_step"]
    response = clients["secretary"].post(
        reverse("leave_decide", args=[step.pk]), {"decision": "approve", "annotation": "", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("leave_inbox")
    assert LeaveStep.objects.get(pk=step.pk).decided_by_id  # the decision itself was recorded


def test_a_leave_decision_follows_a_next_on_this_site(world, clients):
    step = world.objects["leave_step"]
    target = reverse("leave_detail", args=[step.request_id])
    response = clients["secretary"].post(
        reverse("leave_decide", args=[step.pk]), {"decision": "approve", "annotation": "", "next": target}
    )
    assert response["Location"] == target


@pytest.mark.parametrize("target", OFF_SITE)
def test_acknowledging_a_notice_never_redirects_off_site(target, world, clients):
    recipient = world.objects["notice_recipient"]
    response = clients["member"].post(reverse("meetings_acknowledge", args=[recipient.pk]), {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings_my_notices")


@pytest.mark.parametrize(
    "url",
    [
        lambda w: reverse("home"),
        lambda w: reverse("leave_detail", args=[w.objects["leave_request"].pk]),
        lambda w: f"/api/petitions/{w.objects['petition'].pk}/",
        lambda w: "/api/deadlines/",
    ],
    ids=["home", "leave", "api-petition", "api-deadlines"],
)
def test_pages_and_api_answers_are_never_stored_by_a_cache(url, world, clients):
    response = clients["secretary"].get(url(world))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_calendar_feed_address_can_be_revoked(world, clients):
    client = clients["member"]
    old = reverse("meetings_feed", args=[world.objects["feed_token"]])
    assert client.get(old).status_code == 200
    assert client.post(reverse("meetings_feed_revoke")).status_code == 302
    assert client.get(old).status_code == 404  # the old address is dead
    page = client.get(reverse("meetings_my_notices")).content.decode()
    new = page.split("/meetings/feed/", 1)[1].split(".ics", 1)[0]
    assert new != world.objects["feed_token"]
    assert client.get(f"/meetings/feed/{new}.ics").status_code == 200


@pytest.mark.parametrize("token", ["", "1", "1.0", "abc:def", "x" * 300])
def test_a_forged_feed_address_is_a_404(token, client):
    assert client.get(f"/meetings/feed/{token}.ics").status_code == 404


def test_a_file_whose_row_rolled_back_is_swept_and_the_others_stay(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = world.objects["item"]
    kept = AgendaAttachment.objects.create(
        item=item, kind="material", file=SimpleUploadedFile("保留.pdf", b"%PDF-1.4"), name="保留.pdf"
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        lost = AgendaAttachment.objects.create(
            item=item, kind="material", file=SimpleUploadedFile("回滚.pdf", b"%PDF-1.4"), name="回滚.pdf"
        )
        raise RuntimeError("the action was refused after the upload")
    orphan = tmp_path / lost.file.name
    assert orphan.exists()  # what the sweep is for

    assert uploads.sweep_orphan_uploads() == []  # too young: its transaction may still be running
    old = (timezone.now() - uploads.ORPHAN_GRACE - datetime.timedelta(minutes=1)).timestamp()
    os.utime(orphan, (old, old))
    os.utime(tmp_path / kept.file.name, (old, old))
    assert uploads.sweep_orphan_uploads() == [lost.file.name]
    assert not orphan.exists()
    assert (tmp_path / kept.file.name).exists()
