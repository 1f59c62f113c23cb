"""Recognition screens: the person's self-assessment, officers' dashboards, review queues and report exports.

Thin: every organisation is fetched through organisations.access, every verb is in services.py.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms.storage import private_file_response
from organisations import access
from organisations.models import Organisation

from . import charts, conf, indicators, levels, services, tasks
from .forms import UnitDecisionForm
from .models import Assessment, Cycle, ReportExport, Score, UnitAssessment


def _organisation(request, org_id, capability=access.VIEW):
    organisation = get_object_or_404(Organisation, pk=org_id)
    if not access.can_access_organisation(request.user, organisation, capability):
        raise PermissionDenied
    return organisation


def _year(request):
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _errors(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


# The person -----------------------------------------------------------------------------------------------


@login_required
def mine(request):
    """The person's CDHT self-assessment of this year: automatic points, evidence, their proposal, submit."""
    return _render_mine(request, _year(request))


def _render_mine(request, year, posted=None, errors=None, status=200):
    """The self-assessment page; after a refused save, with what the person typed and the errors per indicator."""
    assessment = services.my_assessment(request.user, year)
    cycle = services.cycle_for(assessment.organisation, year) if assessment else None
    scores = list(services.scores_of(assessment)) if assessment else []
    by_code = {
        code: [m for e in errs for m in getattr(e, "messages", [str(e)])] for code, errs in (errors or {}).items()
    }
    for score in scores:
        code = score.indicator.code
        entry = (posted or {}).get(code, {})
        points = entry.get("points")
        score.form_points = points if points is not None else _plain(score.proposed_points)
        score.form_reason = entry.get("reason", score.proposed_reason)
        text = entry.get("evidence_text")
        score.form_evidence_text = text if text is not None else score.evidence_text
        score.form_errors = by_code.get(code, [])
    return render(
        request,
        "recognition/mine.html",
        {
            "assessment": assessment,
            "scores": scores,
            "cycle": cycle,
            "year": year,
            "form_errors": by_code,
        },
        status=status,
    )


def _plain(value):
    """A Decimal as an <input type=number> value ("7.5", never the localised "7,5")."""
    return "" if value is None else format(value.normalize(), "f")


@login_required
@require_POST
def mine_save(request):
    """Save every indicator of the self-assessment from one form (all or nothing), then submit if asked."""
    year = _year(request)
    assessment = services.my_assessment(request.user, year)
    if assessment is None:
        raise Http404
    entries = {}
    for score in assessment.scores.select_related("indicator"):
        code = score.indicator.code
        entry = {
            "points": request.POST.get(f"points_{code}"),
            "reason": request.POST.get(f"reason_{code}", ""),
            "evidence_text": request.POST.get(f"evidence_text_{code}"),
            "evidence_file": request.FILES.get(f"evidence_file_{code}"),
        }
        if any(value is not None for key, value in entry.items() if key != "reason"):
            entries[code] = entry
    try:
        services.propose_scores(assessment, entries, by=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            return _render_mine(request, year, posted=entries, errors=error.error_dict, status=400)
        _errors(request, error)
        return redirect("recognition:mine")
    if request.POST.get("action") == "submit":
        try:
            services.submit(assessment, by=request.user)
        except ValidationError as error:
            messages.success(request, _("Saved."))
            _errors(request, error)
        else:
            messages.success(request, _("Your self-assessment has been sent for review."))
    else:
        messages.success(request, _("Saved."))
    return redirect("recognition:mine")


@login_required
@require_POST
def mine_score(request, code):
    assessment = services.my_assessment(request.user, _year(request))
    if assessment is None:
        raise Http404
    try:
        services.propose_score(
            assessment,
            code,
            by=request.user,
            points=request.POST.get("points"),
            reason=request.POST.get("reason", ""),
            evidence_text=request.POST.get("evidence_text"),
            evidence_file=request.FILES.get("evidence_file"),
        )
        messages.success(request, _("Saved."))
    except Score.DoesNotExist:
        raise Http404 from None
    except ValidationError as error:
        _errors(request, error)
    return redirect(reverse("recognition:mine") + f"#indicator-{code}")


@login_required
@require_POST
def mine_submit(request):
    assessment = services.my_assessment(request.user, _year(request))
    if assessment is None:
        raise Http404
    try:
        services.submit(assessment, by=request.user)
        messages.success(request, _("Your self-assessment has been sent for review."))
    except ValidationError as error:
        _errors(request, error)
    return redirect("recognition:mine")


# Officers -------------------------------------------------------------------------------------------------


def _period(request):
    period = request.GET.get("period")
    return period if period in (indicators.HALF_YEAR, indicators.ANNUAL) else indicators.ANNUAL


@login_required
def home(request):
    """Straight to the dashboard of the organisation where the person holds a role."""
    paths = access.root_paths(request.user, access.VIEW)
    tops = Organisation.get_root_nodes() if paths is access.Everything else Organisation.objects.filter(path__in=paths)
    top = tops.first()
    if top is None:
        return redirect("recognition:mine")
    return redirect("recognition:dashboard", top.pk)


@login_required
def dashboard(request, org_id):
    """The QĐ 1268 indicators of the subtree against the targets, by child organisation, with the trend."""
    organisation = _organisation(request, org_id)
    year, period = _year(request), _period(request)
    start, end = indicators.period_bounds(year, period)
    figures = indicators.indicators_for(organisation, start, end)
    years = indicators.target_years()
    target_year = next((y for y in years if y >= year), years[-1] if years else None)
    children = organisation.get_children().filter(access.path_filter(request.user))
    rows = indicators.breakdown(organisation, start, end, children=children)
    trend = indicators.trend(organisation, year, 1 if period == indicators.HALF_YEAR else 2, conf.trend_half_years())
    trend_charts = [(row.name, charts.trend_chart(trend, row.code, row.name)) for row in figures.rows]
    return render(
        request,
        "recognition/dashboard.html",
        {
            "organisation": organisation,
            "figures": figures,
            "breakdown": rows,
            "year": year,
            "period": period,
            "target_years": years,
            "target_year": target_year,
            "chart": charts.bar_chart(figures.rows, target_year, _("Indicators")),
            "trend_charts": trend_charts,
            "can_review": services.can_review(request.user, organisation),
            "can_export": access.can_access_organisation(request.user, organisation, access.EXPORT),
            "ancestors": organisation.get_ancestors().filter(access.path_filter(request.user)),
        },
    )


@login_required
def review_queue(request, org_id):
    organisation = _organisation(request, org_id, services.REVIEW)
    year = _year(request)
    status = request.GET.get("status", Assessment.SUBMITTED)
    if status not in dict(Assessment.STATUS_CHOICES):
        status = Assessment.SUBMITTED
    items = Paginator(services.review_queue(request.user, organisation, year, status), conf.review_page_size())
    return render(
        request,
        "recognition/review_queue.html",
        {
            "organisation": organisation,
            "items": items.get_page(request.GET.get("page")),
            "year": year,
            "status": status,
            "statuses": Assessment.STATUS_CHOICES,
        },
    )


def _assessment(request, organisation, pk):
    assessment = get_object_or_404(
        Assessment.objects.select_related("user", "organisation", "criteria"),
        pk=pk,
        organisation__path__startswith=organisation.path,
    )
    if not services.can_review(request.user, assessment.organisation):
        raise PermissionDenied
    return assessment


@login_required
def review(request, org_id, pk):
    organisation = _organisation(request, org_id, services.REVIEW)
    assessment = _assessment(request, organisation, pk)
    scores = list(services.scores_of(assessment))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reject":
                services.reject(assessment, by=request.user, comment=request.POST.get("comment", ""))
                messages.success(request, _("Not recognised."))
            else:
                adjustments = {
                    s.indicator.code: (
                        request.POST.get(f"points_{s.indicator.code}"),
                        request.POST.get(f"reason_{s.indicator.code}", ""),
                    )
                    for s in scores
                    if request.POST.get(f"points_{s.indicator.code}") not in (None, "")
                }
                services.approve(
                    assessment, by=request.user, adjustments=adjustments, comment=request.POST.get("comment", "")
                )
                messages.success(request, _("Recognised: the title has been awarded."))
            return redirect("recognition:review_queue", organisation.pk)
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
    return render(
        request,
        "recognition/review.html",
        {"organisation": organisation, "assessment": assessment, "scores": scores},
    )


@login_required
@require_POST
def bulk_approve(request, org_id):
    organisation = _organisation(request, org_id, services.REVIEW)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you checked the selected self-assessments."))
        return redirect("recognition:review_queue", organisation.pk)
    approved, skipped = services.bulk_approve(request.user, organisation, request.POST.getlist("ids"))
    messages.success(request, _("%(n)s recognised.") % {"n": approved})
    for pk, reason in skipped:
        messages.warning(request, _("#%(pk)s left for review: %(reason)s") % {"pk": pk, "reason": reason})
    return redirect("recognition:review_queue", organisation.pk)


@login_required
def units(request, org_id):
    organisation = _organisation(request, org_id, services.REVIEW)
    year = _year(request)
    if request.method == "POST":
        form = UnitDecisionForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for message in errors:
                    messages.error(request, f"{label}: {message}" if label else message)
            return redirect(f"{request.path}?year={year}")
        data = form.cleaned_data
        unit = get_object_or_404(UnitAssessment, pk=data["unit"], organisation__path__startswith=organisation.path)
        try:
            if data["action"] == UnitDecisionForm.APPROVE:
                services.approve_unit(unit, by=request.user, level=data["level"], reason=data["reason"])
                messages.success(request, _("Title awarded."))
            else:
                services.set_unit_conditions(
                    unit,
                    by=request.user,
                    learning_plan=data["learning_plan"],
                    training_rules=data["training_rules"],
                    learning_devices=data["learning_devices"],
                )
                messages.success(request, _("Saved."))
        except (ValidationError, PermissionDenied) as error:
            _errors(request, error)
        return redirect(f"{request.path}?year={year}")
    items = Paginator(
        UnitAssessment.objects.filter(year=year, organisation__path__startswith=organisation.path)
        .filter(access.path_filter(request.user, services.REVIEW, field="organisation__path"))
        .select_related("organisation", "reviewed_by", "criteria")
        .order_by("organisation__path"),
        conf.review_page_size(),
    )
    page = items.get_page(request.GET.get("page"))
    for unit in page.object_list:
        unit.reasons = levels.explain(unit)
    return render(request, "recognition/units.html", {"organisation": organisation, "items": page, "year": year})


@login_required
def cycle(request, org_id):
    """The yearly round of the organisation's subtree: open the window, evaluate, remind, review, close."""
    organisation = _organisation(request, org_id, services.REVIEW)
    year = _year(request)
    own = Cycle.objects.filter(organisation=organisation, year=year).first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if own is None:
                own, _created = services.get_or_create_cycle(organisation, year, by=request.user)
            if action == "open":
                services.open_cycle(
                    own,
                    by=request.user,
                    opens_on=_date(request.POST.get("opens_on")),
                    closes_on=_date(request.POST.get("closes_on")),
                )
                messages.success(request, _("Self-assessment is open. Everyone's proposal is being computed."))
            elif action == "evaluate":
                services.request_evaluation(own, by=request.user)
                messages.success(request, _("The proposals are being computed again."))
            elif action == "remind":
                reminder = services.remind(own, by=request.user)
                messages.success(
                    request,
                    _(
                        "Reminder for the %(n)s people who have not submitted: %(reachable)s can be reached by e-mail "
                        "or text message; %(others)s will see it only on their pages when they log in."
                    )
                    % {"n": reminder.pending, "reachable": reminder.reachable, "others": reminder.only_on_site},
                )
            elif action == "review":
                services.start_review(own, by=request.user)
                messages.success(request, _("Self-assessment is closed for submissions; review can go on."))
            elif action == "close":
                services.close_cycle(own, by=request.user)
                messages.success(request, _("The cycle is closed."))
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            _errors(request, error)
        return redirect(f"{request.path}?year={year}")
    inherited = None if own else services.cycle_for(organisation, year)
    counts = dict.fromkeys(dict(Assessment.STATUS_CHOICES), 0)
    for row in (
        Assessment.objects.filter(year=year, organisation__path__startswith=organisation.path)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["status"]] = row["n"]
    return render(
        request,
        "recognition/cycle.html",
        {
            "organisation": organisation,
            "year": year,
            "cycle": own,
            "inherited": inherited,
            "counts": [(label, counts[status], status) for status, label in Assessment.STATUS_CHOICES],
            "default_closes_on": services.default_closing_date(year),
        },
    )


def _date(value):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Give the dates as day, month and year.")) from None


# Reports --------------------------------------------------------------------------------------------------


@login_required
def reports(request, org_id):
    organisation = _organisation(request, org_id, access.EXPORT)
    if request.method == "POST":
        period = request.POST.get("period")
        fmt = request.POST.get("fmt")
        if period not in (ReportExport.HALF_YEAR, ReportExport.ANNUAL) or fmt not in ("xlsx", "pdf"):
            messages.error(request, _("Choose a report and a format."))
            return redirect("recognition:reports", organisation.pk)
        export = ReportExport.objects.create(
            organisation=organisation, year=_year(request), period=period, fmt=fmt, requested_by=request.user
        )
        tasks.enqueue_report(export)
        return redirect("recognition:reports", organisation.pk)
    exports = ReportExport.objects.filter(organisation=organisation, requested_by=request.user)[:20]
    return render(
        request,
        "recognition/reports.html",
        {
            "organisation": organisation,
            "exports": exports,
            "year": _year(request),
            "periods": ReportExport.PERIOD_CHOICES,
        },
    )


def _export(request, pk):
    export = get_object_or_404(ReportExport.objects.select_related("organisation"), pk=pk)
    if not access.can_access_organisation(request.user, export.organisation, access.EXPORT):
        raise PermissionDenied
    return export


def report_status(request, pk):
    """JSON progress of a report being built (polled by the reports page)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Log in first.")}, status=401)
    try:
        export = _export(request, pk)
    except Http404:
        return JsonResponse({"error": _("No such report.")}, status=404)
    except PermissionDenied:
        return JsonResponse({"error": _("You may not see this report.")}, status=403)
    return JsonResponse({"status": export.status, "progress": export.progress, "ready": export.status == export.DONE})


@login_required
def report_download(request, pk):
    export = _export(request, pk)
    if export.status != ReportExport.DONE or not export.file:
        raise Http404
    return private_file_response(export.file, filename=export.file.name.rsplit("/", 1)[-1])


@login_required
def evidence_download(request, pk):
    """An evidence file of a self-assessment, from the private storage, as an attachment (it is anyone's upload)."""
    score = get_object_or_404(Score.objects.select_related("assessment__organisation"), pk=pk)
    # Permission before existence: others learn nothing about which indicators have a file.
    if not services.can_see_evidence(request.user, score.assessment):
        raise PermissionDenied
    if not score.evidence_file:
        raise Http404
    return private_file_response(score.evidence_file, filename=score.evidence_file_name)
