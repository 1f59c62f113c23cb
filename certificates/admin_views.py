"""Admin screens beyond the read-only listing: revoke a certificate, issue one by hand for an imported completion."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import name_contains
from learning.models import Completion

from . import services
from .models import Certificate


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Shown to anyone who verifies this certificate."),
    )


@permission_required("certificates.revoke_certificate", raise_exception=True)
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    inspect_url = reverse("certificates_certificates:inspect", args=[certificate.pk])
    if certificate.is_revoked:
        messages.error(request, _("This certificate is already revoked."))
        return redirect(inspect_url)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_certificate(certificate, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, _("Certificate %(serial)s revoked.") % {"serial": certificate.serial})
            return redirect(inspect_url)
    return render(
        request,
        "certificates/admin/revoke.html",
        {"certificate": certificate, "form": form, "inspect_url": inspect_url},
        status=400 if form.is_bound else 200,
    )


@permission_required("certificates.issue_certificate", raise_exception=True)
@require_http_methods(["GET", "POST"])
def issue_by_hand(request):
    """Imported completions without a certificate; the officer issues them one by one."""
    if request.method == "POST":
        completion = get_object_or_404(Completion, pk=request.POST.get("completion") or 0)
        try:
            certificate = services.issue_by_hand(completion, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("Certificate %(serial)s issued to %(holder)s.")
                % {"serial": certificate.serial, "holder": certificate.holder_name},
            )
        return redirect(request.get_full_path())
    query = request.GET.get("q", "").strip()
    waiting = (
        Completion.objects.filter(certificate__isnull=True, source=Completion.IMPORTED)
        .select_related("user")
        .order_by("-completed_on", "-id")
    )
    if query:
        waiting = waiting.filter(name_contains(query) | Q(course_title__icontains=query))
    page = Paginator(waiting, 50).get_page(request.GET.get("p"))
    return render(request, "certificates/admin/issue.html", {"page": page, "query": query})
