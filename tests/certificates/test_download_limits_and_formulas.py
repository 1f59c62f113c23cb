"""Certificate downloads are rate-limited like the API; the bulk verification report never carries a formula."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from certificates.models import Certificate
from tests.factories import UserFactory


def test_pdf_and_png_downloads_are_rate_limited_per_address(client, settings, certificate):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 3
    Certificate.objects.filter(pk=certificate.pk).update(public=True)
    for kind in ("pdf", "png"):
        url = f"/certificates/{certificate.serial}.{kind}"
        statuses = [client.get(url, REMOTE_ADDR=f"10.7.7.{kind == 'png'}").status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 429, 429], kind
        limited = client.get(url, REMOTE_ADDR=f"10.7.7.{kind == 'png'}")
        assert limited["Retry-After"] == "60"
    assert client.get(f"/certificates/{certificate.serial}.pdf", REMOTE_ADDR="10.7.7.9").status_code == 200


def test_guessing_serials_is_limited_too(client, settings, db):
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 2
    statuses = [
        client.get(f"/certificates/AAAAA-AAAAA-AAAA{n}.pdf", REMOTE_ADDR="10.7.8.1").status_code for n in "23456"
    ]
    assert statuses[2:] == [429, 429, 429]


def test_bulk_report_neutralises_formulas(client, certificate, db):
    Certificate.objects.filter(pk=certificate.pk).update(holder_name='=HYPERLINK("http://evil.example","Hương")')
    client.force_login(UserFactory())
    upload = SimpleUploadedFile(
        "serials.csv",
        f"serial,name\n{certificate.serial},@SUM(1)\n=1+1,-2+3\n".encode(),
        content_type="text/csv",
    )
    response = client.post("/verify/bulk/", {"file": upload})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["holder"] == '\'=HYPERLINK("http://evil.example","Hương")'
    assert rows[1]["serial"] == "'=1+1"
    cells = [value for row in rows for value in row.values()]
    assert not [value for value in cells if value and value[0] in "=+-@\t\r"]
