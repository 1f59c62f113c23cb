"""Wagtail admin views limited to the user's subtree (organisations.access), for any app's ModelViewSet."""

from wagtail.admin.views import generic

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


def subtree_views(path_field, capability=access.MANAGE):
    """A viewset's index, edit and delete view classes limited to the user's subtree (other rows are a 404);
    use as `locals().update(subtree_views("organisation__path"))` in the viewset's body."""
    attrs = {"organisation_path_field": path_field, "capability": capability}
    return {
        "index_view_class": type("Index", (_Index,), attrs),
        "edit_view_class": type("Edit", (_Edit,), attrs),
        "delete_view_class": type("Delete", (_Delete,), attrs),
    }
