"""``facttrack user ...`` and ``facttrack token ...``: accounts from the command line."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (sent as 'Authorization: Bearer <token>').",
                        no_args_is_help=True)
err = Console(stderr=True)
out = Console()


class RoleChoice(StrEnum):
    viewer = "viewer"
    editor = "editor"
    factchecker = "factchecker"
    admin = "admin"


class ScopeChoice(StrEnum):
    read = "read"
    write = "write"


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]{message}[/red]")
    return typer.Exit(1)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[RoleChoice, typer.Option(help="What the user may do.")] = RoleChoice.viewer,
    password: Annotated[
        str | None, typer.Option(help="Password (at least 8 characters); asked when absent.")
    ] = None,
) -> None:
    """Create a user."""
    from app.db.migrate import upgrade
    from app.db.session import transaction
    from app.services.users import UserError, create_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    upgrade()
    try:
        with transaction() as session:
            create_user(session, username=name, password=password, role=role.value)
    except UserError as error:
        raise _fail(str(error)) from error
    err.print(f"[green]created {name} ({role.value})[/green]")


@user_app.command("list")
def user_list() -> None:
    """List users with their roles."""
    from app.db.migrate import upgrade
    from app.db.session import transaction
    from app.services.users import list_users

    upgrade()
    table = Table()
    for column in ("user", "role", "active", "created"):
        table.add_column(column)
    with transaction() as session:
        for user in list_users(session):
            table.add_row(
                user.username, user.role, "yes" if user.is_active else "no",
                user.created_at.strftime("%Y-%m-%d %H:%M"),
            )
    out.print(table)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    scope: Annotated[ScopeChoice, typer.Option(help="read, or write too.")] = ScopeChoice.read,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
) -> None:
    """Create an API token; it is printed once, on the last line."""
    from app.db.migrate import upgrade
    from app.db.session import transaction
    from app.services.tokens import create_token
    from app.services.users import UserError, get_user

    upgrade()
    try:
        with transaction() as session:
            user = get_user(session, name)
            if user is None:
                raise UserError(f"no user named {name!r}")
            token, plain = create_token(
                session, user=user, name=label or f"{name}-{scope.value}", scope=scope.value
            )
            token_id = token.id
    except UserError as error:
        raise _fail(str(error)) from error
    err.print(f"token {token_id} for {name} (scope {scope.value}); it is not shown again:")
    typer.echo(plain)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Token id (see token list).")],
) -> None:
    """Revoke a token: requests carrying it get 401 from now on."""
    from app.db.migrate import upgrade
    from app.db.session import transaction
    from app.services.tokens import revoke_token
    from app.services.users import UserError

    upgrade()
    try:
        with transaction() as session:
            revoke_token(session, token_id=token_id)
    except UserError as error:
        raise _fail(str(error)) from error
    err.print(f"[green]token {token_id} revoked[/green]")


@token_app.command("list")
def token_list(
    name: Annotated[str | None, typer.Argument(help="Only this user's tokens.")] = None,
) -> None:
    """List tokens (never their values)."""
    from app.db.migrate import upgrade
    from app.db.session import transaction
    from app.services.tokens import list_tokens

    upgrade()
    table = Table()
    for column in ("id", "user", "name", "scope", "created", "last used", "revoked"):
        table.add_column(column)
    with transaction() as session:
        for token, username in list_tokens(session, username=name):
            table.add_row(
                str(token.id), username, token.name, token.scope,
                token.created_at.strftime("%Y-%m-%d %H:%M"),
                token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "—",
                token.revoked_at.strftime("%Y-%m-%d %H:%M") if token.revoked_at else "—",
            )
    out.print(table)


def rematch() -> None:
    """Re-run automatic matching over every mention; people's fixes stand."""
    from app.db.migrate import upgrade
    from app.db.session import transaction
    from app.services.grouping import rematch_all

    upgrade()
    with transaction() as session:
        summary = rematch_all(session)
    err.print(
        f"{summary.topics} article topics read again; "
        f"{summary.mentions} mentions matched again: {summary.moved} changed claim; "
        f"claims {summary.claims_before} -> {summary.claims_after}"
    )
