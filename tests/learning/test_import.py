"""Import of classroom completions: a good file, bad rows with line numbers, duplicates, all or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from learning import services
from learning.importer import import_completions
from learning.models import Completion, Enrolment, LearningLogEntry
from tests.factories import UserFactory
from tests.learning.conftest import lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return [
        UserFactory(email="an@example.vn", phone="0901000001"),
        UserFactory(email="binh@example.vn", phone="0901000002"),
    ]


@pytest.fixture
def classroom(make_course):
    return make_course(title="An toàn điện", external_id="ATD-01", duration_hours=Decimal("8"))


def csv_file(text, name="lop-hoc.csv"):
    return io.BytesIO(text.encode("utf-8")), name


def test_good_csv(people, classroom, staff):
    data, name = csv_file(
        "learner,course,completed_on,hours,score,evidence\n"
        "an@example.vn,ATD-01,2025-03-15,,90,Biên bản 12/2025\n"
        f"+84 901 000 002,{classroom.pk},16/03/2025,6.5,,\n"
    )
    result = import_completions(data, name, by=staff)
    assert result.ok and result.created == 2
    first, second = Completion.objects.order_by("user__email")
    assert first.source == Completion.IMPORTED and first.hours == Decimal("8.0") and first.score == Decimal("90")
    assert first.evidence == "Biên bản 12/2025" and first.recorded_by == staff
    assert str(second.completed_on) == "2025-03-16" and second.hours == Decimal("6.5")
    assert second.evidence == "import:lop-hoc.csv:3"
    assert Enrolment.objects.filter(status=Enrolment.COMPLETED).count() == 2
    assert LearningLogEntry.objects.filter(action="completed", actor=staff).count() == 2


def test_good_xlsx(people, classroom, staff):
    import datetime

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Learner", "Course", "Completed_on", "Hours"])
    sheet.append(["0901000001", "ATD-01", datetime.datetime(2025, 5, 1), 4])
    sheet.append([None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = import_completions(SimpleUploadedFile("lop.xlsx", buffer.read()), "lop.xlsx", by=staff)
    assert result.ok and result.created == 1
    assert Completion.objects.get().hours == Decimal("4.0")


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_imported(people, classroom, staff):
    data, name = csv_file(
        "learner,course,completed_on,hours,score\n"
        "an@example.vn,ATD-01,2025-03-15,,\n"
        "khong-co@example.vn,ATD-01,2025-03-15,,\n"
        "binh@example.vn,KHONG-CO,2025-03-15,,\n"
        "binh@example.vn,ATD-01,15.03.2025,,\n"
        "binh@example.vn,ATD-01,2025-03-15,-1,120\n"
        "binh@example.vn,ATD-01,2999-01-01,,\n"
        ",,2025-01-01,,\n"
    )
    result = import_completions(data, name, by=staff)
    lines = [line for line, _message in result.errors]
    assert lines == [3, 4, 5, 6, 7, 8]
    messages = dict(result.errors)
    assert "khong-co@example.vn" in messages[3]
    assert "KHONG-CO" in messages[4]
    assert "completed_on" in messages[5]
    assert "hours" in messages[6] and "score" in messages[6]
    assert "future" in messages[7]
    assert "learner is empty" in messages[8] and "course is empty" in messages[8]
    assert not Completion.objects.exists() and not Enrolment.objects.exists()


def test_duplicate_rows_in_file_and_already_recorded(people, classroom, staff):
    data, name = csv_file(
        "learner,course,completed_on\nan@example.vn,ATD-01,2025-03-15\nAN@example.vn,ATD-01,15/03/2025\n"
    )
    result = import_completions(data, name, by=staff)
    assert result.errors == [(3, "same learner, course and date as line 2")]
    data, name = csv_file("learner,course,completed_on\nan@example.vn,ATD-01,2025-03-15\n")
    assert import_completions(data, name, by=staff).created == 1
    data, name = csv_file("learner,course,completed_on\nan@example.vn,ATD-01,2025-03-15\n")
    result = import_completions(data, name, by=staff)
    assert result.errors == [(2, "this completion is already recorded")]
    assert Completion.objects.count() == 1


def test_import_completes_a_running_enrolment(people, classroom, staff):
    lesson(classroom)
    enrolment, _ = services.enrol(people[0], classroom)
    data, name = csv_file("learner,course,completed_on\nan@example.vn,ATD-01,2025-03-15\n")
    assert import_completions(data, name, by=staff).created == 1
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.COMPLETED and enrolment.completions.get().source == Completion.IMPORTED


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"learner,course\nan@example.vn,ATD-01\n", "a.csv", "Missing columns: completed_on"),
        (b"learner,course,completed_on\n", "a.csv", "no rows"),
        (b"\xff\xfe\x00bad", "a.csv", "UTF-8"),
        (b"not a workbook", "a.xlsx", "xlsx"),
        (b"x", "a.pdf", ".csv or .xlsx"),
    ],
)
def test_unreadable_files(people, classroom, staff, content, name, message):
    result = import_completions(io.BytesIO(content), name, by=staff)
    assert result.errors and result.errors[0][0] == 0 and message in result.errors[0][1]
    assert not Completion.objects.exists()
