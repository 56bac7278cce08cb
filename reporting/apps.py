from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Deadlines and reports")

    def ready(self) -> None:
        from .personal import signals  # noqa: F401 - connects the receivers
