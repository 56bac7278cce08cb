"""Load test of the main pages (``PageUser``, signed in as the demo's roles) and, as the baseline,
the Django admin changelists of the same models (``AdminUser``, the superuser).

Run through ``bench/load.py``, which starts gunicorn on the bench database, writes the targets
file (per login: the pages that answer 200 and the meetings and supervision items it may open)
and runs one class at a time:

    locust -f bench/locustfile.py --headless -u 20 -r 5 -t 60s --csv var/bench/pages PageUser

``BENCH_TARGETS`` names the targets file; ``--host`` the server.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ.get("BENCH_TARGETS", "var/bench/targets.json"), encoding="utf-8") as handle:
    TARGETS = json.load(handle)
PASSWORD = TARGETS["password"]
_logins = itertools.cycle(TARGETS["logins"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(client, username: str) -> None:
    page = client.get("/accounts/login/", name="login")
    token = CSRF.search(page.text).group(1)
    # As behind the HTTPS proxy: CSRF checks the Referer of secure requests.
    origin = client.base_url.replace("http://", "https://")
    response = client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": origin + "/accounts/login/"},
        name="login",
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in: {response.status_code}")


class BenchUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)

    def on_start(self):
        # What the TLS-terminating proxy in front of gunicorn adds (DJANGO_BEHIND_PROXY=1).
        self.client.headers.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.1"})
        self.login = next(self.logins())
        sign_in(self.client, self.login["username"])

    def logins(self):
        return _logins

    def get(self, name: str, url: str) -> None:
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {self.login['username']} on {url}")

    @task
    def browse(self):
        """One page: lists more often than details, as people use them."""
        pages = self.login["pages"]
        name = random.choice(list(pages))
        url = pages[name]
        if "{pk}" in url:
            url = url.format(pk=random.choice(self.login["ids"][name]))
        self.get(name, url)


class PageUser(BenchUser):
    """Real roles on the app's pages."""


class AdminUser(BenchUser):
    """The superuser on the admin changelists of the same models (the baseline)."""

    def logins(self):
        return itertools.repeat(TARGETS["admin"])
