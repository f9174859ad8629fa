# Production-like image of the PMIS: one image, three roles (web, worker, beat) chosen by the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=pmis.settings.production
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm gettext libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -c constraints.txt -e . && npm ci --no-audit --no-fund --omit=dev
COPY . .
# collectstatic needs a key to import the settings; the real one comes from the environment at run time.
RUN DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-0123456789 \
    python manage.py compilemessages --ignore=node_modules -v 0 \
    && DJANGO_SECRET_KEY=build-only-key-build-only-key-build-only-key-0123456789 \
    python manage.py collectstatic --no-input -v 0
RUN useradd --system --home /app pmis && mkdir -p /app/var/media && chown -R pmis /app/var
USER pmis
EXPOSE 8000
CMD ["uvicorn", "pmis.asgi:application", "--host", "0.0.0.0", "--port", "8000", "--lifespan", "off", "--proxy-headers"]
