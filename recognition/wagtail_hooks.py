"""Wagtail admin: criteria versions (with their indicators), QĐ 1268 indicators and targets, cycles, titles."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from .models import Award, Criteria, Cycle, Indicator, IndicatorTarget


class CriteriaViewSet(ModelViewSet):
    model = Criteria
    icon = "list-ol"
    menu_label = _("Criteria")
    list_display = ["name", "year", "issuer", "pass_total", "min_indicator"]
    list_filter = ["year"]
    add_to_admin_menu = False


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("QĐ 1268 indicators")
    form_fields = ["code", "name", "measure", "areas", "source", "sort_order"]
    list_display = ["name", "code", "measure"]


class IndicatorTargetViewSet(ModelViewSet):
    model = IndicatorTarget
    icon = "pick"
    menu_label = _("Targets")
    form_fields = ["indicator", "year", "issuer", "percent"]
    list_display = ["indicator", "year", "issuer", "percent"]
    list_filter = ["year"]


class CycleViewSet(ModelViewSet):
    model = Cycle
    icon = "date"
    menu_label = _("Cycles")
    form_fields = ["organisation", "year", "status", "opens_on", "closes_on"]
    list_display = ["organisation", "year", "status", "opens_on", "closes_on", "evaluated_at"]
    list_filter = ["year", "status"]


class AwardViewSet(ModelViewSet):
    model = Award
    icon = "pick"
    menu_label = _("Titles awarded")
    form_fields = ["valid_until"]
    list_display = ["kind", "year", "user", "organisation", "valid_from", "valid_until", "certificate"]
    list_filter = ["kind", "year"]


class RecognitionGroup(ModelViewSetGroup):
    menu_label = _("Recognition")
    menu_icon = "crosshairs"
    items = [CriteriaViewSet, IndicatorViewSet, IndicatorTargetViewSet, CycleViewSet, AwardViewSet]


@hooks.register("register_admin_viewset")
def register_recognition():
    return RecognitionGroup()
