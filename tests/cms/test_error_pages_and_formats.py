"""Issue 15: the 403 and CSRF-failure pages in the person's language; one date and number format; XLSX helpers;
the background task backend of the embedded default."""

import datetime
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.test import Client
from django.utils import formats, translation

from cms.spreadsheets import export_filename, sheet_title, xlsx_row

LOCALE = Path(django_settings.BASE_DIR) / "locale"


@pytest.fixture
def vietnamese(settings):
    settings.LOCALE_PATHS = [LOCALE]
    with translation.override("vi"):
        yield


def test_csrf_failure_is_the_sites_page_not_djangos(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/login/", {"username": "x", "password": "y"}, HTTP_REFERER="http://testserver/accounts/login/"
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "The form has expired" in html and 'class="site-header"' in html
    assert "CSRF verification failed" not in html and "Forbidden" not in html
    assert 'href="http://testserver/accounts/login/" data-back' in html


def test_csrf_failure_back_link_never_leaves_the_site(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {}, HTTP_REFERER="https://evil.example/phish")
    assert response.status_code == 403
    assert 'href="/" data-back' in response.content.decode()


def test_csrf_failure_of_a_json_request_is_json(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/lessons/1/progress", "{}", content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {
        "error": "The form expired or was sent from another site. Reload the page and try again."
    }


def test_csrf_failure_page_in_vietnamese(db, vietnamese):
    client = Client(enforce_csrf_checks=True)
    html = client.post("/accounts/login/", {}, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Biểu mẫu đã hết hạn" in html


def test_403_page_is_localized(client, user, course):
    """A private certificate's PDF for someone else: the site's 403 page with the reason, not a bare English one."""
    from certificates.services import issue_certificate
    from learning.models import Completion
    from learning.services import enrol, record_completion
    from tests.factories import UserFactory

    enrolment, _created = enrol(user, course)
    completion, _created = record_completion(enrolment, source=Completion.ONLINE, hours=2)
    certificate, _created = issue_certificate(completion)
    client.force_login(UserFactory(full_name="Người lạ", email="la@example.vn", phone="0933000111"))
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not open this page" in html and "The holder has not made this certificate public." in html
    assert 'class="site-header"' in html


def test_403_page_for_permission_denied(rf, db, vietnamese):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/hr/")
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "vi"
    html = permission_denied(request, PermissionDenied()).content.decode()
    assert "Bạn không được mở trang này" in html and "Đăng nhập" in html


@pytest.mark.parametrize("language, number", [("vi", "28,6"), ("en", "28.6")])
def test_one_date_format_and_the_readers_decimal_mark(language, number):
    day = datetime.date(2026, 11, 30)
    with translation.override(language):
        assert formats.date_format(day) == "30/11/2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "30/11/2026"
        html = Template('{{ d|date }} {{ d|date:"SHORT_DATE_FORMAT" }} {{ x|floatformat:1 }}').render(
            Context({"d": day, "x": Decimal("28.57")})
        )
        assert html == f"30/11/2026 30/11/2026 {number}"
        assert formats.number_format(Decimal("28.6"), use_l10n=True) == number


def test_vietnamese_date_input_accepts_the_shown_form():
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = DateForm({"day": "30/11/2026"})
        assert form.is_valid() and form.cleaned_data["day"] == datetime.date(2026, 11, 30)
        assert not DateForm({"day": "31/02/2026"}).is_valid()


def test_xlsx_cells_keep_dates_as_dates_and_sheets_get_names(tmp_path):
    from openpyxl import Workbook, load_workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title("Danh sách: công nhân [2026]"))
    sheet.append(xlsx_row(sheet, ["=HYPERLINK(1)", datetime.date(2026, 11, 30), Decimal("12.5"), 3, None]))
    path = tmp_path / "x.xlsx"
    workbook.save(path)
    loaded = load_workbook(path)
    assert loaded.sheetnames == ["Danh sách  công nhân  2026"]
    cells = next(loaded.active.iter_rows())
    assert cells[0].value == "'=HYPERLINK(1)"
    assert cells[1].value == datetime.datetime(2026, 11, 30) and cells[1].number_format == "DD/MM/YYYY"
    assert cells[2].value == 12.5 and cells[3].value == 3


def test_sheet_titles_are_always_valid():
    assert sheet_title("") == "Sheet"
    assert sheet_title("a/b\\c?d*e:f[g]h") == "a b c d e f g h"
    assert len(sheet_title("Chỉ tiêu " * 10)) <= 31


def test_export_file_names_fold_vietnamese_to_ascii():
    assert export_filename("Báo cáo", "Đồng Nai", 2026, extension="xlsx") == "bao-cao-dong-nai-2026.xlsx"
    assert export_filename("Công ty Đức Thành", extension=".csv") == "cong-ty-duc-thanh.csv"
    assert export_filename("", None, extension="csv") == "export.csv"


# Module level: django-tasks runs only module-level functions.
RELEASE = threading.Event()
RAN = []


def _wait_then_record(value):
    RELEASE.wait(timeout=30)
    RAN.append(value)
    return value


def test_thread_backend_returns_before_the_task_runs():
    from django_tasks import task

    from cms.tasks_backend import ThreadBackend

    backend = ThreadBackend("threads", {})
    slow = task()(_wait_then_record)
    RELEASE.clear()
    RAN.clear()
    result = backend.enqueue(slow, ["done"], {})
    assert RAN == []  # the caller got its answer while the task still waits
    RELEASE.set()
    ThreadBackend.wait()
    assert RAN == ["done"]
    assert result.status == "SUCCESSFUL"


def test_thread_backend_reports_a_failing_task_and_keeps_going():
    from django_tasks import task

    from cms.tasks_backend import ThreadBackend

    backend = ThreadBackend("threads", {})
    failing = backend.enqueue(task()(_fail), [], {})
    RELEASE.set()
    RAN.clear()
    after = backend.enqueue(task()(_wait_then_record), ["after"], {})
    ThreadBackend.wait()
    assert failing.status == "FAILED" and after.status == "SUCCESSFUL" and RAN == ["after"]


def _fail():
    raise ValueError("broken task")
