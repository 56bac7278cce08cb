"""Who acted (STYLE.md "Services"; Zulip's ``acting_user``).

Every service that changes state takes ``*, acting_user: User``, required. A page, the API, an
admin action pass ``request.user``; a Celery task, a management command or a migration pass
:func:`system_user` – never ``None``. The service hands the user to simple-history with
:func:`acting` before saving, so every historical row names who did it, wherever it ran.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from .models import Person

#: The account of actions nobody clicked: scheduled scans, reminders, data migrations, imports.
SYSTEM_USERNAME = "dangwei-system"


def system_user() -> AbstractBaseUser:
    """The system's own account: inactive, with no usable password, so nobody can sign in as it."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "系统"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_system(user) -> bool:
    return getattr(user, "username", None) == SYSTEM_USERNAME


def person_of(user) -> Person | None:
    """The person behind a login account (``None`` for the system and for accounts of no one)."""
    if user is None or is_system(user):
        return None
    return getattr(user, "person", None)


def acting[Row](instance: Row, acting_user) -> Row:
    """Name ``acting_user`` as the author of ``instance``'s next historical row (simple-history
    reads ``_history_user`` before it looks at the request) and return the instance."""
    instance._history_user = acting_user
    return instance
