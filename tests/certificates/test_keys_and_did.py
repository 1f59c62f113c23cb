"""Issuer keys from settings/file/generated fallback, and the did:web document that publishes them."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from openbadgeslib.ob3.ldp import OB3LdpVerifier

from certificates import credentials, did, keys
from certificates.keys import public_key_from_multibase

from .conftest import ISSUER_DID


def test_keys_from_a_file(settings, tmp_path, monkeypatch):
    path = tmp_path / "keys.json"
    path.write_text(json.dumps(keys.generate_key_config("file-1")))
    settings.CERTIFICATES_SIGNING_KEYS = None
    monkeypatch.setenv("CERTIFICATES_SIGNING_KEYS_FILE", str(path))
    keys.get_keyring.cache_clear()
    assert keys.get_keyring().current.id == "file-1"


def test_generated_key_for_development_is_written_once(settings, tmp_path):
    settings.CERTIFICATES_SIGNING_KEYS = None
    settings.CERTIFICATES_GENERATED_KEY_FILE = tmp_path / "var" / "keys.json"
    first = keys.get_keyring().current
    keys.get_keyring.cache_clear()
    assert keys.get_keyring().current.multibase == first.multibase
    assert (tmp_path / "var" / "keys.json").stat().st_mode & 0o077 == 0


def test_no_key_in_production_is_a_clear_error(settings):
    settings.CERTIFICATES_SIGNING_KEYS = None
    settings.CERTIFICATES_ALLOW_GENERATED_KEY = False
    with pytest.raises(ImproperlyConfigured, match="CERTIFICATES_SIGNING_KEYS"):
        keys.get_keyring()


@pytest.mark.parametrize(
    "config, message",
    [
        ({}, "shape"),
        ({"keys": [{"id": "bad id!", "private_key": "x"}]}, "id"),
        ({"keys": [{"id": "a", "private_key": "not a key"}]}, "Certificate signing key a"),
        ({"keys": [{"id": "a"}]}, "private_key or a public_key"),
        (
            {"current": "a", "keys": [{"id": "a", "public_key": keys.generate_key_config()["keys"][0]["private_key"]}]},
            "a",
        ),
    ],
)
def test_bad_key_configuration_is_reported(config, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        keys.parse_keyring(config)


def test_a_retired_key_cannot_be_current():
    retired = keys.parse_keyring(keys.generate_key_config("old")).current
    with pytest.raises(ImproperlyConfigured, match="needs its private_key"):
        keys.parse_keyring({"current": "old", "keys": [{"id": "old", "public_key": retired.multibase}]})


def test_multibase_round_trip():
    key = keys.get_keyring().current
    assert key.multibase.startswith("z6Mk")
    assert public_key_from_multibase(key.multibase).public_bytes_raw() == key.public_key.public_bytes_raw()
    assert keys.b58decode(keys.b58encode(b"\0\0abc")) == b"\0\0abc"


def test_did_document_is_valid_and_lists_every_published_key(settings, client):
    current = keys.get_keyring().current
    rotated = keys.generate_key_config("test-2")
    rotated["keys"].append({"id": current.id, "public_key": current.multibase})
    settings.CERTIFICATES_SIGNING_KEYS = rotated
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    document = response.json()
    assert document == did.did_document()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert document["id"] == ISSUER_DID
    ids = [method["id"] for method in document["verificationMethod"]]
    assert ids == [f"{ISSUER_DID}#test-2", f"{ISSUER_DID}#test-1"]
    assert document["assertionMethod"] == ids
    for method in document["verificationMethod"]:
        assert method["type"] == "Multikey" and method["controller"] == ISSUER_DID
        public_key_from_multibase(method["publicKeyMultibase"])  # a well-formed Ed25519 Multikey


def test_did_port_is_percent_encoded(settings):
    settings.CERTIFICATES_BASE_URL = "http://127.0.0.1:8000"
    assert did.did_document()["id"] == "did:web:127.0.0.1%3A8000"


def test_third_party_verifier_resolves_our_did_web(client, settings):
    """openbadgeslib resolves did:web -> https://hoctap.example.vn/.well-known/did.json; we answer from our view."""
    from datetime import UTC, datetime

    signed = credentials.issue_credential(
        credentials.CertificateData(
            serial="K7Q2M-XW9PD-HC4TN",
            holder_name="Lê Văn Tám",
            course_title="Kỹ năng số cơ bản",
            course_url="https://hoctap.example.vn/khoa-hoc/ky-nang-so/",
            issued_at=datetime.now(UTC),
        )
    )
    fetched = []

    def download(url, *args, **kwargs):
        fetched.append(url)
        assert url == "https://hoctap.example.vn/.well-known/did.json"
        return client.get(reverse("certificates:did")).content

    badge = OB3LdpVerifier.for_issuer_did(ISSUER_DID).verify(signed, download=download)
    assert badge.issuer.id == ISSUER_DID and fetched
