"""Every write endpoint and form under each role (401 anonymous, 403 below the role)."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from tests.accounts.conftest import World
from tests.accounts.roles import Case, JsonRoleMatrix, RoleMatrix, parametrize_matrix


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_matrix(metafunc)


def _v(w: World, claim: int) -> int:
    return w.versions[claim]


def _annotation(w: World) -> tuple[str, dict[str, Any]]:
    body = {"verdict": "disputed", "note": "n", "evidence_urls": [], "base_version": _v(w, w.a)}
    return f"/api/v1/claims/{w.a}/annotations", body


class TestApiWrites(JsonRoleMatrix):
    cases: ClassVar[list[Case]] = [
        Case("annotate", "POST", "factchecker", _annotation, 201),
        Case("merge", "POST", "factchecker", lambda w: (
            f"/api/v1/claims/{w.a}/merge", {"other_claim_id": w.b, "base_version": _v(w, w.a)}
        ), 200),
        Case("split", "POST", "factchecker", lambda w: (
            f"/api/v1/claims/{w.a}/split",
            {"mention_ids": w.a_members[:1], "base_version": _v(w, w.a)},
        ), 201),
        Case("move", "POST", "factchecker", lambda w: (
            f"/api/v1/mentions/{w.a_members[0]}/move",
            {"target_claim_id": w.b, "base_version": _v(w, w.a)},
        ), 200),
        Case("detach", "POST", "factchecker", lambda w: (
            f"/api/v1/mentions/{w.a_members[0]}/detach", {"base_version": _v(w, w.a)}
        ), 200),
        Case("pin", "POST", "factchecker", lambda w: (
            f"/api/v1/claims/{w.a}/pin", {"pinned": True, "base_version": _v(w, w.a)}
        ), 200),
        Case("assign", "POST", "factchecker", lambda w: (
            f"/api/v1/claims/{w.a}/assign", {"assignee": "me"}
        ), 200),
        Case("audit", "GET", "admin", lambda w: ("/api/v1/audit", {}), 200),
    ]


class TestForms(RoleMatrix):
    """The claim page's htmx forms, posted as a browser without JavaScript would."""

    cases: ClassVar[list[Case]] = [
        Case("annotate", "POST", "factchecker", lambda w: (
            f"/claims/{w.a}/annotate",
            {"verdict": "false", "note": "n", "base_version": _v(w, w.a)},
        ), 303, form=True),
        Case("merge", "POST", "factchecker", lambda w: (
            f"/claims/{w.a}/merge", {"other_claim_id": w.b, "base_version": _v(w, w.a)}
        ), 303, form=True),
        Case("split", "POST", "factchecker", lambda w: (
            f"/claims/{w.a}/split",
            {"mention_ids": w.a_members[:1], "base_version": _v(w, w.a)},
        ), 303, form=True),
        Case("move", "POST", "factchecker", lambda w: (
            f"/claims/{w.a}/move",
            {"mention_id": w.a_members[0], "target_claim_id": w.b, "base_version": _v(w, w.a)},
        ), 303, form=True),
        Case("detach", "POST", "factchecker", lambda w: (
            f"/claims/{w.a}/detach",
            {"mention_id": w.a_members[0], "base_version": _v(w, w.a)},
        ), 303, form=True),
        Case("pin", "POST", "factchecker", lambda w: (
            f"/claims/{w.a}/pin", {"pinned": "true", "base_version": _v(w, w.a)}
        ), 303, form=True),
        Case("assign", "POST", "factchecker", lambda w: (
            f"/review/{w.a}/assign", {"assignee": "me"}
        ), 303, form=True),
        Case("audit-page", "GET", "admin", lambda w: ("/audit", {}), 200, form=True,
             anonymous=303),
    ]
