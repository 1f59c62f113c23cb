"""The catalogue search API's part of the OpenAPI schema served at /api/schema/."""

_ERROR = {
    "description": "Bad input",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_FILTERS = [
    {"name": "q", "in": "query", "schema": {"type": "string"}, "description": "Words, with or without diacritics."},
    *[
        {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}
        for name, description in (
            ("learning_area", "politics_law, vocational, life_skills, digital, foreign_language or general"),
            ("level", "beginner, intermediate or advanced"),
            ("provider", "a provider's slug"),
            ("language", "vi, en, ..."),
        )
    ],
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {
        "name": "literal",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Search the words as typed: no telex/VNI decoding, abbreviations or synonyms.",
    },
]
_FACET_VALUE = {
    "type": "object",
    "required": ["key", "label", "count"],
    "properties": {"key": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"}},
}

SCHEMA = {
    "paths": {
        "/api/catalogue/search": {
            "get": {
                "tags": ["Catalogue"],
                "summary": "Search the course catalogue (accent- and typo-tolerant) with facet counts",
                "operationId": "catalogue_search",
                "parameters": _FILTERS,
                "responses": {
                    "200": {
                        "description": "One page of results and the facet counts",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CatalogueResults"}}},
                    },
                    "400": _ERROR,
                },
            }
        },
        "/api/catalogue/autocomplete": {
            "get": {
                "tags": ["Catalogue"],
                "summary": "Course title suggestions while typing",
                "operationId": "catalogue_autocomplete",
                "parameters": [{"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "Suggestions, best first",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["suggestions"],
                                    "properties": {
                                        "suggestions": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "properties": {
                                                    "id": {"type": "integer"},
                                                    "title": {"type": "string"},
                                                    "url": {"type": "string"},
                                                },
                                            },
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "400": _ERROR,
                },
            }
        },
    },
    "components": {
        "schemas": {
            "CatalogueResults": {
                "type": "object",
                "required": ["count", "results", "facets"],
                "properties": {
                    "count": {"type": "integer"},
                    "understood": {
                        "type": ["string", "null"],
                        "description": "What the query was understood as (telex/VNI decoded, abbreviations and "
                        "synonyms expanded), when that differs from what was typed",
                    },
                    "page": {"type": "integer"},
                    "num_pages": {"type": "integer"},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "id",
                                "title",
                                "url",
                                "summary",
                                "learning_area",
                                "level",
                                "provider",
                                "duration_hours",
                            ],
                            "properties": {
                                "id": {"type": "integer"},
                                "title": {"type": "string"},
                                "url": {"type": "string"},
                                "summary": {"type": "string"},
                                "learning_area": {"type": "string"},
                                "level": {"type": ["string", "null"]},
                                "provider": {"type": ["string", "null"]},
                                "duration_hours": {"type": ["number", "null"]},
                                "kind": {"type": "string", "enum": ["course", "resource"]},
                                "language": {"type": "string"},
                            },
                        },
                    },
                    "facets": {
                        "type": "object",
                        "properties": {
                            name: {"type": "array", "items": _FACET_VALUE}
                            for name in ("learning_area", "level", "provider")
                        },
                    },
                },
            }
        }
    },
}
