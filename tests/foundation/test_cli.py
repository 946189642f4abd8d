"""The ``facttrack`` command line contract (DESIGN.md)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app
from app.config import get_settings
from app.db.models import Article

runner = CliRunner()
MENTION_FIELDS = {
    "text", "start", "end", "sentence", "kind", "value", "low", "high", "date", "qualifier",
    "unit", "subject", "attribution",
}


@pytest.fixture
def cli_env(db_url: str, engine: Engine, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {"FACTTRACK_DATABASE_URL": db_url, "FACTTRACK_DATA_DIR": str(tmp_path / "data")}
    get_settings.cache_clear()
    yield env
    get_settings.cache_clear()


def invoke(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    get_settings.cache_clear()
    result = runner.invoke(app, args, env=env)
    return result.exit_code, result.stdout


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("demo", "serve", "ingest", "extract", "export", "db"):
        assert command in result.stdout


def test_extract_prints_mentions_as_json_and_stores_nothing(
    cli_env: dict[str, str], engine: Engine, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("date 2024-02-01 Workers repaired 18 bridges in March.\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"text": "The ferry carried 240 passengers."}\n'
        '{"text": "Another ferry carried 90 cars."}\n',
        encoding="utf-8",
    )
    code, output = invoke(["extract", str(page), str(feed), "--format", "json"], cli_env)
    assert code == 0
    rows = json.loads(output)
    assert rows, "figures expected"
    assert all(set(row) >= MENTION_FIELDS for row in rows)
    by_file = {row["file"] for row in rows}
    assert by_file == {str(page), str(feed)}
    assert {row["record"] for row in rows if row["file"] == str(feed)} == {0, 1}
    assert all("record" not in row for row in rows if row["file"] == str(page))
    values = {row["value"] for row in rows}
    assert {18, 240, 90} <= values
    with Session(engine) as s:
        assert s.scalar(select(func.count(Article.id))) == 0


def test_extract_published_option_resolves_dates(cli_env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text("The talks began on Oct. 7 and ended after 40 days.\n", encoding="utf-8")
    code, output = invoke(["extract", str(page), "--published", "2024-05-01"], cli_env)
    assert code == 0
    dates = [row["date"] for row in json.loads(output) if row["kind"] == "date"]
    assert dates == ["2023-10-07"]
    code, _ = invoke(["extract", str(page), "--published", "May first"], cli_env)
    assert code == 2


def test_ingest_then_export_in_every_format(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "p.txt"
    page.write_text(
        "Harbour cranes idle\n\nAbout 300 dockers walked out on Monday, the union said.\n"
        "Copyright 2024, Port Courier\n",
        encoding="utf-8",
    )
    code, _ = invoke(["ingest", str(page)], cli_env)
    assert code == 0
    code, output = invoke(["export", "claims", "--format", "json"], cli_env)
    assert code == 0
    claims = json.loads(output)
    assert claims and {"id", "label", "kind", "unit", "status", "verdict", "low", "high",
                       "sources", "mentions"} <= set(claims[0])
    mention = claims[0]["mentions"][0]
    assert MENTION_FIELDS | {"id", "article"} <= set(mention)
    assert mention["article"]["source"] == "Port Courier"

    code, output = invoke(["export", "mentions", "--format", "jsonl"], cli_env)
    assert code == 0
    lines = [json.loads(line) for line in output.splitlines()]
    assert lines and all(set(line) >= MENTION_FIELDS for line in lines)

    out_file = tmp_path / "claims.csv"
    code, _ = invoke(["export", "claims", "--format", "csv", "-o", str(out_file)], cli_env)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(c["mentions"]) for c in claims)
    assert rows[0]["article_source"] == "Port Courier"

    code, output = invoke(["export", "articles", "--format", "json"], cli_env)
    assert code == 0
    assert json.loads(output)[0]["title"] == "Harbour cranes idle"


def test_ingest_exit_code_is_non_zero_when_anything_failed(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Around 70 volunteers helped.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 with 3 broken bytes \xfa")
    code, _ = invoke(["ingest", str(good), str(bad)], cli_env)
    assert code == 1
    code, _ = invoke(["ingest", str(good)], cli_env)
    assert code == 0
