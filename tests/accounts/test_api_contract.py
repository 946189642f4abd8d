"""Property-based fuzzing of this package's endpoints, signed in as an admin: no server
error, every response as documented (same checks as tests/api/test_openapi_fuzz.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from tests.accounts.conftest import Person, World

MINE = (
    r"^/api/v1/(claims/\{claim_id\}/(annotations|history|merge|split|pin|assign)"
    r"|mentions/|annotations|audit|review)"
)


@pytest.fixture
def api_schema(app: FastAPI, people: dict[str, Person], world: World) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app).include(path_regex=MINE)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_fact_checking_api_keeps_its_contract(case: Any, people: dict[str, Person]) -> None:
    if not re.match(MINE, case.operation.path):
        return  # operations schemathesis reaches by following links belong to other tests
    case.call_and_validate(
        headers={"Authorization": f"Bearer {people['admin'].token}"},
        excluded_checks=[negative_data_rejection, positive_data_acceptance],
    )
