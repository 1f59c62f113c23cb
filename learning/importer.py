"""Import classroom-training completions from CSV or XLSX: every row checked first, then all or nothing.

Columns (header row, any order): learner (e-mail or phone), course (page ID or the provider's external ID),
provider (slug, optional: disambiguates an external ID), completed_on (YYYY-MM-DD or DD/MM/YYYY),
hours (optional, the course duration when empty), score (optional, 0-100), evidence (optional reference).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.phone import normalise_phone
from courses.models import CoursePage

from . import conf
from .models import Completion, Enrolment
from .services import active_enrolment, log, record_completion

COLUMNS = ("learner", "course", "provider", "completed_on", "hours", "score", "evidence")
REQUIRED_COLUMNS = ("learner", "course", "completed_on")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns, too many rows)."""


@dataclass
class ImportResult:
    created: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def ok(self):
        return not self.errors


@dataclass
class _Row:
    line: int
    user: object
    course: object
    completed_on: datetime.date
    hours: Decimal | None
    score: Decimal | None
    evidence: str


def read_rows(uploaded, filename):
    """Yield (line number, {column: text}) from a CSV or XLSX upload."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(uploaded)
    if name.endswith(".csv"):
        return _read_csv(uploaded)
    raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _normalise_header(header):
    return [str(h or "").strip().lower() for h in header]


def _check_header(header):
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


def _read_csv(uploaded):
    raw = uploaded.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The CSV file must be saved as UTF-8.")) from error
    reader = csv.reader(io.StringIO(text))
    header = _normalise_header(next(reader, []))
    _check_header(header)
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        rows.append((line, dict(zip(header, (v.strip() for v in values), strict=False))))
    return rows


def _read_xlsx(uploaded):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several types for a file that is not a workbook
        raise ImportFileError(_("This is not a readable .xlsx workbook.")) from error
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header = _normalise_header(next(iterator, []) or [])
    _check_header(header)
    rows = []
    try:
        # Read-only mode parses the sheet while iterating: a broken one (say, a NUL character) fails here.
        for line, values in enumerate(iterator, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            cells = {}
            for key, value in zip(header, values, strict=False):
                if isinstance(value, datetime.datetime):
                    value = value.date()
                cells[key] = (
                    value if isinstance(value, datetime.date) else ("" if value is None else str(value).strip())
                )
            rows.append((line, cells))
    except Exception as error:  # noqa: BLE001 - openpyxl and the XML parser raise many types
        raise ImportFileError(_("This is not a readable .xlsx workbook.")) from error
    finally:
        workbook.close()
    return rows


def _parse_date(value):
    if isinstance(value, datetime.date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_decimal(value, low, high):
    if value in ("", None):
        return None
    number = Decimal(str(value).replace(",", "."))
    if not number.is_finite() or not low <= number <= high:
        raise ValueError
    return number


def _lookup_users(rows):
    """Map each learner identifier in the file to a user, in two queries."""
    emails, phones = set(), set()
    for _line, cells in rows:
        login = str(cells.get("learner") or "").strip()
        if "@" in login:
            emails.add(login.lower())
        elif login:
            try:
                phones.add(normalise_phone(login))
            except ValidationError:
                pass
    found = {}
    User = get_user_model()
    for user in User.objects.filter(Q(email__in=emails) | Q(phone__in=phones)).only("id", "email", "phone"):
        if user.email:
            found[user.email.lower()] = user
        if user.phone:
            found[user.phone] = user
    if emails - set(found):
        # E-mails are stored as typed: a case-insensitive pass for the rest.
        for email in emails - set(found):
            user = User.objects.filter(email__iexact=email).first()
            if user:
                found[email] = user
    return found


def _find_user(users, login):
    login = (login or "").strip()
    if "@" in login:
        return users.get(login.lower())
    try:
        return users.get(normalise_phone(login))
    except ValidationError:
        return None


def _find_course(value, provider_slug):
    value = str(value or "").strip()
    courses = CoursePage.objects.select_related("learning_area", "provider")
    if value.isascii() and value.isdigit() and len(value) <= 18:  # not "²", nor past a bigint
        course = courses.filter(pk=int(value)).first()
        if course:
            return course
    matches = courses.filter(external_id=value)
    if provider_slug:
        matches = matches.filter(provider__slug=provider_slug)
    matches = list(matches[:2])
    if len(matches) > 1:
        raise LookupError(
            _("Several providers use the course code “%(code)s”: add a provider column.") % {"code": value}
        )
    return matches[0] if matches else None


def validate(rows, filename):
    """Check every row; returns (valid rows, errors). Nothing is written."""
    errors, valid, seen = [], [], {}
    if len(rows) > conf.import_max_rows():
        raise ImportFileError(_("Too many rows: at most %(count)s per file.") % {"count": conf.import_max_rows()})
    # No field may hold NUL, and PostgreSQL cannot even look such text up: those rows are reported first.
    nul_lines = {line for line, cells in rows if any("\x00" in str(value) for value in cells.values())}
    errors += [(line, _("the row contains a NUL character")) for line in sorted(nul_lines)]
    rows = [(line, cells) for line, cells in rows if line not in nul_lines]
    users = _lookup_users(rows)
    courses = {}
    today = timezone.localdate()
    for line, cells in rows:
        problems = []
        login = str(cells.get("learner") or "").strip()
        user = _find_user(users, login) if login else None
        if not login:
            problems.append(_("learner is empty"))
        elif user is None:
            problems.append(_("no account with the e-mail or phone “%(login)s”") % {"login": login})
        key = (str(cells.get("course") or "").strip(), str(cells.get("provider") or "").strip())
        course = None
        if not key[0]:
            problems.append(_("course is empty"))
        else:
            try:
                if key not in courses:
                    courses[key] = _find_course(*key)
                course = courses[key]
                if course is None:
                    problems.append(_("no course with the ID or code “%(code)s”") % {"code": key[0]})
            except LookupError as error:
                problems.append(str(error))
        completed_on = None
        try:
            completed_on = _parse_date(cells.get("completed_on") or "")
            if completed_on > today:
                problems.append(_("completed_on is in the future"))
        except ValueError:
            problems.append(_("completed_on must be a date like 2025-06-30 or 30/06/2025"))
        try:
            hours = _parse_decimal(cells.get("hours"), Decimal(0), Decimal(1000))
        except (ValueError, InvalidOperation):
            hours = None
            problems.append(_("hours must be a number from 0 to 1000"))
        try:
            score = _parse_decimal(cells.get("score"), Decimal(0), Decimal(100))
        except (ValueError, InvalidOperation):
            score = None
            problems.append(_("score must be a number from 0 to 100"))
        if not problems:
            identity = (user.pk, course.pk, completed_on)
            if identity in seen:
                problems.append(_("same learner, course and date as line %(line)s") % {"line": seen[identity]})
            else:
                seen[identity] = line
                if Completion.objects.filter(user=user, course=course, completed_on=completed_on).exists():
                    problems.append(_("this completion is already recorded"))
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        evidence = str(cells.get("evidence") or "").strip() or f"import:{filename}:{line}"
        valid.append(_Row(line, user, course, completed_on, hours, score, evidence))
    return valid, sorted(errors)


def import_completions(uploaded, filename, *, by):
    """Import a file of classroom completions; with any bad row nothing is imported. Returns an ImportResult."""
    try:
        rows = read_rows(uploaded, filename)
        valid, errors = validate(rows, filename)
    except ImportFileError as error:
        return ImportResult(errors=[(0, str(error))])
    if errors:
        return ImportResult(errors=errors)
    if not valid:
        return ImportResult(errors=[(0, _("The file has no rows to import."))])
    with transaction.atomic():
        for row in valid:
            # A learner already taking the course online has that enrolment completed; otherwise a new one.
            enrolment = active_enrolment(row.user, row.course)
            if enrolment is None:
                enrolment = Enrolment.objects.create(
                    user=row.user,
                    course=row.course,
                    course_title=row.course.title,
                    status=Enrolment.ACTIVE,
                    enrolled_by=by,
                    enrolled_at=timezone.now(),
                )
                log("enrolled", row.user, actor=by, enrolment=enrolment, source="import", line=row.line)
            record_completion(
                enrolment,
                source=Completion.IMPORTED,
                completed_on=row.completed_on,
                hours=row.hours,
                score=row.score,
                evidence=row.evidence,
                recorded_by=by,
                course=row.course,
            )
    return ImportResult(created=len(valid))
