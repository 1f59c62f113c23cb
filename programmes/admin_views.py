"""Wagtail admin: let an organisation publish programmes (its section and editors group) and add its editors.

Reached from the organisation's edit screen (organisations/wagtail_hooks.py). Who may: whoever may edit the
organisation there (the organisations permission and the MANAGE capability over it), or a superuser.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from organisations import access

from . import services
from .forms import ProgrammeEditorForm
from .models import OrganisationProgrammesPage


def may_set_up(user, organisation):
    """A superuser, or an organisation admin above the organisation (with the change permission): a programme
    section publishes on the public catalogue, so an organisation does not open one for itself, as it does not
    award itself a title."""
    if user.is_superuser:
        return True
    if not user.has_perm("organisations.change_organisation"):
        return False
    paths = access.root_paths(user, access.MANAGE)
    return paths is access.Everything or any(
        organisation.path.startswith(path) and organisation.path != path for path in paths
    )


def people_who_may_edit(user):
    """Whom the user may make an editor: anyone for a superuser; otherwise current workers of their subtree, so an
    organisation admin gives admin access only to their own people (as its role and membership forms do)."""
    people = get_user_model().objects.filter(is_active=True)
    if user.is_superuser:
        return people
    return people.filter(pk__in=access.memberships_visible_to(user, access.MANAGE).current().values("user_id"))


@require_http_methods(["GET", "POST"])
def programme_publisher(request, pk):
    # Outside the user's subtree the organisation does not exist for them (a 404, like the edit view).
    organisation = get_object_or_404(access.visible_organisations(request.user, access.MANAGE), pk=pk)
    if not may_set_up(request.user, organisation):
        raise PermissionDenied
    here = reverse("organisations_organisation:programmes", args=[organisation.pk])
    section = OrganisationProgrammesPage.objects.filter(organisation=organisation).first()
    form = ProgrammeEditorForm(
        request.POST if request.POST.get("action") == "editor" else None, people=people_who_may_edit(request.user)
    )
    if request.method == "POST":
        if request.POST.get("action") == "editor":
            if form.is_valid():
                editor = form.cleaned_data["login"]
                services.setup_programme_publisher(organisation, [editor])
                messages.success(
                    request,
                    _("%(person)s is now a programme editor of %(organisation)s.")
                    % {"person": editor.get_full_name() or editor, "organisation": organisation.name},
                )
                return redirect(here)
        else:
            if section is not None:
                messages.info(
                    request, _("%(organisation)s already publishes programmes.") % {"organisation": organisation.name}
                )
            else:
                services.setup_programme_publisher(organisation)
                messages.success(
                    request, _("%(organisation)s may now publish programmes.") % {"organisation": organisation.name}
                )
            return redirect(here)
    group = None
    if section is not None:
        group = Group.objects.filter(name=services.programme_editor_group_name(organisation)).first()
    return render(
        request,
        "programmes/admin/publisher.html",
        {
            "organisation": organisation,
            "section": section,
            "group": group,
            "editors": group.user_set.order_by("full_name") if group else [],
            "form": form,
            "edit_url": reverse("organisations_organisation:edit", args=[organisation.pk]),
        },
        status=400 if form.is_bound else 200,
    )
