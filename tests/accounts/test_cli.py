"""``facttrack user``, ``facttrack token`` and the demo accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from app.cli import DEMO_USERS
from app.cli import app as cli
from app.cli_accounts import rematch, token_app, user_app
from app.config import get_settings
from app.db.session import transaction
from app.services import users
from app.services.grouping import members_of, split
from tests.accounts.conftest import World

runner = CliRunner()


def _registered(app: typer.Typer) -> typer.Typer:
    """Add the sub-commands if app.cli does not register them yet."""
    names = {group.name for group in app.registered_groups}
    if "user" not in names:
        app.add_typer(user_app, name="user")
    if "token" not in names:
        app.add_typer(token_app, name="token")
    if "rematch" not in {command.name for command in app.registered_commands}:
        app.command("rematch")(rematch)
    return app


@pytest.fixture
def env(db_url: str, engine: Engine, tmp_path: Path) -> Iterator[dict[str, str]]:
    get_settings.cache_clear()
    yield {"FACTTRACK_DATABASE_URL": db_url, "FACTTRACK_DATA_DIR": str(tmp_path / "data")}
    get_settings.cache_clear()


def run(args: list[str], env: dict[str, str], input: str | None = None) -> tuple[int, str, str]:
    get_settings.cache_clear()
    result = runner.invoke(_registered(cli), args, env=env, input=input)
    return result.exit_code, result.stdout, result.stderr


def test_user_add_and_list(env: dict[str, str], engine: Engine) -> None:
    code, _, err = run(["user", "add", "maria", "--role", "factchecker", "--password",
                        "maria-password"], env)
    assert code == 0, err
    code, _, err = run(["user", "add", "omar", "--role", "editor"], env,
                       input="omar-password\nomar-password\n")
    assert code == 0, err
    code, out, _ = run(["user", "list"], env)
    assert code == 0 and "maria" in out and "factchecker" in out and "omar" in out
    with transaction(engine) as session:
        omar = users.get_user(session, "omar")
        assert omar is not None and users.verify_password(omar, "omar-password")
    code, _, err = run(["user", "add", "maria", "--password", "another-password"], env)
    assert code == 1 and "exists already" in err
    code, _, err = run(["user", "add", "zed", "--role", "emperor", "--password", "x" * 9], env)
    assert code != 0


def test_token_create_prints_the_token_last_and_revoke_ends_it(
    env: dict[str, str], client: TestClient, world: World
) -> None:
    run(["user", "add", "maria", "--role", "factchecker", "--password", "maria-password"], env)
    code, out, err = run(["token", "create", "maria", "--scope", "write"], env)
    assert code == 0, err
    token = out.strip().splitlines()[-1]
    assert token.startswith("ft_")
    body = {"verdict": "verified", "note": "", "evidence_urls": [], "base_version": 1}
    path = f"/api/v1/claims/{world.a}/annotations"
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(path, json=body, headers=headers).status_code == 201
    code, out, _ = run(["token", "list", "maria"], env)
    token_id = next(line.split()[1] for line in out.splitlines() if "maria" in line)
    code, _, err = run(["token", "revoke", token_id], env)
    assert code == 0, err
    body["base_version"] = 2
    assert client.post(path, json=body, headers=headers).status_code == 401
    code, _, err = run(["token", "create", "nobody"], env)
    assert code == 1 and "no user named" in err


def test_demo_creates_the_demo_accounts_and_prints_them(
    env: dict[str, str], engine: Engine
) -> None:
    code, out, err = run(["demo", "--no-serve"], env)
    assert code == 0, err
    printed = out + err
    with transaction(engine) as session:
        for username, role, password in DEMO_USERS:
            assert f"{username} / {password} / {role}" in printed
            user = users.get_user(session, username)
            assert user is not None and user.role == role
            assert users.verify_password(user, password)
    assert run(["demo", "--no-serve"], env)[0] == 0  # safe to run twice


def test_rematch_command_keeps_fixes(env: dict[str, str], engine: Engine, world: World) -> None:
    with transaction(engine) as session:
        user = users.create_user(session, username="fc", password="fc-password",
                                 role="factchecker")
        new = split(session, claim_id=world.a, mention_ids=world.a_members[:1],
                    base_version=1, user=user).claim_id
    code, _, err = run(["rematch"], env)
    assert code == 0, err
    assert "mentions matched again" in err
    with transaction(engine) as session:
        assert members_of(session, new) == world.a_members[:1]
