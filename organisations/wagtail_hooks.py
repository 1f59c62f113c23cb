"""Wagtail admin: the organisation tree, memberships, roles and API tokens in one "Organisations" menu.

Every listing and object lookup goes through access.py (MANAGE), so an organisation admin only sees their subtree;
every form offers, and accepts, only organisations and people of that subtree (forms.SubtreeAdminForm).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button

from . import access, services
from .admin_views import subtree_views
from .forms import SubtreeAdminForm
from .models import ApiToken, Membership, Organisation, OrganisationRole


def subtree_form(*fields):
    """An edit handler whose form limits organisation and person choices to the user's subtree."""
    return ObjectList([FieldPanel(name) for name in fields], base_form_class=SubtreeAdminForm)


class OrganisationCreateForm(forms.ModelForm):
    parent = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label=_("Parent organisation"),
        help_text=_("Empty: a root."),
    )

    class Meta:
        model = Organisation
        fields = [
            "parent",
            "name",
            "short_name",
            "kind",
            "unit_type",
            "unit_name",
            "tax_code",
            "province",
            "industry",
            "size",
        ]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if for_user is not None:
            self.fields["parent"].queryset = access.visible_organisations(for_user, access.MANAGE)
            self.fields["parent"].required = not for_user.is_superuser

    def clean(self):
        data = super().clean()
        if data.get("kind"):
            self.instance.kind = data["kind"]
            self.instance.check_parent(data.get("parent"))
        return data


class OrganisationCreateView(generic.CreateView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        data = dict(self.form.cleaned_data)
        return services.create_organisation(data.pop("parent"), **data)


class OrganisationEditView(subtree_views("path")["edit_view_class"]):
    @cached_property
    def header_more_buttons(self):
        # programmes builds on organisations, not the reverse: its admin view is imported only when used.
        from programmes.admin_views import may_set_up

        buttons = list(super().header_more_buttons)
        if may_set_up(self.request.user, self.object):
            url = reverse("organisations_organisation:programmes", args=[self.object.pk])
            buttons.append(
                Button(_("Let this organisation publish programmes"), url=url, icon_name="doc-full", priority=30)
            )
        return buttons


class OrganisationViewSet(ModelViewSet):
    url_prefix = "organisations/organisation"
    url_namespace = "organisations_organisation"
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = False
    list_display = ["name", "kind", "unit_name", "tax_code", "province", "depth"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "unit_name", "tax_code"]
    ordering = ["path"]
    form_fields = ["name", "short_name", "unit_type", "unit_name", "tax_code", "province", "industry", "size"]
    add_view_class = OrganisationCreateView
    copy_view_enabled = False  # a node of the tree is created under a parent, never copied
    locals().update(subtree_views("path"))
    edit_view_class = OrganisationEditView

    def get_form_class(self, for_update=False):
        return super().get_form_class(for_update) if for_update else OrganisationCreateForm

    def get_urlpatterns(self):
        from programmes.admin_views import programme_publisher

        return super().get_urlpatterns() + [path("programmes/<int:pk>/", programme_publisher, name="programmes")]


class MembershipViewSet(ModelViewSet):
    url_prefix = "organisations/membership"
    url_namespace = "organisations_membership"
    model = Membership
    icon = "user"
    menu_label = _("Memberships")
    list_display = ["user", "organisation", "start_date", "end_date", "employee_number", "union_member"]
    list_filter = ["union_member"]
    search_fields = ["employee_number", "user__full_name", "user__phone"]
    edit_handler = subtree_form("user", "organisation", "start_date", "end_date", "employee_number", "union_member")
    locals().update(subtree_views("organisation__path"))


class RoleViewSet(ModelViewSet):
    url_prefix = "organisations/role"
    url_namespace = "organisations_role"
    model = OrganisationRole
    icon = "key"
    menu_label = _("Roles")
    list_display = ["user", "organisation", "role"]
    list_filter = ["role"]
    edit_handler = subtree_form("user", "organisation", "role")
    locals().update(subtree_views("organisation__path"))


class ApiTokenCreateView(generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        # The form offers only the user's subtree; this guards a form built some other way.
        if not access.can_access_organisation(self.request.user, data["organisation"], access.MANAGE):
            raise PermissionDenied
        token, key = services.create_api_token(
            data["organisation"], data["name"], scope=data["scope"], by=self.request.user
        )
        messages.warning(self.request, _("Copy the key now, it is not shown again: %(key)s") % {"key": key})
        return token


class ApiTokenViewSet(ModelViewSet):
    url_prefix = "organisations/apitoken"
    url_namespace = "organisations_apitoken"
    model = ApiToken
    icon = "password"
    menu_label = _("API tokens")
    list_display = ["name", "organisation", "scope", "prefix", "last_used_at", "revoked_at"]
    edit_handler = subtree_form("organisation", "name", "scope", "revoked_at")
    add_view_class = ApiTokenCreateView
    copy_view_enabled = False  # a key is made once, by the create view; a copy would reuse its hash
    locals().update(subtree_views("organisation__path"))


class OrganisationsGroup(ModelViewSetGroup):
    items = (OrganisationViewSet, MembershipViewSet, RoleViewSet, ApiTokenViewSet)
    menu_icon = "group"
    menu_label = _("Organisations")
    menu_name = "organisations"
    menu_order = 300


@hooks.register("register_admin_viewset")
def register_viewset():
    return OrganisationsGroup()
