"""The default certificate template, so that every certificate has one from the first migration on."""

from django.db import migrations

# Frozen here (not imported) so that later edits of the defaults in certificates/wording.py leave history alone.
DEFAULT_HEADING = "Chứng nhận hoàn thành khóa học"
DEFAULT_WORDING = (
    "Chứng nhận học viên\n"
    "{holder}\n"
    "đã hoàn thành khóa học\n"
    "{course}\n"
    "Lĩnh vực: {learning_area} · Thời lượng: {hours} giờ học\n"
    "Đơn vị đào tạo: {provider} · Cấp ngày {date}"
)


def create_default(apps, schema_editor):
    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    if not CertificateTemplate.objects.filter(is_default=True).exists():
        CertificateTemplate.objects.create(
            name="Mẫu mặc định",
            orientation="landscape",
            heading=DEFAULT_HEADING,
            wording=DEFAULT_WORDING,
            is_default=True,
        )


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_templates")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
