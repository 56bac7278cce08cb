# Production image for web, worker and beat (see docker-compose.yml).
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-wqy-microhei gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY config config
COPY committees committees
COPY meetings meetings
COPY supervision supervision
COPY reporting reporting
RUN pip install --no-cache-dir .
COPY . .
# The production settings want their database and broker; these two steps reach neither.
RUN export DATABASE_URL=postgres://build@localhost/build CELERY_BROKER_URL=redis://localhost:6379/0 \
 && python manage.py compilemessages --ignore=.venv -v0 \
 && DJANGO_MANIFEST_STATIC=1 python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app dangwei && mkdir -p /app/var && chown dangwei /app/var
USER dangwei
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
