from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.phone import normalise_phone

from . import access
from .models import CompletionReview

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
