from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def import_models(self) -> None:
        """The democratic life models live in ``democratic_life/`` but belong to this app: they
        are loaded with its models, so ``meetings.models`` never imports the module above it."""
        super().import_models()
        import_module(f"{self.name}.democratic_life.models")

    def ready(self) -> None:
        # The democratic life panels register themselves, and its services the DL-2 check of
        # ``meetings.services.scheduling.update_meeting``.
        from .democratic_life import panels, services  # noqa: F401
        from .services import notice  # noqa: F401 - records when a notice was e-mailed (``record_emailed``)
