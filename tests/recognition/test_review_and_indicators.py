"""Self-assessment, review keeping both scores, titles, indicators on a hand-computed tree, access, exports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from certificates import credentials
from certificates.models import Certificate
from organisations.models import OrganisationRole
from organisations.services import grant_role
from recognition import evaluation, exports, indicators, services
from recognition.models import Assessment, Award, Cycle, ReportExport
from tests.factories import UserFactory


@pytest.fixture
def open_cycle(tree):
    return Cycle.objects.create(organisation=tree["P"], year=2025, status=Cycle.OPEN)


@pytest.fixture
def officer(tree):
    person = UserFactory(email="congdoan@example.vn")
    grant_role(person, tree["D1"], OrganisationRole.UNION_OFFICER)
    return person


def _fill(assessment, points=8, reason="Đã có chứng chỉ ngoài nền tảng"):
    for score in assessment.scores.select_related("indicator"):
        services.propose_score(
            assessment, score.indicator.code, by=assessment.user, points=points,
            reason=reason if score.auto_points is not None else "", evidence_text="Xác nhận của tổ",
        )  # fmt: skip


def test_person_adjusts_with_reason_submits_and_officer_approves(tree, make_worker, complete, open_cycle, officer):
    worker = make_worker(tree["G1"])
    complete(worker, "foreign_language", date(2025, 3, 1))
    assessment = evaluation.evaluate_person(worker, 2025)
    with pytest.raises(ValidationError, match="reason"):
        services.propose_score(assessment, "2.2", by=worker, points=9)
    with pytest.raises(ValidationError, match="between"):
        services.propose_score(assessment, "1.3", by=worker, points=11)
    with pytest.raises(PermissionDenied):
        services.propose_score(assessment, "1.3", by=officer, points=5)
    with pytest.raises(ValidationError, match="missing"):
        services.submit(assessment, by=worker)
    _fill(assessment)
    assessment.refresh_from_db()
    assert assessment.proposed_total == Decimal(80) and assessment.proposed_passes
    services.submit(assessment, by=worker)
    with pytest.raises(ValidationError):
        services.propose_score(assessment, "1.3", by=worker, points=9)
    # Lowering one indicator to 4 fails the rule: the reviewer must reject instead.
    with pytest.raises(ValidationError, match="do not meet"):
        services.approve(assessment, by=officer, adjustments={"1.3": (4, "Chưa đủ minh chứng")})
    with pytest.raises(ValidationError, match="reason"):
        services.approve(assessment, by=officer, adjustments={"1.3": (9, "")})
    award = services.approve(
        assessment, by=officer, adjustments={"1.3": (9, "Có thêm xác nhận thư viện")}, comment="Tốt"
    )
    assessment.refresh_from_db()
    score = assessment.scores.get(indicator__code="1.3")
    assert (score.proposed_points, score.final_points, score.final_reason) == (8, 9, "Có thêm xác nhận thư viện")
    language = assessment.scores.get(indicator__code="2.2")
    assert (language.auto_points, language.proposed_points, language.proposed_reason) == (
        4,
        8,
        "Đã có chứng chỉ ngoài nền tảng",
    )
    assert assessment.status == Assessment.APPROVED and assessment.final_total == Decimal(81)
    assert assessment.review_comment == "Tốt" and assessment.reviewed_by == officer
    assert award.kind == Award.CDHT and award.user == worker
    # Re-running the evaluation never touches a decided assessment.
    evaluation.evaluate(2025)
    assessment.refresh_from_db()
    assert assessment.final_total == Decimal(81) and assessment.scores.get(indicator__code="2.2").proposed_points == 8


def test_submit_needs_an_open_cycle(tree, make_worker):
    worker = make_worker(tree["G1"])
    assessment = evaluation.evaluate_person(worker, 2025)
    _fill(assessment)
    with pytest.raises(ValidationError, match="not open"):
        services.submit(assessment, by=worker)


def test_reviewers_only_in_their_subtree_and_reject_needs_a_comment(tree, make_worker, open_cycle, officer):
    outside = make_worker(tree["S"])  # D2: not the officer's subtree
    assessment = evaluation.evaluate_person(outside, 2025)
    _fill(assessment)
    services.submit(assessment, by=outside)
    with pytest.raises(PermissionDenied):
        services.approve(assessment, by=officer)
    assert not services.review_queue(officer, tree["P"], 2025).exists()
    boss = UserFactory()
    grant_role(boss, tree["P"], OrganisationRole.HR_OFFICER)
    with pytest.raises(ValidationError, match="reason"):
        services.reject(assessment, by=boss, comment=" ")
    services.reject(assessment, by=boss, comment="Thiếu minh chứng")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.REJECTED and not Award.objects.exists()


def test_bulk_approve_with_care(tree, make_worker, open_cycle, officer):
    good = make_worker(tree["G1"])
    weak = make_worker(tree["G2"])
    for person, points in ((good, 9), (weak, 6)):
        assessment = evaluation.evaluate_person(person, 2025)
        _fill(assessment, points)
        services.submit(assessment, by=person)
    ids = list(Assessment.objects.values_list("pk", flat=True)) + [999999]
    approved, skipped = services.bulk_approve(officer, tree["D1"], ids)
    assert approved == 1
    assert {pk for pk, _reason in skipped} == {Assessment.objects.get(user=weak).pk, 999999}
    assert Award.objects.get().user == good


def test_unit_title_validity_and_level_two_timing(tree, make_worker, national, officer):
    evaluation.evaluate(2024)
    unit = tree["G1"].unit_assessments.get(year=2024)
    with pytest.raises(ValidationError, match="level 1 or level 2"):
        services.approve_unit(unit, by=officer)  # proposed level 0
    award = services.approve_unit(unit, by=officer, level=1, reason="Đủ điều kiện theo biên bản", on=date(2024, 11, 20))
    assert (award.valid_from, award.valid_until) == (date(2024, 11, 20), date(2027, 11, 19))
    assert services.holds_unit_title(tree["G1"], date(2027, 11, 19)) == award
    assert services.holds_unit_title(tree["G1"], date(2027, 11, 20)) is None
    evaluation.evaluate(2025)
    unit_2025 = tree["G1"].unit_assessments.get(year=2025)
    with pytest.raises(ValidationError, match="at least 1 year"):
        services.approve_unit(unit_2025, by=officer, level=2, reason="Đạt 96%", on=date(2025, 11, 19))
    award2 = services.approve_unit(unit_2025, by=officer, level=2, reason="Đạt 96%", on=date(2025, 11, 20))
    assert award2.kind == Award.UNIT_2


def test_title_is_issued_as_a_certificate(
    client, tree, make_worker, open_cycle, officer, django_capture_on_commit_callbacks
):
    worker = make_worker(tree["G1"], full_name="Trần Văn Bình")
    assessment = evaluation.evaluate_person(worker, 2025)
    _fill(assessment)
    services.submit(assessment, by=worker)
    with django_capture_on_commit_callbacks(execute=True):
        award = services.approve(assessment, by=officer)
    award.refresh_from_db()
    certificate = award.certificate
    assert certificate is not None and certificate.kind == Certificate.TITLE
    assert (certificate.user, certificate.holder_name) == (worker, "Trần Văn Bình")
    assert certificate.course_title == "Công dân học tập 2025"
    assert certificate.issuer_name == tree["P"].name  # the organisation running the cycle
    assert certificate.source_key == f"cdht:{award.pk}"
    assert certificate.events.get().actor == officer
    credentials.verify(certificate.credential)
    # Issuing again (say, the recovery in recognition_evaluate) never issues a second certificate.
    award.certificate = None
    assert services.issue_title_certificate(award) == certificate
    assert Certificate.objects.filter(kind=Certificate.TITLE).count() == 1
    record = client.get(f"/api/certificates/{certificate.serial}").json()
    assert (record["course"], record["holder"], record["hours"], record["status"]) == (
        "Công dân học tập 2025",
        "Trần Văn Bình",
        None,
        "valid",
    )
    client.force_login(worker)
    page = client.get(reverse("recognition:mine"), {"year": 2025}).content.decode()
    assert f"/verify/{certificate.serial}/" in page


def test_unit_title_certificate_names_the_organisation(tree, make_worker, national, officer):
    evaluation.evaluate(2024)
    unit = tree["G1"].unit_assessments.get(year=2024)
    award = services.approve_unit(unit, by=officer, level=1, reason="Đủ điều kiện theo biên bản", on=date(2024, 11, 20))
    certificate = services.issue_title_certificate(award)
    assert certificate.user is None and certificate.holder_name == "Công ty May Duy Tiên"
    assert certificate.course_title == "Đơn vị học tập mức độ 1, năm 2024"
    assert certificate.public and certificate.source_key == f"unit:{award.pk}"
    credentials.verify(certificate.credential)


def test_missing_title_certificates_are_issued_by_the_yearly_command(tree, make_worker, national, capsys):
    worker = make_worker(tree["G1"])
    award = Award.objects.create(kind=Award.CDHT, year=2025, user=worker, organisation=tree["G1"], criteria=national,
                                 valid_from=date(2025, 6, 1), valid_until=date(2026, 12, 31))  # fmt: skip
    call_command("recognition_evaluate", "--year", "2025")
    assert "title certificates issued that were missing: 1" in capsys.readouterr().out
    award.refresh_from_db()
    assert award.certificate.course_title == "Công dân học tập 2025"
    assert award.certificate.issuer_name == ""  # no cycle: the site's issuer
    call_command("recognition_evaluate", "--year", "2025")
    assert "missing" not in capsys.readouterr().out
    assert Certificate.objects.count() == 1


def _hand_tree(tree, make_worker, complete, national):
    """G1: 4 workers, G2: 2 workers (one left in 2024), S: 4 workers; all in 2025 unless said.

    G1: w1 politics_law + digital, w2 digital, w3 vocational (2024: outside the period), w4 nothing; w1 holds CDHT.
    G2: w5 life_skills and politics_law; w6 left 30/06/2024 (not a worker of 2025).
    S:  w7 politics_law, w8 foreign_language, w9 and w10 nothing; w7, w8 hold CDHT. S holds Đơn vị học tập level 1.
    """
    g1 = [make_worker(tree["G1"]) for _ in range(4)]
    g2 = [make_worker(tree["G2"]), make_worker(tree["G2"], start=date(2023, 1, 1), end=date(2024, 6, 30))]
    s = [make_worker(tree["S"]) for _ in range(4)]
    complete(g1[0], "politics_law", date(2025, 2, 1))
    complete(g1[0], "digital", date(2025, 8, 1))
    complete(g1[1], "digital", date(2025, 3, 1))
    complete(g1[2], "vocational", date(2024, 5, 1))
    complete(g2[0], "life_skills", date(2025, 4, 1))
    complete(g2[0], "politics_law", date(2025, 9, 1))
    complete(g2[1], "vocational", date(2024, 3, 1))
    complete(s[0], "politics_law", date(2025, 10, 1))
    complete(s[1], "foreign_language", date(2025, 10, 1))
    for person in (g1[0], s[0], s[1]):
        org = person.memberships.first().organisation
        Award.objects.create(kind=Award.CDHT, year=2025, user=person, organisation=org, criteria=national,
                             valid_from=date(2025, 6, 1), valid_until=date(2026, 12, 31))  # fmt: skip
    Award.objects.create(kind=Award.UNIT_1, year=2025, organisation=tree["S"], criteria=national,
                         valid_from=date(2025, 5, 1), valid_until=date(2028, 4, 30))  # fmt: skip


def test_indicators_on_a_hand_computed_tree(tree, make_worker, complete, national):
    _hand_tree(tree, make_worker, complete, national)
    figures = indicators.indicators_for(tree["P"], date(2025, 1, 1), date(2025, 12, 31))
    rows = {row.code: row for row in figures.rows}
    # Workers of 2025: 4 (G1) + 1 (G2) + 4 (S) = 9.
    assert figures.workers == 9
    assert (rows["politics_law"].count, rows["politics_law"].share) == (3, Decimal("33.3"))  # g1[0], g2[0], s[0]
    assert (rows["vocational"].count, rows["vocational"].share) == (0, Decimal("0.0"))  # both in 2024
    assert (rows["life_skills"].count, rows["life_skills"].share) == (1, Decimal("11.1"))
    assert (rows["digital"].count, rows["digital"].share) == (2, Decimal("22.2"))
    assert (rows["union_skills"].count, rows["union_skills"].share) == (3, Decimal("33.3"))  # 2 digital + 1 language
    assert (rows["cdht"].count, rows["cdht"].share) == (3, Decimal("33.3"))
    assert (rows["learning_units"].count, rows["learning_units"].total, rows["learning_units"].share) == (
        1,
        3,
        Decimal("33.3"),
    )
    assert rows["politics_law"].targets == {2025: Decimal(70), 2030: Decimal(90)}
    assert not rows["politics_law"].met(2025) and rows["cdht"].met(2025)
    # First half of 2025: politics g1[0] (Feb); digital g1[1] (Mar); life skills g2[0]; CDHT valid on 30/06: 3.
    half = {r.code: r for r in indicators.indicators_for(tree["P"], date(2025, 1, 1), date(2025, 6, 30)).rows}
    assert (half["politics_law"].count, half["digital"].count, half["life_skills"].count, half["cdht"].count) == (
        1,
        1,
        1,
        3,
    )
    by_child = {f.organisation.pk: f for f in indicators.breakdown(tree["P"], date(2025, 1, 1), date(2025, 12, 31))}
    d1, d2 = by_child[tree["D1"].pk], by_child[tree["D2"].pk]
    assert (d1.workers, d2.workers) == (5, 4)
    assert {r.code: r.count for r in d1.rows}["politics_law"] == 2
    assert {r.code: r.share for r in d2.rows}["cdht"] == Decimal("50.0")
    district = indicators.indicators_for(tree["D1"], date(2025, 1, 1), date(2025, 12, 31))
    assert {r.code: r.share for r in district.rows}["digital"] == Decimal("40.0")  # 2 of 5


def test_trend_by_half_year(tree, make_worker, complete, national):
    _hand_tree(tree, make_worker, complete, national)
    points = indicators.trend(tree["P"], 2025, 2, 2)
    assert [label for label, _shares in points] == ["1/2025", "2/2025"]
    assert points[0][1]["politics_law"] == Decimal("11.1") and points[1][1]["politics_law"] == Decimal("22.2")


def test_exports_open_and_contain_the_numbers(tree, make_worker, complete, national):
    from openpyxl import load_workbook

    _hand_tree(tree, make_worker, complete, national)
    content, name = exports.build(tree["P"], 2025, "annual", "xlsx")
    assert name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(content))
    values = list(book.worksheets[0].iter_rows(values_only=True))
    politics = next(row for row in values if row[0] == "Người lao động được học tập chính trị, pháp luật")
    assert politics[1:6] == (3, 9, 33.3, 70, 90)
    children = [row for row in book.worksheets[1].iter_rows(values_only=True)]
    assert (children[1][0], children[1][1]) == (tree["D1"].name, 5)
    pdf, pdf_name = exports.build(tree["P"], 2025, "half", "pdf")
    assert pdf.startswith(b"%PDF") and "6-thang" in pdf_name
    from pypdf import PdfReader  # noqa: PLC0415

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert ("11,1" in text or "11.1" in text) and tree["P"].name in text and "25/06/2025" in text


def test_access_to_dashboards_queues_and_exports(client, tree, make_worker, officer, national):
    make_worker(tree["G1"])
    stranger = UserFactory()
    dashboard = reverse("recognition:dashboard", args=[tree["D1"].pk])
    above = reverse("recognition:dashboard", args=[tree["P"].pk])
    queue = reverse("recognition:review_queue", args=[tree["D1"].pk])
    reports = reverse("recognition:reports", args=[tree["D1"].pk])
    assert client.get(dashboard).status_code == 302  # login first
    client.force_login(stranger)
    for url in (dashboard, queue, reports):
        assert client.get(url).status_code == 403
    client.force_login(officer)
    response = client.get(dashboard + "?year=2025")
    assert response.status_code == 200 and b"<svg" in response.content
    assert client.get(above).status_code == 403
    assert client.get(reverse("recognition:review_queue", args=[tree["D2"].pk])).status_code == 403
    assert client.get(queue).status_code == 200
    response = client.post(reports, {"year": 2025, "period": "annual", "fmt": "xlsx"})
    export = ReportExport.objects.get()
    assert export.status == ReportExport.DONE and export.progress == 100
    assert client.get(reverse("recognition:report_status", args=[export.pk])).json()["ready"] is True
    download = client.get(reverse("recognition:report_download", args=[export.pk]))
    assert download.status_code == 200
    assert client.post(reports, {"year": 2025, "period": "weekly", "fmt": "xlsx"}).status_code == 302
    assert ReportExport.objects.count() == 1
    client.force_login(stranger)
    assert client.get(reverse("recognition:report_download", args=[export.pk])).status_code == 403
    status = client.get(reverse("recognition:report_status", args=[export.pk]))
    assert status.status_code == 403 and "error" in status.json()
    assert client.get(reverse("recognition:report_status", args=[99999])).status_code == 404


def test_my_self_assessment_page(client, tree, make_worker, open_cycle):
    worker = make_worker(tree["G1"])
    client.force_login(worker)
    response = client.get(reverse("recognition:mine") + "?year=2025")
    assert response.status_code == 200 and "Sử dụng ngoại ngữ".encode() in response.content
    response = client.post(reverse("recognition:mine_score", args=["1.3"]), {"year": 2025, "points": "abc"})
    assert response.status_code == 302
    assert Assessment.objects.get(user=worker).scores.get(indicator__code="1.3").proposed_points is None
    assert client.post(reverse("recognition:mine_score", args=["9.9"]), {"year": 2025, "points": 5}).status_code == 404
