from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.phone import normalise_phone

from . import access
from .models import ApiToken, CompletionReview, Membership, Organisation, OrganisationRole

ENROL_MAX_WORKERS = 5000


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Worker list (CSV or XLSX)"),
        help_text=_(
            "Columns: full_name, phone or email, date_of_birth, employee_number, start_date (dd/mm/yyyy), union_member."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 20 MB."))
        return upload


class ApiTokenForm(forms.Form):
    """HR asks for a key for its own HR system: a name saying what uses it, and what it may do."""

    name = forms.CharField(
        label=_("What will use this key"),
        max_length=120,
        help_text=_("E.g. the payroll system. You can revoke the key at any time."),
    )
    scope = forms.ChoiceField(label=_("It may"), choices=ApiToken.SCOPE_CHOICES, initial=ApiToken.READ)

    def __init__(self, *args, may_confirm=False, **kwargs):
        super().__init__(*args, **kwargs)
        # A key never does more than the person who asks for it.
        if not may_confirm:
            self.fields["scope"].choices = [(ApiToken.READ, dict(ApiToken.SCOPE_CHOICES)[ApiToken.READ])]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Say what will use this key."))
        return name


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(CompletionReview.CONFIRMED, _("Confirm")), (CompletionReview.REJECTED, _("Reject"))]
    )
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("status") == CompletionReview.REJECTED and not (data.get("comment") or "").strip():
            raise ValidationError(_("Say why the completion is rejected."))
        return data


class EnrolForm(forms.Form):
    course = forms.ModelChoiceField(queryset=None, label=_("Course"))
    all_workers = forms.BooleanField(required=False, label=_("All current workers"))
    identifiers = forms.CharField(
        required=False,
        label=_("Or these workers"),
        help_text=_("Phone numbers, e-mail addresses or employee numbers, one per line."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, organisation, actor, course_query="", **kwargs):
        super().__init__(*args, **kwargs)
        from courses.models import CoursePage

        self.organisation, self.actor = organisation, actor
        courses = CoursePage.objects.live().order_by("title")
        self.fields["course"].queryset = courses
        # Listing 100,000 courses in a <select> is useless: offer the first matches of a title search.
        shown = courses.filter(title__icontains=course_query) if course_query else courses
        self.fields["course"].choices = [("", "---------")] + [(c.pk, c.title) for c in shown.only("pk", "title")[:300]]

    def clean(self):
        data = super().clean()
        memberships = access.memberships_visible_to(self.actor, access.ENROL, organisation=self.organisation).current()
        User = get_user_model()
        if data.get("all_workers"):
            users = User.objects.filter(pk__in=memberships.values("user_id"))
        else:
            lines = [line.strip() for line in (data.get("identifiers") or "").splitlines() if line.strip()]
            if not lines:
                raise ValidationError(_("Tick “all current workers” or list the workers."))
            query, unknown = Q(pk__in=[]), []
            for line in lines:
                if "@" in line:
                    query |= Q(user__email__iexact=line)
                else:
                    try:
                        query |= Q(user__phone=normalise_phone(line))
                    except ValidationError:
                        pass
                    query |= Q(employee_number=line)
            found = memberships.filter(query).select_related("user")
            keys = set()
            for membership in found:
                keys |= {membership.user.phone, (membership.user.email or "").lower(), membership.employee_number}
            for line in lines:
                candidates = {line.lower(), line}
                try:
                    candidates.add(normalise_phone(line))
                except ValidationError:
                    pass
                if not candidates & keys:
                    unknown.append(line)
            if unknown:
                raise ValidationError(_("Not a current worker here: %(list)s") % {"list": ", ".join(unknown[:20])})
            users = User.objects.filter(pk__in=[m.user_id for m in found])
        users = list(users[: ENROL_MAX_WORKERS + 1])
        if len(users) > ENROL_MAX_WORKERS:
            raise ValidationError(_("Enrol at most %(n)s workers at a time.") % {"n": ENROL_MAX_WORKERS})
        data["workers"] = users
        return data


class SubtreeAdminForm(WagtailAdminModelForm):
    """An admin form whose organisation and person choices, and therefore whose saves, stay inside the subtrees
    where the user holds `capability`: a value from outside is an invalid choice, whatever the POST says.

    Organisations offered are those the user reaches; people offered are those of the subtree (a membership
    there, current or past, or a role there). Superusers choose freely. Without a user nothing is offered.
    """

    capability = access.MANAGE
    organisation_fields = ("organisation",)
    person_fields = ("user",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is not None and user.is_superuser:
            return
        for name in self.organisation_fields:
            if name in self.fields:
                self.fields[name].queryset = (
                    access.visible_organisations(user, self.capability) if user else Organisation.objects.none()
                )
        for name in self.person_fields:
            if name in self.fields:
                self.fields[name].queryset = self.people(user)

    def people(self, user):
        """People of the user's subtree: a membership there (any period) or a role there."""
        User = get_user_model()
        if user is None:
            return User.objects.none()
        where = access.path_filter(user, self.capability, field="organisation__path")
        return User.objects.filter(
            Exists(Membership.objects.filter(where, user=OuterRef("pk")))
            | Exists(OrganisationRole.objects.filter(where, user=OuterRef("pk")))
        ).order_by("full_name", "pk")
