from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Assignment


class AssignmentForm(forms.Form):
    target = forms.CharField(
        label=_("Course or programme"),
        max_length=500,
        help_text=_("Its page ID, or its address (e.g. /khoa-hoc/an-toan-lao-dong/)."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.ChoiceField(
        label=_("For"), choices=Assignment.AUDIENCE_CHOICES, widget=forms.RadioSelect, initial=Assignment.WORKERS
    )
    logins = forms.CharField(
        label=_("Workers"),
        required=False,
        max_length=2_000_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Chosen workers: one phone, e-mail or employee number per line."),
    )
    file = forms.FileField(
        label=_("Imported list"), required=False, help_text=_("CSV or XLSX with a “learner” column (phone or e-mail).")
    )
    unit = forms.ModelChoiceField(label=_("Department or workplace"), queryset=None, required=False)
    valid_months = forms.IntegerField(
        label=_("Valid for (months)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("Recurring training: leave empty when it is done once."),
    )
    renew_days = forms.IntegerField(
        label=_("Renew from (days before expiry)"), initial=30, min_value=0, max_value=365, required=False
    )
    mandatory = forms.BooleanField(label=_("Mandatory"), initial=True, required=False)
    new_worker_days = forms.IntegerField(
        label=_("Workers who join later: due after (days)"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_(
            "Everybody or a department: workers who join later get it too, due this many days after joining. "
            "Empty: the due date above, but never sooner than 30 days after joining."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
