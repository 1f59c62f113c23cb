"""Wagtail admin forms for the custom user: full name as one field, phone or e-mail (User.clean requires one)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import User
from .phone import normalise_phone

ADMIN_USER_FIELDS = ["full_name", "email", "phone", "is_superuser", "groups"]


class UserFieldsMixin(forms.ModelForm):
    first_name = None
    last_name = None
    email = forms.EmailField(required=False, label=_("E-mail address"))
    # Wider than the stored 10 digits: people type "+84 912 345 678".
    phone = forms.CharField(required=False, max_length=20, label=_("Phone number"))

    def clean_email(self):
        return self.cleaned_data.get("email") or None

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        return normalise_phone(phone) if phone else None


class AdminUserCreationForm(UserFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ADMIN_USER_FIELDS
        widgets = {"groups": forms.CheckboxSelectMultiple}


class AdminUserEditForm(UserFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = [*ADMIN_USER_FIELDS, "is_active"]
        widgets = {"groups": forms.CheckboxSelectMultiple}
