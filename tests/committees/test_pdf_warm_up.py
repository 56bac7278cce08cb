"""Issue 19: a fresh web worker prints a small PDF before it takes requests, and keeps what lives
as long as it does out of the garbage collector's full collections."""

import gc
import logging

import pytest

from config import gunicorn


class Worker:
    pid = 4242


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_the_gunicorn_hook_warms_the_renderer_in_each_worker(caplog, unfrozen):
    with caplog.at_level(logging.INFO, logger="dangwei.pdf"):
        gunicorn.post_worker_init(Worker())
    assert "PDF renderer warm in worker 4242" in caplog.text


def test_a_started_worker_keeps_its_long_lived_objects_out_of_the_collector(unfrozen):
    gc.unfreeze()
    gunicorn.post_worker_init(Worker())
    assert gc.get_freeze_count() > 10_000  # modules, fonts, the app: frozen once loaded
    assert len(gc.get_objects()) < gc.get_freeze_count()


def test_the_worker_settles_again_after_its_first_requests_only(unfrozen):
    worker = Worker()
    gc.unfreeze()
    for _n in range(gunicorn.SETTLE_AFTER_REQUESTS - 1):
        gunicorn.post_request(worker, None, {}, None)
    assert gc.get_freeze_count() == 0
    gunicorn.post_request(worker, None, {}, None)
    settled = gc.get_freeze_count()
    assert settled > 10_000
    gc.unfreeze()
    gunicorn.post_request(worker, None, {}, None)  # the 201st request: nothing more
    assert gc.get_freeze_count() == 0
