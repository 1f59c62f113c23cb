"""The OpenAPI fragment matches the real API; the demo seed gives every demo completion its certificate."""

import io
import json

from django.core.management.base import OutputWrapper
from django.core.management.color import no_style

from certificates import demo, openapi
from certificates.models import Certificate
from learning.models import Completion


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_fragment_is_consistent_with_the_api(client, certificate):
    fragment = openapi.get_schema()
    assert set(fragment) == {"paths", "components"}
    schemas = fragment["components"]["schemas"]
    assert all(ref.removeprefix("#/components/schemas/") in schemas for ref in _refs(fragment))
    record = schemas["CertificateRecord"]
    body = client.get(f"/api/certificates/{certificate.serial}").json()
    assert set(body) == set(record["properties"]) == set(record["required"])
    missing = client.get("/api/certificates/K7Q2M-XW9PD-HC4TN")
    assert missing.status_code == 404 and set(missing.json()) == set(schemas["Error"]["required"])
    for path in ("/api/certificates/{serial}", "/api/certificates/{serial}/credential"):
        assert {"200", "404"} <= set(fragment["paths"][path]["get"]["responses"])
    json.dumps(fragment)  # plain JSON, ready to merge


def test_demo_seed_issues_missing_certificates_once(completion, make_completion):
    Certificate.objects.all().delete()
    out = io.StringIO()
    demo.seed(OutputWrapper(out), no_style())
    assert Certificate.objects.filter(completion=completion).count() == 1
    assert Certificate.objects.get(completion=completion).serial in out.getvalue()
    demo.seed(OutputWrapper(io.StringIO()), no_style())
    assert Certificate.objects.count() == Completion.objects.count() == 1
