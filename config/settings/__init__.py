"""Settings modules: ``local`` (the default of manage.py, wsgi, asgi and Celery: ``make run``),
``production`` (the Docker image), ``test`` (pytest); each starts from ``base``."""
