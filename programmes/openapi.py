"""The assigned-learning part of the HR API in the OpenAPI 3.1 schema at /api/schema/."""

from organisations.openapi import _AUTH, _ERROR, _PAGING, _list

from .status import STATUSES

_DATE = {"type": ["string", "null"], "format": "date"}
_NAMED = {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}


SCHEMA = {
    "paths": {
        "/api/hr/assignments": {
            "get": {
                "tags": ["HR"],
                "summary": "Learning assigned in the token's organisation (or from above to its workers), with the "
                "number of its workers in each status today",
                "operationId": "hr_assignments",
                "security": [{"HRToken": []}],
                "parameters": _PAGING,
                "responses": {
                    "200": {
                        "description": "A page of assignments",
                        "content": {"application/json": {"schema": _list("#/components/schemas/HRAssignment")}},
                    },
                    "400": _ERROR,
                    **_AUTH,
                },
            }
        },
        "/api/hr/assignments/{id}/workers": {
            "get": {
                "tags": ["HR"],
                "summary": "The assignment's workers in the token's organisation, each with its status today",
                "operationId": "hr_assignment_workers",
                "security": [{"HRToken": []}],
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "status", "in": "query", "schema": {"enum": list(STATUSES)}},
                    *_PAGING,
                ],
                "responses": {
                    "200": {
                        "description": "A page of assigned workers",
                        "content": {"application/json": {"schema": _list("#/components/schemas/HRAssignedWorker")}},
                    },
                    "400": _ERROR,
                    **_AUTH,
                    "404": {**_ERROR, "description": "Not an assignment this organisation sees"},
                },
            }
        },
    },
    "components": {
        "schemas": {
            "HRAssignment": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "kind": {"enum": ["course", "programme"]},
                    "course_id": {"type": ["integer", "null"]},
                    "programme_id": {"type": ["integer", "null"]},
                    "organisation": _NAMED,
                    "due_on": {"type": "string", "format": "date"},
                    "valid_months": {"type": ["integer", "null"]},
                    "renew_days": {"type": "integer"},
                    "mandatory": {"type": "boolean"},
                    "audience": {"enum": ["workers", "unit", "list", "everyone"]},
                    "new_worker_days": {"type": ["integer", "null"]},
                    "created_at": {"type": "string", "format": "date-time"},
                    "counts": {
                        "type": "object",
                        "properties": {name: {"type": "integer"} for name in ("total", *STATUSES)},
                    },
                },
            },
            "HRAssignedWorker": {
                "type": "object",
                "properties": {
                    "worker": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "full_name": {"type": "string"},
                            "phone": {"type": ["string", "null"]},
                        },
                    },
                    "organisation": _NAMED,
                    "due_on": {"type": "string", "format": "date", "description": "The current cycle's due date"},
                    "completed_on": _DATE,
                    "valid_until": _DATE,
                    "renew_from": _DATE,
                    "cycle": {"type": "integer"},
                    "status": {"enum": list(STATUSES)},
                },
            },
        }
    },
}
