"""Forms for learners: sign-up, log-in and profile (phone numbers validated and normalised)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User
from .phone import normalise_phone

PROFILE_FIELDS = ["full_name", "email", "phone", "date_of_birth", "employer_name"]
NO_LOGIN_MESSAGE = _("Enter a phone number or an e-mail address: you will log in with it.")
REQUIRED_MESSAGES = {
    "full_name": _("Enter your full name."),
    "password1": _("Choose a password."),
    "password2": _("Enter the same password again."),
}


class DateInput(forms.DateInput):
    input_type = "date"


class ContactFieldsMixin(forms.Form):
    """E-mail and phone: at least one, each unique (e-mail case-insensitively, phone in its canonical form)."""

    # Longer than the stored 10 digits: people type "+84 912 345 678"; clean_phone normalises it.
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_("Vietnamese mobile number, e.g. 0912345678."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        if not email:
            return None
        email = User.objects.normalize_email(email)
        taken = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("An account with this e-mail address already exists."), code="email_taken")
        return email

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if not phone:
            return None
        phone = normalise_phone(phone)
        if User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("An account with this phone number already exists."), code="phone_taken")
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and not self.errors.get("email")
            and not self.errors.get("phone")
        ):
            # Beside the field the person fills in most often (workers sign up with a phone), said once.
            self.add_error("phone", ValidationError(NO_LOGIN_MESSAGE, code="no_login"))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.has_error("phone", "no_login"):
            # The model says the same again in its own words (User.clean and the accounts_user_has_login
            # constraint, "Constraint ... is violated"): the message beside the field is enough.
            repeats = {str(NO_LOGIN_MESSAGE), str(_("Enter an e-mail address or a phone number."))} | {
                str(constraint.get_violation_error_message())
                for constraint in User._meta.constraints
                if constraint.name == "accounts_user_has_login"
            }
            remaining = [error for error in self.errors.get(NON_FIELD_ERRORS, []) if str(error) not in repeats]
            if remaining:
                self._errors[NON_FIELD_ERRORS] = self.error_class(remaining, error_class="nonfield")
            else:
                self._errors.pop(NON_FIELD_ERRORS, None)


class SignupForm(ContactFieldsMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"date_of_birth": DateInput}
        help_texts = {"employer_name": _("The company or organisation you work for, if any.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False
        for name, message in REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
        self.fields["full_name"].widget.attrs.update(autocomplete="name", autofocus=True)
        self.fields["email"].widget.attrs.update(autocomplete="email")


class ProfileForm(ContactFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS
        widgets = {"date_of_birth": DateInput(format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = False


class LoginForm(AuthenticationForm):
    """Log in with an e-mail or phone number; django-axes throttles failures (see accounts/throttle.py)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail or phone number and password do not match. Note that the password is case-sensitive."
        ),
    }
