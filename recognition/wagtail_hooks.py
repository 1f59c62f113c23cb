"""Wagtail admin: criteria versions (with their indicators), QĐ 1268 indicators and targets, cycles, titles.

Superusers see everything. Anyone else sees and edits only the rows of their own subtree: criteria and targets
issued where they are an organisation administrator, cycles and titles where they may recognise.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from organisations import access
from organisations.admin_views import subtree_views

from .forms import IssuerForm, SubtreeOrganisationForm
from .models import Award, Criteria, Cycle, Indicator, IndicatorTarget


class CriteriaViewSet(ModelViewSet):
    model = Criteria
    icon = "list-ol"
    menu_label = _("Criteria")
    list_display = ["name", "year", "issuer", "pass_total", "min_indicator"]
    list_filter = ["year"]
    add_to_admin_menu = False
    locals().update(subtree_views("issuer__path", access.MANAGE))
    edit_handler = ObjectList(Criteria.panels, base_form_class=IssuerForm)


class IndicatorViewSet(ModelViewSet):
    """The QĐ 1268 indicators themselves are national: only superusers and holders of the model permission edit them."""

    model = Indicator
    icon = "table"
    menu_label = _("QĐ 1268 indicators")
    form_fields = ["code", "name", "short_name", "measure", "areas", "source", "sort_order"]
    list_display = ["name", "code", "measure"]


class IndicatorTargetViewSet(ModelViewSet):
    model = IndicatorTarget
    icon = "pick"
    menu_label = _("Targets")
    list_display = ["indicator", "year", "issuer", "percent"]
    list_filter = ["year"]
    locals().update(subtree_views("issuer__path", access.MANAGE))
    edit_handler = ObjectList(
        [FieldRowPanel([FieldPanel("indicator"), FieldPanel("year")]), FieldPanel("issuer"), FieldPanel("percent")],
        base_form_class=IssuerForm,
    )


class CycleViewSet(ModelViewSet):
    model = Cycle
    icon = "date"
    menu_label = _("Cycles")
    list_display = ["organisation", "year", "status", "opens_on", "closes_on", "evaluated_at"]
    list_filter = ["year", "status"]
    locals().update(subtree_views("organisation__path", access.RECOGNISE))
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("year")]),
            FieldPanel("status"),
            FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")]),
        ],
        base_form_class=SubtreeOrganisationForm,
    )


class AwardViewSet(ModelViewSet):
    model = Award
    icon = "pick"
    menu_label = _("Titles awarded")
    form_fields = ["valid_until"]
    list_display = ["kind", "year", "user", "organisation", "valid_from", "valid_until", "certificate"]
    list_filter = ["kind", "year"]
    locals().update(subtree_views("organisation__path", access.RECOGNISE))


class RecognitionGroup(ModelViewSetGroup):
    menu_label = _("Recognition")
    menu_icon = "crosshairs"
    items = [CriteriaViewSet, IndicatorViewSet, IndicatorTargetViewSet, CycleViewSet, AwardViewSet]


@hooks.register("register_admin_viewset")
def register_recognition():
    return RecognitionGroup()
