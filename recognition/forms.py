"""Admin forms that keep province and district officers inside their own subtree (organisations.access)."""

from django.utils.translation import gettext_lazy as _
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
