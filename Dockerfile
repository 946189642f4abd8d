FROM python:3.11-slim
WORKDIR /srv/facttrack
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir --editable .
EXPOSE 8000
# Migrations run at start (the app never creates tables itself).
CMD ["sh", "-c", "facttrack db upgrade && facttrack serve --host 0.0.0.0 --port 8000 --workers 2"]
