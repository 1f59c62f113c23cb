from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


def audience_choices():
    # models.py imports this module (ProgrammePage.base_form_class): the model is looked up when a form is built.
    from .models import Assignment

    return Assignment.AUDIENCE_CHOICES


class AssignmentForm(forms.Form):
    target = forms.CharField(
        label=_("Course or programme"),
        max_length=500,
        help_text=_("Its page ID, or its address (e.g. /khoa-hoc/an-toan-lao-dong/)."),
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    audience = forms.ChoiceField(label=_("For"), choices=audience_choices, widget=forms.RadioSelect, initial="workers")
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


class ProgrammeEditorForm(forms.Form):
    """One person (e-mail or phone) to add to an organisation's programme editors, found among `people`."""

    login = forms.CharField(
        label=_("E-mail or phone"), max_length=254, help_text=_("The person must already have an account.")
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people

    def clean_login(self):
        login = self.cleaned_data["login"].strip()
        User = get_user_model()
        try:
            found = User.objects.get_by_login(login)
        except User.DoesNotExist:
            found = None
        user = self.people.filter(pk=found.pk).first() if found else None
        if user is None:
            raise forms.ValidationError(
                _("Nobody you may add signs in as %(login)s; nothing was changed."), params={"login": login}
            )
        return user


class ProgrammePageForm(WagtailAdminPageForm):
    """In an organisation's programmes section, the offered-by fields are left out: ProgrammePage.save sets them."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        from .models import OrganisationProgrammesPage

        if parent_page is not None and parent_page.specific_class is OrganisationProgrammesPage:
            for name in ("provider", "organisation"):
                self.fields.pop(name, None)
