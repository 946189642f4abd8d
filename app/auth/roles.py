"""What each role may do: one table, read by the checks, the templates and the README."""

from __future__ import annotations

from typing import Literal

from app.services.users import ROLES, Role

Permission = Literal["read", "ingest", "annotate", "regroup", "assign", "admin"]

ROLE_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}

# Each permission names the least role that holds it; every higher role holds it too.
PERMISSIONS: dict[Permission, Role] = {
    "read": "viewer",
    "ingest": "editor",
    "annotate": "factchecker",
    "regroup": "factchecker",  # merge, split, move, detach, pin
    "assign": "factchecker",
    "admin": "admin",  # users, tokens, the audit log
}


def has_role(role: str, least: str) -> bool:
    return ROLE_RANK.get(role, -1) >= ROLE_RANK[least]


def may(role: str | None, permission: Permission) -> bool:
    return role is not None and has_role(role, PERMISSIONS[permission])
