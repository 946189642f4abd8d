"""A reusable role matrix: every write endpoint and form, under every role.

Subclass ``RoleMatrix`` (forms) or ``JsonRoleMatrix`` (API) with ``cases``; each case is
tried anonymously, with each role's session (browser, CSRF header) and, for the JSON API,
each role's Bearer token. A case
names the least role that may: below it the answer is 403, anonymous 401.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from fastapi.testclient import TestClient

from tests.accounts.conftest import ROLES, Person, World

Payload = Callable[[World], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    least: str  # the least role allowed
    build: Payload
    ok: int  # the status on success
    form: bool = False  # an HTML form (urlencoded) rather than JSON
    anonymous: int = 401  # what a visitor without credentials gets

    def send(self, client: TestClient, world: World, headers: dict[str, str]) -> Any:
        path, body = self.build(world)
        if self.method == "GET":
            return client.get(path, params=body, headers=headers)
        if self.form:
            return client.post(path, data=body, headers=headers)
        return client.post(path, json=body, headers=headers)


def expected(case: Case, role: str | None) -> int:
    if role is None:
        return case.anonymous
    return case.ok if ROLES.index(role) >= ROLES.index(case.least) else 403


class RoleMatrix:
    cases: ClassVar[list[Case]] = []

    @staticmethod
    def _check(case: Case, role: str | None, response: Any) -> None:
        want = expected(case, role)
        assert response.status_code == want, (
            f"{case.name} as {role or 'anonymous'}: {response.status_code} != {want}\n"
            f"{response.text[:500]}"
        )
        if want in (401, 403) and not case.form:
            body = response.json()
            assert body["status"] == want and body["detail"], body

    def test_session(
        self,
        case: Case,
        role: str | None,
        world: World,
        clients: Callable[[], TestClient],
        browser_of: Callable[[str], TestClient],
    ) -> None:
        client = browser_of(role) if role else clients()
        self._check(case, role, case.send(client, world, {}))



class JsonRoleMatrix(RoleMatrix):
    """JSON endpoints: also each role's Bearer token, and a read-only token on writes."""

    def test_token(
        self,
        case: Case,
        role: str | None,
        world: World,
        clients: Callable[[], TestClient],
        people: dict[str, Person],
    ) -> None:
        headers = {"Authorization": f"Bearer {people[role].token}"} if role else {}
        self._check(case, role, case.send(clients(), world, headers))

    def test_read_scope_token_may_not_write(
        self, case: Case, world: World, clients: Callable[[], TestClient],
        people: dict[str, Person],
    ) -> None:
        response = case.send(
            clients(), world, {"Authorization": f"Bearer {people['admin'].read_token}"}
        )
        assert response.status_code == 403
        assert "read" in response.json()["detail"]


def parametrize_matrix(metafunc: pytest.Metafunc) -> None:
    """Call from a test module's ``pytest_generate_tests``: case × role.

    The read-scope token is tried on writes only.
    """
    cls = metafunc.cls
    if cls is None or not issubclass(cls, RoleMatrix) or "case" not in metafunc.fixturenames:
        return
    name = metafunc.function.__name__
    cases = cls.cases
    if name == "test_read_scope_token_may_not_write":
        cases = [c for c in cases if c.method != "GET"]
    if "role" in metafunc.fixturenames:
        pairs = [(c, r) for c in cases for r in (None, *ROLES)]
        metafunc.parametrize(
            ("case", "role"), pairs, ids=[f"{c.name}-{r or 'anonymous'}" for c, r in pairs]
        )
    else:
        metafunc.parametrize("case", cases, ids=[c.name for c in cases])
