"""Worker import from CSV or XLSX: every row is checked first; one bad row and nothing is imported.

Columns (header names in English or Vietnamese, any order): full_name, phone, email, date_of_birth,
employee_number, start_date, union_member. A row needs a full name and a phone number or an e-mail address.
Existing accounts are matched by phone or e-mail and attached only when the person belongs nowhere else
(services.attach_refusals): a person at another organisation, staff, or an officer elsewhere is never moved;
the row is reported in `refused` and the rest of the file is imported. A person at another organisation gets
an invitation instead, which they accept or decline on their "invitations to join" page. Accounts not found are created without
a password and get an invitation link to set one.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.phone import normalise_phone

from . import conf
from .models import Membership
from .services import MEMBER_ELSEWHERE, REFUSALS, OrganisationError, attach_member, attach_refusals, invite_member

COLUMNS = {
    "full_name": ("full_name", "full name", "name", "ho va ten", "ho ten", "ten"),
    "phone": ("phone", "phone number", "so dien thoai", "dien thoai", "sdt"),
    "email": ("email", "e-mail", "thu dien tu"),
    "date_of_birth": ("date_of_birth", "date of birth", "ngay sinh"),
    "employee_number": ("employee_number", "employee number", "ma nhan vien", "ma nv", "ma so"),
    "start_date": ("start_date", "start date", "ngay vao lam", "ngay bat dau"),
    "union_member": ("union_member", "union member", "doan vien"),
}
TRUE_VALUES = {"1", "x", "yes", "true", "co", "có"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


@dataclass
class Row:
    line: int
    full_name: str = ""
    phone: str | None = None
    email: str | None = None
    date_of_birth: date | None = None
    employee_number: str = ""
    start_date: date | None = None
    union_member: bool = False
    user: object = None


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)  # (line, message): the file is refused as a whole
    refused: list = field(default_factory=list)  # (line, message): rows left out, the others imported
    created: list = field(default_factory=list)  # (user, invitation path)
    matched: int = 0
    unchanged: int = 0
    invited: int = 0
    rows: int = 0

    @property
    def ok(self):
        return not self.errors


def _fold(text):
    """Lower-case without diacritics, so "Họ và tên" matches "ho va ten"."""
    text = unicodedata.normalize("NFD", str(text or "").strip().lower()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn").replace("_", " ").strip()


_ALIASES = {_fold(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def read_table(uploaded, filename=""):
    """Yield (line number, list of cells) from a CSV or XLSX upload; the first row is the header."""
    name = (filename or getattr(uploaded, "name", "")).lower()
    data = uploaded.read()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for a broken file
            raise ImportFileError(_("This is not a readable XLSX file.")) from error
        sheet = workbook.worksheets[0]
        try:
            # Read-only mode parses the sheet while iterating: a broken one (say, a NUL character) fails here.
            for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield line, ["" if cell is None else cell for cell in row]
        except Exception as error:  # noqa: BLE001 - openpyxl and the XML parser raise many types
            raise ImportFileError(_("This is not a readable XLSX file.")) from error
        finally:
            workbook.close()
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("Save the CSV file as UTF-8.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for line, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        yield line, row


def _parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _text(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_rows(table):
    """Turn the table into Rows; returns (rows, errors)."""
    rows, errors = [], []
    header = None
    for line, cells in table:
        if header is None:
            if not any(_text(c) for c in cells):
                continue
            header = [_ALIASES.get(_fold(c)) for c in cells]
            missing = {"full_name"} - set(header)
            if missing or not ({"phone", "email"} & set(header)):
                raise ImportFileError(
                    _("The first row must name the columns: full_name and phone or email (found: %(found)s).")
                    % {"found": ", ".join(_text(c) for c in cells)}
                )
            continue
        if not any(_text(c) for c in cells):
            continue
        if any("\x00" in _text(c) for c in cells):
            # No field may hold NUL, and PostgreSQL cannot even look such text up: report the row as it is.
            errors.append((line, _("the row contains a NUL character")))
            continue
        if len(rows) + len(errors) >= conf.import_max_rows():
            raise ImportFileError(_("A file can hold at most %(n)s workers.") % {"n": conf.import_max_rows()})
        values = {key: cells[i] for i, key in enumerate(header) if key and i < len(cells)}
        row, problems = Row(line=line), []
        row.full_name = " ".join(_text(values.get("full_name", "")).split())
        if not row.full_name:
            problems.append(_("the full name is missing"))
        if _text(values.get("phone", "")):
            try:
                row.phone = normalise_phone(_text(values["phone"]))
            except ValidationError:
                problems.append(_("“%(value)s” is not a Vietnamese mobile number") % {"value": _text(values["phone"])})
        if _text(values.get("email", "")):
            email = _text(values["email"]).lower()
            try:
                validate_email(email)
                row.email = email
            except ValidationError:
                problems.append(_("“%(value)s” is not an e-mail address") % {"value": email})
        if not _text(values.get("phone", "")) and not _text(values.get("email", "")):
            problems.append(_("give a phone number or an e-mail address"))
        for key in ("date_of_birth", "start_date"):
            if values.get(key) not in (None, "") and _text(values[key]):
                try:
                    setattr(row, key, _parse_date(values[key]))
                except ValueError:
                    problems.append(_("“%(value)s” is not a date (use dd/mm/yyyy)") % {"value": _text(values[key])})
        row.employee_number = _text(values.get("employee_number", ""))[:40]
        row.union_member = _fold(values.get("union_member", "")) in TRUE_VALUES
        if problems:
            errors.append((line, "; ".join(problems)))
        else:
            rows.append(row)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    return rows, errors


def _match_accounts(rows, errors):
    """Attach existing accounts to rows (by phone, then e-mail) and catch duplicates inside the file."""
    User = get_user_model()
    phones = {row.phone for row in rows if row.phone}
    emails = {row.email for row in rows if row.email}
    by_phone, by_email = {}, {}
    phone_list, email_list = list(phones), list(emails)
    for start in range(0, max(len(phone_list), len(email_list)), 500):
        for user in User.objects.filter(phone__in=phone_list[start : start + 500]):
            by_phone[user.phone] = user
        lowered = User.objects.annotate(email_lower=Lower("email"))
        for user in lowered.filter(email_lower__in=email_list[start : start + 500]):
            by_email[user.email_lower] = user
    seen = {}
    for row in rows:
        for key, value in (("phone", row.phone), ("email", row.email), ("employee", row.employee_number)):
            if value and (key, value) in seen:
                errors.append(
                    (row.line, _("%(value)s is already on line %(line)s") % {"value": value, "line": seen[key, value]})
                )
                break
            if value:
                seen[key, value] = row.line
        user_by_phone = by_phone.get(row.phone)
        user_by_email = by_email.get(row.email)
        if user_by_phone and user_by_email and user_by_phone.pk != user_by_email.pk:
            errors.append((row.line, _("the phone number and the e-mail address belong to two different accounts")))
        row.user = user_by_phone or user_by_email


def invitation_path(user):
    """Where a worker created by an import sets a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("organisations:invitation", args=[uid, default_token_generator.make_token(user)])


def import_workers(uploaded, organisation, *, by=None, filename=""):
    """Check the whole file, then import it in one transaction; returns an ImportResult (errors or counts)."""
    result = ImportResult()
    try:
        rows, result.errors = parse_rows(read_table(uploaded, filename))
    except ImportFileError as error:
        result.errors = [(0, str(error))]
        return result
    result.rows = len(rows) + len(result.errors)
    _match_accounts(rows, result.errors)
    refusals = attach_refusals([row.user for row in rows], organisation)
    refused = [row for row in rows if row.user and row.user.pk in refusals]
    result.refused = [(row.line, str(REFUSALS[refusals[row.user.pk]])) for row in refused]
    # A person who works elsewhere is invited (they join if they accept); staff and officers are not.
    to_invite = [row for row in refused if refusals[row.user.pk] == MEMBER_ELSEWHERE]
    rows = [row for row in rows if not (row.user and row.user.pk in refusals)]
    # A former worker (of here or elsewhere) starts here after their last period ended; a current worker here
    # keeps their period.
    matched = [row.user.pk for row in rows if row.user]
    here = Membership.objects.filter(user_id__in=matched, organisation=organisation, end_date__isnull=True)
    last_end = dict(
        Membership.objects.filter(user_id__in=matched, end_date__isnull=False)
        .exclude(user_id__in=here.values("user_id"))
        .values("user_id")
        .annotate(last=Max("end_date"))
        .values_list("user_id", "last")
    )
    for row in rows:
        last = last_end.get(getattr(row.user, "pk", None))
        start = row.start_date or timezone.localdate()
        if last and start <= last:
            result.errors.append(
                (row.line, _("give a start date after %(date)s") % {"date": last.strftime("%d/%m/%Y")})
            )
    if result.errors:
        result.errors.sort()
        return result
    User = get_user_model()
    try:
        with transaction.atomic():
            for row in rows:
                user = row.user
                if user is None:
                    user = User.objects.create_user(
                        email=row.email, phone=row.phone, full_name=row.full_name, date_of_birth=row.date_of_birth
                    )
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    result.created.append((user, invitation_path(user)))
                else:
                    result.matched += 1
                _membership, change = attach_member(
                    user,
                    organisation,
                    start_date=row.start_date,
                    employee_number=row.employee_number,
                    union_member=row.union_member,
                    by=by,
                )
                if change == "unchanged":
                    result.unchanged += 1
            for row in to_invite:
                invite_member(
                    row.user,
                    organisation,
                    start_date=row.start_date,
                    employee_number=row.employee_number,
                    union_member=row.union_member,
                    by=by,
                )
                result.invited += 1
    except OrganisationError as error:
        # Checked above, so only a concurrent change gets here; the transaction rolled everything back.
        result.errors = [(0, str(error))]
        result.created, result.matched, result.unchanged, result.invited = [], 0, 0, 0
    return result
