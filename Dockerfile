# The app image: web (gunicorn) and worker (db_worker) run from it with different commands (compose.yaml).
# Slim Debian base, dependencies in a build stage, runs as an unprivileged user; no secrets baked in.
# BASE_IMAGE: any Debian bookworm with Python 3.11 as `python` (a mirror of the official image, or one made with
# debootstrap: docs/deploy.md "Building the image without Docker Hub").
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt

FROM ${BASE_IMAGE}
# WeasyPrint (certificate PDFs) needs Pango; fonts with Vietnamese glyphs; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
       fonts-noto-core fonts-dejavu-core gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin hoctap
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=hoctap:hoctap . /app
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=cms.settings.production \
    STATIC_ROOT=/app/var/static \
    GUNICORN_BIND=0.0.0.0:8000
# Static files are collected at build time (hashed names, served by WhiteNoise or nginx with long lifetimes).
# collectstatic and compilemessages need settings that start: throwaway values, never used at run time
# (exported: a VAR=value prefix would reach the first command only).
RUN export SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_hex(40))") ALLOWED_HOSTS=build \
       REDIS_URL=redis://unused:6379/0 \
    && python manage.py collectstatic --no-input -v 0 \
    && python manage.py compilemessages -v 0 --ignore=/venv \
    && mkdir -p /app/var && chown -R hoctap:hoctap /app/var
USER hoctap
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "-c", "gunicorn.conf.py", "cms.wsgi:application"]
