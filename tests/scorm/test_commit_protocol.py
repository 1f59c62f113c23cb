"""The SCORM commit protocol attacked from outside, and shaken by a flaky network.

A commit is `POST /scorm/attempts/<id>/commit` with `{"token", "sequence", "cmi"}` and no cookie: the run-time
page on the content origin holds only the token the launch signed for one attempt, one session and its launch
time. Here an attacker forges, ages and swaps tokens, sends absurd sequences, times and bodies; a flaky network
replays, reorders and delivers a closed tab's commit late. Whatever happens: the right status, a JSON error, and
nothing stored that should not be.
"""

import json
import time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.checks import run_checks
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.static import serve
from wagtail.models import PageViewRestriction

from courses.models import HOURS_MEASURED
from courses.services import editor_group_name, provider_collection
from learning.models import Completion, Enrolment, LessonProgress
from scorm import conf, services
from scorm.checks import check_content_origin
from scorm.importer.services import import_package
from scorm.models import Attempt
from scorm.tokens import SALT, read_token
from tests.factories import UserFactory

from .helpers import (
    CONTENT_HOST,
    commit,
    launch,
    learner_client,
    place_in_lesson,
    post_commit,
    signed_at,
)
from .packages import build_zip

pytestmark = pytest.mark.django_db

CONTENT_ORIGIN = "http://scorm.testserver"
STATUS_BEFORE = {"sequence": 0, "cmi": {}, "sessions": {}}


@pytest.fixture
def course(make_course):
    return make_course(title="An toàn điện", hours_credit=HOURS_MEASURED)


@pytest.fixture
def package12(course):
    """SCORM 1.2, two SCOs (mastery score 80), in a live lesson of `course`."""
    package = import_package(build_zip("scorm12"))
    place_in_lesson(package, course)
    return package


@pytest.fixture
def package2004(make_course):
    package = import_package(build_zip("scorm2004"))
    place_in_lesson(package, make_course(title="Kỹ năng số"))
    return package


@pytest.fixture
def launched(user, package12):
    """The learner's first SCO, launched now."""
    return launch(learner_client(user), package12.scos.first())


def stored(launched_or_id):
    attempt_id = launched_or_id["attempt"] if isinstance(launched_or_id, dict) else launched_or_id
    attempt = Attempt.objects.get(pk=attempt_id)
    return {"sequence": attempt.sequence, "cmi": attempt.cmi, "sessions": attempt.sessions}


def assert_json_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def claims_of(launched):
    return signing.loads(launched["token"], salt=SALT)


# --- tokens: forged, expired, for another attempt --------------------------------------------------------------


def forged_tokens(launched):
    claims = claims_of(launched)
    valid = launched["token"]
    payload, timestamp, signature = valid.rsplit(":", 2)
    other_claims = signing.dumps({**claims, "a": claims["a"] + 1}, salt=SALT, compress=False)
    return {
        "another key": signing.dumps(claims, salt=SALT, key="the attacker's own secret", compress=False),
        "another salt (a value the site signs for something else)": signing.dumps(claims, compress=False),
        "not a signed value": "eyJhIjoxfQ",
        "signature flipped": f"{payload}:{timestamp}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        "claims swapped under a valid signature": f"{other_claims.split(':')[0]}:{timestamp}:{signature}",
        "empty": "",
        "missing": None,
        "a number": 12345,
        "a list": [valid],
        "an object": {"a": claims["a"]},
        "too long": valid + "x" * 600,
        "claims of the wrong types": signing.dumps({**claims, "a": str(claims["a"])}, salt=SALT, compress=False),
        "claims without a session": signing.dumps({k: v for k, v in claims.items() if k != "s"}, salt=SALT),
    }


def test_forged_tokens_are_refused_and_store_nothing(launched):
    for name, token in forged_tokens(launched).items():
        response = commit(launched, 1, {"cmi.core.lesson_status": "passed"}, token=token)
        assert response.status_code == 403, name
        assert_json_error(response, 403)
        assert stored(launched) == STATUS_BEFORE, name


def test_an_expired_token_is_refused(launched, settings):
    claims = claims_of(launched)
    old = signed_at(claims, time.time() - conf.token_max_age() - 86400)  # a day past the configured lifetime
    assert_json_error(commit(launched, 1, {"cmi.core.lesson_status": "passed"}, token=old), 403)
    # A deployment that keeps tokens a minute: two minutes is too old, half a minute is fine.
    settings.SCORM_TOKEN_MAX_AGE = 60
    assert_json_error(
        commit(launched, 1, {"cmi.core.lesson_status": "passed"}, token=signed_at(claims, time.time() - 120)), 403
    )
    assert stored(launched) == STATUS_BEFORE
    response = commit(launched, 1, {"cmi.core.lesson_location": "p1"}, token=signed_at(claims, time.time() - 30))
    assert response.status_code == 200, response.content


def test_a_token_writes_only_its_own_attempt(user, package12):
    client = learner_client(user)
    first, second = (launch(client, sco) for sco in package12.scos.all())
    # My own token, my own other attempt: still refused.
    assert_json_error(commit(first, 1, {"cmi.core.lesson_status": "passed"}, attempt_id=second["attempt"]), 404)
    # Another learner's attempt with my valid token.
    theirs = launch(learner_client(UserFactory()), package12.scos.first())
    assert_json_error(commit(first, 1, {"cmi.core.lesson_status": "passed"}, attempt_id=theirs["attempt"]), 404)
    for attempt in (first, second, theirs):
        assert stored(attempt) == STATUS_BEFORE


def test_a_token_of_a_deleted_attempt_is_a_404(launched):
    Attempt.objects.filter(pk=launched["attempt"]).delete()
    assert_json_error(commit(launched, 1, {"cmi.core.lesson_location": "p1"}), 404)


# --- sequences: replays, retries, late commits ------------------------------------------------------------------


def test_a_replayed_commit_is_a_409_and_changes_nothing(launched):
    assert commit(launched, 1, {"cmi.core.lesson_location": "p1", "cmi.suspend_data": "a"}).status_code == 200
    assert commit(launched, 2, {"cmi.core.lesson_location": "p2"}).status_code == 200
    before = stored(launched)
    for sequence, cmi in ((2, {"cmi.core.lesson_location": "p2"}), (1, {"cmi.core.lesson_location": "p1"})):
        response = commit(launched, sequence, cmi)
        assert response.status_code == 409 and response.json()["error"] and response.json()["sequence"] == 2
    assert stored(launched) == before
    assert before["cmi"]["cmi.core.lesson_location"] == "p2" and before["cmi"]["cmi.suspend_data"] == "a"


def test_a_409_never_makes_the_stored_state_older(user, package12):
    """The issue's replay: an old page's late commit stores passed/85; the new page's retry must not undo it."""
    client = learner_client(user)
    sco = package12.scos.first()
    old_page = launch(client, sco, started_ago=1200)
    new_page = launch(client, sco, started_ago=60)
    assert old_page["attempt"] == new_page["attempt"]
    first_of_new = {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "p4"}
    assert commit(new_page, 1, first_of_new).status_code == 200
    # The old page's last commit arrives late, with the quiz result.
    late = {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "85", "cmi.core.exit": "suspend"}
    assert commit(old_page, 5, late).status_code == 200
    # The new page's retry of a commit that did land (its answer was lost): 409, and nothing goes back.
    response = commit(new_page, 1, first_of_new)
    assert response.status_code == 409 and response.json()["sequence"] == 1
    attempt = Attempt.objects.get(pk=new_page["attempt"])
    assert (attempt.success_status, attempt.score_raw) == ("passed", 85)
    assert attempt.cmi["cmi.core.lesson_status"] == "passed" and attempt.cmi["cmi.core.lesson_location"] == "p4"
    # The new page goes on: only what changed is sent, and it merges element by element.
    assert commit(new_page, 2, {"cmi.core.lesson_location": "p5"}).status_code == 200
    assert commit(new_page, 2, {"cmi.core.lesson_location": "p5"}).status_code == 409
    attempt.refresh_from_db()
    assert (attempt.completion_status, attempt.success_status, attempt.score_raw) == ("completed", "passed", 85)
    assert attempt.cmi["cmi.core.score.raw"] == "85" and attempt.cmi["cmi.core.lesson_location"] == "p5"


def test_a_closed_tabs_late_final_commit_still_lands(user, package12):
    client = learner_client(user)
    sco = package12.scos.first()
    closed_tab = launch(client, sco, started_ago=1200)
    assert commit(closed_tab, 1, {"cmi.core.lesson_location": "p2"}).status_code == 200
    reopened = launch(client, sco, started_ago=300)
    for sequence in range(1, 7):
        assert commit(reopened, sequence, {"cmi.core.lesson_location": f"q{sequence}"}).status_code == 200
    # The closed tab's final commit (LMSFinish from onunload), sequence 2, arrives after the new session's sixth.
    final = {"cmi.core.exit": "logout", "cmi.core.session_time": "00:15:00"}
    response = commit(closed_tab, 2, final)
    assert response.status_code == 200, response.content
    attempt = Attempt.objects.get(pk=closed_tab["attempt"])
    assert attempt.cmi["cmi.core.exit"] == "logout" and attempt.cmi["cmi.core.lesson_location"] == "q6"
    assert len(attempt.sessions) == 2 and attempt.total_seconds == 900
    # Its retry is a 409.
    assert commit(closed_tab, 2, final).status_code == 409


@pytest.mark.parametrize(
    "sequence", [2**63, 2**64, 2**31 + 1, -1, 0, "1", True, False, 1.0, 1.5, None, [1], {"n": 1}, "NaN"]
)
def test_sequences_outside_1_to_2_31_are_refused(launched, sequence):
    assert_json_error(commit(launched, sequence, {"cmi.core.lesson_location": "p1"}), 400)
    assert stored(launched) == STATUS_BEFORE


def test_the_largest_sequence_is_accepted(launched):
    assert commit(launched, 2**31, {"cmi.core.lesson_location": "p1"}).status_code == 200
    assert commit(launched, 2**31, {"cmi.core.lesson_location": "p2"}).status_code == 409


def test_a_body_without_a_sequence_is_refused(launched):
    body = {"token": launched["token"], "cmi": {"cmi.core.lesson_location": "p1"}}
    assert_json_error(post_commit(launched["attempt"], body), 400)
    assert stored(launched) == STATUS_BEFORE


# --- time: the session never counts more than the wall-clock time since its launch --------------------------------


def test_an_absurd_session_time_right_after_launch_counts_seconds_not_hours(user, package12, course):
    client = learner_client(user)
    first_sco, second_sco = package12.scos.all()
    started = time.time()
    first = launch(client, first_sco)
    response = commit(first, 1, {"cmi.core.session_time": "9999:00:00", "cmi.core.lesson_status": "passed"})
    assert response.status_code == 200, response.content
    second = launch(client, second_sco)
    response = commit(second, 1, {"cmi.core.session_time": "9999:59:59.99", "cmi.core.lesson_status": "completed"})
    assert response.status_code == 200, response.content
    elapsed = time.time() - int(started) + 1
    attempts = Attempt.objects.filter(user=user)
    assert all(a.total_seconds <= elapsed for a in attempts), [a.total_seconds for a in attempts]
    # The learning record's hours stay sane: the course credits measured time, and the learner spent seconds.
    enrolment = Enrolment.objects.get(user=user, course=course)
    assert enrolment.time_spent_seconds <= elapsed
    assert LessonProgress.objects.get(enrolment=enrolment).time_spent_seconds <= elapsed
    completion = Completion.objects.get(enrolment=enrolment)
    assert completion.hours == Decimal("0.1")  # the least a completion counts for


def test_an_absurd_2004_duration_counts_seconds_not_hours(user, package2004):
    started = time.time()
    launched = launch(learner_client(user), package2004.scos.first())
    for sequence, duration in enumerate(("PT99990H", "P9999Y", "PT" + "9" * 400 + "H"), start=1):
        response = commit(launched, sequence, {"cmi.session_time": duration})
        assert response.status_code == 200, response.content
        assert response.json()["total_time_seconds"] <= time.time() - int(started) + 1


def test_a_session_reports_no_more_than_its_age(user, package12):
    launched = launch(learner_client(user), package12.scos.first(), started_ago=600)
    response = commit(launched, 1, {"cmi.core.session_time": "01:00:00"})
    assert 600 <= response.json()["total_time_seconds"] <= 605


def test_parallel_sessions_do_not_count_more_than_the_wall_clock(user, package12):
    client = learner_client(user)
    sco = package12.scos.first()
    tabs = [launch(client, sco) for _ in range(5)]
    an_hour_later = time.time() + 3600
    for tab in tabs:
        services.commit(read_token(tab["token"]), 1, {"cmi.core.session_time": "01:00:00"}, now=an_hour_later)
    assert Attempt.objects.get(pk=tabs[0]["attempt"]).total_seconds <= 3600 + 60


# --- bodies: malformed, deep, huge, out of range -------------------------------------------------------------------


def test_a_deeply_nested_body_is_a_400(launched):
    deep_array = "[" * 10_000 + "]" * 10_000
    deep_cmi = (
        f'{{"token": {json.dumps(launched["token"])}, "sequence": 1, "cmi": '
        + '{"a": ' * 10_000
        + '"x"'
        + "}" * 10_000
        + "}"
    )
    somewhat_deep_cmi = {"token": launched["token"], "sequence": 1, "cmi": {}}
    node = somewhat_deep_cmi["cmi"]
    for _ in range(500):
        node["a"] = {}
        node = node["a"]
    node["a"] = "x"
    for body in (deep_array, deep_cmi, json.dumps(somewhat_deep_cmi)):
        assert_json_error(post_commit(launched["attempt"], body), 400)
    assert stored(launched) == STATUS_BEFORE


@pytest.mark.parametrize("value", ["1e999", "-1e999", "NaN", "Infinity", '"1e999"', '"NaN"', '"Infinity"', "1e-999999"])
def test_scores_beyond_any_real_are_a_400(user, package2004, value):
    launched = launch(learner_client(user), package2004.scos.first())
    body = f'{{"token": {json.dumps(launched["token"])}, "sequence": 1, "cmi": {{"cmi.score.raw": {value}}}}}'
    response = post_commit(launched["attempt"], body)
    if value == "1e-999999":  # JSON's 0.0: a fine score
        assert response.status_code == 200 and response.json()["score_raw"] == 0
        return
    assert_json_error(response, 400)
    assert stored(launched) == STATUS_BEFORE


def test_a_12_score_of_1e999_is_a_400(launched):
    body = f'{{"token": {json.dumps(launched["token"])}, "sequence": 1, "cmi": {{"cmi.core.score.raw": 1e999}}}}'
    assert_json_error(post_commit(launched["attempt"], body), 400)
    assert_json_error(commit(launched, 1, {"cmi.core.score.raw": "1e999"}), 400)
    assert stored(launched) == STATUS_BEFORE


@pytest.mark.parametrize(
    "body",
    ["not json", "", b"\xff\xfe\x00{", "{", "null", "[]", '"a string"', '{"cmi": []}', '{"cmi": "x"}'],
)
def test_a_body_that_is_not_a_commit_is_a_400(launched, body):
    assert_json_error(post_commit(launched["attempt"], body), 400)
    assert stored(launched) == STATUS_BEFORE


def test_a_3_mb_body_is_refused_as_json_not_a_500(launched):
    big = {"token": launched["token"], "sequence": 1, "cmi": {"cmi.suspend_data": "x" * (3 * 1024 * 1024)}}
    response = post_commit(launched["attempt"], big)
    assert 400 <= response.status_code < 500
    assert response.json()["error"]
    assert_json_error(post_commit(launched["attempt"], b"\x00" * (3 * 1024 * 1024)), response.status_code)
    assert stored(launched) == STATUS_BEFORE


def test_a_commit_without_a_body_or_with_get_is_not_a_500(launched):
    url = reverse("scorm:commit", args=[launched["attempt"]])
    assert Client().get(url).status_code == 405
    assert_json_error(Client().post(url, data="", content_type="text/plain"), 400)
    assert_json_error(Client().post(url, data="", content_type="application/json"), 400)


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=xyz", "multipart/form-data"])
def test_a_form_post_to_commit_is_a_json_400(launched, content_type):
    url = reverse("scorm:commit", args=[launched["attempt"]])
    body = f'--xyz\r\nContent-Disposition: form-data; name="token"\r\n\r\n{launched["token"]}\r\n--xyz--\r\n'
    response = Client(raise_request_exception=False).post(url, data=body, content_type=content_type)
    assert response.status_code != 500
    assert_json_error(response, 400)
    assert response["Access-Control-Allow-Origin"] == CONTENT_ORIGIN
    assert stored(launched) == STATUS_BEFORE


def test_a_urlencoded_post_to_commit_is_a_400(launched):
    url = reverse("scorm:commit", args=[launched["attempt"]])
    response = Client(raise_request_exception=False).post(
        url, data=f"token={launched['token']}&sequence=1", content_type="application/x-www-form-urlencoded"
    )
    assert_json_error(response, 400)
    assert stored(launched) == STATUS_BEFORE


# --- CORS: the run-time page reads the answers; nothing with credentials --------------------------------------------


def test_preflight_names_the_content_origin_and_no_credentials(launched):
    response = Client().options(
        reverse("scorm:commit", args=[launched["attempt"]]),
        HTTP_ORIGIN=CONTENT_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )
    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == CONTENT_ORIGIN
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


def test_every_commit_answer_names_the_content_origin_and_no_credentials(launched):
    answers = [
        commit(launched, 1, {"cmi.core.lesson_location": "p1"}),  # 200
        commit(launched, 1, {"cmi.core.lesson_location": "p1"}),  # 409
        commit(launched, 2, {"cmi.core.entry": "resume"}),  # 400
        commit(launched, 2, {}, token="forged"),  # 403
        commit(launched, 2, {}, attempt_id=launched["attempt"] + 1000),  # 404
    ]
    assert [a.status_code for a in answers] == [200, 409, 400, 403, 404]
    for answer in answers:
        assert answer["Access-Control-Allow-Origin"] == CONTENT_ORIGIN
        assert "Access-Control-Allow-Credentials" not in answer
        assert "Set-Cookie" not in answer and not answer.cookies


# --- launch: only lessons open to learners, or editors' previews ---------------------------------------------------


def test_a_package_in_no_lesson_is_not_launched_by_a_learner(user, provider):
    package = import_package(build_zip("scorm12"), collection=provider_collection(provider))
    sco = package.scos.first()
    response = learner_client(user).get(reverse("scorm:launch", args=[sco.pk]))
    assert_json_error(response, 404)
    assert not Attempt.objects.exists()
    # An editor of the college that holds it previews it.
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=editor_group_name(provider)))
    response = learner_client(editor).get(reverse("scorm:launch", args=[sco.pk]))
    assert response.status_code == 200 and response.json()["token"]
    assert list(Attempt.objects.values_list("user", flat=True)) == [editor.pk]


def test_a_package_in_an_unpublished_lesson_is_not_launched(user, course):
    package = import_package(build_zip("scorm12"))
    lesson = place_in_lesson(package, course)
    client = learner_client(user)
    assert launch(client, package.scos.first())["token"]
    lesson.unpublish()
    assert_json_error(client.get(reverse("scorm:launch", args=[package.scos.last().pk])), 404)
    assert Attempt.objects.count() == 1


def test_a_package_in_a_password_protected_lesson_is_not_launched(user, course):
    package = import_package(build_zip("scorm12"))
    lesson = place_in_lesson(package, course)
    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert_json_error(learner_client(user).get(reverse("scorm:launch", args=[package.scos.first().pk])), 404)
    assert not Attempt.objects.exists()


def test_an_unknown_sco_is_a_404(user):
    assert_json_error(learner_client(user).get(reverse("scorm:launch", args=[987654])), 404)


def test_launch_is_not_served_on_the_content_host(user, package12):
    response = learner_client(user).get(
        reverse("scorm:launch", args=[package12.scos.first().pk]), HTTP_HOST=CONTENT_HOST
    )
    assert response.status_code == 404
    assert not Attempt.objects.exists()


def test_launch_works_when_a_deployment_allows_the_same_origin(user, package12, settings):
    settings.SCORM_CONTENT_ORIGIN = ""
    settings.SCORM_ALLOW_SAME_ORIGIN = True
    response = learner_client(user).get(reverse("scorm:launch", args=[package12.scos.first().pk]))
    assert response.status_code == 200, response.content


# --- hosts: content only on the content origin, the site only on its own -------------------------------------------


def test_site_pages_do_not_answer_on_the_content_host(user, launched):
    # Even with the learner's session cookie (the test client sends it to every host), nothing of the site.
    client = learner_client(user)
    paths = [
        "/",
        "/my-learning/",
        "/my-learning/record.csv",
        "/admin/",
        "/api/catalogue/search?q=an",
        "/accounts/login/",
        "/accounts/profile/",
        "/healthz",
        f"/scorm/attempts/{launched['attempt']}",
        f"/scorm/attempts/{launched['attempt']}/commit",
    ]
    for path in paths:
        assert client.get(path).status_code != 404, path  # the site has it...
        response = client.get(path, HTTP_HOST=CONTENT_HOST)
        assert response.status_code == 404, path  # ...the content host does not
        assert b"Tr\xe1\xba\xa7n Th\xe1\xbb\x8b Lan" not in response.content
    response = client.post(
        f"/scorm/attempts/{launched['attempt']}/commit",
        data=json.dumps({"token": launched["token"], "sequence": 1, "cmi": {"cmi.core.lesson_location": "x"}}),
        content_type="text/plain",
        HTTP_HOST=CONTENT_HOST,
    )
    assert response.status_code == 404
    assert stored(launched) == STATUS_BEFORE


def test_content_does_not_answer_on_the_site_host_nor_under_media(package12, settings):
    path = f"/scorm/content/{package12.uid}/sco1.html"
    assert Client().get(path, HTTP_HOST=CONTENT_HOST).status_code == 200
    assert Client().get(path).status_code == 404
    for host in ("testserver", CONTENT_HOST):
        assert Client().get(f"/media/scorm/{package12.uid}/sco1.html", HTTP_HOST=host).status_code == 404
    # Where /media/ is served (DEBUG, `make run`), the package is not there to serve: it is in private storage.
    with pytest.raises(Http404):
        serve(RequestFactory().get("/"), f"scorm/{package12.uid}/sco1.html", document_root=settings.MEDIA_ROOT)


def test_the_runtime_page_answers_on_the_content_host_framed_by_the_site_only():
    response = Client().get("/scorm/runtime/1.2", HTTP_HOST=CONTENT_HOST)
    assert response.status_code == 200
    assert "frame-ancestors 'self' http://testserver" in response["Content-Security-Policy"]
    assert not response.cookies
    assert Client().get("/scorm/runtime/1.2").status_code == 404
    assert Client().get("/scorm/runtime/1.3", HTTP_HOST=CONTENT_HOST).status_code == 404


# --- system checks ----------------------------------------------------------------------------------------------


def scorm_check_ids():
    return sorted({message.id for message in run_checks() if message.id and message.id.startswith("scorm.")})


def test_checks_refuse_packages_on_the_sites_own_origin(settings):
    assert scorm_check_ids() == []
    settings.SCORM_CONTENT_ORIGIN = ""
    assert scorm_check_ids() == ["scorm.E001"]
    settings.SCORM_ALLOW_SAME_ORIGIN = True
    assert scorm_check_ids() == []
    settings.SCORM_ALLOW_SAME_ORIGIN = False
    settings.SCORM_CONTENT_ORIGIN = "http://testserver"
    assert scorm_check_ids() == ["scorm.E003"]
    settings.SCORM_CONTENT_ORIGIN = "javascript:alert(1)"
    assert [m.id for m in check_content_origin(None)] == ["scorm.E002"]


# --- a multi-SCO package completes the lesson only when every SCO is completed ------------------------------------


def test_the_lesson_completes_only_after_every_sco_once(user, package12, course):
    client = learner_client(user)
    first_sco, second_sco = package12.scos.all()
    first = launch(client, first_sco, started_ago=600)
    assert commit(first, 1, {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"}).status_code == 200
    assert not Completion.objects.exists()
    progress = LessonProgress.objects.get(enrolment__user=user)
    assert progress.status != LessonProgress.COMPLETED
    second = launch(client, second_sco, started_ago=600)
    assert commit(second, 1, {"cmi.core.lesson_status": "incomplete"}).status_code == 200
    assert not Completion.objects.exists()
    assert commit(second, 2, {"cmi.core.lesson_status": "completed"}).status_code == 200
    assert Completion.objects.filter(enrolment__user=user).count() == 1
    progress.refresh_from_db()
    assert progress.status == LessonProgress.COMPLETED
    # More results, a new session, a late commit of the first: still exactly one completion.
    assert commit(first, 2, {"cmi.core.score.raw": "95", "cmi.core.session_time": "00:05:00"}).status_code == 200
    again = launch(client, first_sco, started_ago=60)
    assert (
        commit(again, 1, {"cmi.core.lesson_status": "passed", "cmi.core.session_time": "00:00:30"}).status_code == 200
    )
    assert Completion.objects.filter(enrolment__user=user).count() == 1


# --- the stored state has a ceiling ---------------------------------------------------------------------------


def test_the_stored_state_of_an_attempt_has_a_ceiling(user, package2004):
    launched = launch(learner_client(user), package2004.scos.first())
    answer = "x" * 64_000  # the longest learner_response the data model accepts
    for batch in range(8):  # 8 bodies of about 1.9 MB, each under the request size limit
        cmi = {f"cmi.interactions.{batch * 30 + n}.learner_response": answer for n in range(30)}
        response = commit(launched, batch + 1, cmi)
        if response.status_code != 200:  # refused once the attempt holds enough: a 4xx with a JSON error
            assert_json_error(response, response.status_code)
            assert 400 <= response.status_code < 500
            break
    size = len(json.dumps(Attempt.objects.get(pk=launched["attempt"]).cmi))
    assert size <= 8 * 1024 * 1024, f"{size / 1024 / 1024:.1f} MB stored in one attempt"
