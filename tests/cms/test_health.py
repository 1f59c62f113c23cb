def test_healthz_reports_database_and_search(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["search"] in {"ok", "disabled"}
