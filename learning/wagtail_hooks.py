"""Wagtail admin: enrolments, completions and the audit log (read-only), attendance marking, classroom import."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.admin_viewsets import FunctionViewSet

from . import admin_views
from .models import Completion, Enrolment, LearningLogEntry


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The learning record changes only through services (which log), never by editing rows in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Enrolment, Completion, LearningLogEntry):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model), exact_class=True)


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []


class EnrolmentViewSet(ReadOnlyViewSet):
    model = Enrolment
    name = "learning_enrolments"
    icon = "user"
    menu_label = _("Enrolments")
    list_display = ["user", "course_title", "status", "progress", "enrolled_at", "last_activity_at"]
    list_filter = ["status"]
    search_fields = ["course_title", "user__full_name", "user__email", "user__phone"]
    ordering = ["-enrolled_at"]


class CompletionViewSet(ReadOnlyViewSet):
    model = Completion
    name = "learning_completions"
    icon = "tick-inverse"
    menu_label = _("Completions")
    list_display = ["user", "course_title", "completed_on", "hours", "learning_area_name", "source"]
    list_filter = ["source", "learning_area_code"]
    search_fields = ["course_title", "user__full_name", "user__email", "user__phone", "evidence"]
    ordering = ["-completed_on"]


class LogViewSet(ReadOnlyViewSet):
    model = LearningLogEntry
    name = "learning_log"
    icon = "history"
    menu_label = _("Learning log")
    list_display = ["created_at", "action", "actor", "learner", "enrolment"]
    list_filter = ["action"]
    search_fields = ["action", "learner__full_name", "actor__full_name"]
    ordering = ["-created_at"]


class AttendanceViewSet(FunctionViewSet):
    name = "learning_attendance"
    icon = "group"
    menu_label = _("Mark attendance")
    view = admin_views.attendance
    permission = "learning.mark_attendance"


class ImportViewSet(FunctionViewSet):
    name = "learning_import"
    icon = "upload"
    menu_label = _("Import classroom training")
    view = admin_views.import_view
    permission = "learning.import_completions"


class LearningViewSetGroup(ViewSetGroup):
    items = (EnrolmentViewSet, CompletionViewSet, AttendanceViewSet, ImportViewSet, LogViewSet)
    menu_icon = "tick-inverse"
    menu_label = _("Learning record")
    menu_name = "learning"
    menu_order = 300


@hooks.register("register_admin_viewset")
def register_learning_viewsets():
    return LearningViewSetGroup()
