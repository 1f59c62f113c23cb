"""The SCORM runtime API's part of the OpenAPI schema served at /api/schema/."""

_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

SCHEMA = {
    "paths": {
        "/scorm/attempts/{id}/commit": {
            "post": {
                "tags": ["SCORM"],
                "summary": "Commit the CMI state of the learner's own attempt (one request per Commit/Terminate)",
                "description": "Session cookie and CSRF token required. Every element is validated against the "
                "package's SCORM version; a commit whose sequence is not above the stored one is refused.",
                "operationId": "scorm_commit",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["sequence", "cmi"],
                                "properties": {
                                    "sequence": {"type": "integer", "minimum": 1},
                                    "session": {"type": "string"},
                                    "cmi": {"type": "object", "additionalProperties": True},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "Stored; the attempt's status, score and sequence"},
                    "400": {**_ERROR, "description": "Invalid JSON, element, value or a read-only element"},
                    "403": {**_ERROR, "description": "Not logged in or no CSRF token"},
                    "404": {**_ERROR, "description": "No such attempt of this learner"},
                    "409": {**_ERROR, "description": "Stale or replayed commit: nothing changed"},
                },
            }
        }
    }
}
