"""Wagtail admin: criteria versions (with their indicators), QĐ 1268 indicators and targets, cycles, titles.

Superusers see everything. Anyone else sees and edits only the rows of their own subtree: criteria and targets
issued where they are an organisation administrator, cycles and titles where they may recognise.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from organisations import access

from .forms import IssuerForm, SubtreeOrganisationForm
from .models import Award, Criteria, Cycle, Indicator, IndicatorTarget


class SubtreeQuerysetMixin:
    """Limit a view's rows to the user's subtree; rows outside it are a 404 in edit and delete."""

    def subtree(self, queryset):
        viewset = self.subtree_viewset
        user = self.request.user
        if user.is_superuser:
            return queryset
        return queryset.filter(
            access.path_filter(user, viewset.capability, field=f"{viewset.organisation_field}__path")
        )


def subtree_views(viewset_class):
    """Give the viewset index, edit and delete views limited to the user's subtree."""

    class IndexView(SubtreeQuerysetMixin, generic.IndexView):
        subtree_viewset = viewset_class

        def get_base_queryset(self):
            return self.subtree(super().get_base_queryset())

    class EditView(SubtreeQuerysetMixin, generic.EditView):
        subtree_viewset = viewset_class

        def get_queryset(self):
            return self.subtree(super().get_queryset())

    class DeleteView(SubtreeQuerysetMixin, generic.DeleteView):
        subtree_viewset = viewset_class

        def get_queryset(self):
            return self.subtree(super().get_queryset())

    viewset_class.index_view_class = IndexView
    viewset_class.edit_view_class = EditView
    viewset_class.delete_view_class = DeleteView
    return viewset_class


@subtree_views
class CriteriaViewSet(ModelViewSet):
    model = Criteria
    icon = "list-ol"
    menu_label = _("Criteria")
    list_display = ["name", "year", "issuer", "pass_total", "min_indicator"]
    list_filter = ["year"]
    add_to_admin_menu = False
    organisation_field, capability = "issuer", access.MANAGE
    edit_handler = ObjectList(Criteria.panels, base_form_class=IssuerForm)


class IndicatorViewSet(ModelViewSet):
    """The QĐ 1268 indicators themselves are national: only superusers and holders of the model permission edit them."""

    model = Indicator
    icon = "table"
    menu_label = _("QĐ 1268 indicators")
    form_fields = ["code", "name", "measure", "areas", "source", "sort_order"]
    list_display = ["name", "code", "measure"]


@subtree_views
class IndicatorTargetViewSet(ModelViewSet):
    model = IndicatorTarget
    icon = "pick"
    menu_label = _("Targets")
    list_display = ["indicator", "year", "issuer", "percent"]
    list_filter = ["year"]
    organisation_field, capability = "issuer", access.MANAGE
    edit_handler = ObjectList(
        [FieldRowPanel([FieldPanel("indicator"), FieldPanel("year")]), FieldPanel("issuer"), FieldPanel("percent")],
        base_form_class=IssuerForm,
    )


@subtree_views
class CycleViewSet(ModelViewSet):
    model = Cycle
    icon = "date"
    menu_label = _("Cycles")
    list_display = ["organisation", "year", "status", "opens_on", "closes_on", "evaluated_at"]
    list_filter = ["year", "status"]
    organisation_field, capability = "organisation", access.RECOGNISE
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("year")]),
            FieldPanel("status"),
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        ],
        base_form_class=SubtreeOrganisationForm,
    )


@subtree_views
class AwardViewSet(ModelViewSet):
    model = Award
    icon = "pick"
    menu_label = _("Titles awarded")
    form_fields = ["valid_until"]
    list_display = ["kind", "year", "user", "organisation", "valid_from", "valid_until", "certificate"]
    list_filter = ["kind", "year"]
    organisation_field, capability = "organisation", access.RECOGNISE


class RecognitionGroup(ModelViewSetGroup):
    menu_label = _("Recognition")
    menu_icon = "crosshairs"
    items = [CriteriaViewSet, IndicatorViewSet, IndicatorTargetViewSet, CycleViewSet, AwardViewSet]


@hooks.register("register_admin_viewset")
def register_recognition():
    return RecognitionGroup()
