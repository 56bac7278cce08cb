"""Limits on uploaded files: size from settings, and a type judged by extension *and* content.

Every upload field of a form (and of the API) carries a validator from here, so an office user
cannot store an executable renamed ``.pdf`` or a 2 GB file in the meeting records. The extension
alone is what the browser sends; the first bytes are what the file is. And a file whose row was
rolled back is deleted by the nightly sweep (``sweep_orphan_uploads``).
"""

import codecs
import datetime
import logging
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: What each allowed extension must look like inside.
DOCUMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "png", "jpg", "jpeg", "txt")
TEXT_SAMPLE_BYTES = 64 * 1024


def _starts_with(*prefixes: bytes):
    def check(file) -> bool:
        head = _read(file, 16)
        return any(head.startswith(prefix) for prefix in prefixes)

    return check


def _office_document(member: str):
    """A .docx/.xlsx is a ZIP (Office Open XML) holding its main part; only the directory is read."""

    def check(file) -> bool:
        if _read(file, 4) != b"PK\x03\x04":
            return False
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, EOFError):
            return False
        finally:
            file.seek(0)
        return "[Content_Types].xml" in names and member in names

    return check


def _plain_text(file) -> bool:
    """UTF-8 or GB18030 (what Chinese office PCs save), without NUL bytes."""
    sample = _read(file, TEXT_SAMPLE_BYTES)
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # Not final: the sample may cut a multi-byte character in two.
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _read(file, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


CONTENT_CHECKS = {
    "pdf": _starts_with(b"%PDF-"),
    "png": _starts_with(b"\x89PNG\r\n\x1a\n"),
    "jpg": _starts_with(b"\xff\xd8\xff"),
    "jpeg": _starts_with(b"\xff\xd8\xff"),
    "docx": _office_document("word/document.xml"),
    "xlsx": _office_document("xl/workbook.xml"),
    "txt": _plain_text,
}


@deconstructible
class UploadValidator:
    """At most ``DANGWEI_MAX_UPLOAD_MB`` megabytes, one of ``extensions``, and content to match."""

    def __init__(self, extensions: Iterable[str] = DOCUMENT_EXTENSIONS):
        self.extensions = tuple(extension.lower() for extension in extensions)
        unknown = set(self.extensions) - set(CONTENT_CHECKS)
        if unknown:
            raise ValueError(f"No content check for {sorted(unknown)}")

    def __call__(self, file) -> None:
        limit_mb = settings.DANGWEI_MAX_UPLOAD_MB
        if file.size > limit_mb * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(limit)s MB."), code="file_too_large", params={"limit": limit_mb}
            )
        extension = Path(file.name or "").suffix.lower().lstrip(".")
        if extension not in self.extensions:
            raise ValidationError(
                _("Files of this type cannot be uploaded. Allowed: %(allowed)s."),
                code="file_type_not_allowed",
                params={"allowed": ", ".join(f".{allowed}" for allowed in self.extensions)},
            )
        if not CONTENT_CHECKS[extension](file):
            raise ValidationError(
                _("The content of the file is not a .%(extension)s file."),
                code="file_content_mismatch",
                params={"extension": extension},
            )

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and self.extensions == other.extensions


validate_document = UploadValidator()
validate_pdf = UploadValidator(["pdf"])


#: A file younger than this may belong to a transaction still running: the sweep leaves it.
ORPHAN_GRACE = datetime.timedelta(hours=6)


def _upload_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


def sweep_orphan_uploads(*, now: datetime.datetime | None = None) -> list[str]:
    """Delete uploaded files that no row names. A file is written to storage when its row is
    saved; when the transaction then rolls back (an action refused after the upload, a crash),
    the file stays behind with nothing pointing at it – and it may hold personal data. Only the
    folders the upload fields write into are swept, and only files older than ``ORPHAN_GRACE``.
    Returns the names deleted (relative to ``MEDIA_ROOT``)."""
    now = now or timezone.now()
    cutoff = (now - ORPHAN_GRACE).timestamp()
    referenced: set[str] = set()
    folders: set[str] = set()
    for model, field in _upload_fields():
        referenced.update(model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
        if isinstance(field.upload_to, str) and field.upload_to.strip("/"):
            folders.add(field.upload_to.strip("/").split("/")[0])
    root = Path(settings.MEDIA_ROOT)
    deleted = []
    for folder in sorted(folders):
        for path in sorted((root / folder).rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and name not in referenced and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted.append(name)
    if deleted:
        logger.warning("Deleted %d uploaded files that no record names: %s", len(deleted), ", ".join(deleted))
    return deleted
