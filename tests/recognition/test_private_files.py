"""Evidence files (minh chứng) and report exports are private: never under MEDIA_ROOT or MEDIA_URL, downloaded
only by the person and those who review or report on their organisation, tried as an outsider would (issue 13)."""

import importlib
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, re_path, reverse
from django.views.static import serve

from cms.storage import private_storage
from organisations.models import OrganisationRole
from organisations.services import grant_role
from recognition import evaluation
from recognition.models import ReportExport, Score
from tests.factories import UserFactory

# What the dev server (and a web server pointed at MEDIA_ROOT) serves: MEDIA_URL from MEDIA_ROOT, then the site.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include("cms.urls")),
]

pytestmark = pytest.mark.urls(__name__)

EVIDENCE = b"%PDF-1.4 giay khen cua to chuc cong doan"


@pytest.fixture(autouse=True)
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def worker(tree, make_worker):
    return make_worker(tree["G1"], full_name="Trần Văn Bình")


@pytest.fixture
def people(tree, worker, make_worker):
    """Who asks: the person, the reviewers above them, and those who may not see their evidence."""
    hr, officer, other_officer = UserFactory(), UserFactory(), UserFactory()
    grant_role(hr, tree["G1"], OrganisationRole.HR_OFFICER)
    grant_role(officer, tree["D1"], OrganisationRole.UNION_OFFICER)
    grant_role(other_officer, tree["D2"], OrganisationRole.UNION_OFFICER)  # another district
    other_hr = UserFactory()
    grant_role(other_hr, tree["G2"], OrganisationRole.HR_OFFICER)  # a sibling enterprise
    return {
        "person": worker,
        "hr": hr,
        "officer": officer,
        "colleague": make_worker(tree["G1"]),
        "other_officer": other_officer,
        "other_hr": other_hr,
        "stranger": UserFactory(),
    }


@pytest.fixture
def score(client, worker):
    """The person uploads an evidence file through their self-assessment page."""
    evaluation.evaluate_person(worker, date.today().year)
    client.force_login(worker)
    upload = SimpleUploadedFile("bang-khen.pdf", EVIDENCE, content_type="application/pdf")
    response = client.post(reverse("recognition:mine_score", args=["1.3"]), {"evidence_file": upload})
    assert response.status_code == 302
    client.logout()
    score = Score.objects.get(assessment__user=worker, indicator__code="1.3")
    assert score.evidence_file.name.endswith(".pdf")
    return score


def is_private(storage):
    """The field's storage is the private one. Not by identity: the field keeps the instance made at import, and a
    test that overrides STORAGES (tests/deploy) makes Django build new instances."""
    private = storages["private"]
    return type(storage) is type(private) and storage.location == private.location


def test_evidence_is_in_private_storage_not_under_media_root(score):
    assert is_private(score.evidence_file.storage)
    assert private_storage().exists(score.evidence_file.name)
    assert not (Path(settings.MEDIA_ROOT) / score.evidence_file.name).exists()


@pytest.mark.parametrize("who", [None, "stranger", "colleague", "person", "officer"])
def test_media_url_of_evidence_is_404(client, score, people, who):
    if who:
        client.force_login(people[who])
    year = date.today().year
    for url in (settings.MEDIA_URL + score.evidence_file.name, f"{settings.MEDIA_URL}recognition/evidence/{year}/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "who, status",
    [
        ("person", 200),
        ("hr", 200),
        ("officer", 200),
        ("colleague", 403),
        ("other_officer", 403),
        ("other_hr", 403),
        ("stranger", 403),
    ],
)
def test_evidence_download_only_to_the_person_and_their_reviewers(client, score, people, who, status):
    client.force_login(people[who])
    response = client.get(reverse("recognition:evidence_download", args=[score.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == EVIDENCE
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
    else:
        assert EVIDENCE not in response.content


def test_evidence_download_needs_a_login_and_an_existing_file(client, score, people, worker):
    url = reverse("recognition:evidence_download", args=[score.pk])
    assert client.get(url).status_code == 302 and "/login" in client.get(url)["Location"]
    client.force_login(worker)
    without_file = Score.objects.get(assessment__user=worker, indicator__code="1.1")
    assert client.get(reverse("recognition:evidence_download", args=[without_file.pk])).status_code == 404
    assert client.get(reverse("recognition:evidence_download", args=[999999])).status_code == 404
    private_storage().delete(score.evidence_file.name)  # lost from storage: 404, not 500
    assert client.get(url).status_code == 404


def test_uploaded_html_is_downloaded_never_run(client, worker):
    """Evidence is anyone's upload: an HTML file comes back as a sandboxed attachment, not a page of our site."""
    evaluation.evaluate_person(worker, date.today().year)
    client.force_login(worker)
    upload = SimpleUploadedFile("minh-chung.html", b"<script>alert(document.cookie)</script>", "text/html")
    client.post(reverse("recognition:mine_score", args=["1.3"]), {"evidence_file": upload})
    score = Score.objects.get(assessment__user=worker, indicator__code="1.3")
    response = client.get(reverse("recognition:evidence_download", args=[score.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_pages_link_the_download_never_media(client, score, people):
    download = reverse("recognition:evidence_download", args=[score.pk])
    client.force_login(people["person"])
    page = client.get(reverse("recognition:mine")).content.decode()
    assert download in page and settings.MEDIA_URL + "recognition" not in page
    client.force_login(people["officer"])
    review = reverse("recognition:review", args=[score.assessment.organisation_id, score.assessment_id])
    response = client.get(review)
    assert response.status_code == 200
    page = response.content.decode()
    assert download in page and settings.MEDIA_URL + "recognition" not in page


def test_report_exports_are_private(client, tree, people):
    client.force_login(people["officer"])
    client.post(reverse("recognition:reports", args=[tree["D1"].pk]), {"year": 2025, "period": "annual", "fmt": "xlsx"})
    export = ReportExport.objects.get()
    assert export.status == ReportExport.DONE
    assert is_private(export.file.storage) and private_storage().exists(export.file.name)
    assert not (Path(settings.MEDIA_ROOT) / export.file.name).exists()
    assert client.get(settings.MEDIA_URL + export.file.name).status_code == 404
    response = client.get(reverse("recognition:report_download", args=[export.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff" and "private" in response["Cache-Control"]
    with private_storage().open(export.file.name, "rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()
    for who in ("stranger", "other_officer", "person"):
        client.force_login(people[who])
        assert client.get(reverse("recognition:report_download", args=[export.pk])).status_code == 403
        assert client.get(settings.MEDIA_URL + export.file.name).status_code == 404


def test_migration_moves_old_evidence_and_reports_into_private_storage(client, score, worker):
    """Files stored before the change sit under MEDIA_ROOT: the migration moves them under the same names."""
    public = storages["default"]
    old = public.save("recognition/evidence/2024/giay-xac-nhan.pdf", ContentFile(b"%PDF old evidence"))
    report = public.save("recognition/reports/bao-cao-2024.xlsx", ContentFile(b"PK old report"))
    Score.objects.filter(pk=score.pk).update(evidence_file=old)
    migration = importlib.import_module("recognition.migrations.0005_private_files")
    migration.move_files(apps, None)
    migration.move_files(apps, None)  # again: idempotent
    assert not public.exists(old) and not public.exists(report)
    assert private_storage().exists(report)
    assert client.get(settings.MEDIA_URL + old).status_code == 404
    client.force_login(worker)
    response = client.get(reverse("recognition:evidence_download", args=[score.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF old evidence"
