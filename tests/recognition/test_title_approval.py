"""Titles are awarded on the criteria, by someone above the organisation: tried as an officer trying to cheat would.

Issue 13: POSTing the unit review form awarded "Đơn vị học tập" level 1 to a unit with 0 of 13 qualifying
members, an enterprise's own HR could award its own unit, and `level=abc` was a server error.
"""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from organisations.models import OrganisationRole
from organisations.services import add_member, grant_role
from recognition import evaluation, services
from recognition.models import Assessment, Award, Cycle, UnitAssessment
from tests.factories import UserFactory

YEAR = 2025


@pytest.fixture
def own_hr(tree):
    person = UserFactory(full_name="Nhân sự Công ty May")
    grant_role(person, tree["G1"], OrganisationRole.HR_OFFICER)
    return person


@pytest.fixture
def failing_unit(tree, make_worker, national, district_officer):
    """G1 with 13 members, none holding CDHT, every condition recorded: the criteria give it no level."""
    for _i in range(13):
        make_worker(tree["G1"])
    evaluation.evaluate(YEAR)
    unit = tree["G1"].unit_assessments.get(year=YEAR)
    services.set_unit_conditions(
        unit, by=district_officer, learning_plan=True, training_rules=True, learning_devices=True
    )
    unit.refresh_from_db()
    assert (unit.members, unit.cdht_holders, unit.proposed_level) == (13, 0, 0)
    return unit


def _post_approve(client, user, org, unit, **data):
    client.force_login(user)
    url = reverse("recognition:units", args=[org.pk]) + f"?year={YEAR}"
    return client.post(url, {"unit": unit.pk, "action": "approve", "year": YEAR, **data})


def _messages(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_form_post_without_a_reason_does_not_award_a_failing_unit(client, tree, failing_unit, district_officer):
    response = _post_approve(client, district_officer, tree["D1"], failing_unit, level="1", reason="")
    assert response.status_code == 302
    assert not Award.objects.exists()
    assert "criteria" in _messages(response)
    failing_unit.refresh_from_db()
    assert failing_unit.status == UnitAssessment.DRAFT


def test_the_units_own_hr_cannot_award_its_own_unit(client, tree, failing_unit, own_hr):
    response = _post_approve(client, own_hr, tree["G1"], failing_unit, level="1", reason="Chúng tôi tự đánh giá đạt")
    assert response.status_code == 302
    assert not Award.objects.exists()
    assert "own organisation" in _messages(response)
    with pytest.raises(PermissionDenied):
        services.approve_unit(failing_unit, by=own_hr, level=1, reason="Chúng tôi tự đánh giá đạt")


def test_own_hr_cannot_award_even_a_unit_that_meets_the_criteria(tree, failing_unit, own_hr):
    # Even when every member holds the title, the unit does not decide its own title.
    UnitAssessment.objects.filter(pk=failing_unit.pk).update(cdht_holders=13, proposed_level=1)
    with pytest.raises(PermissionDenied):
        services.approve_unit(failing_unit, by=own_hr)
    assert not Award.objects.exists()


def test_a_role_above_does_not_clear_a_role_at_the_unit(tree, failing_unit, own_hr):
    grant_role(own_hr, tree["D1"], OrganisationRole.UNION_OFFICER)
    with pytest.raises(PermissionDenied):
        services.approve_unit(failing_unit, by=own_hr, level=1, reason="Kiêm nhiệm ở huyện")
    assert not Award.objects.exists()


def test_a_district_officer_who_works_at_the_unit_cannot_award_it(tree, failing_unit, district_officer):
    add_member(district_officer, tree["G1"], start_date=date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        services.approve_unit(failing_unit, by=district_officer, level=1, reason="Biên bản kiểm tra")
    assert not Award.objects.exists()


def test_override_from_above_needs_a_reason_that_is_kept_and_shown(client, tree, failing_unit, district_officer):
    response = _post_approve(
        client, district_officer, tree["D1"], failing_unit, level="1", reason="Quyết định của Ban Thường vụ số 12"
    )
    assert response.status_code == 302
    award = Award.objects.get()
    assert award.kind == Award.UNIT_1 and award.organisation == tree["G1"]
    failing_unit.refresh_from_db()
    assert failing_unit.overrides_criteria
    assert failing_unit.review_comment == "Quyết định của Ban Thường vụ số 12"
    page = client.get(reverse("recognition:units", args=[tree["D1"].pk]) + f"?year={YEAR}")
    text = page.content.decode()
    assert "Quyết định của Ban Thường vụ số 12" in text and "does not meet the criteria" in text


def test_approval_checks_the_criteria_again_not_a_stale_proposal(tree, failing_unit, district_officer):
    # A proposal written before members left or titles changed does not carry the approval: the criteria do.
    UnitAssessment.objects.filter(pk=failing_unit.pk).update(proposed_level=1)
    with pytest.raises(ValidationError, match="criteria"):
        services.approve_unit(failing_unit, by=district_officer)
    assert not Award.objects.exists()


def test_a_unit_meeting_the_criteria_is_awarded_by_the_district(tree, make_worker, national, district_officer):
    workers = [make_worker(tree["G2"]) for _i in range(10)]
    for worker in workers:
        Award.objects.create(
            kind=Award.CDHT, year=YEAR, user=worker, organisation=tree["G2"], criteria=national,
            valid_from=date(YEAR, 6, 1), valid_until=date(YEAR + 1, 12, 31),
        )  # fmt: skip
    evaluation.evaluate(YEAR)
    unit = tree["G2"].unit_assessments.get(year=YEAR)
    services.set_unit_conditions(
        unit, by=district_officer, learning_plan=True, training_rules=True, learning_devices=True
    )
    award = services.approve_unit(unit, by=district_officer, on=date(YEAR, 11, 20))
    unit.refresh_from_db()
    assert award.kind == Award.UNIT_1 and not unit.overrides_criteria


@pytest.mark.parametrize("level", ["abc", "1.5", "-1", "3", "99999999999999999999999", "1\x00", "0"])
def test_junk_level_is_a_form_error_not_a_server_error(client, tree, failing_unit, district_officer, level):
    response = _post_approve(client, district_officer, tree["D1"], failing_unit, level=level, reason="Lý do")
    # 400: the site's input guard refuses NUL bytes before any view.
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert "level" in _messages(response).lower()
    assert not Award.objects.exists()


@pytest.mark.parametrize("unit", ["abc", "", "-1", "99999999999999999999999"])
def test_junk_unit_id_is_not_a_server_error(client, tree, failing_unit, district_officer, unit):
    client.force_login(district_officer)
    url = reverse("recognition:units", args=[tree["D1"].pk])
    response = client.post(url, {"unit": unit, "action": "approve", "level": "1", "reason": "x"})
    assert response.status_code in (302, 404)
    assert not Award.objects.exists()


# Persons ------------------------------------------------------------------------------------------------------


@pytest.fixture
def open_cycle(tree):
    return Cycle.objects.create(organisation=tree["P"], year=YEAR, status=Cycle.OPEN)


def _submitted(person, points):
    assessment = evaluation.evaluate_person(person, YEAR)
    for score in assessment.scores.select_related("indicator"):
        services.propose_score(
            assessment, score.indicator.code, by=person, points=points,
            reason="Chứng chỉ ngoài nền tảng" if score.auto_points is not None else "", evidence_text="Xác nhận",
        )  # fmt: skip
    services.submit(assessment, by=person)
    assessment.refresh_from_db()
    return assessment


def _raise_all(assessment, points):
    return {
        s.indicator.code: (points, "Đã xem minh chứng tại đơn vị")
        for s in assessment.scores.select_related("indicator")
    }


def test_a_person_cannot_approve_their_own_self_assessment(tree, make_worker, open_cycle):
    worker = make_worker(tree["G1"])
    grant_role(worker, tree["G1"], OrganisationRole.HR_OFFICER)
    assessment = _submitted(worker, 9)
    with pytest.raises(PermissionDenied):
        services.approve(assessment, by=worker)
    assert not Award.objects.exists()


def test_workplace_hr_approves_a_passing_proposal(tree, make_worker, open_cycle, own_hr):
    assessment = _submitted(make_worker(tree["G1"]), 9)
    award = services.approve(assessment, by=own_hr)
    assert award.kind == Award.CDHT
    assessment.refresh_from_db()
    assert not assessment.overrides_criteria


def test_workplace_hr_cannot_lift_a_failing_proposal_over_the_criteria(tree, make_worker, open_cycle, own_hr):
    assessment = _submitted(make_worker(tree["G1"]), 6)
    with pytest.raises(PermissionDenied):
        services.approve(assessment, by=own_hr, adjustments=_raise_all(assessment, 9), comment="Đạt")
    assert not Award.objects.exists()


def test_override_of_a_failing_proposal_from_above_needs_a_recorded_reason(
    client, tree, make_worker, open_cycle, district_officer
):
    assessment = _submitted(make_worker(tree["G1"]), 6)
    with pytest.raises(ValidationError, match="criteria"):
        services.approve(assessment, by=district_officer, adjustments=_raise_all(assessment, 9), comment="")
    assert not Award.objects.exists()
    services.approve(
        assessment, by=district_officer, adjustments=_raise_all(assessment, 9), comment="Hội đồng huyện xét đặc cách"
    )
    assessment.refresh_from_db()
    assert assessment.status == Assessment.APPROVED and assessment.overrides_criteria
    assert assessment.review_comment == "Hội đồng huyện xét đặc cách"
    client.force_login(district_officer)
    page = client.get(reverse("recognition:review", args=[tree["D1"].pk, assessment.pk]))
    text = page.content.decode()
    assert "Hội đồng huyện xét đặc cách" in text and "does not meet the criteria" in text


def test_review_form_override_by_post_from_the_workplace_is_refused(client, tree, make_worker, open_cycle, own_hr):
    assessment = _submitted(make_worker(tree["G1"]), 6)
    client.force_login(own_hr)
    data = {"action": "approve", "comment": "Đạt"}
    for score in assessment.scores.select_related("indicator"):
        data[f"points_{score.indicator.code}"] = "9"
        data[f"reason_{score.indicator.code}"] = "Đã xem"
    response = client.post(reverse("recognition:review", args=[tree["G1"].pk, assessment.pk]), data)
    assert response.status_code in (200, 302, 403)
    assert not Award.objects.exists()


# Junk on the other recognition forms --------------------------------------------------------------------------


@pytest.mark.parametrize("points", ["NaN", "sNaN", "-Infinity", "1e999", "abc", "٣"])
def test_junk_points_are_a_form_error_for_the_person_and_the_reviewer(
    client, tree, make_worker, open_cycle, district_officer, points
):
    worker = make_worker(tree["G1"])
    client.force_login(worker)
    response = client.post(reverse("recognition:mine_score", args=["1.3"]), {"year": YEAR, "points": points})
    assert response.status_code == 302
    assessment = _submitted(worker, 9)
    client.force_login(district_officer)
    url = reverse("recognition:review", args=[tree["D1"].pk, assessment.pk])
    response = client.post(url, {"action": "approve", "points_1.3": points, "reason_1.3": "Sai"})
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == Assessment.SUBMITTED


@pytest.mark.parametrize("ids", [["²"], ["99999999999999999999999"], ["-1"], ["1e3"]])
def test_junk_ids_in_bulk_approval_are_skipped(client, tree, open_cycle, district_officer, ids):
    client.force_login(district_officer)
    url = reverse("recognition:bulk_approve", args=[tree["D1"].pk])
    response = client.post(url, {"confirm": "yes", "ids": ids})
    assert response.status_code == 302
    assert not Award.objects.exists()


def test_level_two_decided_on_29_february(tree, failing_unit, national, district_officer):
    Award.objects.create(
        kind=Award.UNIT_1, year=2026, organisation=tree["G1"], criteria=national,
        valid_from=date(2027, 2, 28), valid_until=date(2030, 2, 27),
    )  # fmt: skip
    award = services.approve_unit(failing_unit, by=district_officer, level=2, reason="Đặc cách", on=date(2028, 2, 29))
    assert award.kind == Award.UNIT_2 and award.valid_until == date(2031, 2, 28)
