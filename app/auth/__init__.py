"""Who is asking, and may they: sessions, CSRF, API tokens and role checks."""

from app.auth.deps import (
    CurrentPrincipal,
    Ingester,
    OptionalPrincipal,
    Principal,
    ReadAccess,
    require_permission,
    require_role,
)
from app.auth.install import install
from app.auth.roles import PERMISSIONS, ROLE_RANK, Permission, may

__all__ = [
    "PERMISSIONS",
    "ROLE_RANK",
    "CurrentPrincipal",
    "Ingester",
    "OptionalPrincipal",
    "Permission",
    "Principal",
    "ReadAccess",
    "install",
    "may",
    "require_permission",
    "require_role",
]
