"""Thin views: prerequisites of a course, joining a programme, and the HR / union screens of assigned learning."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import CoursePage
from organisations import access
from organisations.exports import csv_response, xlsx_response
from organisations.models import Organisation

from . import assignments as service
from . import conf, services, status
from . import prerequisites as prerequisite_rules
from .forms import AssignmentForm
from .models import Assignment, CoursePrerequisite, ProgrammePage


def prerequisites(request, course_id):
    """What a course requires, what of it the learner has done, with links to each."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    missing = prerequisite_rules.missing_for(request.user, course)
    missing_titles = {item.title for item in missing}
    links = CoursePrerequisite.objects.filter(course_id=course.pk).select_related(
        "required_course", "required_programme"
    )
    required = [link.required_course or link.required_programme for link in links]
    return render(
        request,
        "programmes/prerequisites.html",
        {
            "course": course,
            "missing": missing,
            "required": [(page, page.title not in missing_titles) for page in required if page is not None],
        },
    )


@require_POST
@login_required
def join(request, programme_id):
    programme = get_object_or_404(ProgrammePage.objects.live().public(), pk=programme_id)
    _enrolment, created = services.join(request.user, programme)
    if created:
        messages.success(request, _("You joined the programme “%(title)s”.") % {"title": programme.title})
    return redirect(programme.get_url(request))


# HR and union screens -------------------------------------------------------------------------------------------


def _organisation(request, org_id, capability=access.VIEW):
    organisation = get_object_or_404(Organisation, pk=org_id)
    if not access.can_access_organisation(request.user, organisation, capability):
        raise PermissionDenied
    return organisation


def _context(request, organisation, **extra):
    return {
        "organisation": organisation,
        "can": {
            cap: access.can_access_organisation(request.user, organisation, cap)
            for cap in (access.EXPORT, access.CONFIRM, access.IMPORT, access.ENROL)
        },
        "labels": status.LABELS,
        "statuses": status.STATUSES,
        **extra,
    }


def _state(request):
    state = request.GET.get("status", "")
    return state if state in status.STATUSES else ""


@login_required
def assignments(request, org_id):
    """The organisation's assignments with their figures in its subtree, and the figures per workplace."""
    organisation = _organisation(request, org_id)
    today = timezone.localdate()
    page = Paginator(service.assignments_for(request.user, organisation), conf.page_size()).get_page(
        request.GET.get("page")
    )
    visible = service.assignees_visible_to(request.user, organisation)
    figures = {
        row["assignment_id"]: row
        for row in visible.filter(assignment__in=[a.pk for a in page.object_list])
        .values("assignment_id")
        .annotate(**_counts(today))
        .order_by()
    }
    for item in page.object_list:
        item.figures = figures.get(item.pk, {})
    return render(
        request,
        "programmes/assignments.html",
        _context(
            request,
            organisation,
            page=page,
            total=service.summary(visible, today),
            per_organisation=Paginator(service.per_organisation(visible, today), conf.page_size()).get_page(
                request.GET.get("units")
            ),
        ),
    )


def _counts(today):
    from django.db.models import Count

    return {
        "total": Count("pk"),
        **{name: Count("pk", filter=status.condition(name, today)) for name in status.STATUSES},
    }


@login_required
def new_assignment(request, org_id):
    organisation = _organisation(request, org_id, access.ENROL)
    units = service.units_for(request.user, organisation)
    initial = {"target": request.GET.get("target", "")[:500]}
    form = AssignmentForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            logins = [line for line in (data["logins"] or "").splitlines() if line.strip()]
            if data["audience"] == Assignment.LIST:
                if not data["file"]:
                    raise ValidationError({"file": _("Upload the list of workers.")})
                logins = service.read_logins(data["file"], data["file"].name)
            target = service.resolve_target(data["target"])
            if target is None:
                raise ValidationError({"target": _("No published course or programme has this ID or address.")})
            assignment = service.assign(
                request.user,
                organisation,
                target=target,
                due_on=data["due_on"],
                audience=data["audience"],
                logins=logins,
                unit=data["unit"],
                valid_months=data["valid_months"],
                renew_days=30 if data["renew_days"] is None else data["renew_days"],
                mandatory=data["mandatory"],
                new_worker_days=data["new_worker_days"],
            )
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                _("“%(title)s” assigned to %(count)s workers, due %(date)s.")
                % {"title": assignment.title, "count": assignment.learner_count, "date": assignment.due_on},
            )
            return redirect("programmes:assignment", organisation.pk, assignment.pk)
    return render(request, "programmes/new_assignment.html", _context(request, organisation, form=form))


def _assignment(request, organisation, pk):
    assignment = service.get_assignment(request.user, organisation, pk)
    if assignment is None:
        raise Http404
    return assignment


@login_required
def assignment(request, org_id, pk):
    """One assignment: its figures, per workplace, and per person (filtered by status)."""
    organisation = _organisation(request, org_id)
    item = _assignment(request, organisation, pk)
    today = timezone.localdate()
    visible = service.assignees_visible_to(request.user, organisation).filter(assignment=item)
    state = _state(request)
    people = Paginator(service.person_rows(visible, today, state), conf.page_size()).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/assignment.html",
        _context(
            request,
            organisation,
            assignment=item,
            total=service.summary(visible, today),
            per_organisation=service.per_organisation(visible, today)[:200],
            people=people,
            state=state,
            today=today,
        ),
    )


@login_required
def late(request, org_id):
    """Everyone late in the organisation's subtree, across assignments (the province's list, say)."""
    organisation = _organisation(request, org_id)
    rows = service.late_list(organisation, actor=request.user)
    page = Paginator(rows, conf.page_size()).get_page(request.GET.get("page"))
    return render(request, "programmes/late.html", _context(request, organisation, page=page))


def export_header():
    return [
        _("Full name"),
        _("Phone"),
        _("E-mail"),
        _("Workplace"),
        _("Assignment"),
        _("Due date"),
        _("Completed on"),
        _("Valid until"),
        _("Status"),
    ]


@login_required
def export(request, org_id, pk, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    organisation = _organisation(request, org_id, access.EXPORT)
    item = _assignment(request, organisation, pk)
    today = timezone.localdate()
    visible = service.assignees_visible_to(request.user, organisation, access.EXPORT).filter(assignment=item)
    rows = (
        service.person_rows(visible, today, _state(request))
        .values_list(
            "user__full_name",
            "user__phone",
            "user__email",
            "organisation__name",
            "assignment__title",
            "current_due",
            "completed_on",
            "expires_on",
            "state",
        )
        .iterator(chunk_size=2000)
    )
    labels = {name: str(label) for name, label in status.LABELS.items()}

    def cells():
        for row in rows:
            yield [
                *row[:5],
                *[day.strftime("%d/%m/%Y") if day else "" for day in row[5:8]],
                labels[row[8]],
            ]

    head = export_header()
    filename = f"assignment-{item.pk}-{slugify(organisation.name) or organisation.pk}"
    if fmt == "xlsx":
        return xlsx_response(cells(), head, filename)
    return csv_response(cells(), head, filename)
