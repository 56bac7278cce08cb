"""Issue 19: a fresh web worker prints a small PDF before it takes requests."""

import logging

from config import gunicorn


class Worker:
    pid = 4242


def test_the_gunicorn_hook_warms_the_renderer_in_each_worker(caplog):
    with caplog.at_level(logging.INFO, logger="dangwei.pdf"):
        gunicorn.post_worker_init(Worker())
    assert "PDF renderer warm in worker 4242" in caplog.text
