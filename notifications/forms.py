from django import forms
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    optional_messages = forms.BooleanField(
        label=_("Also send me optional notices by e-mail or text message"),
        required=False,
        help_text=_("Mandatory notices (deadlines, decisions about you) are always sent."),
    )
