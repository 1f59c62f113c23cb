"""Run-time endpoints: launch, commit (validation, sequence, time, results), reading, and who may do what."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from scorm import cmi
from scorm.importer.services import import_package
from scorm.models import Attempt, Package
from scorm.signals import attempt_committed
from tests.factories import UserFactory

from .packages import build_zip

pytestmark = pytest.mark.django_db


@pytest.fixture
def package12():
    return import_package(build_zip("scorm12"))


@pytest.fixture
def package2004():
    return import_package(build_zip("scorm2004"))


@pytest.fixture
def learner_client(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # nothing needed from it: the CSRF cookie comes with the launch response below
    return client


def launch(client, sco):
    response = client.get(reverse("scorm:launch", args=[sco.pk]))
    assert response.status_code == 200, response.content
    return response.json()


def post_commit(client, attempt_id, body, csrf=True):
    headers = {}
    if csrf:
        token = client.cookies.get("csrftoken")
        if token is None:
            client.get(reverse("scorm:attempt", args=[attempt_id]))
            token = client.cookies.get("csrftoken")
        headers["HTTP_X_CSRFTOKEN"] = token.value if token else ""
    return client.post(
        reverse("scorm:commit", args=[attempt_id]), data=json.dumps(body), content_type="application/json", **headers
    )


def csrf_client(user):
    """A client with CSRF checks on and a CSRF cookie, as the lesson page leaves it."""
    from django.middleware.csrf import _get_new_csrf_string

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.cookies["csrftoken"] = _get_new_csrf_string()
    return client


def test_launch_starts_an_attempt_with_the_lms_elements(user, package12):
    client = csrf_client(user)
    data = launch(client, package12.scos.first())
    assert data["version"] == "1.2" and data["sequence"] == 0
    assert data["url"].endswith(f"/scorm/content/{package12.uid}/sco1.html")
    state = data["state"]
    assert state["cmi.core.entry"] == "ab-initio"
    assert state["cmi.core.student_name"] == "Trần Thị Lan"
    assert state["cmi.student_data.mastery_score"] == "80"
    assert state["cmi.launch_data"] == "lang=vi"
    assert launch(client, package12.scos.first())["attempt"] == data["attempt"]  # resumes, no new attempt


def test_commit_stores_state_results_and_resumes(user, package12):
    client = csrf_client(user)
    sco = package12.scos.first()
    attempt_id = launch(client, sco)["attempt"]
    body = {
        "sequence": 1,
        "session": "s1",
        "cmi": {
            "cmi.core.lesson_location": "page-2",
            "cmi.suspend_data": "visited=1,2",
            "cmi.core.lesson_status": "passed",
            "cmi.core.score.raw": 90,  # a number, as older content sends
            "cmi.core.session_time": "00:01:30",
            "cmi.core.exit": "suspend",
        },
    }
    response = post_commit(client, attempt_id, body)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["completion_status"] == "completed" and result["success_status"] == "passed"
    assert result["score_raw"] == 90 and result["score_scaled"] == pytest.approx(0.9)
    assert result["total_time_seconds"] == 90
    state = launch(client, sco)["state"]
    assert state["cmi.core.lesson_location"] == "page-2"
    assert state["cmi.suspend_data"] == "visited=1,2"
    assert state["cmi.core.entry"] == "resume"
    assert state["cmi.core.total_time"] == "0000:01:30.00"
    assert "cmi.core.session_time" not in state


def test_session_times_accumulate_across_sessions(user, package2004):
    client = csrf_client(user)
    attempt_id = launch(client, package2004.scos.first())["attempt"]
    for sequence, session, time in [(1, "a", "PT1M"), (2, "a", "PT2M"), (3, "b", "PT30S"), (4, "b", "PT1M0.5S")]:
        response = post_commit(
            client, attempt_id, {"sequence": sequence, "session": session, "cmi": {"cmi.session_time": time}}
        )
        assert response.status_code == 200
    assert response.json()["total_time_seconds"] == pytest.approx(180.5)
    assert launch(client, package2004.scos.first())["state"]["cmi.total_time"] == "PT0H3M0.50S"


def test_stale_or_replayed_commit_is_refused_and_changes_nothing(user, package2004):
    client = csrf_client(user)
    attempt_id = launch(client, package2004.scos.first())["attempt"]
    assert post_commit(client, attempt_id, {"sequence": 2, "cmi": {"cmi.location": "new"}}).status_code == 200
    for sequence in (2, 1):
        response = post_commit(client, attempt_id, {"sequence": sequence, "cmi": {"cmi.location": "old"}})
        assert response.status_code == 409 and "error" in response.json() and response.json()["sequence"] == 2
    attempt = Attempt.objects.get(pk=attempt_id)
    assert attempt.cmi["cmi.location"] == "new" and attempt.sequence == 2


@pytest.mark.parametrize(
    ("version", "element", "value", "reason"),
    [
        ("1.2", "cmi.core.student_name", "Hacker", "read-only"),
        ("1.2", "cmi.core.total_time", "9999:00:00", "read-only"),
        ("1.2", "cmi.core.lesson_status", "done", "not one of"),
        ("1.2", "cmi.core.score.raw", "120", "out of range"),
        ("1.2", "cmi.suspend_data", "x" * 4097, "longer than 4096"),
        ("1.2", "cmi.core.session_time", "PT1M", "time span"),
        ("1.2", "cmi.completion_status", "completed", "not an element"),
        ("1.2", "cmi.interactions._count", "3", "read-only"),
        ("2004", "cmi.suspend_data", "x" * 64001, "longer than 64000"),
        ("2004", "cmi.score.scaled", "1.5", "out of range"),
        ("2004", "cmi.success_status", "completed", "not one of"),
        ("2004", "cmi.session_time", "00:01:00", "ISO 8601"),
        ("2004", "cmi.entry", "resume", "read-only"),
        ("2004", "cmi.core.lesson_status", "passed", "not an element"),
        ("2004", "cmi.location", True, "expected a string"),
    ],
)
def test_elements_are_validated_against_their_version(version, element, value, reason):
    with pytest.raises(cmi.CMIError, match=reason):
        cmi.validate(version, {element: value})


def test_valid_elements_of_both_versions():
    assert (
        cmi.validate("1.2", {"cmi.suspend_data": "x" * 4096, "cmi.core.score.raw": 85.5})["cmi.core.score.raw"]
        == "85.5"
    )
    nested = {"cmi": {"location": "p3", "interactions": [{"id": "q1", "type": "choice", "result": "correct"}]}}
    cleaned = cmi.validate("2004", nested)
    assert cleaned == {
        "cmi.location": "p3",
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.result": "correct",
    }
    assert cmi.validate("2004", {"cmi.suspend_data": "x" * 64000, "adl.nav.request": "{target=ITEM-B}choice"})


def test_bad_commit_bodies_get_400_and_change_nothing(user, package12):
    client = csrf_client(user)
    attempt_id = launch(client, package12.scos.first())["attempt"]
    url = reverse("scorm:commit", args=[attempt_id])
    token = client.cookies["csrftoken"].value
    assert client.post(url, data="not json", content_type="application/json", HTTP_X_CSRFTOKEN=token).status_code == 400
    for body in (
        {"sequence": 1},
        {"sequence": "1", "cmi": {}},
        {"sequence": 0, "cmi": {}},
        [1, 2],
        {"sequence": 1, "cmi": {"cmi.core.entry": "resume"}},
    ):
        response = post_commit(client, attempt_id, body)
        assert response.status_code == 400 and response.json()["error"]
    attempt = Attempt.objects.get(pk=attempt_id)
    assert attempt.sequence == 0 and attempt.cmi == {}


def test_commit_needs_csrf_and_login(user, package12):
    client = csrf_client(user)
    attempt_id = launch(client, package12.scos.first())["attempt"]
    body = {"sequence": 1, "cmi": {"cmi.core.lesson_status": "completed"}}
    assert post_commit(client, attempt_id, body, csrf=False).status_code == 403
    anonymous = Client(enforce_csrf_checks=False)
    response = anonymous.post(
        reverse("scorm:commit", args=[attempt_id]), data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 401 and response.json()["error"]
    assert anonymous.get(reverse("scorm:launch", args=[package12.scos.first().pk])).status_code == 401
    assert Attempt.objects.get(pk=attempt_id).sequence == 0


def test_one_learner_can_neither_read_nor_write_anothers_attempt(user, package12):
    owner = csrf_client(user)
    attempt_id = launch(owner, package12.scos.first())["attempt"]
    assert post_commit(owner, attempt_id, {"sequence": 1, "cmi": {"cmi.suspend_data": "mine"}}).status_code == 200
    other = csrf_client(UserFactory())
    read = other.get(reverse("scorm:attempt", args=[attempt_id]))
    assert read.status_code == 404 and "mine" not in read.content.decode()
    write = post_commit(other, attempt_id, {"sequence": 99, "cmi": {"cmi.suspend_data": "theirs"}})
    assert write.status_code == 404
    attempt = Attempt.objects.get(pk=attempt_id)
    assert attempt.cmi["cmi.suspend_data"] == "mine" and attempt.sequence == 1
    # The other learner's launch gives them their own attempt, never the first learner's state.
    theirs = launch(other, package12.scos.first())
    assert theirs["attempt"] != attempt_id and "cmi.suspend_data" not in theirs["state"]
    assert owner.get(reverse("scorm:attempt", args=[attempt_id])).json()["cmi"]["cmi.suspend_data"] == "mine"


def test_signal_carries_the_results(user, package2004):
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    attempt_committed.connect(receiver)
    try:
        client = csrf_client(user)
        sco = package2004.scos.first()
        attempt_id = launch(client, sco)["attempt"]
        cmi_state = {
            "cmi.completion_status": "completed",
            "cmi.success_status": "passed",
            "cmi.score.scaled": "0.85",
            "cmi.score.raw": "85",
            "cmi.session_time": "PT2M",
        }
        assert post_commit(client, attempt_id, {"sequence": 1, "cmi": cmi_state}).status_code == 200
    finally:
        attempt_committed.disconnect(receiver)
    sender, kwargs = received[0]
    assert sender is Attempt
    assert kwargs["attempt"].pk == attempt_id and kwargs["user"] == user
    assert kwargs["package"] == package2004 and kwargs["sco"] == sco
    assert (kwargs["completion_status"], kwargs["success_status"]) == ("completed", "passed")
    assert kwargs["score_scaled"] == 0.85 and kwargs["score_raw"] == 85 and kwargs["total_time_seconds"] == 120


def test_mastery_score_decides_success_when_content_reports_none(user, package2004):
    client = csrf_client(user)
    attempt_id = launch(client, package2004.scos.first())["attempt"]  # minNormalizedMeasure 0.7
    body = {"sequence": 1, "cmi": {"cmi.completion_status": "completed", "cmi.score.scaled": "0.5"}}
    assert post_commit(client, attempt_id, body).json()["success_status"] == "failed"


def test_new_attempt_after_completion_policy(user, package12):
    package12.attempt_policy = Package.POLICY_NEW_AFTER_COMPLETION
    package12.save()
    client = csrf_client(user)
    sco = package12.scos.first()
    first = launch(client, sco)
    assert launch(client, sco)["attempt"] == first["attempt"]
    post_commit(client, first["attempt"], {"sequence": 1, "cmi": {"cmi.core.lesson_status": "completed"}})
    second = launch(client, sco)
    assert (
        second["attempt"] != first["attempt"]
        and second["number"] == 2
        and second["state"]["cmi.core.entry"] == "ab-initio"
    )


def test_time_formats():
    assert cmi.seconds_from_timespan("0001:02:03.5") == 3723.5
    assert cmi.seconds_from_duration("P1DT2H3M4.5S") == 86400 + 7384.5
    assert cmi.timespan_from_seconds(3723.5) == "0001:02:03.50"
    assert cmi.duration_from_seconds(90) == "PT0H1M30.00S"


def test_2004_completion_threshold_decides_with_the_progress_measure():
    state = {"cmi.completion_status": "completed", "cmi.progress_measure": "0.5"}
    assert cmi.results("2004", state, None, "0.8")[0] == "incomplete"
    assert cmi.results("2004", {**state, "cmi.progress_measure": "0.9"}, None, "0.8")[0] == "completed"
    assert cmi.results("2004", state, None, "")[0] == "completed"
