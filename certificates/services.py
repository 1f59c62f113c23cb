"""The certificates verbs: issue (exactly once per completion or title), revoke, look up, render, publish status."""

import logging
import unicodedata
from decimal import Decimal
from urllib.parse import quote

from anyascii import anyascii
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

# Imported here, not inside the function: a missing or renamed check must fail when the app loads, not turn
# into a silent 403 for every HR officer.
from organisations.access import can_view_certificate

from . import conf, credentials, keys, pdf, status_list, wording
from .models import Certificate, CertificateEvent, CertificateTemplate
from .serials import InvalidSerial, generate_serial, normalize_serial
from .signals import certificate_revoked

logger = logging.getLogger(__name__)
SERIAL_ATTEMPTS = 5


def holder_name_of(user):
    return (getattr(user, "full_name", "") or user.get_full_name() or user.get_username()).strip()


def verify_url(serial):
    return conf.base_url() + reverse("certificates:verify", args=[serial])


def card_url(serial):
    """The absolute address of the picture a shared verification link shows (og:image)."""
    return conf.base_url() + reverse("certificates:card", args=[serial])


def download_name(certificate, extension):
    """A file name that says what the file is, in plain ASCII: "chung-nhan-an-toan-dien-K7Q2M-XW9PD-HC4TN.pdf"."""
    subject = slugify(anyascii(certificate.course_title or ""))[:60].strip("-")
    return "-".join(part for part in ("chung-nhan", subject, certificate.serial) if part) + f".{extension}"


def certificate_data(certificate):
    """The facts the signed credential states, from a certificate row."""
    return credentials.CertificateData(
        serial=certificate.serial,
        holder_name=certificate.holder_name,
        course_title=certificate.course_title,
        course_url=certificate.course_url,
        issued_at=certificate.issued_at,
        hours=certificate.hours,
        learning_area=certificate.learning_area_name,
        status_list_index=certificate.status_index,
        kind=certificate.kind,
        issuer_name=certificate.issuer_name,
        parts=tuple({"title": part["title"], "url": part["url"]} for part in certificate.parts or ()),
    )


def _course_url(completion):
    course = completion.course
    url = course.get_full_url() if course is not None else None
    return url or f"{conf.base_url()}/#course-{completion.course_id or 'archived'}"


def resolve_template(course):
    """The template for a course: the course's own, else its provider's, else the default (None if there is none)."""
    if course is not None:
        chosen = CertificateTemplate.objects.filter(course_assignments__course_id=course.pk).first()
        if chosen is None and getattr(course, "provider_id", None):
            chosen = CertificateTemplate.objects.filter(providers=course.provider_id).order_by("name", "pk").first()
        if chosen is not None:
            return chosen
    return CertificateTemplate.objects.filter(is_default=True).first()


def gives_certificate_automatically(completion):
    """Certificates follow completions of courses that give one; imported completions are issued by hand."""
    from learning.models import Completion

    course = completion.course
    return course is not None and course.certificate_on_completion and completion.source != Completion.IMPORTED


def completions_missing_certificates():
    """Completions that should have been issued a certificate automatically but have none (any failure recovers)."""
    from learning.models import Completion

    return (
        Completion.objects.filter(certificate__isnull=True, course__certificate_on_completion=True)
        .exclude(source=Completion.IMPORTED)
        .select_related("user", "course")
    )


def issue_on_completion(completion):
    """The reaction to `completion_recorded`: issue when the course gives a certificate; returns it or None."""
    if not gives_certificate_automatically(completion):
        return None
    return issue_certificate(completion)[0]


def issue_by_hand(completion, *, by):
    """An authorised officer issues the certificate of a completion that has none (e.g. an imported one)."""
    if not (by and by.is_authenticated and by.has_perm("certificates.issue_certificate")):
        raise PermissionDenied(_("You may not issue certificates."))
    if Certificate.objects.filter(completion=completion).exists():
        raise ValidationError(_("This completion already has its certificate."))
    if completion.course is not None and not completion.course.certificate_on_completion:
        raise ValidationError(_("This course does not give a certificate."))
    certificate, _created = issue_certificate(completion, actor=by)
    return certificate


def _enqueue_render(certificate_id):
    from .tasks import render_certificate_files

    try:
        render_certificate_files.enqueue(certificate_id)
    except Exception:
        # Rendering ahead is a convenience: the first download renders the PDF when this did not happen.
        logger.exception("Could not enqueue the rendering of certificate %s", certificate_id)


def _insert_and_sign(build, find_existing, *, actor, event_data):
    """Insert the row `build(serial)` returns, then sign its credential, in one transaction; (certificate, created).

    Two callers racing for the same source meet at a unique constraint: the loser returns the winner's row
    (`find_existing()`); any other collision is the serial's, and another one is drawn.
    """
    keyring = keys.get_keyring()  # fail before writing anything when no key is configured
    with transaction.atomic():
        for _attempt in range(SERIAL_ATTEMPTS):
            certificate = build(generate_serial())
            try:
                with transaction.atomic():
                    certificate.save()
                break
            except IntegrityError:
                winner = find_existing()
                if winner is not None:
                    return winner, False
                # Otherwise the serial collided (about 1 in 2^68 per pair): draw another.
        else:
            raise IntegrityError("Could not draw a unique certificate serial.")
        # The status list index is the primary key, known only now: sign after the insert, in the same transaction.
        certificate.credential = credentials.sign(
            credentials.build_credential(certificate_data(certificate)), key=keyring.current
        )
        certificate.key_id = keyring.current.id
        certificate.save(update_fields=["credential", "key_id"])
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.ISSUED, actor=actor, data=event_data
        )
        # After the commit, render the PDF and preview in the background so the first download is already cached.
        certificate_id = certificate.pk
        transaction.on_commit(lambda: _enqueue_render(certificate_id))
    return certificate, True


def issue_certificate(completion, *, actor=None):
    """Issue the completion's certificate, exactly once; returns (certificate, created).

    The row, its serial and its signed credential are written in one transaction. Two callers racing for the
    same completion meet at the unique constraint on Certificate.completion: the loser returns the winner's row.
    """
    existing = Certificate.objects.filter(completion=completion).first()
    if existing is not None:
        return existing, False
    template = resolve_template(completion.course)

    def build(serial):
        return Certificate(
            kind=Certificate.COMPLETION,
            completion=completion,
            serial=serial,
            user_id=completion.user_id,
            holder_name=holder_name_of(completion.user),
            course_id=completion.course_id,
            course_title=completion.course_title,
            course_url=_course_url(completion),
            provider_name=completion.provider_name,
            learning_area_code=completion.learning_area_code,
            learning_area_name=completion.learning_area_name,
            hours=completion.hours,
            issued_at=timezone.now(),
            template=template,
            template_name=template.name if template else "",
        )

    return _insert_and_sign(
        build,
        lambda: Certificate.objects.filter(completion=completion).first(),
        actor=actor,
        event_data={"completion": completion.pk},
    )


def title_url(title):
    """The title's achievement id in the credential: a stable address naming it (titles have no page of their own)."""
    return f"{conf.base_url()}/verify/#title-{slugify(anyascii(title)) or 'title'}"


def issue_title_certificate(*, user, holder_name, title, issued_at=None, issuer_name=None, actor=None, source_key):
    """Issue the certificate of a title (e.g. "Công dân học tập 2026"), exactly once per `source_key`.

    `user` is the person holding it, or None for an organisation's title (then `holder_name` is the organisation's
    name). `issuer_name` is who recognised it (the site's issuer when empty). Returns (certificate, created);
    raises ValidationError, writing nothing, for a missing name, title or source key.
    """
    holder_name = " ".join((holder_name or "").split())
    title = " ".join((title or "").split())
    source_key = (source_key or "").strip()
    issuer_name = " ".join((issuer_name or "").split())
    problems = {}
    if not holder_name:
        problems["holder_name"] = _("Give the holder's name.")
    if not title:
        problems["title"] = _("Give the title's name.")
    if not source_key:
        problems["source_key"] = _("Give what the title certificate is issued for (its source key).")
    max_lengths = {"holder_name": holder_name, "title": title, "source_key": source_key, "issuer_name": issuer_name}
    for name, value in max_lengths.items():
        field = "course_title" if name == "title" else name
        limit = Certificate._meta.get_field(field).max_length
        if len(value) > limit:
            problems[name] = _("At most %(count)s characters.") % {"count": limit}
    if user is not None and not getattr(user, "pk", None):
        problems["user"] = _("The holder must be a saved user, or none for an organisation.")
    if problems:
        raise ValidationError(problems)
    existing = Certificate.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing, False
    issued_at = issued_at or timezone.now()

    def build(serial):
        return Certificate(
            kind=Certificate.TITLE,
            source_key=source_key,
            serial=serial,
            user=user,
            holder_name=holder_name,
            course_title=title,
            course_url=title_url(title),
            issuer_name=issuer_name,
            hours=None,
            issued_at=issued_at,
            # An organisation's title is public record: anyone may download its PDF (a person decides for theirs).
            public=user is None,
        )

    return _insert_and_sign(
        build,
        lambda: Certificate.objects.filter(source_key=source_key).first(),
        actor=actor,
        event_data={"source": source_key, "title": title},
    )


def issue_programme_certificate(
    *, user, programme_title, programme_url, courses, source_key, provider_name="", issued_at=None, actor=None
):
    """Issue the certificate of a completed programme, exactly once per `source_key`; returns (certificate, created).

    `courses` lists the programme's courses in order as {"title", "url", "hours"}: printed, and each an alignment
    of the signed credential's achievement. The hours are the courses' together. Raises ValidationError, writing
    nothing, for a missing holder, title, source key or course list.
    """
    programme_title = " ".join((programme_title or "").split())
    source_key = (source_key or "").strip()
    problems = {}
    if user is None or not getattr(user, "pk", None):
        problems["user"] = _("A programme certificate needs a saved holder.")
    if not programme_title:
        problems["programme_title"] = _("Give the programme's title.")
    if not source_key:
        problems["source_key"] = _("Give what the programme certificate is issued for (its source key).")
    if not courses:
        problems["courses"] = _("A programme certificate lists at least one course.")
    if len(programme_title) > Certificate._meta.get_field("course_title").max_length:
        problems["programme_title"] = _("At most %(count)s characters.") % {
            "count": Certificate._meta.get_field("course_title").max_length
        }
    if problems:
        raise ValidationError(problems)
    existing = Certificate.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing, False
    parts = [
        {"title": str(c["title"]), "url": str(c["url"]), "hours": credentials.format_hours(c.get("hours"))}
        for c in courses
    ]
    hours = sum((Decimal(str(c.get("hours") or 0)) for c in courses), Decimal(0))
    template = resolve_template(None)

    def build(serial):
        return Certificate(
            kind=Certificate.PROGRAMME,
            source_key=source_key,
            serial=serial,
            user=user,
            holder_name=holder_name_of(user),
            course_title=programme_title,
            course_url=programme_url or f"{conf.base_url()}/#programme",
            provider_name=provider_name[:255],
            hours=hours,
            parts=parts,
            issued_at=issued_at or timezone.now(),
            template=template,
            template_name=template.name if template else "",
        )

    return _insert_and_sign(
        build,
        lambda: Certificate.objects.filter(source_key=source_key).first(),
        actor=actor,
        event_data={"source": source_key, "programme": programme_title},
    )


def revoke_certificate(certificate, *, by, reason):
    """Revoke a certificate with a reason; only officers with the revoke permission may. Returns the certificate."""
    if not (by and by.is_authenticated and by.has_perm("certificates.revoke_certificate")):
        raise PermissionDenied(_("You may not revoke certificates."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the revocation."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.is_revoked:
            raise ValidationError(_("This certificate is already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        CertificateEvent.objects.create(
            certificate=locked, action=CertificateEvent.REVOKED, actor=by, data={"reason": reason}
        )
        # The PDF and preview rendered while it was valid are dropped: the next download is marked revoked.
        _drop_rendered_files(locked)
        # Hours, CDHT points and the indicators stop counting its completion in this same transaction.
        certificate_revoked.send(sender=Certificate, certificate=locked)
    return locked


def _drop_rendered_files(certificate):
    for field in (certificate.pdf, certificate.preview):
        if field:
            name = field.name
            transaction.on_commit(lambda name=name, storage=field.storage: storage.delete(name))
    from django.core.files.storage import storages

    card = CARD_PREFIX + f"{certificate.serial.replace('-', '')}.png"
    transaction.on_commit(lambda: storages["private"].delete(card))
    Certificate.objects.filter(pk=certificate.pk).update(pdf="", preview="")
    certificate.pdf, certificate.preview = "", ""


def set_public(certificate, public, *, by):
    """The holder allows (or stops allowing) anyone to download the PDF."""
    if by is None or by.pk != certificate.user_id:
        raise PermissionDenied(_("Only the holder may change who can download the certificate."))
    if certificate.public != bool(public):
        certificate.public = bool(public)
        certificate.save(update_fields=["public"])
        CertificateEvent.objects.create(
            certificate=certificate, action=CertificateEvent.SHARING, actor=by, data={"public": certificate.public}
        )
    return certificate


def share_links(certificate):
    """Share URLs (Facebook, Zalo) pointing at the public verification page, never at the private PDF."""
    link = quote(verify_url(certificate.serial), safe="")
    return {
        "verify": verify_url(certificate.serial),
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={link}",
        "zalo": f"https://sp.zalo.me/share_inline?url={link}",
    }


def find_certificate(serial):
    """The certificate for a typed serial; raises InvalidSerial for a malformed one, returns None when unknown."""
    return Certificate.objects.filter(serial=normalize_serial(serial)).first()


def issuer_of(certificate):
    return certificate.issuer_name or conf.issuer_name()


def public_record(certificate):
    """What anyone may learn about a certificate (CONTRACTS.md): nothing personal beyond the printed name.

    A title's certificate has the same shape: "course" is the title's name, "learning_area" is "" and "hours" is
    null (no learning hours apply, and 0 would read as "studied no hours"); the shape stays exactly the contract's.
    """
    return {
        "serial": certificate.serial,
        "status": certificate.status,
        "holder": certificate.holder_name,
        "course": certificate.course_title,
        "learning_area": certificate.learning_area_name,
        "hours": None if certificate.hours is None else float(certificate.hours),
        "issued_on": certificate.issued_on.isoformat(),
        "issuer": issuer_of(certificate),
    }


def placeholder_values(certificate):
    """What the wording's placeholders stand for on this certificate."""
    return {
        "holder": certificate.holder_name,
        "course": certificate.course_title,
        # Printed in the reader's notation (Vietnamese: 12,5); the credential keeps the machine form (12.5).
        "hours": (
            ""
            if certificate.hours is None
            else formats.number_format(Decimal(credentials.format_hours(certificate.hours)))
        ),
        "date": certificate.issued_on.strftime("%d/%m/%Y"),
        # A title has no provider: who recognised it stands in its place.
        "provider": issuer_of(certificate) if certificate.is_title else certificate.provider_name,
        "learning_area": certificate.learning_area_name,
    }


def template_for(certificate):
    """The template chosen at issuance, or (when it is gone or predates templates) today's resolution.

    Titles use none: the course templates' wording and signatories speak of courses and their providers.
    """
    if certificate.is_title:
        return None
    if certificate.template_id:
        template = CertificateTemplate.objects.filter(pk=certificate.template_id).first()
        if template is not None:
            return template
    return resolve_template(certificate.course)


def pdf_context(certificate):
    template = template_for(certificate)
    values = placeholder_values(certificate)
    if certificate.is_title:
        heading, text = wording.TITLE_HEADING, wording.TITLE_WORDING
    elif certificate.is_programme:
        heading, text = wording.PROGRAMME_HEADING, wording.PROGRAMME_WORDING
    else:
        heading, text = wording.DEFAULT_HEADING, wording.DEFAULT_WORDING
    context = {
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "provider_name": certificate.provider_name,
        "learning_area": certificate.learning_area_name,
        "hours": values["hours"],
        "issued_on": certificate.issued_on,
        "issuer_name": issuer_of(certificate),
        "serial": certificate.serial,
        "verify_url": verify_url(certificate.serial),
        "orientation": CertificateTemplate.LANDSCAPE,
        "heading": wording.fill(heading, values),
        "lines": wording.render_lines(text, values),
        "background": None,
        "logo": None,
        "signatories": [],
        "revoked": certificate.is_revoked,
        "revoked_on": timezone.localdate(certificate.revoked_at) if certificate.is_revoked else None,
        "revocation_reason": certificate.revocation_reason,
        "parts": certificate.parts or [],
    }
    if template is not None:
        # A template's wording speaks of one course: a programme keeps its own wording in the template's look.
        if not certificate.is_programme:
            context.update(
                heading=wording.fill(template.heading, values), lines=wording.render_lines(template.wording, values)
            )
        context.update(
            orientation=template.orientation,
            issuer_name=template.issuer_name or context["issuer_name"],
            background=pdf.image_data_uri(template.background_image, "max-3508x3508"),
            logo=pdf.image_data_uri(template.logo, "max-800x800"),
            signatories=[
                {"name": s.name, "title": s.title, "signature": pdf.image_data_uri(s.signature, "max-800x400")}
                for s in template.signatories.select_related("signature")
            ],
        )
    if certificate.is_programme:
        # The programme's courses, printed under the wording, one line each.
        context["lines"] = list(context["lines"]) + [
            ("line line-part", escape(f"{number}. {part['title']}"))
            for number, part in enumerate(certificate.parts or [], start=1)
        ]
    return context


def render_files(certificate):
    """Render and cache the PDF, its PNG preview and the sharing picture ahead of the first request (the
    background task's work)."""
    certificate_pdf(certificate)
    try:
        certificate_preview(certificate)
        share_card(certificate)
    except pdf.PreviewUnavailable:
        logger.warning("No PNG preview for %s: pdftoppm is not installed", certificate.serial)


# A revoked certificate's files are stored under another name: a file rendered while it was valid (or by a version
# without the mark) is never taken for the marked one, whatever the timing of a revocation and a download.
REVOKED_SUFFIX = "-revoked"


def _file_name(certificate, extension):
    suffix = REVOKED_SUFFIX if certificate.is_revoked else ""
    return f"{certificate.serial.replace('-', '')}{suffix}.{extension}"


def _is_current(field, certificate):
    """A stored rendering that shows the certificate as it is now: a revoked one carries the mark."""
    return bool(field) and (not certificate.is_revoked or REVOKED_SUFFIX in field.name.rsplit("/", 1)[-1])


def certificate_pdf(certificate):
    """The certificate's PDF bytes: rendered on first request, then served from storage (marked once revoked)."""
    if _is_current(certificate.pdf, certificate):
        try:
            with certificate.pdf.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            logger.warning("Cached PDF of %s is missing; rendering it again", certificate.serial)
    content = pdf.render_pdf(pdf_context(certificate))
    certificate.pdf.save(_file_name(certificate, "pdf"), ContentFile(content), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return content


def certificate_preview(certificate):
    """The certificate's PNG preview (first page of the PDF), cached in storage like the PDF."""
    if _is_current(certificate.preview, certificate):
        try:
            with certificate.preview.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    content = pdf.render_png_preview(certificate_pdf(certificate))
    certificate.preview.save(_file_name(certificate, "png"), ContentFile(content), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(preview=certificate.preview.name)
    return content


CARD_PREFIX = "certificates/card/"


def share_card(certificate):
    """The picture of a shared verification link (og:image): rendered once, then read from the private storage.

    No model field: the name follows from the serial (and the revocation), like the PDF's.
    """
    from django.core.files.storage import storages

    storage = storages["private"]
    name = CARD_PREFIX + _file_name(certificate, "png")
    if storage.exists(name):
        try:
            with storage.open(name, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    context = pdf_context(certificate)
    content = pdf.render_card_png(context)
    if not storage.exists(name):
        storage.save(name, ContentFile(content))
    return content


def _is_stored(field):
    return bool(field) and field.storage.exists(field.name)


def stored_pdf(certificate):
    """The certificate's PDF in the private storage (a FieldFile to stream), rendered and stored first if missing."""
    if not (_is_stored(certificate.pdf) and _is_current(certificate.pdf, certificate)):
        certificate_pdf(certificate)
    return certificate.pdf


def stored_preview(certificate):
    """The certificate's PNG preview in the private storage, rendered and stored first if missing."""
    if not (_is_stored(certificate.preview) and _is_current(certificate.preview, certificate)):
        certificate_preview(certificate)
    return certificate.preview


def can_download_pdf(user, certificate):
    """The holder, staff with the view permission, the holder's employer (organisations.access), and anyone
    when the holder allows it."""
    if certificate.public:
        return True
    if not user.is_authenticated:
        return False
    if user.pk == certificate.user_id or user.has_perm("certificates.view_certificate"):
        return True
    # Enterprise HR and unions: those whose organisations employed the holder when the certificate was earned.
    return can_view_certificate(user, certificate)


def status_list_credential(list_number):
    """The signed Bitstring Status List credential for list `list_number`, cached until a revocation changes it."""
    size = conf.status_list_size()
    start, end = list_number * size, (list_number + 1) * size
    in_list = Certificate.objects.filter(pk__gte=start, pk__lt=end, revoked_at__isnull=False)
    version = in_list.aggregate(count=Count("pk"), latest=Max("revoked_at"))
    latest = version["latest"].timestamp() if version["latest"] else 0
    key = f"certificates:status:{list_number}:{version['count']}:{latest}:{keys.get_keyring().current.id}"
    document = cache.get(key)
    if document is None:
        revoked = [pk - start for pk in in_list.values_list("pk", flat=True).iterator()]
        document = status_list.signed_status_list(list_number, revoked)
        cache.set(key, document, 24 * 3600)
    return document


def _name_key(name):
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def name_match(expected, actual):
    """'exact', 'without accents' (same letters, diacritics aside), or 'no'."""
    if _name_key(expected) == _name_key(actual):
        return "exact"
    if _name_key(anyascii(expected or "")) == _name_key(anyascii(actual or "")):
        return "without accents"
    return "no"


def verify_rows(rows):
    """Bulk verification: for each (serial, name or "") the public facts and a verdict; yields dicts.

    Looks serials up in batches (one query per 500), never one query per row.
    """
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == 500:
            yield from _verify_batch(batch)
            batch = []
    if batch:
        yield from _verify_batch(batch)


def _verify_batch(batch):
    normalised = []
    for serial, name in batch:
        try:
            normalised.append((serial, name, normalize_serial(serial), ""))
        except InvalidSerial as error:
            normalised.append((serial, name, None, str(error)))
    found = {c.serial: c for c in Certificate.objects.filter(serial__in=[n[2] for n in normalised if n[2]])}
    for serial, name, canonical, problem in normalised:
        certificate = found.get(canonical) if canonical else None
        result = {"serial": serial, "status": "", "holder": "", "course": "", "issued_on": "", "name_match": ""}
        if canonical is None:
            result.update(status="invalid", note=problem)
        elif certificate is None:
            result.update(status="unknown", note=_("No certificate has this serial."))
        else:
            record = public_record(certificate)
            result.update({key: record[key] for key in ("status", "holder", "course", "issued_on")}, note="")
            result["serial"] = certificate.serial
            if name:
                result["name_match"] = name_match(name, certificate.holder_name)
        yield result
