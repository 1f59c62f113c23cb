"""What a union officer and a worker see: labels not codes, the report as it is submitted, why a unit gets its
level, one form for the self-assessment, final totals after review, and other organisations kept out."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organisations.models import OrganisationRole
from organisations.services import grant_role
from recognition import evaluation, exports, levels, services
from recognition.models import Assessment, Award, Cycle, Indicator, ReportExport, UnitAssessment
from tests.factories import UserFactory

RAW_CODES = ("politics_law", "vocational", "life_skills", "union_skills", "learning_units", ">cdht<", ">digital<")
YEAR = 2025


@pytest.fixture
def officer(tree):
    person = UserFactory(full_name="Phạm Văn Công Đoàn")
    grant_role(person, tree["D1"], OrganisationRole.UNION_OFFICER)
    return person


@pytest.fixture
def other_officer(tree):
    person = UserFactory(full_name="Cán bộ huyện khác")
    grant_role(person, tree["D2"], OrganisationRole.UNION_OFFICER)
    return person


def test_indicators_have_short_names_from_the_migration(db):
    assert Indicator.objects.get(code="politics_law").label == "Chính trị, pháp luật"
    assert all(indicator.short_name for indicator in Indicator.objects.all())


def test_dashboard_per_unit_table_shows_labels_not_codes(client, tree, make_worker, officer, national):
    make_worker(tree["G1"])
    client.force_login(officer)
    page = client.get(reverse("recognition:dashboard", args=[tree["D1"].pk]) + f"?year={YEAR}").content.decode()
    table = page.split('id="breakdown"', 1)[1].split("</table>", 1)[0]
    for code in RAW_CODES:
        assert code not in table, code
    assert "Chính trị, pháp luật" in table and "Kỹ năng nghề nghiệp" in table
    # Hidden data attributes aside, no code appears as text anywhere on the page.
    text = re.sub(r"<[^>]+>", " ", page)
    for code in ("politics_law", "union_skills", "learning_units"):
        assert code not in text


def test_report_pdf_is_a_submitted_union_report(tree, make_worker, officer, national):
    from pypdf import PdfReader

    for _ in range(3):
        make_worker(tree["G1"])
    make_worker(tree["G2"])
    content, _name = exports.build(tree["P"], YEAR, "annual", "pdf", by=officer)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(text.split())
    today = timezone.localdate()
    assert f"Hà Nam, day {today.day:02d} month {today.month:02d} year {today.year}" in flat  # place and date
    assert "SOCIALIST REPUBLIC OF VIETNAM" in flat.upper()
    assert tree["P"].name.upper() in flat.upper()  # the issuer
    assert "01/01/2025" in flat and "31/12/2025" in flat  # the period
    assert "ON BEHALF OF THE EXECUTIVE COMMITTEE" in flat.upper() and "Phạm Văn Công Đoàn" in flat  # signature
    assert tree["D1"].name in flat and "0/4" in flat  # per-unit counts: 0 of D1's 4 workers
    for code in ("politics_law", "union_skills", "learning_units", "vocational"):
        assert code not in flat
    assert "Chính trị, pháp luật" in flat


def test_report_xlsx_has_counts_and_labels(tree, make_worker, officer, national):
    from openpyxl import load_workbook

    make_worker(tree["G1"])
    content, _name = exports.build(tree["P"], YEAR, "half", "xlsx", by=officer)
    book = load_workbook(io.BytesIO(content))
    first = [row for row in book.worksheets[0].iter_rows(values_only=True)]
    assert any(row[0] == "Made by" and row[1] == "Phạm Văn Công Đoàn" for row in first)
    head = [cell for cell in next(book.worksheets[1].iter_rows(values_only=True))]
    assert "Chính trị, pháp luật: count" in head and "Chính trị, pháp luật (%)" in head
    assert not any(code in str(cell) for cell in head for code in ("politics_law", "union_skills"))


def test_report_built_from_the_screen_names_who_made_it(client, tree, make_worker, officer, other_officer, national):
    client.force_login(officer)
    client.post(reverse("recognition:reports", args=[tree["D1"].pk]), {"year": YEAR, "period": "annual", "fmt": "pdf"})
    export = ReportExport.objects.get()
    assert export.status == ReportExport.DONE
    assert client.get(reverse("recognition:report_download", args=[export.pk])).status_code == 200
    # Another district's officer: not their report.
    client.force_login(other_officer)
    assert client.get(reverse("recognition:report_download", args=[export.pk])).status_code == 403
    assert client.get(reverse("recognition:report_status", args=[export.pk])).status_code == 403
    assert client.get(reverse("recognition:reports", args=[tree["D1"].pk])).status_code == 403
    assert client.get(reverse("recognition:units", args=[tree["D1"].pk])).status_code == 403


def test_unit_page_says_why_and_uses_the_criteria_word_for_a_level(client, tree, make_worker, national):
    officer = UserFactory()
    grant_role(officer, tree["P"], OrganisationRole.UNION_OFFICER)
    workers = [make_worker(tree["G1"]) for _ in range(14)]
    Award.objects.create(
        kind=Award.CDHT, year=YEAR, user=workers[0], organisation=tree["G1"], criteria=national,
        valid_from=date(YEAR, 6, 1), valid_until=date(YEAR + 1, 12, 31),
    )  # fmt: skip
    evaluation.evaluate(YEAR)
    unit = UnitAssessment.objects.get(organisation=tree["G1"], year=YEAR)
    assert (unit.members, unit.cdht_holders, unit.proposed_level) == (14, 1, 0)
    reasons = levels.explain(unit)
    assert reasons[0] == "7,1% of members hold Công dân học tập (1 of 14)."
    assert "Missing for any level: an annual learning plan, training rules, learning devices." in reasons
    assert "Level 1 needs 90%: 12 more members holding the title." in reasons
    client.force_login(officer)
    page = client.get(reverse("recognition:units", args=[tree["P"].pk]) + f"?year={YEAR}").content.decode()
    assert "7,1% of members hold Công dân học tập (1 of 14)." in page
    assert "Level 1 needs 90%" in page


def test_unit_reasons_at_level_one(tree, make_worker, national):
    workers = [make_worker(tree["G1"]) for _ in range(10)]
    for person in workers:
        Award.objects.create(
            kind=Award.CDHT, year=YEAR, user=person, organisation=tree["G1"], criteria=national,
            valid_from=date(YEAR, 6, 1), valid_until=date(YEAR + 1, 12, 31),
        )  # fmt: skip
    evaluation.evaluate(YEAR)
    unit = UnitAssessment.objects.get(organisation=tree["G1"], year=YEAR)
    UnitAssessment.objects.filter(pk=unit.pk).update(
        has_learning_plan=True, has_training_rules=True, has_learning_devices=True
    )
    evaluation.evaluate(YEAR)
    unit.refresh_from_db()
    assert unit.proposed_level == 1
    reasons = levels.explain(unit)
    assert reasons[0].startswith("100% of members")
    assert "Level 2 also needs a level-1 title held since 31/12/2024 at the latest." in reasons


def test_level_word_in_vietnamese_is_muc_not_trinh_do(client, settings, tree, make_worker, national):
    from pathlib import Path

    from django.utils import translation

    settings.LOCALE_PATHS = [Path(settings.BASE_DIR) / "locale"]
    with translation.override("vi"):
        assert levels.level_name(1) == "Mức 1"
    officer = UserFactory()
    grant_role(officer, tree["P"], OrganisationRole.UNION_OFFICER)
    make_worker(tree["G1"])
    evaluation.evaluate(YEAR)
    client.force_login(officer)
    page = client.get(reverse("recognition:units", args=[tree["P"].pk]) + f"?year={YEAR}", HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert "Mức 1 cần 90%" in html and "Trình độ" not in html


@pytest.fixture
def open_cycle(tree):
    return Cycle.objects.create(organisation=tree["P"], year=YEAR, status=Cycle.OPEN)


def _all_fields(assessment, points="8", reason="Có chứng chỉ ngoài nền tảng"):
    data = {"year": YEAR, "action": "save"}
    for score in assessment.scores.select_related("indicator"):
        code = score.indicator.code
        data[f"points_{code}"] = points
        if score.auto_points is not None:
            data[f"reason_{code}"] = reason
        data[f"evidence_text_{code}"] = f"Minh chứng {code}"
    return data


def test_one_form_saves_all_ten_indicators_together(client, tree, make_worker, open_cycle, complete):
    worker = make_worker(tree["G1"])
    complete(worker, "foreign_language", date(YEAR, 3, 1))
    assessment = evaluation.evaluate_person(worker, YEAR)
    client.force_login(worker)
    page = client.get(reverse("recognition:mine") + f"?year={YEAR}").content.decode()
    # One form for the ten indicators (the others on the page: search, log out).
    assert page.count('id="self-assessment"') == 1 and page.count('action="/recognition/me/') == 1
    assert 'name="points_1.1"' in page and 'name="evidence_file_3.2"' in page

    response = client.post(reverse("recognition:mine_save"), _all_fields(assessment))
    assert response.status_code == 302
    assessment.refresh_from_db()
    scores = list(assessment.scores.select_related("indicator"))
    assert len(scores) == 10 and all(s.proposed_points == 8 for s in scores)
    assert all(s.evidence_text == f"Minh chứng {s.indicator.code}" for s in scores)
    assert assessment.proposed_total == Decimal(80)


def test_one_bad_indicator_saves_nothing_and_says_which(client, tree, make_worker, open_cycle, complete):
    worker = make_worker(tree["G1"])
    complete(worker, "foreign_language", date(YEAR, 3, 1))
    assessment = evaluation.evaluate_person(worker, YEAR)
    client.force_login(worker)
    data = _all_fields(assessment)
    data["points_1.3"] = "11"
    data["reason_2.2"] = ""  # changes the points from the learning record without a reason
    response = client.post(reverse("recognition:mine_save"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and "between 0 and 10" in page and "Give the reason" in page
    assert 'href="#indicator-1.3"' in page and 'href="#indicator-2.2"' in page
    assert 'value="11"' in page  # what the person typed is kept
    assert not assessment.scores.filter(proposed_points=8).exists()
    assert not assessment.scores.exclude(evidence_text="").exists()


def test_save_and_submit_in_one_go_with_an_evidence_file(client, tree, make_worker, open_cycle):
    worker = make_worker(tree["G1"])
    assessment = evaluation.evaluate_person(worker, YEAR)
    client.force_login(worker)
    data = _all_fields(assessment)
    data["action"] = "submit"
    data["evidence_file_1.3"] = SimpleUploadedFile("the-thu-vien.pdf", b"%PDF-1.4 evidence", "application/pdf")
    response = client.post(reverse("recognition:mine_save"), data)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.SUBMITTED
    assert assessment.scores.get(indicator__code="1.3").evidence_file_name.endswith(".pdf")
    # Submitted: the form is gone, another save is refused and changes nothing.
    assert 'id="self-assessment"' not in client.get(reverse("recognition:mine") + f"?year={YEAR}").content.decode()
    data = _all_fields(assessment, points="9")
    client.post(reverse("recognition:mine_save"), data)
    assert not assessment.scores.filter(proposed_points=9).exists()


def test_save_needs_a_login_and_a_post(client, db):
    assert client.post(reverse("recognition:mine_save"), {}).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("recognition:mine_save")).status_code == 405


def test_final_total_after_review_on_the_persons_page_and_the_queue(
    client, tree, make_worker, open_cycle, officer, other_officer
):
    worker = make_worker(tree["G1"], full_name="Lê Thị Hoa")
    assessment = evaluation.evaluate_person(worker, YEAR)
    client.force_login(worker)
    client.post(reverse("recognition:mine_save"), {**_all_fields(assessment), "action": "submit"})
    upload = SimpleUploadedFile("xac-nhan.pdf", b"%PDF-1.4 x", "application/pdf")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.SUBMITTED
    # The evidence file uploaded before submission: the reviewer opens it from the review page.
    score = assessment.scores.get(indicator__code="1.3")
    score.evidence_file.save("xac-nhan.pdf", upload, save=True)
    client.force_login(officer)
    review_url = reverse("recognition:review", args=[tree["D1"].pk, assessment.pk])
    page = client.get(review_url).content.decode()
    evidence_url = reverse("recognition:evidence_download", args=[score.pk])
    assert evidence_url in page
    assert client.get(evidence_url).status_code == 200
    services.approve(assessment, by=officer, adjustments={"1.3": (10, "Có thêm xác nhận")})
    assessment.refresh_from_db()
    assert assessment.final_total == Decimal(82) and assessment.proposed_total == Decimal(80)

    queue = client.get(
        reverse("recognition:review_queue", args=[tree["D1"].pk]) + f"?year={YEAR}&status=approved"
    ).content.decode()
    row = queue.split(f'id="assessment-{assessment.pk}"', 1)[1].split("</tr>", 1)[0]
    assert '<strong class="final-total">82,0</strong>' in row  # the site's Vietnamese decimal comma
    client.force_login(worker)
    page = client.get(reverse("recognition:mine") + f"?year={YEAR}").content.decode()
    assert '<span class="rc-total" id="final-total">82,0</span>' in page

    # Another district's officer: no review page, no evidence.
    client.force_login(other_officer)
    assert client.get(review_url).status_code == 403
    assert client.get(reverse("recognition:review", args=[tree["D2"].pk, assessment.pk])).status_code == 404
    assert client.get(evidence_url).status_code == 403


def test_hr_sees_its_company_name_on_the_recognition_screens(client, tree, make_worker, national):
    hr = UserFactory()
    grant_role(hr, tree["G1"], OrganisationRole.HR_OFFICER)
    make_worker(tree["G1"])
    client.force_login(hr)
    for name in ("dashboard", "cycle", "review_queue", "units", "reports"):
        page = client.get(reverse(f"recognition:{name}", args=[tree["G1"].pk]) + f"?year={YEAR}").content.decode()
        title = page.split("<title>", 1)[1].split("</title>", 1)[0]
        assert "Công ty May Duy Tiên" in title and "CĐCS" not in title, name
