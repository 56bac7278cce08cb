"""Where a page's time goes: one page of the bench database, requested in-process through the
whole middleware stack as a signed-in user, profiled with pyinstrument (a dev tool, not a
dependency: ``pip install pyinstrument``). Prints the call tree of ``BENCH_PROFILE_REQUESTS``
(20) requests after 3 warm-up ones.

    .venv/bin/python bench/profile_page.py /meetings/ [username]
"""

import os
import sys
import time

from common import collect_static, setup

REQUESTS = int(os.environ.get("BENCH_PROFILE_REQUESTS", "20"))


def main() -> None:
    collect_static()  # the hashed static files production serves (the pages name them)
    setup(settings="bench.settings")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from pyinstrument import Profiler

    settings.ALLOWED_HOSTS = ["*"]
    url = sys.argv[1] if len(sys.argv) > 1 else "/meetings/"
    username = sys.argv[2] if len(sys.argv) > 2 else "lj-secretary"
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.force_login(get_user_model().objects.get(username=username))
    for _n in range(3):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    with profiler:
        for _n in range(REQUESTS):
            client.get(url)
    elapsed = (time.perf_counter() - started) / REQUESTS
    print(f"{url} as {username}: {elapsed * 1000:.1f} ms per request (profiled)")
    flat = bool(os.environ.get("BENCH_PROFILE_FLAT"))
    print(profiler.output_text(unicode=True, color=False, show_all=False, flat=flat))


if __name__ == "__main__":
    main()
