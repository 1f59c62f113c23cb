"""Run-time endpoints: launch, commit (validation, sequence, time, results), reading, and who may do what.

Commits are sent as the run-time page on the content origin sends them: the launch's token in the body, no
cookie; the attacker's view of the same endpoint is in test_commit_protocol.py.
"""

import pytest
from django.urls import reverse

from scorm import cmi
from scorm.importer.services import import_package
from scorm.models import Attempt, Package
from scorm.signals import attempt_committed
from tests.factories import UserFactory

from .helpers import commit, launch, learner_client, place_in_lesson, post_commit
from .packages import build_zip

pytestmark = pytest.mark.django_db

# Sessions that began ten minutes ago: the session time they report counts in full (capped by the launch time).
TEN_MINUTES = 600


@pytest.fixture
def package12(make_course):
    package = import_package(build_zip("scorm12"))
    place_in_lesson(package, make_course(title="An toàn lao động"))
    return package


@pytest.fixture
def package2004(make_course):
    package = import_package(build_zip("scorm2004"))
    place_in_lesson(package, make_course(title="Kỹ năng số"))
    return package


def test_launch_starts_an_attempt_with_the_lms_elements(user, package12):
    client = learner_client(user)
    data = launch(client, package12.scos.first())
    assert data["version"] == "1.2" and data["sequence"] == 0
    assert data["url"] == f"http://scorm.testserver/scorm/content/{package12.uid}/sco1.html"
    assert data["runtime_url"] == "http://scorm.testserver/scorm/runtime/1.2"
    assert data["content_origin"] == "http://scorm.testserver"
    assert data["commit_url"] == f"http://testserver/scorm/attempts/{data['attempt']}/commit"
    assert data["token"]
    state = data["state"]
    assert state["cmi.core.entry"] == "ab-initio"
    assert state["cmi.core.student_name"] == "Trần Thị Lan"
    assert state["cmi.student_data.mastery_score"] == "80"
    assert state["cmi.launch_data"] == "lang=vi"
    again = launch(client, package12.scos.first())
    assert again["attempt"] == data["attempt"]  # resumes, no new attempt
    assert again["token"] != data["token"]  # but a new session


def test_commit_stores_state_results_and_resumes(user, package12):
    client = learner_client(user)
    sco = package12.scos.first()
    launched = launch(client, sco, started_ago=TEN_MINUTES)
    state = {
        "cmi.core.lesson_location": "page-2",
        "cmi.suspend_data": "visited=1,2",
        "cmi.core.lesson_status": "passed",
        "cmi.core.score.raw": 90,  # a number, as older content sends
        "cmi.core.session_time": "00:01:30",
        "cmi.core.exit": "suspend",
    }
    response = commit(launched, 1, state)
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
    client = learner_client(user)
    sco = package2004.scos.first()
    # Each launch is a session; within one, the content reports the session so far (the last report counts).
    first = launch(client, sco, started_ago=TEN_MINUTES)
    assert commit(first, 1, {"cmi.session_time": "PT1M"}).status_code == 200
    assert commit(first, 2, {"cmi.session_time": "PT2M"}).status_code == 200
    second = launch(client, sco, started_ago=TEN_MINUTES // 2)
    assert commit(second, 1, {"cmi.session_time": "PT30S"}).status_code == 200
    response = commit(second, 2, {"cmi.session_time": "PT1M0.5S"})
    assert response.status_code == 200
    assert response.json()["total_time_seconds"] == pytest.approx(180.5)
    assert launch(client, sco)["state"]["cmi.total_time"] == "PT0H3M0.50S"


def test_stale_or_replayed_commit_is_refused_and_changes_nothing(user, package2004):
    launched = launch(learner_client(user), package2004.scos.first())
    assert commit(launched, 2, {"cmi.location": "new"}).status_code == 200
    for sequence in (2, 1):
        response = commit(launched, sequence, {"cmi.location": "old"})
        assert response.status_code == 409 and "error" in response.json() and response.json()["sequence"] == 2
    attempt = Attempt.objects.get(pk=launched["attempt"])
    assert attempt.cmi["cmi.location"] == "new" and attempt.sequence == 1
    assert attempt.sessions[next(iter(attempt.sessions))]["seq"] == 2


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
        ("2004", "cmi.score.raw", "1e999", "out of range"),
        ("2004", "cmi.score.raw", float("inf"), "not a number"),
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
    launched = launch(learner_client(user), package12.scos.first())
    token = launched["token"]
    assert post_commit(launched["attempt"], "not json").status_code == 400
    for body in (
        {"token": token, "sequence": 1},
        {"token": token, "sequence": "1", "cmi": {}},
        {"token": token, "sequence": 0, "cmi": {}},
        [1, 2],
        {"token": token, "sequence": 1, "cmi": {"cmi.core.entry": "resume"}},
    ):
        response = post_commit(launched["attempt"], body)
        assert response.status_code == 400 and response.json()["error"], body
    attempt = Attempt.objects.get(pk=launched["attempt"])
    assert attempt.sequence == 0 and attempt.cmi == {} and attempt.sessions == {}


def test_commit_needs_the_launch_token_and_launch_needs_a_login(user, package12):
    client = learner_client(user)
    launched = launch(client, package12.scos.first())
    body = {"sequence": 1, "cmi": {"cmi.core.lesson_status": "completed"}}
    # The learner's own session cookie is no substitute for the token: the commit endpoint never reads it.
    response = client.post(
        reverse("scorm:commit", args=[launched["attempt"]]), data=body, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["error"]
    anonymous = learner_client(UserFactory())
    anonymous.logout()
    response = anonymous.get(reverse("scorm:launch", args=[package12.scos.first().pk]))
    assert response.status_code == 401 and response.json()["error"]
    assert anonymous.get(reverse("scorm:attempt", args=[launched["attempt"]])).status_code == 401
    assert Attempt.objects.get(pk=launched["attempt"]).sequence == 0


def test_one_learner_can_neither_read_nor_write_anothers_attempt(user, package12):
    owner = learner_client(user)
    mine = launch(owner, package12.scos.first())
    assert commit(mine, 1, {"cmi.suspend_data": "mine"}).status_code == 200
    other = learner_client(UserFactory())
    read = other.get(reverse("scorm:attempt", args=[mine["attempt"]]))
    assert read.status_code == 404 and "mine" not in read.content.decode()
    # The other learner's launch gives them their own attempt, never the first learner's state...
    theirs = launch(other, package12.scos.first())
    assert theirs["attempt"] != mine["attempt"] and "cmi.suspend_data" not in theirs["state"]
    # ...and their token writes only that attempt.
    write = commit(theirs, 99, {"cmi.suspend_data": "theirs"}, attempt_id=mine["attempt"])
    assert write.status_code == 404
    attempt = Attempt.objects.get(pk=mine["attempt"])
    assert attempt.cmi["cmi.suspend_data"] == "mine" and attempt.sequence == 1
    assert owner.get(reverse("scorm:attempt", args=[mine["attempt"]])).json()["cmi"]["cmi.suspend_data"] == "mine"


def test_signal_carries_the_results(user, package2004):
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    attempt_committed.connect(receiver)
    try:
        sco = package2004.scos.first()
        launched = launch(learner_client(user), sco, started_ago=TEN_MINUTES)
        state = {
            "cmi.completion_status": "completed",
            "cmi.success_status": "passed",
            "cmi.score.scaled": "0.85",
            "cmi.score.raw": "85",
            "cmi.session_time": "PT2M",
        }
        assert commit(launched, 1, state).status_code == 200
        assert commit(launched, 2, {"cmi.location": "end"}).status_code == 200
    finally:
        attempt_committed.disconnect(receiver)
    sender, kwargs = received[0]
    assert sender is Attempt
    assert kwargs["attempt"].pk == launched["attempt"] and kwargs["user_id"] == user.pk
    assert kwargs["package"] == package2004 and kwargs["sco"] == sco
    assert (kwargs["completion_status"], kwargs["success_status"]) == ("completed", "passed")
    assert kwargs["score_scaled"] == 0.85 and kwargs["score_raw"] == 85 and kwargs["total_time_seconds"] == 120
    assert kwargs["changed"] == {"completion_status", "success_status", "score_scaled", "score_raw", "total_seconds"}
    # One SCO of two: the package is not completed yet.
    assert kwargs["package_summary"]["completion_status"] == "incomplete"
    # A commit changing no result says so, and carries no summary (nothing for the learning record to do).
    _sender, quiet = received[1]
    assert quiet["changed"] == frozenset() and quiet["package_summary"] is None


def test_mastery_score_decides_success_when_content_reports_none(user, package2004):
    launched = launch(learner_client(user), package2004.scos.first())  # minNormalizedMeasure 0.7
    response = commit(launched, 1, {"cmi.completion_status": "completed", "cmi.score.scaled": "0.5"})
    assert response.json()["success_status"] == "failed"


def test_new_attempt_after_completion_policy(user, package12):
    package12.attempt_policy = Package.POLICY_NEW_AFTER_COMPLETION
    package12.save()
    client = learner_client(user)
    sco = package12.scos.first()
    first = launch(client, sco)
    assert launch(client, sco)["attempt"] == first["attempt"]
    assert commit(first, 1, {"cmi.core.lesson_status": "completed"}).status_code == 200
    second = launch(client, sco)
    assert (
        second["attempt"] != first["attempt"]
        and second["number"] == 2
        and second["state"]["cmi.core.entry"] == "ab-initio"
    )
    # The first attempt's token still writes the first attempt only (a closed tab's late commit).
    assert commit(first, 2, {"cmi.core.lesson_location": "late"}).status_code == 200
    assert Attempt.objects.get(pk=second["attempt"]).cmi == {}


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


def test_a_session_that_ends_normally_is_not_resumed_from_an_older_suspend(user, package12):
    """Seen with ADL's content on a slow network: a session suspended, the next finished with exit "" (which the
    run-time does not send, being its starting value), and the one after was told to resume the first."""
    client = learner_client(user)
    sco = package12.scos.first()
    first = launch(client, sco, started_ago=TEN_MINUTES)
    assert commit(first, 1, {"cmi.core.lesson_location": "p3", "cmi.core.exit": "suspend"}).status_code == 200
    second = launch(client, sco, started_ago=60)
    assert second["state"]["cmi.core.entry"] == "resume"
    assert commit(second, 1, {"cmi.core.lesson_status": "completed"}).status_code == 200

    state = launch(client, sco)["state"]

    assert state.get("cmi.core.entry", "") == ""  # empty values are left out of the state
    assert state["cmi.core.lesson_location"] == "p3" and state["cmi.core.lesson_status"] == "completed"
    assert "cmi.core.exit" not in Attempt.objects.get(pk=first["attempt"]).cmi
