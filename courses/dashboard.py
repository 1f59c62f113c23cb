"""The provider editor's dashboard panels: their section's reviews, imports, SCORM packages and this month's learners.

Each panel shows only the providers whose catalogue section the user works in (courses.admin_import.user_providers),
so an editor of one college never sees another college's pages, imports, packages or learners.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Collection, Page, WorkflowState

from .admin_import import user_imports, user_providers
from .models import CoursePage, ProviderPage

LIST_LENGTH = 8


def month_start(now=None):
    now = timezone.localtime(now)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def section_pages(providers):
    """Pages below the providers' sections (the sections included)."""
    paths = list(ProviderPage.objects.filter(provider__in=providers).values_list("path", flat=True))
    if not paths:
        return Page.objects.none()
    return Page.objects.filter(reduce(or_, (Q(path__startswith=path) for path in paths)))


def pages_in_status(providers, status):
    return (
        section_pages(providers)
        .filter(_workflow_states__status=status)
        .distinct()
        .order_by("-latest_revision_created_at")
    )


class ProviderPanel(Component):
    """A dashboard panel about the user's providers; hidden when the user works for none."""

    name = ""
    order = 150

    def __init__(self, request, providers):
        self.request = request
        self.providers = providers


class ReviewPanel(ProviderPanel):
    name = "provider_reviews"
    order = 90
    template_name = "courses/admin/dashboard/reviews.html"

    def get_context_data(self, parent_context=None):
        in_review = pages_in_status(self.providers, WorkflowState.STATUS_IN_PROGRESS)
        changes = pages_in_status(self.providers, WorkflowState.STATUS_NEEDS_CHANGES)
        return {
            "in_review": in_review[:LIST_LENGTH],
            "in_review_count": in_review.count(),
            "changes_requested": changes[:LIST_LENGTH],
            "changes_requested_count": changes.count(),
            "sections": ProviderPage.objects.filter(provider__in=self.providers),
        }


class ImportsPanel(ProviderPanel):
    name = "provider_imports"
    order = 160
    template_name = "courses/admin/dashboard/imports.html"

    def get_context_data(self, parent_context=None):
        return {"imports": user_imports(self.request.user)[:5]}


class ScormPanel(ProviderPanel):
    name = "provider_scorm"
    order = 170
    template_name = "courses/admin/dashboard/scorm.html"

    def get_context_data(self, parent_context=None):
        Package = apps.get_model("scorm", "Package")
        root = Collection.get_first_root_node()
        names = [provider.name for provider in self.providers]
        collections = root.get_children().filter(name__in=names) if root else Collection.objects.none()
        packages = Package.objects.filter(collection__in=collections).order_by("-created_at")
        return {"packages": packages[:LIST_LENGTH], "package_count": packages.count()}


class LearnersPanel(ProviderPanel):
    name = "provider_learners"
    order = 180
    template_name = "courses/admin/dashboard/learners.html"

    def get_context_data(self, parent_context=None):
        # learning depends on courses, not the reverse: its models are looked up by name, read only.
        Enrolment = apps.get_model("learning", "Enrolment")
        Completion = apps.get_model("learning", "Completion")
        since = month_start()
        courses = CoursePage.objects.filter(provider__in=self.providers)
        enrolments = Enrolment.objects.filter(course__in=courses, enrolled_at__gte=since)
        completions = Completion.objects.filter(course__in=courses, completed_at__gte=since)
        top = (
            courses.annotate(
                month_enrolments=Count("enrolments", filter=Q(enrolments__enrolled_at__gte=since), distinct=True),
                month_completions=Count("completions", filter=Q(completions__completed_at__gte=since), distinct=True),
            )
            .filter(Q(month_enrolments__gt=0) | Q(month_completions__gt=0))
            .order_by("-month_enrolments", "-month_completions", "title")
            .only("id", "title")[:LIST_LENGTH]
        )
        return {
            "since": since,
            "enrolment_count": enrolments.count(),
            "completion_count": completions.count(),
            "top_courses": top,
        }


PANELS = (ReviewPanel, ImportsPanel, ScormPanel, LearnersPanel)


def provider_panels(request):
    """The panels for the request's user, or none when they work for no provider."""
    providers = list(user_providers(request.user))
    if not providers or request.user.is_superuser:
        # A superuser's dashboard would show every college at once; these panels are for a college's staff.
        return []
    return [panel(request, providers) for panel in PANELS]
