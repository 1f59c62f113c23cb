"""The SCORM runtime API's part of the OpenAPI schema served at /api/schema/."""

_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

SCHEMA = {
    "paths": {
        "/scorm/attempts/{id}/commit": {
            "post": {
                "tags": ["SCORM"],
                "summary": "Commit what changed in an attempt's CMI state (one request per Commit/Terminate)",
                "description": "Sent by the run-time page on the content origin with the commit token its launch "
                "returned (signed for one attempt and session; no cookie, no CSRF). Every element is validated "
                "against the package's SCORM version and merged into the stored state; sequences count per "
                "session; the session time is capped by the time since the launch.",
                "operationId": "scorm_commit",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["token", "sequence", "cmi"],
                                "properties": {
                                    "token": {"type": "string", "maxLength": 512},
                                    "sequence": {"type": "integer", "minimum": 1, "maximum": 2147483648},
                                    "cmi": {"type": "object", "additionalProperties": True},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "Stored; the attempt's status, score and sequence"},
                    "400": {**_ERROR, "description": "Invalid JSON, element, value or a read-only element"},
                    "403": {**_ERROR, "description": "Missing, forged or expired commit token"},
                    "404": {**_ERROR, "description": "The token is for another attempt, or no such attempt"},
                    "409": {**_ERROR, "description": "This session already stored this sequence: nothing changed"},
                    "413": {**_ERROR, "description": "The body is too large"},
                },
            }
        }
    }
}
