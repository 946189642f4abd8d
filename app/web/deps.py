"""Request dependencies: the settings, and a session whose transaction spans the request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.session import session_factory
from app.db.types import MAX_DB_INT


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """Commit when the request succeeds, roll back when it raises."""
    with session_factory(request.app.state.engine)() as session, session.begin():
        yield session


# Commit before the response goes out: a link in the response must already lead somewhere,
# and a failed commit must be reported, not swallowed after the fact.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]

# Ids in paths: positive and within the 32-bit range both databases index, so a huge id is a
# clean 422 instead of a driver overflow.
ResourceId = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
