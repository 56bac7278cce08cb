"""gunicorn settings of the production recipe (``gunicorn -c python:config.gunicorn``)."""

import logging


#: Each worker loads the app, then prints a small PDF before it takes requests (issue 19).
def post_worker_init(worker) -> None:
    from committees.pdf import warm_up

    try:
        seconds = warm_up()
    except Exception:  # a worker that cannot print still serves every other page
        logging.getLogger("dangwei.pdf").exception("PDF warm-up failed in worker %s", worker.pid)
    else:
        logging.getLogger("dangwei.pdf").info("PDF renderer warm in worker %s (%.2f s)", worker.pid, seconds)
