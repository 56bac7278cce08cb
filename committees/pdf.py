"""WeasyPrint for every printable of the app: it may fetch the app's own static files and nothing
else – no URL a template (or text typed by a user) could point at."""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        """Refuses every URL that is not a file under the app's static folders."""

        def __init__(self):
            super().__init__(allowed_protocols=("file",), timeout=5)
            self.roots = [Path(p).resolve() for p in settings.STATICFILES_DIRS]

        def fetch(self, url, headers=None):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Refused to fetch {url}: only the app's static files are allowed")
            return super().fetch(url, headers)

    return StaticOnlyFetcher


def static_only_fetcher():
    """WeasyPrint's ``url_fetcher``: the app's own static files, nothing else."""
    return _fetcher_class()()
