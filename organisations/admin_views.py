"""Wagtail admin views limited to the user's subtree (organisations.access), for any app's ModelViewSet.

Every view that opens one row (edit, copy, delete, history, usage) finds it only among the rows of the subtree,
so another organisation's row is a 404; the forms (forms.SubtreeAdminForm) limit what a save may name.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView

from . import access


class SubtreeMixin:
    """Rows whose organisation lies outside the subtrees where the user holds `capability` are left out."""

    organisation_path_field = "organisation__path"
    capability = access.MANAGE

    def _restrict(self, queryset):
        return queryset.filter(
            access.path_filter(self.request.user, self.capability, field=self.organisation_path_field)
        )


class _Index(SubtreeMixin, generic.IndexView):
    def get_base_queryset(self):
        return self._restrict(super().get_base_queryset())


class _Edit(SubtreeMixin, generic.EditView):
    def get_queryset(self):
        return self._restrict(super().get_queryset())


class _Delete(SubtreeMixin, generic.DeleteView):
    def get_queryset(self):
        return self._restrict(super().get_queryset())


class _Copy(SubtreeMixin, generic.CopyView):
    def get_object(self, queryset=None):
        obj = get_object_or_404(self._restrict(self.model._default_manager.all()), pk=self.kwargs[self.pk_url_kwarg])
        policy = self.permission_policy
        if policy and not policy.user_has_any_permission_for_instance(self.request.user, ["change", "view"], obj):
            raise PermissionDenied
        return obj

    # Only shows the prefilled form, which posts to the create view. Wagtail's copy view hands the original row
    # to its form, so a POST straight to it would overwrite the original.
    http_method_names = ["get", "head", "options"]


class _History(SubtreeMixin, HistoryView):
    def get_base_object_queryset(self):
        return self._restrict(super().get_base_object_queryset())


class _Usage(SubtreeMixin, UsageView):
    def get_base_object_queryset(self):
        return self._restrict(super().get_base_object_queryset())


def subtree_views(path_field, capability=access.MANAGE):
    """A viewset's index, edit, copy, delete, history and usage view classes limited to the user's subtree (other
    rows are a 404); use as `locals().update(subtree_views("organisation__path"))` in the viewset's body, with a
    form built on forms.SubtreeAdminForm so that creates and edits stay inside the subtree too."""
    attrs = {"organisation_path_field": path_field, "capability": capability}
    return {
        "index_view_class": type("Index", (_Index,), attrs),
        "edit_view_class": type("Edit", (_Edit,), attrs),
        "copy_view_class": type("Copy", (_Copy,), attrs),
        "delete_view_class": type("Delete", (_Delete,), attrs),
        "history_view_class": type("History", (_History,), attrs),
        "usage_view_class": type("Usage", (_Usage,), attrs),
    }
