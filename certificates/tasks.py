"""Background work: render a new certificate's PDF and PNG preview so the first download is already cached."""

from django_tasks import task

from . import services
from .models import Certificate


@task()
def render_certificate_files(certificate_id):
    """Render and store the PDF and preview of a certificate; a no-op when they are cached or the row is gone."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None:
        return False
    if certificate.pdf and certificate.preview:
        return True
    services.render_files(certificate)
    return True


@task()
def issue_completion_certificate(completion_id):
    """Issue the certificate of a recorded completion (queued by the receiver when a worker runs tasks)."""
    from learning.models import Completion

    completion = Completion.objects.filter(pk=completion_id).first()
    return bool(completion and services.issue_on_completion(completion))
