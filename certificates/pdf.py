"""The certificate as PDF (WeasyPrint, an HTML template) with a QR code to its verification page, and a PNG preview.

Vietnamese needs fonts with every precomposed and stacked diacritic: the template asks for Noto Sans, then
DejaVu Sans (both installed by the Makefile's system-deps), so "Nguyễn Thị Hương" is never drawn with boxes.
"""

import base64
import logging
import mimetypes
import shutil
import subprocess
import tempfile
from pathlib import Path

import segno
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class PreviewUnavailable(RuntimeError):
    """The PNG preview cannot be made: poppler's pdftoppm is missing."""


def qr_svg(url):
    """The QR code for `url` as an inline <svg> element (medium error correction survives a worn print)."""
    return segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2, dark="#1a1a1a", omitsize=True)


def image_data_uri(image, spec):
    """A Wagtail image (resized by `spec`) as a data: URI, so WeasyPrint needs no access to storage or the web."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        # A lost file must not stop the certificate: it is drawn without that picture.
        logger.warning("Image %s of a certificate template could not be read", image.pk, exc_info=True)
        return None
    mime = mimetypes.guess_type(rendition.file.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def render_html(context):
    """The certificate page as HTML; `context` holds holder_name, course_title, serial, verify_url, etc."""
    return render_to_string("certificates/pdf.html", dict(context, qr_svg=qr_svg(context["verify_url"])))


def render_pdf(context):
    """The certificate as PDF bytes."""
    from weasyprint import HTML  # imported here: WeasyPrint loads Pango when imported, most requests don't need it

    return HTML(string=render_html(context), base_url=None).write_pdf()


def render_card_png(context):
    """The 1200 x 630 picture a shared verification link shows (og:image), as PNG bytes."""
    from weasyprint import HTML

    # A 1200 px page (CSS px: 96 per inch) rendered at 96 dpi is 1200 pixels wide.
    card_pdf = HTML(string=render_to_string("certificates/card.html", context), base_url=None).write_pdf()
    return render_png_preview(card_pdf, dpi=96)


def render_png_preview(pdf_bytes, dpi=72):
    """The first page of a certificate PDF as PNG bytes, for sharing (via poppler's pdftoppm)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise PreviewUnavailable("pdftoppm (poppler-utils) is not installed.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "certificate.pdf"
        source.write_bytes(pdf_bytes)
        subprocess.run(  # noqa: S603 (fixed argument list, no shell; the path comes from shutil.which)
            [pdftoppm, "-png", "-singlefile", "-r", str(dpi), str(source), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return (Path(folder) / "page.png").read_bytes()
