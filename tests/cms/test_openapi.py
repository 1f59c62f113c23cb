"""GET /api/schema/ is a valid OpenAPI document describing our JSON APIs."""


def test_schema_is_openapi_with_error_shape(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["schemas"]["Error"]["required"] == ["error"]
    for path, operations in schema["paths"].items():
        assert path.startswith("/"), path
        for method, operation in operations.items():
            assert method in {"get", "post", "put", "patch", "delete", "parameters"}, (path, method)
            if method != "parameters":
                assert "responses" in operation, (path, method)


def test_schema_validates_and_lists_every_json_api(client, db):
    from openapi_spec_validator import validate

    schema = client.get("/api/schema/").json()
    validate(schema)
    for path in [
        "/api/catalogue/search",
        "/api/catalogue/autocomplete",
        "/api/certificates/{serial}",
        "/api/certificates/{serial}/credential",
        "/api/hr/workers",
        "/api/hr/completions",
        "/scorm/attempts/{id}/commit",
    ]:
        assert path in schema["paths"], path
