from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision and accountability")

    def ready(self) -> None:
        from . import person_panels, signals, sources  # noqa: F401
        from .evaluation import panels  # noqa: F401
        from .talks import signals as talk_signals  # noqa: F401
