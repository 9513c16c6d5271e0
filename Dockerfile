# KOMBIT Programlederportal: one image for web (gunicorn), worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    VAR_DIR=/var/lib/kombitportal \
    STATIC_ROOT=/app/staticfiles

# weasyprint needs Pango and fonts; gettext is not needed at run time (catalogues are compiled).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --system --uid 10001 --home /app portal \
    && mkdir -p /var/lib/kombitportal && chown portal /var/lib/kombitportal

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

USER portal
VOLUME ["/var/lib/kombitportal"]
EXPOSE 8000
CMD ["gunicorn", "kombitportal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
