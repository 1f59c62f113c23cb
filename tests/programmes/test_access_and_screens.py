"""The trust boundary and the HR / union screens: a second organisation's HR neither sees nor assigns the first's
workers; lists, per-workplace figures and exports; the worker's My learning shows assigned learning first."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from organisations.models import ApiToken, OrganisationRole
from organisations.services import create_api_token
from programmes import assignments
from programmes.models import Assignee, Assignment


@pytest.fixture
def world(tree, courses, make_worker, hr_of):
    hr1, hr3 = hr_of(tree["G1"]), hr_of(tree["G3"])
    w1 = [make_worker(tree["G1"], full_name=f"Thợ may {n}") for n in range(3)]
    w1.append(make_worker(tree["G1"], full_name='=HYPERLINK("http://evil.example","x")'))
    w3 = [make_worker(tree["G3"], full_name="Thợ xi măng")]
    assignment = assignments.assign(
        hr1, tree["G1"], target=courses[0], due_on=date.today() + timedelta(days=10), audience=Assignment.EVERYONE
    )
    return {"hr1": hr1, "hr3": hr3, "w1": w1, "w3": w3, "assignment": assignment, **tree}


def test_second_organisation_hr_cannot_see_or_assign_the_firsts_workers(world, courses, client):
    hr3, assignment = world["hr3"], world["assignment"]
    # Assigning: the other organisation itself is refused, and its workers are "not found" among one's own.
    with pytest.raises(PermissionDenied):
        assignments.assign(hr3, world["G1"], target=courses[0], due_on=date.today(), audience="everyone")
    with pytest.raises(ValidationError) as error:
        assignments.assign(
            hr3, world["G3"], target=courses[0], due_on=date.today(), audience="workers", logins=[world["w1"][0].email]
        )
    assert world["w1"][0].email in str(error.value)
    with pytest.raises(ValidationError):
        assignments.assign(hr3, world["G3"], target=courses[0], due_on=date.today(), audience="unit", unit=world["G1"])
    assert Assignment.objects.count() == 1 and Assignee.objects.count() == 4
    # Seeing: not through its own organisation, not through the first's pages, not in any list.
    assert assignments.get_assignment(hr3, world["G3"], assignment.pk) is None
    assert assignments.summary(assignments.assignees_visible_to(hr3, world["G1"]))["total"] == 0
    assert not assignments.late_list(world["P"], date.today() + timedelta(days=30), actor=hr3)
    client.force_login(hr3)
    g1, g3 = world["G1"].pk, world["G3"].pk
    for url in (
        f"/hr/{g1}/assignments/",
        f"/hr/{g1}/assignments/{assignment.pk}/",
        f"/hr/{g1}/assignments/new/",
        f"/hr/{g1}/assignments/late/",
        f"/hr/{g1}/assignments/{assignment.pk}/export.csv",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/hr/{g3}/assignments/{assignment.pk}/").status_code == 404
    assert client.get(f"/hr/{g3}/assignments/{assignment.pk}/export.csv").status_code == 404
    listing = client.get(f"/hr/{g3}/assignments/").content.decode()
    assert assignment.title not in listing and "Thợ may" not in listing
    response = client.post(
        f"/hr/{g3}/assignments/new/",
        {
            "target": courses[0].pk,
            "due_on": date.today().isoformat(),
            "audience": "workers",
            "logins": world["w1"][1].email,
        },
    )
    assert response.status_code == 200 and "Not among your current workers" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_a_union_officer_above_sees_the_enterprises_assignment(world):
    from organisations.services import grant_role
    from tests.factories import UserFactory

    officer = UserFactory()
    grant_role(officer, world["P"], OrganisationRole.UNION_OFFICER)
    assert assignments.get_assignment(officer, world["P"], world["assignment"].pk) is not None
    assert assignments.summary(assignments.assignees_visible_to(officer, world["P"]))["total"] == 4


def test_hr_screens_and_exports(world, client, courses):
    client.force_login(world["hr1"])
    g1, assignment = world["G1"].pk, world["assignment"]
    listing = client.get(f"/hr/{g1}/assignments/").content.decode()
    assert assignment.title in listing and 'data-count="pending">4<' in listing
    detail = client.get(f"/hr/{g1}/assignments/{assignment.pk}/?status=pending").content.decode()
    assert detail.count('data-status="pending"') == 4
    assert client.get(f"/hr/{g1}/assignments/{assignment.pk}/?status=bogus&page=x").status_code == 200
    assert client.get(f"/hr/{g1}/assignments/late/").status_code == 200
    csv_text = b"".join(client.get(f"/hr/{g1}/assignments/{assignment.pk}/export.csv").streaming_content).decode()
    assert "Thợ may 0" in csv_text and "'=HYPERLINK" in csv_text and "Not yet due" in csv_text
    xlsx = client.get(f"/hr/{g1}/assignments/{assignment.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
    assert sheet.max_row == 5 and sheet["A1"].value == "Full name"
    assert client.get(f"/hr/{g1}/assignments/{assignment.pk}/export.pdf").status_code == 404


def test_the_assignment_form(world, client, courses):
    client.force_login(world["hr1"])
    g1 = world["G1"].pk
    assert client.get(f"/hr/{g1}/assignments/new/?target={courses[1].pk}").status_code == 200
    bad = client.post(
        f"/hr/{g1}/assignments/new/", {"target": "khong-co", "due_on": "2020-01-01", "audience": "everyone"}
    )
    assert bad.status_code == 200 and "No published course or programme" in bad.content.decode()
    no_file = client.post(
        f"/hr/{g1}/assignments/new/", {"target": courses[1].pk, "due_on": date.today().isoformat(), "audience": "list"}
    )
    assert "Upload the list of workers." in no_file.content.decode()
    assert Assignment.objects.count() == 1
    upload = io.BytesIO(f"learner\n{world['w1'][0].email}\n".encode())
    upload.name = "list.csv"
    response = client.post(
        f"/hr/{g1}/assignments/new/",
        {
            "target": courses[1].url,
            "due_on": date.today().isoformat(),
            "audience": "list",
            "file": upload,
            "valid_months": "24",
            "renew_days": "60",
            "mandatory": "on",
        },
    )
    created = Assignment.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == f"/hr/{g1}/assignments/{created.pk}/"
    assert (created.learner_count, created.valid_months, created.renew_days) == (1, 24, 60)


def test_my_learning_shows_assigned_learning_first(world, client):
    worker = world["w1"][0]
    client.force_login(worker)
    page = client.get("/my-learning/").content.decode()
    assert "data-assigned" in page and world["assignment"].title in page
    assert page.index("data-assigned") < page.index('id="hours"')
    due = (date.today() + timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"Due on {due}" in page
    client.force_login(world["w3"][0])
    assert "data-assigned" not in client.get("/my-learning/").content.decode()


def test_hr_api_exposes_assignments_and_their_status(world, client):
    _token, key = create_api_token(world["G1"], "HRM", scope=ApiToken.READ)
    _other, other_key = create_api_token(world["G3"], "HRM", scope=ApiToken.READ)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assignment = world["assignment"]
    body = client.get("/api/hr/assignments", **auth).json()
    assert body["count"] == 1 and body["results"][0]["counts"] == {
        "total": 4,
        "late": 0,
        "expiring": 0,
        "pending": 4,
        "on_time": 0,
        "completed_late": 0,
    }
    workers = client.get(f"/api/hr/assignments/{assignment.pk}/workers?status=pending", **auth).json()
    assert workers["count"] == 4 and {row["status"] for row in workers["results"]} == {"pending"}
    assert client.get(f"/api/hr/assignments/{assignment.pk}/workers?status=x", **auth).status_code == 400
    assert client.get(f"/api/hr/assignments/{assignment.pk}/workers?page=0", **auth).status_code == 400
    assert client.get("/api/hr/assignments").status_code == 401
    assert client.post("/api/hr/assignments", **auth).status_code == 405
    other = {"HTTP_AUTHORIZATION": f"Token {other_key}"}
    assert client.get("/api/hr/assignments", **other).json()["count"] == 0
    missing = client.get(f"/api/hr/assignments/{assignment.pk}/workers", **other)
    assert missing.status_code == 404 and "error" in missing.json()
    schema = client.get("/api/schema/").json()
    assert "/api/hr/assignments" in schema["paths"] and "HRAssignedWorker" in schema["components"]["schemas"]


def test_the_schema_is_valid_openapi(client):
    from openapi_spec_validator import validate

    validate(client.get("/api/schema/").json())
