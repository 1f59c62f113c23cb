"""HR and union screens. Thin: every object is fetched through access.py, every verb is in services.py."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, conf, exports, hr, paging, services
from .forms import ApiTokenForm, EnrolForm, ImportForm, ReviewForm
from .importer import import_workers
from .models import ApiToken, CompletionReview, JoinInvitation, Organisation


def _organisation(request, org_id, capability=access.VIEW):
    organisation = get_object_or_404(Organisation, pk=org_id)
    if not access.can_access_organisation(request.user, organisation, capability):
        raise PermissionDenied
    return organisation


def _page(request, queryset, size=None):
    return Paginator(queryset, size or conf.hr_page_size()).get_page(request.GET.get("page"))


def _year(request):
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _context(request, organisation, **extra):
    user = request.user
    return {
        "organisation": organisation,
        "can": {
            cap: access.can_access_organisation(user, organisation, cap)
            for cap in (access.EXPORT, access.CONFIRM, access.IMPORT, access.ENROL, access.TOKENS)
        },
        **extra,
    }


@login_required
def home(request):
    """The organisations where the person holds a role; straight to it when there is one."""
    if request.user.is_superuser:
        tops = Organisation.get_root_nodes()
    else:
        paths = access.root_paths(request.user, access.VIEW)
        tops = Organisation.objects.filter(path__in=paths)
    tops = list(tops[:50])
    if not tops:
        raise PermissionDenied
    if len(tops) == 1:
        return redirect("organisations:organisation", tops[0].pk)
    return render(request, "organisations/home.html", {"organisations": tops})


@login_required
def organisation(request, org_id):
    """A workplace goes to its workers; a union shows the workplaces below it."""
    organisation = _organisation(request, org_id)
    if organisation.is_workplace:
        return redirect("organisations:workers", organisation.pk)
    q = request.GET.get("q", "")
    page = _page(request, hr.subtree_units(request.user, organisation, q))
    page.object_list = hr.with_worker_counts(page.object_list)
    children = organisation.get_children().filter(access.path_filter(request.user))
    return render(
        request,
        "organisations/organisation.html",
        _context(request, organisation, items=page, q=q, children=children, ancestors=organisation.get_ancestors()),
    )


def _worker_filters(request, organisation):
    status = request.GET.get("status") or hr.CURRENT
    if status not in (hr.CURRENT, hr.FORMER, hr.ALL):
        status = hr.CURRENT
    unit = None
    if _is_id(request.GET.get("unit", "")):
        unit = Organisation.objects.subtree_of(organisation).filter(pk=request.GET["unit"]).first()
    return {"status": status, "q": request.GET.get("q", ""), "unit": unit}


@login_required
def workers(request, org_id):
    organisation = _organisation(request, org_id)
    filters = _worker_filters(request, organisation)
    year = _year(request)
    areas = hr.learning_areas()
    page = paging.keyset_page(
        hr.worker_memberships(request.user, organisation, **filters),
        hr.WORKER_ORDER,
        request.GET,
        conf.hr_page_size(),
        conf.count_cap(),
    )
    page.object_list = hr.hours_rows(page.object_list, year, areas)
    return render(
        request,
        "organisations/workers.html",
        _context(
            request, organisation, items=page, areas=areas, year=year, filters=filters, query=request.GET.urlencode()
        ),
    )


@login_required
def worker(request, org_id, user_id):
    organisation = _organisation(request, org_id)
    person = get_object_or_404(get_user_model(), pk=user_id)
    memberships = access.memberships_visible_to(request.user, access.VIEW, organisation=organisation).filter(
        user=person
    )
    if not memberships.exists():
        raise Http404
    completions = hr.completions(request.user, organisation, worker=person)
    certificates = hr.certificates_of(request.user, organisation, worker=person)
    return render(
        request,
        "organisations/worker.html",
        _context(
            request,
            organisation,
            person=person,
            memberships=memberships.select_related("organisation"),
            items=_page(request, completions),
            certificates=certificates[:100] if certificates is not None else None,
            area_hours=_area_hours(memberships, _year(request)),
            year=_year(request),
        ),
    )


def _area_hours(memberships, year):
    """(learning area, hours) for the worker's latest period here, and the total."""
    areas = hr.learning_areas()
    rows = hr.hours_rows(memberships.order_by("-start_date")[:1], year, areas)
    if not rows:
        return None
    return {
        "areas": [(name, hours) for (_code, name), hours in zip(areas, rows[0].hours, strict=True)],
        "total": rows[0].hours_total,
    }


def _completion_filters(request):
    return {
        "status": request.GET.get("status", ""),
        "area": request.GET.get("area", ""),
        "source": request.GET.get("source", ""),
        "year": _year(request) if request.GET.get("year") else None,
        "q": request.GET.get("q", ""),
    }


@login_required
def completions(request, org_id):
    organisation = _organisation(request, org_id)
    filters = _completion_filters(request)
    from learning.models import Completion

    page = _page(request, hr.completions(request.user, organisation, **filters))
    return render(
        request,
        "organisations/completions.html",
        _context(
            request,
            organisation,
            items=page,
            filters=filters,
            areas=hr.learning_areas(),
            sources=Completion.SOURCE_CHOICES,
            statuses=CompletionReview.STATUS_CHOICES,
            query=request.GET.urlencode(),
        ),
    )


@login_required
@require_POST
def review(request, org_id, pk):
    organisation = _organisation(request, org_id, access.CONFIRM)
    completion = get_object_or_404(hr.completions(request.user, organisation), pk=pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_completion(
                request.user,
                completion,
                form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                organisation=organisation,
            )
        except services.OrganisationError as error:
            messages.error(request, str(error))
        else:
            if form.cleaned_data["status"] == CompletionReview.CONFIRMED:
                messages.success(
                    request,
                    _("Confirmed: %(course)s, %(name)s.")
                    % {"course": completion.course_title, "name": completion.user},
                )
            else:
                messages.success(
                    request,
                    _("Rejected: %(course)s, %(name)s.") % {"course": completion.course_title, "name": completion.user},
                )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(_back(request, "organisations:completions", organisation))


@login_required
@require_POST
def bulk_confirm(request, org_id):
    organisation = _organisation(request, org_id, access.CONFIRM)
    ids = [i for i in request.POST.getlist("completion") if _is_id(i)][:1000]
    if not ids:
        messages.error(request, _("Tick the completions to confirm."))
    else:
        count = services.bulk_confirm(request.user, ids, organisation=organisation)
        messages.success(request, _("%(count)s completions confirmed.") % {"count": count})
    return redirect(_back(request, "organisations:completions", organisation))


def _is_id(value):
    """A row id as a client may send it: ASCII digits that fit a bigint (isdigit() alone lets "²" through)."""
    return value.isascii() and value.isdigit() and len(value) <= 18


def _back(request, name, organisation):
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    # A path of ours only: redirect() would take any other word ("12345") for a view name to reverse.
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(name, args=[organisation.pk])


@login_required
def import_view(request, org_id):
    organisation = _organisation(request, org_id, access.IMPORT)
    if not organisation.is_workplace:
        raise Http404
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_workers(upload, organisation, by=request.user, filename=upload.name)
        if result.ok:
            messages.success(
                request,
                _("%(rows)s rows read: %(new)s new accounts, %(matched)s existing accounts, %(refused)s rows refused.")
                % {
                    "rows": result.rows,
                    "new": len(result.created),
                    "matched": result.matched,
                    "refused": len(result.refused),
                },
            )
    return render(request, "organisations/import.html", _context(request, organisation, form=form, result=result))


@login_required
def enrol(request, org_id):
    organisation = _organisation(request, org_id, access.ENROL)
    form = EnrolForm(
        request.POST or None, organisation=organisation, actor=request.user, course_query=request.GET.get("q", "")
    )
    if request.method == "POST" and form.is_valid():
        created, skipped = services.enrol_workers(
            request.user, organisation, form.cleaned_data["course"], form.cleaned_data["workers"]
        )
        messages.success(
            request, _("%(created)s workers enrolled (%(skipped)s skipped).") % {"created": created, "skipped": skipped}
        )
        return redirect("organisations:workers", organisation.pk)
    return render(
        request, "organisations/enrol.html", _context(request, organisation, form=form, q=request.GET.get("q", ""))
    )


@login_required
def export(request, org_id, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    organisation = _organisation(request, org_id, access.EXPORT)
    filters = _worker_filters(request, organisation)
    memberships = hr.worker_memberships(request.user, organisation, capability=access.EXPORT, **filters)
    return exports.export_workers(memberships, fmt, _export_name(organisation, "nguoi-lao-dong"), year=_year(request))


@login_required
def export_completions(request, org_id, fmt):
    """The completions list, with the same filters as the screen, and each one's confirmation status."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    organisation = _organisation(request, org_id, access.EXPORT)
    queryset = hr.completions(request.user, organisation, capability=access.EXPORT, **_completion_filters(request))
    return exports.export_completions(queryset, fmt, _export_name(organisation, "hoan-thanh"))


def _export_name(organisation, what):
    """ "cong-ty-may-hung-phat-hoan-thanh-20261205": the company's name, folded to ASCII (Đ as D)."""
    from search.folding import fold

    name = slugify(fold(organisation.short_name or organisation.display_name)) or "organisation"
    return f"{name[:60]}-{what}-{timezone.localdate():%Y%m%d}"


@login_required
def api_tokens(request, org_id):
    """The organisation's keys for its HR system: ask for one (shown once), see when each was last used, revoke."""
    organisation = _organisation(request, org_id, access.TOKENS)
    may_confirm = access.can_access_organisation(request.user, organisation, access.CONFIRM)
    form = ApiTokenForm(request.POST or None, may_confirm=may_confirm)
    key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            token, key = services.create_api_token(
                organisation, form.cleaned_data["name"], scope=form.cleaned_data["scope"], by=request.user
            )
            form = ApiTokenForm(may_confirm=may_confirm)
        else:
            status = 400
    tokens = ApiToken.objects.filter(organisation=organisation).select_related("created_by").order_by("-created_at")
    response = render(
        request,
        "organisations/api_tokens.html",
        _context(request, organisation, form=form, key=key, tokens=tokens[:100]),
        status=status,
    )
    # The page may hold a new key: never keep it in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request, org_id, pk):
    organisation = _organisation(request, org_id, access.TOKENS)
    token = get_object_or_404(ApiToken, pk=pk, organisation=organisation)
    if token.is_active:
        services.revoke_api_token(token)
        messages.success(request, _("The key %(name)s is revoked.") % {"name": token})
    return redirect("organisations:api_tokens", organisation.pk)


def invitation(request, uidb64, token):
    """A worker created by an import sets a password from the link HR sent them."""
    User = get_user_model()
    try:
        person = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        person = None
    valid = person is not None and default_token_generator.check_token(person, token)
    form = SetPasswordForm(person, request.POST or None) if valid else None
    if form is not None and request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your password is set. Log in with your phone number or e-mail address."))
        return redirect("accounts:login")
    return render(request, "organisations/invitation.html", {"form": form, "valid": valid, "person": person})


@login_required
def invitations(request):
    """The person's invitations to join an organisation, each to accept or decline."""
    current = services.current_membership(request.user)
    return render(
        request,
        "organisations/invitations.html",
        {"invitations": services.pending_invitations(request.user), "current": current},
    )


@login_required
@require_POST
def invitation_accept(request, pk):
    try:
        membership = services.accept_invitation(request.user, pk)
    except JoinInvitation.DoesNotExist:
        raise Http404 from None
    except services.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("You are now a member of %(org)s from %(date)s.")
            % {"org": membership.organisation, "date": membership.start_date.strftime("%d/%m/%Y")},
        )
    return redirect("organisations:invitations")


@login_required
@require_POST
def invitation_decline(request, pk):
    try:
        invitation = services.decline_invitation(request.user, pk)
    except JoinInvitation.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("You declined the invitation of %(org)s.") % {"org": invitation.organisation})
    return redirect("organisations:invitations")
