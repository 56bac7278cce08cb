"""E-mail backends for tests of the sender. Real delivery code paths, controlled failures."""

import os
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({"owner@example.org": (550, b"refused")})


class SlowFileBackend(FileBackend):
    """Writes each message to a file after a pause, so a test can kill the worker mid-send."""

    def send_messages(self, email_messages):
        markers = Path(os.environ.get("DANGWEI_TEST_MARKERS", "/tmp/dangwei-markers"))  # noqa: S108
        markers.mkdir(parents=True, exist_ok=True)
        marker = markers / email_messages[0].extra_headers.get("X-Dangwei-Notification", "x")
        marker.touch()  # "about to send": the test kills the worker now
        time.sleep(float(os.environ.get("DANGWEI_TEST_SEND_DELAY", "0.3")))
        sent = super().send_messages(email_messages)
        marker.unlink()
        return sent
