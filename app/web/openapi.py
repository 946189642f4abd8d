"""The OpenAPI document: every API error is documented as RFC 9457 problem details."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not Found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string", "example": "No claim with id 42."},
    },
    "additionalProperties": True,
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_PROBLEM_CONTENT = {"application/problem+json": {"schema": _PROBLEM_REF}}
_ALWAYS = {
    "401": "Credentials missing or invalid",
    "403": "Credentials lack the role or scope for this",
    "422": "Invalid parameters or body",
    "500": "Unexpected error; nothing was changed",
    "503": "Database busy (SQLite allows one writer at a time); nothing was changed",
}
_WRITES = {
    "409": "Based on an outdated version: someone else changed it first",
    "413": "Body over the size limit",
    "415": "Body is not JSON",
}


def install(app: FastAPI) -> None:
    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            routes=app.routes,
        )
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        for path, operations in schema.get("paths", {}).items():
            if not path.startswith("/api"):
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                documented = dict(_ALWAYS)
                if "{" in path:
                    documented["404"] = "No such resource"
                if operation is not operations.get("get"):
                    documented.update(_WRITES)
                for status, description in documented.items():
                    responses.setdefault(status, {"description": description})
                for status, response in responses.items():
                    if status.startswith(("4", "5")):
                        response["content"] = _PROBLEM_CONTENT
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
