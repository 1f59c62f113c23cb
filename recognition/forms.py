"""Admin forms that keep province and district officers inside their own subtree (organisations.access), and the
unit review form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from organisations import access
from organisations.models import Organisation


class SubtreeOrganisationForm(WagtailAdminModelForm):
    """The organisation field offers only the user's own subtree; outside a superuser's hands it is required."""

    organisation_field = "organisation"
    capability = access.RECOGNISE
    issuers_only = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.organisation_field)
        if field is None:
            return
        queryset = Organisation.objects.order_by("path")
        if self.issuers_only:
            # Criteria and targets come from federations and unions above the grassroots.
            queryset = queryset.exclude(kind=Organisation.GRASSROOTS)
        user = self.for_user
        if user is not None and not user.is_superuser:
            queryset = access.visible_organisations(user, self.capability, queryset)
            field.required = True
            field.empty_label = None
            field.help_text = _("Only organisations where you are an administrator are listed.")
        field.queryset = queryset


class IssuerForm(SubtreeOrganisationForm):
    organisation_field = "issuer"
    capability = access.MANAGE
    issuers_only = True


class UnitDecisionForm(forms.Form):
    """The unit review form's POST: which unit, and either its conditions or the level to award with a reason.

    Anything else (a level such as "abc", a unit id that is no number) is a form error, never a server error.
    """

    APPROVE = "approve"
    CONDITIONS = "conditions"

    unit = forms.IntegerField(label=_("Unit"), min_value=1, max_value=2**31 - 1)
    action = forms.ChoiceField(choices=[(APPROVE, _("Award the title")), (CONDITIONS, _("Save"))], required=False)
    level = forms.TypedChoiceField(
        label=pgettext_lazy("recognition title", "Level"),
        choices=[("", _("Proposed")), ("1", "1"), ("2", "2")],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose level 1 or level 2.")},
    )
    reason = forms.CharField(max_length=2000, required=False, strip=True)
    learning_plan = forms.BooleanField(required=False)
    training_rules = forms.BooleanField(required=False)
    learning_devices = forms.BooleanField(required=False)

    def clean_action(self):
        return self.cleaned_data.get("action") or self.CONDITIONS
