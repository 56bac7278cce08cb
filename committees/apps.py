from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Committees and people")

    def ready(self) -> None:
        from . import bounds, choices, lookups, middleware, signals  # noqa: F401

        bounds.install()
        choices.install()
        lookups.install()
