"""REST API of the reporting app: the engine's deadlines and notifications, and each topic's reports."""

from __future__ import annotations

import importlib

from rest_framework import routers

router = routers.DefaultRouter()

for _topic in ("emergencies", "personal", "petitions", "periodic"):
    try:
        _module = importlib.import_module(f"reporting.{_topic}.api")
    except ModuleNotFoundError as error:
        if error.name != f"reporting.{_topic}.api":
            raise
    else:
        _module.register(router)
