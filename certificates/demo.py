"""Demo certificates: every demo completion of a course that gives one has its certificate (idempotent)."""

from . import services
from .models import Certificate


def seed(stdout, style):
    # The learning demo's completions issue their certificates on commit already; this catches whatever is missing
    # (e.g. a database seeded before certificates existed) without ever issuing twice.
    issued = 0
    for completion in services.completions_missing_certificates().iterator(chunk_size=200):
        _certificate, created = services.issue_certificate(completion)
        issued += created
    serials = list(Certificate.objects.order_by("issued_at", "id").values_list("serial", flat=True)[:2])
    total = Certificate.objects.count()
    stdout.write(f"certificates: {issued} issued now, {total} in all")
    if serials:
        stdout.write("certificates: try /verify/" + "/ and /verify/".join(serials) + "/")
    return []
