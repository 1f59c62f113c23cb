"""Review and publishing in the admin: approve a course with its modules and lessons, and the editor's guard.

The guard works around a Wagtail 8.0.x bug (wagtail/wagtail#14460, see docs/publishing.md): a workflow action
("Approve and publish") sent twice from the page editor, once by the button and once by autosave, crashed the
second request after it had written the stale page back (the page stayed unpublished).
"""

from django import forms
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page

WORKFLOW_ACTION_FIELD = "action-workflow-action"


def can_approve(page, user):
    """True when the page is in review on a task whose "approve" action the user may take."""
    task = page.current_workflow_task
    if task is None:
        return False
    return any(name == "approve" for name, _label, _modal in task.get_actions(page, user))


def needs_publishing(page):
    return not page.live or page.has_unpublished_changes


def approve_and_publish(page, user):
    """Approve the page's review task when it is in review, else publish its latest draft. True when done.

    Approving goes through the workflow (its history says who approved); the last task's approval publishes.
    A page outside review is published only when the user may publish it; a page in review that the user may
    not approve is left alone.
    """
    page = page.specific
    if page.current_workflow_task is not None:
        if not can_approve(page, user):
            return False
        page.current_workflow_task.on_action(page.current_workflow_task_state, user, "approve")
        return True
    if not needs_publishing(page) or not page.permissions_for_user(user).can_publish():
        return False
    revision = page.get_latest_revision() or page.save_revision(user=user)
    revision.publish(user=user)
    return True


def pending_descendants(page):
    """The page's descendants with something to publish (drafts or unpublished changes), in tree order."""
    return Page.objects.descendant_of(page).filter(has_unpublished_changes=True).order_by("path")


# The editor's guard (wagtail/wagtail#14460) ---------------------------------------------------------------------


def expects_json(request):
    # The same test as Wagtail's edit view: autosave asks for JSON, the buttons' form post for HTML.
    return not request.accepts("text/html")


def guard_workflow_action(request, page):
    """Refuse a page-editor POST that would repeat or race a workflow action (before_edit_page hook).

    * An autosave request never performs a workflow action: the approve button adds its hidden fields to the
      form, and autosave posts the whole form, so without this the approval is sent twice.
    * A workflow action on a page whose review has already ended (the other request won) goes back to the
      explorer with a message, before the editor's stale copy of the page is saved over the published one.
    """
    if request.method != "POST" or WORKFLOW_ACTION_FIELD not in request.POST:
        return None
    if expects_json(request):
        return JsonResponse(
            {
                "success": False,
                "error_code": "workflow_action_not_autosaved",
                "error_message": _("Review actions are sent by their button, not by autosave."),
            },
            status=400,
        )
    if page.specific.current_workflow_task is None:
        messages.info(request, _("This page has already been reviewed."))
        next_url = get_valid_next_url_from_request(request)
        if next_url:
            return redirect(next_url)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# One action for a course and its modules and lessons --------------------------------------------------------------


class ApproveForm(forms.Form):
    include_descendants = forms.BooleanField(
        required=False,
        initial=True,
        label=gettext_lazy("Also approve and publish their modules and lessons"),
    )


class ApproveAndPublishBulkAction(PageBulkAction):
    """Pages listing bulk action: approve (or publish) the chosen pages, and their modules and lessons if asked."""

    display_name = gettext_lazy("Approve and publish")
    action_type = "approve_and_publish"
    aria_label = gettext_lazy("Approve and publish the selected pages")
    template_name = "courses/admin/confirm_bulk_approve.html"
    action_priority = 35
    form_class = ApproveForm

    def check_perm(self, page):
        page = page.specific_deferred
        if page.current_workflow_task is not None:
            return can_approve(page, self.request.user)
        return page.permissions_for_user(self.request.user).can_publish()

    def object_context(self, obj):
        context = super().object_context(obj)
        page = context["item"]
        context["in_review"] = page.current_workflow_task is not None
        context["pending_descendants"] = list(pending_descendants(page).specific())
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_pending_descendants"] = any(item["pending_descendants"] for item in context["items"])
        return context

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "include_descendants": self.cleaned_form.cleaned_data["include_descendants"],
        }

    @classmethod
    def execute_action(cls, objects, include_descendants=False, user=None, **kwargs):
        parents = children = 0
        for page in objects:
            # Descendants after the page itself, so a course is live before its lessons are.
            if approve_and_publish(page, user):
                parents += 1
            if include_descendants:
                for descendant in pending_descendants(page).specific().iterator():
                    if approve_and_publish(descendant, user):
                        children += 1
        return parents, children

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d page approved and published.",
            "%(count)d pages approved and published.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
        if num_child_objects:
            message += " " + ngettext(
                "%(count)d module or lesson with them.",
                "%(count)d modules and lessons with them.",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message
