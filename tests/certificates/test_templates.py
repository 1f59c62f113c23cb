"""Certificate templates: which one a certificate gets, checked wording, and what the PDF then shows."""

import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image
from pypdf import PdfReader

from certificates.models import CertificateSignatory, CertificateTemplate, CertificateTemplateCourse
from certificates.services import certificate_pdf, issue_certificate, resolve_template
from certificates.wording import DEFAULT_HEADING, fill, validate_wording
from cms.models import CustomImage


def make_image(title, size=(120, 60), colour=(20, 60, 140)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return CustomImage.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def pdf_text(content):
    page = PdfReader(io.BytesIO(content)).pages[0]
    return unicodedata.normalize("NFC", " ".join(page.extract_text().split())), page


def test_the_default_template_comes_with_the_migrations(db):
    default = CertificateTemplate.objects.get(is_default=True)
    assert default.heading == DEFAULT_HEADING == "Chứng nhận hoàn thành khóa học"
    validate_wording(default.wording)


def test_resolution_course_then_provider_then_default(course, make_course, make_provider):
    default = CertificateTemplate.objects.get(is_default=True)
    other_course = make_course(title="Sơ cứu cơ bản")
    elsewhere = make_course(provider=make_provider(name="Trường khác", slug="truong-khac"))
    assert resolve_template(course) == default
    for_provider = CertificateTemplate.objects.create(name="Mẫu của trường")
    for_provider.providers.add(course.provider)
    for_provider.save()  # modelcluster keeps parental relations in memory until save
    assert resolve_template(course) == for_provider == resolve_template(other_course)
    for_course = CertificateTemplate.objects.create(name="Mẫu riêng")
    CertificateTemplateCourse.objects.create(template=for_course, course=course)
    assert resolve_template(course) == for_course
    assert resolve_template(other_course) == for_provider
    assert resolve_template(elsewhere) == default
    assert resolve_template(None) == default


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Chứng nhận {name} đã hoàn thành", "{name}"),
        ("{holder} – {hours:>9}", "{hours:>9}"),
        ("{holder!r}", "{holder!r}"),
        ("{holder.__class__}", "{holder.__class__}"),
        ("{course} {}", "{}"),
    ],
)
def test_unknown_placeholders_are_refused(db, text, shown):
    template = CertificateTemplate(name="Sai", wording=text)
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    message = " ".join(error.value.message_dict["wording"])
    assert shown in message and "{holder}" in message  # names the culprit and lists what is allowed


@pytest.mark.parametrize("text", ["Chứng nhận {holder", "Chứng nhận holder}"])
def test_stray_braces_are_refused(db, text):
    with pytest.raises(ValidationError) as error:
        CertificateTemplate(name="Sai", heading=text).full_clean()
    assert "heading" in error.value.message_dict


def test_one_default_at_a_time(db):
    first = CertificateTemplate.objects.get(is_default=True)
    second = CertificateTemplate.objects.create(name="Mẫu mới", is_default=True)
    first.refresh_from_db()
    assert not first.is_default and CertificateTemplate.objects.filter(is_default=True).get() == second
    second.is_default = False
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "is_default" in error.value.message_dict


def test_fill_leaves_no_braces():
    assert fill("{holder} – {hours} giờ", {"holder": "Hương", "hours": "12,5"}) == "Hương – 12,5 giờ"


def test_pdf_uses_the_course_template(completion, course):
    template = CertificateTemplate.objects.create(
        name="Mẫu Cơ khí",
        issuer_name="Trường Cao đẳng Kỹ thuật Công nghiệp",
        heading="Giấy chứng nhận",
        wording="Nhà trường ghi nhận {holder}\nđã học xong {course} ({hours} giờ) ngày {date}.",
        background_image=make_image("nen", size=(600, 420), colour=(250, 245, 230)),
        logo=make_image("logo"),
    )
    CertificateSignatory.objects.create(
        template=template, name="Lê Văn Tám", title="Hiệu trưởng", signature=make_image("chu-ky", colour=(0, 0, 0))
    )
    CertificateTemplateCourse.objects.create(template=template, course=course)
    certificate, _created = issue_certificate(completion)
    assert certificate.template == template and certificate.template_name == "Mẫu Cơ khí"
    text, page = pdf_text(certificate_pdf(certificate))
    assert f"Nhà trường ghi nhận Nguyễn Thị Hương đã học xong {course.title} (12,5 giờ)" in text
    assert "Giấy chứng nhận" in text and "Lê Văn Tám" in text and "TRƯỜNG CAO ĐẲNG KỸ THUẬT CÔNG NGHIỆP" in text
    assert len(page.images) >= 3  # background, logo and signature
    assert float(page.mediabox.width) > float(page.mediabox.height)


def test_portrait_template(completion, course):
    template = CertificateTemplate.objects.create(name="Dọc", orientation=CertificateTemplate.PORTRAIT)
    template.providers.add(course.provider)
    template.save()  # modelcluster keeps parental relations in memory until save
    certificate, _created = issue_certificate(completion)
    text, page = pdf_text(certificate_pdf(certificate))
    assert float(page.mediabox.width) < float(page.mediabox.height)
    assert "Chứng nhận hoàn thành khóa học" in text and "Nguyễn Thị Hương" in text


def test_the_snapshot_outlives_a_later_assignment(certificate, course):
    default = CertificateTemplate.objects.get(is_default=True)
    assert certificate.template == default
    later = CertificateTemplate.objects.create(name="Sau này", heading="Mẫu sau này")
    CertificateTemplateCourse.objects.create(template=later, course=course)
    text, _page = pdf_text(certificate_pdf(certificate))
    assert "Mẫu sau này" not in text and DEFAULT_HEADING in text
