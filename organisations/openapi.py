"""The HR API's part of the OpenAPI 3.1 schema served at /api/schema/ (the lead merges the fragments)."""

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_AUTH = {"401": {**_ERROR, "description": "Missing, invalid or revoked token"}}
_PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}},
]


def _list(item):
    return {
        "type": "object",
        "required": ["count", "results"],
        "properties": {"count": {"type": "integer"}, "results": {"type": "array", "items": {"$ref": item}}},
    }


def _review(action, description):
    return {
        "post": {
            "tags": ["HR"],
            "summary": description,
            "operationId": f"hr_completion_{action}",
            "security": [{"HRToken": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "requestBody": {
                "required": action == "reject",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {"comment": {"type": "string", "maxLength": 2000}},
                            **({"required": ["comment"]} if action == "reject" else {}),
                        }
                    }
                },
            },
            "responses": {
                "200": {
                    "description": "The completion with its review",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HRCompletion"}}},
                },
                "400": _ERROR,
                **_AUTH,
                "403": {**_ERROR, "description": "The token may only read"},
                "404": {**_ERROR, "description": "Not a completion of this organisation's workers"},
            },
        }
    }


SCHEMA = {
    "paths": {
        "/api/hr/workers": {
            "get": {
                "tags": ["HR"],
                "summary": "Workers of the token's organisation (and the organisations below it)",
                "operationId": "hr_workers",
                "security": [{"HRToken": []}],
                "parameters": [
                    {"name": "status", "in": "query", "schema": {"enum": ["current", "former", "all"]}},
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    *_PAGING,
                ],
                "responses": {
                    "200": {
                        "description": "A page of workers",
                        "content": {"application/json": {"schema": _list("#/components/schemas/HRWorker")}},
                    },
                    "400": _ERROR,
                    **_AUTH,
                },
            }
        },
        "/api/hr/completions": {
            "get": {
                "tags": ["HR"],
                "summary": "Completions recorded while the learner worked at the organisation, newest first",
                "operationId": "hr_completions",
                "security": [{"HRToken": []}],
                "parameters": [
                    {"name": "status", "in": "query", "schema": {"enum": ["pending", "confirmed", "rejected"]}},
                    {"name": "learning_area", "in": "query", "schema": {"type": "string"}},
                    {"name": "since", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "until", "in": "query", "schema": {"type": "string", "format": "date"}},
                    *_PAGING,
                ],
                "responses": {
                    "200": {
                        "description": "A page of completions",
                        "content": {"application/json": {"schema": _list("#/components/schemas/HRCompletion")}},
                    },
                    "400": _ERROR,
                    **_AUTH,
                },
            }
        },
        "/api/hr/completions/{id}/confirm": _review("confirm", "Confirm a completion"),
        "/api/hr/completions/{id}/reject": _review("reject", "Reject a completion (a comment is required)"),
        "/api/hr/certificates": {
            "get": {
                "tags": ["HR"],
                "summary": "Certificates the workers earned while working in the organisation's subtree",
                "operationId": "hr_certificates",
                "security": [{"HRToken": []}],
                "parameters": _PAGING,
                "responses": {
                    "200": {
                        "description": "A page of certificates",
                        "content": {"application/json": {"schema": _list("#/components/schemas/HRCertificate")}},
                    },
                    "400": _ERROR,
                    **_AUTH,
                    "404": {**_ERROR, "description": "Certificates are not available yet"},
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "HRToken": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "An organisation's API token, sent as `Authorization: Token <key>`.",
            }
        },
        "schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            "HRWorker": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "full_name": {"type": "string"},
                    "phone": {"type": ["string", "null"]},
                    "email": {"type": ["string", "null"]},
                    "date_of_birth": {"type": ["string", "null"], "format": "date"},
                    "employee_number": {"type": "string"},
                    "organisation": {
                        "type": "object",
                        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                    },
                    "start_date": {"type": "string", "format": "date"},
                    "end_date": {"type": ["string", "null"], "format": "date"},
                    "union_member": {"type": "boolean"},
                },
            },
            "HRCompletion": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "worker": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "full_name": {"type": "string"},
                            "phone": {"type": ["string", "null"]},
                        },
                    },
                    "course": {"type": "string"},
                    "course_id": {"type": ["integer", "null"]},
                    "provider": {"type": "string"},
                    "learning_area": {"type": "string"},
                    "hours": {"type": "number"},
                    "score": {"type": ["number", "null"]},
                    "completed_on": {"type": "string", "format": "date"},
                    "source": {"enum": ["online", "scorm", "quiz", "attendance", "imported", "hr_confirmed"]},
                    "review": {
                        "type": "object",
                        "properties": {
                            "status": {"enum": ["pending", "confirmed", "rejected"]},
                            "comment": {"type": "string"},
                            "reviewed_at": {"type": ["string", "null"], "format": "date-time"},
                        },
                    },
                },
            },
            "HRCertificate": {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "serial": {"type": ["string", "null"]}},
                "additionalProperties": True,
            },
        },
    },
}
