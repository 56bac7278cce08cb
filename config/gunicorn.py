"""gunicorn settings of the production recipe (``gunicorn -c python:config.gunicorn``)."""

import gc
import logging

#: After this many requests a worker has compiled the templates, catalogues and URL patterns of
#: the pages people use; they are moved out of the collector's reach then (``settle``).
SETTLE_AFTER_REQUESTS = 200


def settle() -> None:
    """Collect what is garbage now, then move every object that is left – modules, compiled
    templates, translation catalogues, fonts: ~240,000 objects that live as long as the worker –
    out of the garbage collector's reach (``gc.freeze``). Its full collections then walk only what
    requests create instead of all of them: ~100 ms every ~100 requests before, about 1 ms of
    every page (issue 19, measured on the decisions register)."""
    gc.collect()
    gc.freeze()


#: Each worker loads the app, then prints a small PDF before it takes requests (issue 19).
def post_worker_init(worker) -> None:
    from committees.pdf import warm_up

    try:
        seconds = warm_up()
    except Exception:  # a worker that cannot print still serves every other page
        logging.getLogger("dangwei.pdf").exception("PDF warm-up failed in worker %s", worker.pid)
    else:
        logging.getLogger("dangwei.pdf").info("PDF renderer warm in worker %s (%.2f s)", worker.pid, seconds)
    settle()


def post_request(worker, req, environ, resp) -> None:
    """Settles the worker once more when its first ``SETTLE_AFTER_REQUESTS`` requests have loaded
    what pages load lazily (templates are compiled on first use)."""
    worker.dangwei_requests = getattr(worker, "dangwei_requests", 0) + 1
    if worker.dangwei_requests == SETTLE_AFTER_REQUESTS:
        settle()
