"""`{% scorm_player package_id %}`: the SCORM player for the current learner, with their status and score."""

from django import template
from django.urls import reverse

from .. import services
from ..models import Package

register = template.Library()


def start_sco(scos, attempts):
    """Where a learner resumes: the SCO they last worked on, or the next unfinished one after it."""
    if not attempts:
        return scos[0]
    last = max(attempts.values(), key=lambda attempt: attempt.updated_at)
    index = next((i for i, sco in enumerate(scos) if sco.pk == last.sco_id), 0)
    if last.is_completed:
        for sco in scos[index + 1 :]:
            attempt = attempts.get(sco.pk)
            if attempt is None or not attempt.is_completed:
                return sco
    return scos[index]


def attempt_status(attempt):
    if attempt is None:
        return {"completion_status": "not attempted", "success_status": "unknown", "score_scaled": None}
    return {
        "completion_status": attempt.completion_status,
        "success_status": attempt.success_status,
        "score_scaled": attempt.score_scaled,
    }


@register.inclusion_tag("scorm/player.html", takes_context=True)
def scorm_player(context, package_id, title=""):
    request = context.get("request")
    user = getattr(request, "user", None)
    package = None
    if isinstance(package_id, Package):  # A chooser block's value; older bodies and callers pass the id.
        package = package_id
    elif package_id:
        try:
            package = Package.objects.filter(pk=int(package_id)).first()
        except (TypeError, ValueError):
            package = None
    result = {"package": package, "title": title or (package.title if package else ""), "request": request}
    if package is None or user is None or not user.is_authenticated:
        result["login_url"] = reverse("accounts:login") + (f"?next={request.get_full_path()}" if request else "")
        result["anonymous"] = user is None or not user.is_authenticated
        return result
    scos = list(package.scos.all())
    if not scos:
        result["package"] = None
        return result
    summary = services.package_summary(user, package)
    attempts = summary["attempts"]
    result.update(
        {
            "summary": summary,
            "scos": scos,
            "toc": package.organisation.get("items", []) if isinstance(package.organisation, dict) else [],
            "config_id": f"scorm-config-{package.pk}-{id(context)}",
            "config": {
                "version": package.version,
                "start": start_sco(scos, attempts).pk,
                "scos": [
                    {
                        "id": sco.pk,
                        "identifier": sco.identifier,
                        "title": sco.title,
                        "isSco": sco.is_sco,
                        "launch": reverse("scorm:launch", args=[sco.pk]),
                        "status": attempt_status(attempts.get(sco.pk)),
                    }
                    for sco in scos
                ],
            },
        }
    )
    return result
