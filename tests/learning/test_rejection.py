"""A completion HR rejected counts for nothing downstream (issue 13; docs/security.md, "Revocation and rejection").

Hours, the CDHT automatic points and their evidence, and the QĐ 1268 read model all leave it out, and take it
back when HR confirms it after all.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from learning import services
from organisations.models import CompletionReview, OrganisationRole
from organisations.services import grant_role, review_completion
from recognition import evaluation, indicators
from recognition import services as recognition_services
from recognition.models import Assessment, Award, Cycle, Evidence, Indicator, LearningActivity
from tests.factories import UserFactory
from tests.recognition.conftest import complete, courses, make_worker, tree  # noqa: F401 (fixtures)

YEAR = 2025


@pytest.fixture
def hr(tree):  # noqa: F811
    person = UserFactory(full_name="Nhân sự Công ty May")
    grant_role(person, tree["G1"], OrganisationRole.HR_OFFICER)
    return person


@pytest.fixture
def district_officer(tree):  # noqa: F811
    person = UserFactory(full_name="Cán bộ LĐLĐ huyện")
    grant_role(person, tree["D1"], OrganisationRole.UNION_OFFICER)
    return person


@pytest.fixture
def worker(tree, make_worker):  # noqa: F811
    return make_worker(tree["G1"])


def _reject(hr, completion):
    return review_completion(hr, completion, CompletionReview.REJECTED, comment="Không có mặt tại lớp")


def _confirm(hr, completion):
    return review_completion(hr, completion, CompletionReview.CONFIRMED)


def test_hours_leave_out_a_rejected_completion_and_take_it_back_when_confirmed(worker, hr, complete):  # noqa: F811
    vocational = complete(worker, "vocational", date(YEAR, 3, 1), hours="8.0")
    complete(worker, "digital", date(YEAR, 4, 1), hours="4.0")
    _reject(hr, vocational)
    assert [(row["learning_area_code"], row["hours"]) for row in services.hours_by_area(worker, YEAR)] == [
        ("digital", 4)
    ]
    assert services.hours_total(worker) == 4
    _confirm(hr, vocational)
    assert sorted(row["hours"] for row in services.hours_by_area(worker, YEAR)) == [4, 8]
    assert services.hours_total(worker) == 12


def test_my_learning_page_counts_no_rejected_hours(client, worker, hr, complete):  # noqa: F811
    today = date.today()
    rejected = complete(worker, "vocational", today, hours="8.0")
    complete(worker, "digital", today, hours="4.0")
    _reject(hr, rejected)
    client.force_login(worker)
    response = client.get(reverse("learning:my_learning"))
    assert response.status_code == 200
    assert response.context["hours_this_year"] == 4 and response.context["hours_total"] == 4


def test_the_read_model_and_the_indicators_follow_a_rejection(tree, worker, hr, complete):  # noqa: F811
    politics = complete(worker, "politics_law", date(YEAR, 3, 1))
    complete(worker, "digital", date(YEAR, 3, 2))
    start, end = indicators.period_bounds(YEAR)
    wanted = [Indicator.objects.get(areas="politics_law")]

    def count():
        return indicators.indicators_for(tree["G1"], start, end, wanted).rows[0].count

    assert count() == 1
    _reject(hr, politics)
    assert list(LearningActivity.objects.filter(user=worker).values_list("areas", flat=True)) == [8]
    assert count() == 0
    _confirm(hr, politics)
    assert count() == 1


def test_cdht_automatic_points_and_evidence_leave_out_a_rejected_completion(worker, hr, complete):  # noqa: F811
    first = complete(worker, "politics_law", date(YEAR, 3, 1))
    complete(worker, "politics_law", date(YEAR, 4, 1))
    assessment = evaluation.evaluate_person(worker, YEAR)
    score = assessment.scores.get(indicator__code="1.1")
    assert score.auto_points == 6 and Evidence.objects.filter(score=score, completion=first).exists()
    _reject(hr, first)
    score.refresh_from_db()  # the draft was scored again when HR rejected
    assert score.auto_points == 3 and not Evidence.objects.filter(completion=first).exists()
    assert evaluation.evaluate_person(worker, YEAR).scores.get(indicator__code="1.1").auto_points == 3


@pytest.fixture
def submitted(tree, worker, complete):  # noqa: F811
    """A proposal that meets the criteria only thanks to two completions behind indicator 1.1 (3 points each)."""
    Cycle.objects.create(organisation=tree["P"], year=YEAR, status=Cycle.OPEN)
    completions = [complete(worker, "politics_law", date(YEAR, m, 1)) for m in (3, 4)]
    assessment = evaluation.evaluate_person(worker, YEAR)
    for score in assessment.scores.select_related("indicator").exclude(indicator__code="1.1"):
        recognition_services.propose_score(
            assessment, score.indicator.code, by=worker, points=9,
            reason="Chứng chỉ ngoài nền tảng" if score.auto_points is not None else "", evidence_text="Xác nhận",
        )  # fmt: skip
    recognition_services.submit(assessment, by=worker)
    assessment.refresh_from_db()
    assert assessment.proposed_passes and assessment.scores.get(indicator__code="1.1").proposed_points == 6
    return assessment, completions


def test_a_submitted_proposal_follows_a_rejection_and_cannot_be_approved_as_it_was(submitted, hr, district_officer):
    assessment, (first, _second) = submitted
    _reject(hr, first)
    assessment.refresh_from_db()
    assert assessment.scores.get(indicator__code="1.1").proposed_points == 3 and not assessment.proposed_passes
    with pytest.raises(ValidationError, match="criteria"):
        recognition_services.approve(assessment, by=district_officer)
    assert not Award.objects.exists()


def test_approval_computes_the_points_again_even_when_no_signal_told_it(tree, submitted, hr):  # noqa: F811
    assessment, (first, _second) = submitted
    # A review written in bulk (no save signal): the approval itself still reads the learning record.
    CompletionReview.objects.bulk_create(
        [CompletionReview(completion=first, organisation=tree["G1"], status=CompletionReview.REJECTED, comment="x")]
    )
    assessment.refresh_from_db()
    assert assessment.proposed_passes  # not yet scored again
    with pytest.raises(ValidationError, match="criteria"):
        recognition_services.approve(assessment, by=hr)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.SUBMITTED and not Award.objects.exists()


def test_the_migration_rebuilds_the_read_model_of_workers_rejected_before(tree, worker, complete):  # noqa: F811
    import importlib

    from django.apps import apps

    politics = complete(worker, "politics_law", date(YEAR, 3, 1))
    complete(worker, "digital", date(YEAR, 3, 2))
    # Rejected before the read model knew about rejections: written without a save signal.
    CompletionReview.objects.bulk_create(
        [CompletionReview(completion=politics, organisation=tree["G1"], status=CompletionReview.REJECTED)]
    )
    assert list(LearningActivity.objects.filter(user=worker).values_list("areas", flat=True)) == [9]
    importlib.import_module("recognition.migrations.0006_activity_without_withdrawn").rebuild(apps, None)
    assert list(LearningActivity.objects.filter(user=worker).values_list("areas", flat=True)) == [8]
