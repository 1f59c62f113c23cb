"""A learner plays our own SCORM 1.2 and 2004 fixture packages in a lesson on a phone, reloads and resumes; a
replayed commit is refused; Terminate moves on to the next SCO; another learner starts fresh.

Content and the run-time page run on the content origin (the live server's other loopback name, see
tests/e2e/conftest.py `scorm_origins`); the third-party packages are in test_scorm_corpus.py.
"""

import json

import pytest
from django.test import Client

from scorm.importer.services import import_package
from scorm.models import Attempt
from tests.e2e.test_scorm_corpus import lesson_with
from tests.factories import UserFactory
from tests.scorm.packages import build_zip

# Migration data wiped by transactional flushes is recreated by tests/conftest.py (restore_migrated_data).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("scorm_origins", "settled")]

FRAME = "[data-scorm-frame] iframe"  # the run-time page (content origin), framed by the lesson page


def content(page):
    """The SCO's frame, inside the run-time page."""
    return page.frame_locator(FRAME).frame_locator("iframe")


@pytest.fixture
def learner():
    return UserFactory(full_name="Nguyễn Thị Hoa")


def log_in(page, live_server, user):
    # The lesson page's own progress beacon (learning app) is not under test here; on the in-memory SQLite test
    # database every live-server thread shares one connection, so concurrent writes would trip over each other.
    page.route("**/lessons/*/progress", lambda route: route.fulfill(json={}))
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def stored(page, live_server, attempt_id, until):
    """Wait until the attempt's stored state satisfies `until` (a sequence number to reach, or a predicate).

    Asked over HTTP, not through the ORM: on the in-memory SQLite test database a read from the test thread
    while a server thread writes fails with "database table is locked".
    """
    for _ in range(30):
        # Poll slowly: each poll is a request that could meet a commit on the shared SQLite connection.
        page.wait_for_timeout(500)
        response = page.request.get(f"{live_server.url}/scorm/attempts/{attempt_id}")
        check = until if callable(until) else (lambda data: data["sequence"] >= until)
        if response.ok and check(response.json()):
            # Receivers of attempt_committed may still finish their work after the row is committed.
            page.wait_for_timeout(300)
            return response.json()
    raise AssertionError(f"attempt {attempt_id} never reached the expected state")


def leave(page, live_server, attempt_id, sequence_at_least):
    """Leave the page (pagehide commits what the running SCO has not) and wait until the server stored it."""
    page.goto("about:blank")
    return stored(page, live_server, attempt_id, sequence_at_least)


def attempt_id_of(url):
    return int(url.rstrip("/").split("/")[-2])


def commit_of(page, action):
    """Run action and return (request body, response) of the commit it causes."""
    with page.expect_response(lambda r: r.url.endswith("/commit") and r.request.method == "POST") as info:
        action()
    response = info.value
    return json.loads(response.request.post_data), response


def replay(page, url, body):
    """POST an old commit again, token and all, as someone who captured it on the network would."""
    return page.request.post(url, data=json.dumps(body), headers={"Content-Type": "text/plain"}).status


def assert_painted(page):
    """The learner sees the content: the player's frame is not left blank (it was, with COOP on content)."""
    from io import BytesIO

    from PIL import Image

    dark = 0
    for _attempt in range(20):  # painting can trail the DOM by a few frames
        image = Image.open(BytesIO(page.locator(FRAME).screenshot())).convert("L")
        dark = sum(1 for value in image.get_flattened_data() if value < 128)
        if dark > 20:
            return
        page.wait_for_timeout(250)
    raise AssertionError("the SCORM frame shows nothing")


@pytest.mark.parametrize(
    ("fixture", "location", "suspend", "entry_element"),
    [
        ("scorm12", "page-2", "visited=1,2", "cmi.core.lesson_location"),
        ("scorm2004", "page-3", '{"answers":[1,0,2]}', "cmi.location"),
    ],
)
def test_play_resume_and_refuse_a_replayed_commit(
    live_server, phone, learner, fixture, location, suspend, entry_element
):
    package = import_package(build_zip(fixture))
    # All ORM work of the test thread happens while no request runs: on the in-memory SQLite test database the
    # live server's threads share its connection.
    first_sco, second_sco = package.scos.all()
    lesson = lesson_with(package)
    log_in(phone, live_server, learner)
    url = live_server.url + lesson.url

    phone.goto(url)
    frame = content(phone)
    frame.locator("#entry").filter(has_text="ab-initio").wait_for()
    # The content origin holds none of the site's cookies: the learner's session is out of the content's reach.
    assert frame.locator("#cookie").text_content() == "empty"
    assert_painted(phone)
    assert frame.locator("#location").text_content() == ""

    first_body, response = commit_of(phone, lambda: frame.locator("#progress").click())
    assert response.status == 200
    assert first_body["cmi"][entry_element] == location
    commit_url = response.url

    # Closing and coming back: the stored state comes back through the run-time API.
    phone.reload()
    frame = content(phone)
    frame.locator("#location").filter(has_text=location).wait_for()
    assert frame.locator("#suspend").text_content() == suspend
    assert frame.locator("#entry").text_content() == "resume"

    # Finishing commits status and score; Terminate moves on to the next SCO of the organisation.
    with phone.expect_request(
        lambda r: r.url.endswith("/commit") and f"/attempts/{attempt_id_of(commit_url)}/" not in r.url
    ) as second_commit:
        frame.locator("#finish").click()
    phone.locator(f'{FRAME}[title="{second_sco.title}"]').wait_for()
    first = stored(phone, live_server, attempt_id_of(commit_url), lambda data: data["success_status"] == "passed")
    assert first["completion_status"] == "completed" and first["success_status"] == "passed"
    assert first["score_raw"] in (90, 85)
    second_id = attempt_id_of(second_commit.value.url)
    second = stored(phone, live_server, second_id, 1)
    assert second["completion_status"] == "completed"

    # A replayed older commit (its token is still valid) changes nothing.
    assert replay(phone, commit_url, first_body) == 409
    again = stored(phone, live_server, attempt_id_of(commit_url), first["sequence"])
    assert again["sequence"] == first["sequence"] and again["cmi"][entry_element] == location

    # The second SCO is still running: hiding the page commits it again.
    leave(phone, live_server, second_id, second["sequence"] + 1)
    attempt = Attempt.objects.get(user=learner, sco=first_sco)
    assert attempt.success_status == "passed" and attempt.cmi[entry_element] == location


def test_another_learner_starts_fresh(live_server, phone, learner):
    package = import_package(build_zip("scorm12"))
    lesson = lesson_with(package)
    log_in(phone, live_server, learner)
    phone.goto(live_server.url + lesson.url)
    frame = content(phone)
    _body, response = commit_of(phone, lambda: frame.locator("#progress").click())
    leave(phone, live_server, attempt_id_of(response.url), 1)
    phone.context.clear_cookies()
    log_in(phone, live_server, UserFactory())
    with phone.expect_response(lambda r: r.url.endswith("/launch")) as launched:
        phone.goto(live_server.url + lesson.url)
    frame = content(phone)
    frame.locator("#entry").filter(has_text="ab-initio").wait_for()
    assert frame.locator("#location").text_content() == ""
    leave(phone, live_server, launched.value.json()["attempt"], 1)
    # The first learner's attempt is out of the second one's reach.
    assert phone.request.get(f"{live_server.url}/scorm/attempts/{attempt_id_of(response.url)}").status == 404


def test_the_status_beside_the_player_follows_a_finished_sco(live_server, phone, learner):
    package = import_package(build_zip("scorm12"))
    first_sco, second_sco = package.scos.all()
    lesson = lesson_with(package)
    log_in(phone, live_server, learner)
    phone.goto(live_server.url + lesson.url)
    content(phone).locator("#entry").filter(has_text="ab-initio").wait_for()
    content(phone).locator("#finish").click()
    phone.locator(f'{FRAME}[title="{second_sco.title}"]').wait_for()
    attempt_id = Attempt.objects.get(user=learner, sco=first_sco).pk
    stored(phone, live_server, attempt_id, lambda data: data["success_status"] == "passed")
    # Both SCOs are completed (the second completes itself), the first with 90 of 100.
    phone.locator("[data-scorm-score]").filter(has_text="90%").wait_for(timeout=5_000)
