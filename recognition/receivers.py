"""Reactions to the learning record changing under a person's self-assessment: a rejection or a revocation."""

from django.db.models.signals import post_delete, post_save

from certificates.signals import certificate_revoked
from learning.models import Completion
from organisations.models import CompletionReview

from . import evaluation


def _on_review(sender, instance, created=False, **kwargs):
    # A first review that confirms changes no points; any other save may reject, or confirm what was rejected.
    if created and instance.status != CompletionReview.REJECTED:
        return
    user_id = Completion.objects.filter(pk=instance.completion_id).values_list("user_id", flat=True).first()
    if user_id is not None:
        evaluation.rescore_person(user_id)


def _on_certificate_revoked(sender, certificate, **kwargs):
    if certificate.completion_id is not None:
        evaluation.rescore_person(certificate.user_id)


def connect():
    """Undecided self-assessments (drafts, submitted) follow the record: their automatic points and evidence."""
    post_save.connect(_on_review, sender=CompletionReview, dispatch_uid="recognition_rescore_review")
    post_delete.connect(_on_review, sender=CompletionReview, dispatch_uid="recognition_rescore_review_delete")
    certificate_revoked.connect(_on_certificate_revoked, dispatch_uid="recognition_rescore_certificate_revoked")
