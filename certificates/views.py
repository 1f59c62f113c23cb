"""Thin views: public verification (page, JSON, credential), PDF/PNG downloads, issuer DID, status lists, bulk."""

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cms.spreadsheets import safe_cell
from cms.storage import private_file_response

from . import conf, did, services
from .models import Certificate
from .ratelimit import rate_limited
from .serials import InvalidSerial, normalize_serial


def _json_error(message, status):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _too_many_json(request):
    return _json_error(_("Too many requests; try again in a minute."), 429)


def _too_many_plain(request):
    response = HttpResponse(_("Too many requests; try again in a minute."), status=429, content_type="text/plain")
    response["Retry-After"] = "60"
    return response


def _too_many_html(request):
    return render(request, "certificates/verify.html", {"rate_limited": True}, status=429)


def _lookup(serial):
    """(certificate or None, problem message): unknown and mistyped serials both end in a 404."""
    try:
        certificate = services.find_certificate(serial)
    except InvalidSerial as error:
        return None, str(error)
    if certificate is None:
        return None, _("No certificate has this serial.")
    return certificate, ""


@require_GET
def verify_form(request):
    """The verification form; a submitted serial goes to its own page."""
    typed = request.GET.get("serial", "").strip()
    if typed:
        try:
            return redirect("certificates:verify", serial=normalize_serial(typed))
        except InvalidSerial as error:
            return render(request, "certificates/verify.html", {"typed": typed, "problem": str(error)}, status=404)
    return render(request, "certificates/verify.html", {})


@require_GET
@rate_limited("verify", _too_many_html)
def verify_page(request, serial):
    certificate, problem = _lookup(serial)
    if certificate is None:
        return render(request, "certificates/verify.html", {"typed": serial, "problem": problem}, status=404)
    if certificate.serial != serial:
        return redirect("certificates:verify", serial=certificate.serial)
    context = {
        "certificate": certificate,
        "record": services.public_record(certificate),
        "credential_url": reverse("certificates:credential", args=[certificate.serial]),
        # Absolute on BASE_URL: what a shared link's card (Facebook, Zalo) shows.
        "page_url": services.verify_url(certificate.serial),
        "card_url": services.card_url(certificate.serial),
        "is_holder": request.user.is_authenticated and request.user.pk == certificate.user_id,
        "links": services.share_links(certificate),
    }
    return render(request, "certificates/verify.html", context)


@require_GET
@rate_limited("verify", _too_many_plain)
def share_card(request, serial):
    """The picture of a shared verification link (og:image): public, as the verification page is."""
    certificate, _problem = _lookup(serial)
    if certificate is None or certificate.serial != serial:
        raise Http404
    response = HttpResponse(services.share_card(certificate), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
@rate_limited("verify", _too_many_json)
def certificate_api(request, serial):
    certificate, problem = _lookup(serial)
    if certificate is None:
        return _json_error(problem, 404)
    return JsonResponse(services.public_record(certificate), json_dumps_params={"ensure_ascii": False})


@require_GET
@rate_limited("verify", _too_many_json)
def credential_api(request, serial):
    certificate, problem = _lookup(serial)
    if certificate is None:
        return _json_error(problem, 404)
    return HttpResponse(
        json.dumps(certificate.credential, ensure_ascii=False, indent=2),
        content_type="application/vc+ld+json; charset=utf-8" if _wants_vc(request) else "application/json",
    )


@require_GET
@rate_limited("verify", _too_many_plain)
def credential_file(request, serial):
    """The signed credential as a file to keep or hand on (a wallet, an employer), with a name that says what it is."""
    certificate, _problem = _lookup(serial)
    if certificate is None:
        raise Http404
    response = HttpResponse(
        json.dumps(certificate.credential, ensure_ascii=False, indent=2), content_type="application/vc+ld+json"
    )
    response["Content-Disposition"] = f'attachment; filename="{services.download_name(certificate, "json")}"'
    return response


def _wants_vc(request):
    return "application/vc" in request.headers.get("Accept", "")


def _downloadable(request, serial):
    certificate, _problem = _lookup(serial)
    if certificate is None:
        raise Http404
    if not services.can_download_pdf(request.user, certificate):
        # The holder's choice is private: anyone else learns only that they may not download it.
        message = _("The holder has not made this certificate public.")
        return certificate, render(request, "403.html", {"exception": message}, status=403)
    return certificate, None


@require_GET
@rate_limited("download", _too_many_plain)  # rendering a PDF costs far more than a lookup: same limit as the API
def certificate_pdf(request, serial):
    certificate, refused = _downloadable(request, serial)
    if refused:
        return refused
    # Inline: the browser's PDF viewer shows it; streamed from the private storage, never a MEDIA_URL.
    return private_file_response(
        services.stored_pdf(certificate),
        filename=services.download_name(certificate, "pdf"),
        as_attachment=False,
        content_type="application/pdf",
    )


@require_GET
@rate_limited("download", _too_many_plain)
def certificate_png(request, serial):
    certificate, refused = _downloadable(request, serial)
    if refused:
        return refused
    return private_file_response(
        services.stored_preview(certificate),
        filename=services.download_name(certificate, "png"),
        as_attachment=False,
        content_type="image/png",
    )


@require_GET
def did_document(request):
    return JsonResponse(did.did_document(), content_type="application/did+json")


@require_GET
def status_list(request, number):
    return HttpResponse(
        json.dumps(services.status_list_credential(number)), content_type="application/vc+ld+json; charset=utf-8"
    )


REPORT_FIELDS = ["serial", "status", "holder", "course", "issued_on", "name_match", "note"]


def _read_rows(upload):
    """(serial, name) pairs from an uploaded CSV: a header with 'serial' (and optionally 'name'), or bare rows."""
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(_("The file is not UTF-8 text.")) from error
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and rows[0] and rows[0][0].strip().lower() in {"serial", "số hiệu", "so hieu"}:
        header = [cell.strip().lower() for cell in rows.pop(0)]
        name_column = next((i for i, cell in enumerate(header) if cell in {"name", "họ tên", "ho ten"}), None)
    else:
        name_column = 1
    if len(rows) > conf.bulk_max_rows():
        raise ValueError(_("At most %(count)s serials per file.") % {"count": conf.bulk_max_rows()})
    pairs = []
    for row in rows:
        name = row[name_column].strip() if name_column is not None and len(row) > name_column else ""
        pairs.append((row[0].strip(), name))
    return pairs


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("bulk", lambda request: render(request, "certificates/bulk.html", {"rate_limited": True}, status=429))
def bulk_verify(request):
    """HR uploads a CSV of serials (and optionally names) and gets a CSV report back."""
    if request.method == "GET":
        return render(request, "certificates/bulk.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "certificates/bulk.html", {"problem": _("Choose a CSV file.")}, status=400)
    try:
        rows = _read_rows(upload)
    except ValueError as error:
        return render(request, "certificates/bulk.html", {"problem": str(error)}, status=400)
    if not rows:
        return render(request, "certificates/bulk.html", {"problem": _("The file has no serials.")}, status=400)
    output = io.StringIO()
    output.write("\ufeff")  # a BOM so that spreadsheet programs read the Vietnamese names as UTF-8
    writer = csv.DictWriter(output, fieldnames=REPORT_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for result in services.verify_rows(rows):
        writer.writerow({name: safe_cell(value) for name, value in result.items()})
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certificate-verification.csv"'
    return response


@login_required
@require_GET
def my_certificates(request):
    """The holder's certificates with their downloads, verification link, share links and the public-PDF switch."""
    certificates = Certificate.objects.filter(user=request.user).order_by("-issued_at", "-id")
    items = [(certificate, services.share_links(certificate)) for certificate in certificates]
    return render(request, "certificates/mine.html", {"items": items})


@login_required
@require_POST
def toggle_public(request, serial):
    # Filtering on the user too: someone else's serial is a 404, as if it did not exist.
    certificate = get_object_or_404(Certificate, serial=serial, user=request.user)
    services.set_public(certificate, request.POST.get("public") == "1", by=request.user)
    return redirect("certificates:mine")
