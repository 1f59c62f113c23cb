"""OpenAPI 3.1 fragment for the public certificates API; the lead merges it into /api/schema/."""

_ERROR = {"$ref": "#/components/schemas/Error"}
_SERIAL = {
    "name": "serial",
    "in": "path",
    "required": True,
    "description": "The certificate's serial, e.g. K7Q2M-XW9PD-HC4TN (case, spaces and hyphens are forgiven).",
    "schema": {"type": "string", "examples": ["K7Q2M-XW9PD-HC4TN"]},
}


def _errors():
    return {
        "404": {
            "description": "No certificate has this serial (unknown or mistyped; nothing else is revealed).",
            "content": {"application/json": {"schema": _ERROR}},
        },
        "429": {
            "description": "Too many requests from this address; try again in a minute.",
            "content": {"application/json": {"schema": _ERROR}},
        },
    }


SCHEMA = {
    "paths": {
        "/api/certificates/{serial}": {
            "get": {
                "operationId": "certificates_verify",
                "summary": "Verify a certificate",
                "description": "The public facts of a certificate: status, holder's name as printed, course, hours.",
                "tags": ["certificates"],
                "parameters": [_SERIAL],
                "responses": {
                    "200": {
                        "description": "The certificate exists.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CertificateRecord"}}},
                    },
                    **_errors(),
                },
            }
        },
        "/api/certificates/{serial}/credential": {
            "get": {
                "operationId": "certificates_credential",
                "summary": "The signed verifiable credential",
                "description": (
                    "The certificate as an Open Badges 3.0 OpenBadgeCredential (W3C Verifiable Credentials 2.0), "
                    "secured with a Data Integrity proof (eddsa-rdfc-2022); revocation is published in a "
                    "Bitstring Status List named by credentialStatus. Send `Accept: application/vc+ld+json` to get "
                    "that media type."
                ),
                "tags": ["certificates"],
                "parameters": [_SERIAL],
                "responses": {
                    "200": {
                        "description": "The signed credential.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/VerifiableCredential"}},
                            "application/vc+ld+json": {"schema": {"$ref": "#/components/schemas/VerifiableCredential"}},
                        },
                    },
                    **_errors(),
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}},
                "additionalProperties": False,
            },
            "CertificateRecord": {
                "type": "object",
                "required": ["serial", "status", "holder", "course", "learning_area", "hours", "issued_on", "issuer"],
                "properties": {
                    "serial": {"type": "string"},
                    "status": {"type": "string", "enum": ["valid", "revoked"]},
                    "holder": {"type": "string", "description": "The holder's name as printed on the certificate."},
                    "course": {"type": "string", "description": "The course, or for a title the title's name."},
                    "learning_area": {"type": "string", "description": "Empty for a title."},
                    "hours": {"type": ["number", "null"], "description": "Learning hours; null for a title."},
                    "issued_on": {"type": "string", "format": "date"},
                    "issuer": {"type": "string", "description": "For a title, who recognised it."},
                },
                "additionalProperties": False,
            },
            "VerifiableCredential": {
                "type": "object",
                "required": ["@context", "type", "issuer", "credentialSubject", "proof"],
                "properties": {
                    "@context": {"type": "array", "items": {"type": ["string", "object"]}},
                    "id": {"type": "string", "format": "uri"},
                    "type": {"type": "array", "items": {"type": "string"}},
                    "issuer": {"type": ["string", "object"]},
                    "validFrom": {"type": "string", "format": "date-time"},
                    "credentialSubject": {"type": "object"},
                    "credentialStatus": {"type": "object"},
                    "proof": {"type": "object"},
                },
            },
        }
    },
}


def get_schema():
    """The fragment: {"paths": ..., "components": ...} (a deep copy, safe to merge into)."""
    import copy

    return copy.deepcopy(SCHEMA)
