"""Wagtail admin: a "Certificates" menu with the templates, the issued certificates (read-only, with revocation),
issuing by hand for imported completions, and the audit log."""

import django_filters
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, ListingButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.admin_viewsets import FunctionViewSet
from courses.models import LearningArea

from . import admin_views
from .models import Certificate, CertificateEvent, CertificateTemplate
from .serials import InvalidSerial, normalize_serial

# Templates ------------------------------------------------------------------------------------------------------


class CertificateTemplateForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        providers = cleaned.get("providers")
        if providers:
            clashes = (
                CertificateTemplate.objects.exclude(pk=self.instance.pk).filter(providers__in=providers).distinct()
            )
            if clashes:
                self.add_error(
                    "providers",
                    _("A provider can have one template; already assigned in: %(names)s.")
                    % {"names": ", ".join(t.name for t in clashes)},
                )
        return cleaned


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Templates")
    list_display = ["name", "orientation", "is_default"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            MultiFieldPanel([FieldPanel("heading"), FieldPanel("wording")], heading=_("Wording")),
            MultiFieldPanel(
                [
                    FieldPanel("orientation"),
                    FieldPanel("issuer_name"),
                    FieldPanel("logo"),
                    FieldPanel("background_image"),
                ],
                heading=_("Look"),
            ),
            InlinePanel("signatories", heading=_("Signatories"), label=_("Signatory"), max_num=4),
            MultiFieldPanel(
                [FieldPanel("is_default"), FieldPanel("providers", widget=forms.CheckboxSelectMultiple)],
                heading=_("Used for"),
            ),
            InlinePanel("course_assignments", heading=_("Courses with this template"), label=_("Course")),
        ],
        base_form_class=CertificateTemplateForm,
    )


@hooks.register("before_delete_snippet")
def keep_the_default_template(request, instances):
    if any(isinstance(item, CertificateTemplate) and item.is_default for item in instances):
        messages.error(request, _("The default template cannot be deleted: make another template the default first."))
        return redirect(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    return None


# Issued certificates (read-only) --------------------------------------------------------------------------------


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Certificates and their log change only through services (which log), never by editing rows."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


for _model in (Certificate, CertificateEvent):
    register_permission_policy(_model, ReadOnlyPermissionPolicy(_model), exact_class=True)


def learning_area_choices():
    return [(area.code, area.name) for area in LearningArea.objects.all()]


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("valid", _("Valid")), ("revoked", _("Revoked"))], method="filter_status"
    )
    learning_area_code = django_filters.ChoiceFilter(label=_("Learning area"), choices=learning_area_choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Certificate.KIND_CHOICES)

    class Meta:
        model = Certificate
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=(value == "valid"))


def can_revoke(user, certificate):
    return not certificate.is_revoked and user.has_perm("certificates.revoke_certificate")


class CertificateIndexView(IndexView):
    def search_queryset(self, queryset):
        # A typed serial (any case, with or without hyphens) finds its certificate exactly; anything else is a name.
        if self.is_searching:
            try:
                return queryset.filter(serial=normalize_serial(self.search_query))
            except InvalidSerial:
                pass
        return super().search_queryset(queryset)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_revoke(self.request.user, instance):
            url = reverse("certificates_certificates:revoke", args=[instance.pk])
            buttons.append(ListingButton(_("Revoke"), url=url, icon_name="warning", priority=40))
        return buttons


class CertificateInspectView(InspectView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if can_revoke(self.request.user, self.object):
            url = reverse("certificates_certificates:revoke", args=[self.object.pk])
            buttons.append(Button(_("Revoke"), url=url, icon_name="warning", priority=30))
        buttons.append(
            Button(_("Verification page"), url=reverse("certificates:verify", args=[self.object.serial]), priority=40)
        )
        return buttons


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificates_certificates"
    icon = "doc-full-inverse"
    menu_label = _("Issued certificates")
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = [
        "serial",
        "holder_name",
        "course_title",
        Column("issued_at", label=_("Issued on"), accessor="issued_on"),
        Column("status", label=_("Status"), accessor="status_label"),
    ]
    filterset_class = CertificateFilterSet
    search_fields = ["holder_name", "serial"]
    ordering = ["-issued_at"]
    inspect_view_fields = [
        "serial",
        "kind",
        "holder_name",
        "user",
        "course_title",
        "issuer_name",
        "source_key",
        "provider_name",
        "learning_area_name",
        "hours",
        "issued_at",
        "template_name",
        "public",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "key_id",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("revoke/<int:pk>/", admin_views.revoke, name="revoke")]


class CertificateLogViewSet(ModelViewSet):
    model = CertificateEvent
    name = "certificates_log"
    icon = "history"
    menu_label = _("Certificate log")
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_display = ["created_at", "action", "certificate", "actor", "data"]
    list_filter = ["action"]
    search_fields = ["certificate__serial", "certificate__holder_name"]
    ordering = ["-created_at"]


# Issuing by hand ------------------------------------------------------------------------------------------------


class IssueByHandViewSet(FunctionViewSet):
    name = "certificates_issue"
    icon = "plus"
    menu_label = _("Issue by hand")
    view = admin_views.issue_by_hand
    permission = "certificates.issue_certificate"


class CertificatesViewSetGroup(SnippetViewSetGroup):
    items = (CertificateTemplateViewSet, CertificateViewSet, IssueByHandViewSet, CertificateLogViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Certificates")
    menu_name = "certificates"
    menu_order = 310


register_snippet(CertificatesViewSetGroup)
