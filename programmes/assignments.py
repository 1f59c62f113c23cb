"""Assigned learning: HR or a union officer assigns a course or a programme to workers of its subtree, by a date.

Every list goes through organisations.access (the actor's reach) and computes in the database; inserting 100,000
workers is a few bulk inserts, never a query per worker.
"""

import calendar
import csv
import datetime
import io
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, DateField, Exists, F, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.phone import normalise_phone
from courses.models import CoursePage
from learning.models import Completion
from learning.services import counted_completions
from organisations import access
from organisations.models import Membership, Organisation

from . import status
from .models import Assignee, Assignment, ProgrammeEnrolment, ProgrammePage

BATCH = 2000
MAX_MONTHS = 120
MAX_RENEW_DAYS = 365
MAX_LOGINS = 100_000
# A worker who joins after an assignment without its own rule gets at least this long (the field's help says so).
NEW_WORKER_MIN_DAYS = 30


def add_months(day, months):
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def resolve_target(value):
    """A live course or programme from its page ID or its address; None when there is none."""
    value = str(value or "").strip()
    pages = Page.objects.live().type(CoursePage, ProgrammePage)
    page = None
    if value.isascii() and value.isdigit() and len(value) <= 18:
        page = pages.filter(pk=int(value)).first()
    elif value.startswith(("/", "http://", "https://")):
        path = "/" + value.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0].strip("/") + "/"
        if path != "//":
            matches = list(pages.filter(url_path__endswith=path)[:2])
            page = matches[0] if len(matches) == 1 else None
    return page.specific if page is not None else None


def course_ids_of(assignment):
    if assignment.programme_id:
        return assignment.programme.course_ids()
    return [assignment.course_id] if assignment.course_id else []


# Assigning ----------------------------------------------------------------------------------------------------


def _members(actor, organisation, today):
    """Current memberships in the organisation's subtree that the actor may enrol (the trust boundary)."""
    return access.memberships_visible_to(actor, access.ENROL, organisation=organisation).current(today)


def find_members(actor, organisation, logins, today=None):
    """Current memberships of the given workers (phone, e-mail or employee number) that the actor may assign.

    Returns (memberships queryset, [logins not found among them]); a worker of another organisation is "not found"
    exactly like a stranger, so the answer says nothing about people outside the actor's reach.
    """
    today = today or timezone.localdate()
    wanted = []
    for login in logins:
        login = str(login or "").strip()
        if login and login not in wanted:
            wanted.append(login)
    if len(wanted) > MAX_LOGINS:
        raise ValidationError(_("At most %(count)s workers at a time.") % {"count": MAX_LOGINS})
    emails, phones, numbers = {}, {}, {}
    for login in wanted:
        if "@" in login:
            emails[login.lower()] = login
            continue
        numbers[login] = login
        try:
            phones[normalise_phone(login)] = login
        except ValidationError:
            pass
    members = _members(actor, organisation, today)
    found_ids, matched = set(), set()
    keys = list(emails) + list(phones) + list(numbers)
    for start in range(0, max(len(keys), 1), BATCH):
        chunk = keys[start : start + BATCH]
        rows = members.filter(
            Q(user__email__in=[k for k in chunk if k in emails])
            | Q(user__phone__in=[k for k in chunk if k in phones])
            | Q(employee_number__in=[k for k in chunk if k in numbers])
        ).values_list("pk", "user__email", "user__phone", "employee_number")
        for pk, email, phone, number in rows:
            found_ids.add(pk)
            for key, table in (((email or "").lower(), emails), (phone or "", phones), (number or "", numbers)):
                if key in table:
                    matched.add(table[key])
    missing = [login for login in wanted if login not in matched]
    return members.filter(pk__in=found_ids) if found_ids else members.none(), missing


def read_logins(uploaded, filename):
    """The worker column of an uploaded list (CSV or XLSX): the `learner` column, else the first one."""
    name = (filename or "").lower()
    try:
        if name.endswith(".csv"):
            table = list(csv.reader(io.StringIO(uploaded.read().decode("utf-8-sig"))))
        elif name.endswith(".xlsx"):
            from openpyxl import load_workbook

            sheet = load_workbook(uploaded, read_only=True, data_only=True).worksheets[0]
            table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        else:
            raise ValidationError(_("Upload a .csv or .xlsx file."))
    except UnicodeDecodeError as error:
        raise ValidationError(_("The CSV file must be saved as UTF-8.")) from error
    except ValidationError:
        raise
    except csv.Error as error:
        raise ValidationError(_("This is not a readable CSV file.")) from error
    except Exception as error:  # noqa: BLE001 - openpyxl and its XML parser raise many types
        raise ValidationError(_("This is not a readable .xlsx workbook.")) from error
    if any("\x00" in cell for row in table for cell in row):
        # PostgreSQL cannot even look such text up.
        raise ValidationError(_("The list contains a NUL character, which no field accepts."))
    header = [str(cell).strip().lower() for cell in (table[0] if table else [])]
    column = header.index("learner") if "learner" in header else 0
    logins = [str(row[column]).strip() for row in table[1:] if len(row) > column and str(row[column]).strip()]
    if not logins:
        raise ValidationError(_("The list names no worker (a “learner” column of phones or e-mails)."))
    return logins


def _validate(actor, organisation, *, target, due_on, valid_months, renew_days, today):
    if not access.can_access_organisation(actor, organisation, access.ENROL):
        raise PermissionDenied(_("You may not assign learning in this organisation."))
    problems = {}
    if not isinstance(target, CoursePage | ProgrammePage) or not target.live:
        problems["target"] = _("Choose a published course or programme.")
    if not isinstance(due_on, datetime.date):
        problems["due_on"] = _("Give the due date.")
    elif due_on < today:
        problems["due_on"] = _("The due date cannot be in the past.")
    if valid_months is not None and not 1 <= valid_months <= MAX_MONTHS:
        problems["valid_months"] = _("Between 1 and %(count)s months, or empty.") % {"count": MAX_MONTHS}
    if not 0 <= renew_days <= MAX_RENEW_DAYS:
        problems["renew_days"] = _("Between 0 and %(count)s days.") % {"count": MAX_RENEW_DAYS}
    elif valid_months and renew_days >= valid_months * 28:
        problems["renew_days"] = _("Renewal must open after the training is done: fewer days than it is valid.")
    if problems:
        raise ValidationError(problems)


def assign(
    actor,
    organisation,
    *,
    target,
    due_on,
    audience,
    logins=(),
    unit=None,
    valid_months=None,
    renew_days=30,
    mandatory=True,
    new_worker_days=None,
    today=None,
):
    """Assign a course or programme to workers of the organisation's subtree; returns the Assignment.

    `audience`: Assignment.WORKERS or LIST with `logins` (phones, e-mails, employee numbers), UNIT with `unit` (a
    department or workplace below), EVERYONE (every current worker). UNIT and EVERYONE also reach the workers who
    join later (`follow_new_workers`), due `new_worker_days` after joining if given. Raises PermissionDenied
    outside the actor's reach and ValidationError (nothing written) for bad input, naming the workers it cannot find.
    """
    today = today or timezone.localdate()
    _validate(
        actor,
        organisation,
        target=target,
        due_on=due_on,
        valid_months=valid_months,
        renew_days=renew_days,
        today=today,
    )
    if new_worker_days is not None and not 1 <= new_worker_days <= MAX_RENEW_DAYS:
        raise ValidationError(
            {"new_worker_days": _("Between 1 and %(count)s days, or empty.") % {"count": MAX_RENEW_DAYS}}
        )
    if audience in (Assignment.WORKERS, Assignment.LIST):
        if not any(str(login or "").strip() for login in logins):
            raise ValidationError({"logins": _("Name at least one worker.")})
        members, missing = find_members(actor, organisation, logins, today)
        if missing:
            shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
            raise ValidationError(
                {
                    "logins": _("Not among your current workers (%(count)s): %(logins)s.")
                    % {"count": len(missing), "logins": shown}
                }
            )
        label = _("%(count)s workers") % {"count": len(set(logins))}
    elif audience == Assignment.UNIT:
        if (
            unit is None
            or not unit.path.startswith(organisation.path)
            or not access.can_access_organisation(actor, unit, access.ENROL)
        ):
            raise ValidationError({"unit": _("Choose a department or workplace of this organisation.")})
        members, label = _members(actor, unit, today), unit.name
    elif audience == Assignment.EVERYONE:
        members, label = _members(actor, organisation, today), _("Everybody at %(name)s") % {"name": organisation}
    else:
        raise ValidationError({"audience": _("Choose who the learning is for.")})
    with transaction.atomic():
        assignment = Assignment.objects.create(
            organisation=organisation,
            course=target if isinstance(target, CoursePage) else None,
            programme=target if isinstance(target, ProgrammePage) else None,
            title=target.title[:255],
            due_on=due_on,
            valid_months=valid_months or None,
            renew_days=renew_days,
            mandatory=mandatory,
            audience=audience,
            audience_label=str(label)[:255],
            unit=unit if audience == Assignment.UNIT else None,
            new_worker_days=new_worker_days if audience in (Assignment.UNIT, Assignment.EVERYONE) else None,
            created_by=actor if getattr(actor, "pk", None) and not isinstance(actor, access.ApiToken) else None,
        )
        count = _insert_assignees(assignment, members)
        if count == 0:
            raise ValidationError({"audience": _("Nobody to assign: there are no current workers there.")})
        Assignment.objects.filter(pk=assignment.pk).update(learner_count=count)
        assignment.learner_count = count
        if assignment.programme_id:
            _join_programme(assignment)
        refresh(assignment, today=today)
    return assignment


def _insert_assignees(assignment, members, due=None):
    """Copy one row per worker from the memberships query in one INSERT ... SELECT; returns the count.

    The database does the copying: 100,000 workers are one statement, never rows through Python. A worker with two
    current memberships (a transfer on the day) gets one row, at the first workplace by id. Each row is due on the
    assignment's date, or on `due`, an expression over the worker's `joined` date (workers who join later). A
    worker who already has a row keeps it (ON CONFLICT: a concurrent run won the row).
    """
    source = members.order_by().values(member=F("user_id")).annotate(workplace=Min("organisation_id"))
    if due is None:
        source = source.values_list("member", "workplace")
        due_sql, due_params = "%s", [connection.ops.adapt_datefield_value(assignment.due_on)]
    else:
        source = source.annotate(joined=Min("start_date")).annotate(due=due).values_list("member", "workplace", "due")
        due_sql, due_params = "source.due", []
    sql, params = source.query.sql_with_params()
    table = connection.ops.quote_name(Assignee._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            # The subquery is Django's own SQL for the queryset, with its parameters: nothing here comes from input.
            f"INSERT INTO {table} (assignment_id, user_id, organisation_id, due_on, cycle) "  # noqa: S608
            # (SQLite needs the WHERE before ON CONFLICT to parse an INSERT ... SELECT.)
            f"SELECT %s, source.member, source.workplace, {due_sql}, 1 FROM ({sql}) source WHERE true "
            f"ON CONFLICT DO NOTHING",
            [assignment.pk, *due_params, *params],
        )
        return cursor.rowcount


# Workers who join later --------------------------------------------------------------------------------------


def new_worker_due_on(assignment, today):
    """The due date expression of a worker who joins after the assignment (over a `joined` column).

    From the later of the day they join and today (an import may date a hire years back): with the assignment's
    rule, that many days later; without it, the assignment's due date, but never sooner than NEW_WORKER_MIN_DAYS.
    """
    start = Greatest(F("joined"), Value(today, output_field=DateField()))
    if assignment.new_worker_days:
        return Cast(start + datetime.timedelta(days=assignment.new_worker_days), DateField())
    return Greatest(
        Value(assignment.due_on, output_field=DateField()),
        Cast(start + datetime.timedelta(days=NEW_WORKER_MIN_DAYS), DateField()),
    )


def follow_new_workers(assignment, *, user_ids=None, today=None):
    """Give an "everybody" or unit assignment to the workers of its subtree who joined since (or were missed).

    One INSERT ... SELECT over the memberships (current or starting later) that have no row yet, whatever their
    number; idempotent (a worker already assigned is skipped, the unique constraint guards a race). Then the new
    workers join its programme and their earlier completions count. Returns how many workers were added.
    """
    if not assignment.follows_new_workers:
        return 0
    today = today or timezone.localdate()
    root = assignment.audience_root
    members = (
        Membership.objects.filter(organisation__path__startswith=root.path)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .filter(~Exists(Assignee.objects.filter(assignment_id=assignment.pk, user_id=OuterRef("user_id"))))
    )
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    with transaction.atomic():
        last = Assignee.objects.filter(assignment=assignment).aggregate(last=Max("pk"))["last"] or 0
        added = _insert_assignees(assignment, members, due=new_worker_due_on(assignment, today))
        if added:
            Assignment.objects.filter(pk=assignment.pk).update(learner_count=F("learner_count") + added)
            if assignment.programme_id:
                _join_programme(assignment, after_pk=last)
            # The rows just added follow the last id: a range on the primary key, not a join of the table to itself.
            refresh(assignment, after_pk=last, today=today)
    return added


def following(organisation=None):
    """The assignments that follow new workers; with `organisation`, those whose subtree contains it."""
    assignments = Assignment.objects.filter(
        Q(audience=Assignment.EVERYONE) | Q(audience=Assignment.UNIT, unit__isnull=False)
    )
    if organisation is not None:
        step = Organisation.steplen
        paths = [organisation.path[:end] for end in range(step, len(organisation.path) + 1, step)]
        assignments = assignments.filter(
            Q(audience=Assignment.EVERYONE, organisation__path__in=paths) | Q(unit__path__in=paths)
        )
    return assignments.select_related("organisation", "unit").order_by("pk")


def on_membership_saved(membership, today=None):
    """A worker joined (or came back): the assignments of the subtrees they joined reach them now."""
    today = today or timezone.localdate()
    if membership.end_date is not None and membership.end_date < today:
        return 0
    return sum(
        follow_new_workers(assignment, user_ids=[membership.user_id], today=today)
        for assignment in following(membership.organisation)
    )


def reconcile(today=None):
    """Catch up every following assignment (imports that bypass signals, a failed receiver); returns rows added."""
    return sum(follow_new_workers(assignment, today=today) for assignment in following())


def _join_programme(assignment, after_pk=0):
    """Every assigned worker (of the rows after `after_pk`: the new ones) joins the programme (its order then
    applies to them), in one INSERT ... SELECT."""
    enrolments = connection.ops.quote_name(ProgrammeEnrolment._meta.db_table)
    assignees = connection.ops.quote_name(Assignee._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {enrolments} (user_id, programme_id, joined_at) "  # noqa: S608 (table names only)
            f"SELECT user_id, %s, %s FROM {assignees} WHERE assignment_id = %s AND id > %s ON CONFLICT DO NOTHING",
            [
                assignment.programme_id,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                assignment.pk,
                after_pk,
            ],
        )


# Completions count ---------------------------------------------------------------------------------------------


def satisfied_on(course_ids, since=None):
    """A subquery for an Assignee row: the day its worker had completed every one of `course_ids` (the latest of
    those completions; only completions that still count, on or after the row's `since` field if given), or NULL.
    """
    completions = counted_completions(Completion.objects.filter(user_id=OuterRef("user_id"), course_id__in=course_ids))
    if since:
        completions = completions.filter(completed_on__gte=OuterRef(since))
    return Subquery(
        completions.order_by()
        .values("user_id")
        .annotate(courses=Count("course_id", distinct=True), last=Max("completed_on"))
        .filter(courses=len(set(course_ids)))
        .values("last")[:1],
        output_field=DateField(),
    )


def refresh(assignment, *, user_ids=None, after_pk=None, today=None):
    """Apply completions to an assignment's rows (all, those of `user_ids`, or those after `after_pk`: rows just
    added); returns how many were completed or renewed.

    A row not yet completed takes the latest completion that counts (online, SCORM or imported classroom training
    alike); a recurring one ignores a completion already expired. A recurring row in its renewal window or expired
    renews with a completion on or after `renew_from`: the old expiry becomes the new due date. A few statements
    whatever the number of rows: the dates come from a correlated subquery, the expiry is set per distinct day.
    """
    today = today or timezone.localdate()
    course_ids = course_ids_of(assignment)
    if not course_ids:
        return 0
    rows = Assignee.objects.filter(assignment=assignment)
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    if after_pk is not None:
        rows = rows.filter(pk__gt=after_pk)
    still_open = rows.filter(completed_on__isnull=True)
    before = still_open.count()
    still_open.update(completed_on=satisfied_on(course_ids))
    changed = before - still_open.count()
    if assignment.valid_months:
        changed += _set_expiry(rows, assignment, today) + _renew(rows, assignment, course_ids, today)
    return changed


def _set_expiry(rows, assignment, today):
    """Give rows just completed their expiry and renewal window, one UPDATE per distinct day."""
    renew = datetime.timedelta(days=assignment.renew_days)
    fresh = rows.filter(completed_on__isnull=False, expires_on__isnull=True)
    expired = 0
    for day in fresh.order_by().values_list("completed_on", flat=True).distinct():
        expires = add_months(day, assignment.valid_months)
        if expires < today:
            # Completed so long ago that it has already expired: the worker still has to do it.
            expired -= fresh.filter(completed_on=day).update(completed_on=None)
        else:
            fresh.filter(completed_on=day).update(expires_on=expires, renew_from=expires - renew)
    return expired


def _renew(rows, assignment, course_ids, today):
    """Start a new cycle for rows in (or past) their renewal window with a completion since it opened."""
    renew = datetime.timedelta(days=assignment.renew_days)
    renewing = (
        rows.filter(renew_from__lte=today)
        .annotate(new_day=satisfied_on(course_ids, since="renew_from"))
        .filter(new_day__gt=F("completed_on"))
        .values_list("pk", "new_day")
    )
    by_day = defaultdict(list)
    for pk, day in renewing:
        by_day[day].append(pk)
    for day, pks in by_day.items():
        expires = add_months(day, assignment.valid_months)
        for start in range(0, len(pks), 500):
            Assignee.objects.filter(pk__in=pks[start : start + 500]).update(
                due_on=F("expires_on"),
                completed_on=day,
                expires_on=expires,
                renew_from=expires - renew,
                cycle=F("cycle") + 1,
            )
    return sum(len(pks) for pks in by_day.values())


def on_completion(completion):
    """A course completion: refresh the learner's assignments of that course or of a programme including it."""
    if completion.course_id is None:
        return 0
    assignments = Assignment.objects.filter(
        Q(course_id=completion.course_id) | Q(programme__steps__course_id=completion.course_id),
        learners__user_id=completion.user_id,
    ).distinct()
    return sum(refresh(assignment, user_ids=[completion.user_id]) for assignment in assignments)


# Lists ---------------------------------------------------------------------------------------------------------


def assignees_visible_to(actor, organisation, capability=access.VIEW):
    """Assigned workers whose workplace is in the organisation's subtree and within the actor's reach."""
    return Assignee.objects.filter(
        access.path_filter(actor, capability, field="organisation__path"),
        organisation__path__startswith=organisation.path,
    )


def assignments_for(actor, organisation):
    """Assignments made in the organisation's subtree, or from above it with workers in it; newest first."""
    if not access.can_access_organisation(actor, organisation, access.VIEW):
        return Assignment.objects.none()
    mine = Q(organisation__path__startswith=organisation.path)
    above = Q(
        pk__in=Assignee.objects.filter(organisation__path__startswith=organisation.path)
        .filter(assignment__organisation__in=organisation.get_ancestors())
        .values("assignment_id")
    )
    return Assignment.objects.filter(mine | above).select_related("organisation", "course", "programme")


def get_assignment(actor, organisation, pk):
    """The assignment if the actor may see it from this organisation, else None."""
    if not (str(pk).isascii() and str(pk).isdigit()):
        return None
    return assignments_for(actor, organisation).filter(pk=pk).first()


def summary(assignees, today=None):
    """{status: count, "total": n} in one query."""
    today = today or timezone.localdate()
    counts = assignees.aggregate(
        total=Count("pk"), **{name: Count("pk", filter=status.condition(name, today)) for name in status.STATUSES}
    )
    return counts


def per_organisation(assignees, today=None):
    """Per workplace: name and the count of each status, in tree order (one grouped query)."""
    today = today or timezone.localdate()
    return (
        assignees.values("organisation_id", "organisation__name", "organisation__path")
        .annotate(
            total=Count("pk"), **{name: Count("pk", filter=status.condition(name, today)) for name in status.STATUSES}
        )
        .order_by("organisation__path")
    )


def person_rows(assignees, today=None, state=""):
    """Rows with their status and current due date (the expiry for a recurring completion), by workplace and name."""
    today = today or timezone.localdate()
    if state:
        assignees = assignees.filter(status.condition(state, today))
    return (
        assignees.annotate(state=status.annotation(today), current_due=Coalesce("expires_on", "due_on"))
        .select_related("user", "organisation", "assignment")
        .order_by("organisation__path", "user__full_name", "pk")
    )


def late_list(organisation, today=None, actor=None):
    """The late workers of an organisation's subtree (a province's, say), across assignments: one query."""
    today = today or timezone.localdate()
    rows = Assignee.objects.filter(organisation__path__startswith=organisation.path).filter(status.late(today))
    if actor is not None:
        rows = rows.filter(access.path_filter(actor, access.VIEW, field="organisation__path"))
    return rows.values(
        "pk",
        "user_id",
        "user__full_name",
        "organisation__name",
        "assignment__title",
        "due_on",
        "expires_on",
    ).order_by("organisation__path", "user__full_name", "pk")


def for_worker(user, today=None):
    """The learner's assigned learning, most urgent first: late, expiring, not yet due (by date), then done."""
    today = today or timezone.localdate()
    order = {status.LATE: 0, status.EXPIRING: 1, status.PENDING: 2, status.COMPLETED_LATE: 3, status.ON_TIME: 3}
    rows = list(
        Assignee.objects.filter(user=user)
        .annotate(state=status.annotation(today), current_due=Coalesce("expires_on", "due_on"))
        .select_related("assignment", "assignment__course", "assignment__programme")
        .order_by("due_on")[:50]
    )
    rows.sort(key=lambda row: (order[row.state], row.current_due))
    return rows


def units_for(actor, organisation):
    """Departments and workplaces below the organisation the actor may assign to (for the form's choice)."""
    return (
        Organisation.objects.subtree_of(organisation)
        .filter(access.path_filter(actor, access.ENROL))
        .exclude(pk=organisation.pk)
        .order_by("path")
    )


def days_late(row, today=None):
    today = today or timezone.localdate()
    return max((today - row.current_due).days, 0)
