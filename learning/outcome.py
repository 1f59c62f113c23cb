"""What a learner sees of a completion beyond the record itself: its certificate and HR's confirmation.

Both belong to apps above learning (certificates, organisations); they are read through the reverse relations
those apps add ("certificate", "reviews", "memberships"), the way services.withdrawn() does, so learning imports
neither. Without those apps the completion simply shows neither.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

# organisations.CompletionReview statuses.
CONFIRMED, PENDING, REJECTED = "confirmed", "pending", "rejected"


def certificate_of(completion):
    """The completion's certificate, or None (not issued, not issued yet, or the app is not installed)."""
    return getattr(completion, "certificate", None)


def certificate_url(completion):
    """The certificate's page (the public verification page, with the holder's downloads), or ""."""
    certificate = certificate_of(completion)
    if certificate is None:
        return ""
    try:
        return reverse("certificates:verify", args=[certificate.serial])
    except NoReverseMatch:
        return ""


def my_certificates_url():
    try:
        return reverse("certificates:mine")
    except NoReverseMatch:
        return ""


def confirmations(completion, *, employed=None):
    """HR's word on a completion: [{"status", "label", "organisation"}], one per reviewing organisation.

    No review yet while the learner has an employer on the site: one "waiting" entry. `employed` may be passed
    when known (saves a query per row on lists).
    """
    reviews = getattr(completion, "reviews", None)
    if reviews is None:
        return []
    labels = {
        CONFIRMED: _("Confirmed by your employer"),
        PENDING: _("Waiting for your employer's confirmation"),
        REJECTED: _("Not confirmed by your employer"),
    }
    rows = [
        {
            "status": review.status,
            "label": labels.get(review.status, review.status),
            "organisation": review.organisation,
        }
        for review in reviews.all()
    ]
    if rows:
        return rows
    if employed is None:
        employed = has_employer(completion.user)
    return [{"status": PENDING, "label": labels[PENDING], "organisation": None}] if employed else []


def has_employer(user):
    memberships = getattr(user, "memberships", None)
    return bool(memberships is not None and memberships.filter(end_date__isnull=True).exists())


def describe(completion, *, employed=None):
    """Everything the completion notice and the lists show about one completion."""
    return {
        "completion": completion,
        "certificate": certificate_of(completion),
        "certificate_url": certificate_url(completion),
        "my_certificates_url": my_certificates_url(),
        "confirmations": confirmations(completion, employed=employed),
    }
