"""A credential's proof counts only when its key belongs to the credential's issuer (issue 13)."""

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certificates import credentials, did, jsonld, keys

from .conftest import ISSUER_DID

VECTORS = Path(__file__).parent / "vectors"


@pytest.fixture
def data():
    return credentials.CertificateData(
        serial="K7Q2M-XW9PD-HC4TN",
        holder_name="Kẻ Mạo Danh",
        course_title="An toàn lao động trong xưởng cơ khí",
        course_url="https://hoctap.example.vn/khoa-hoc/cd-ky-thuat/an-toan/",
        issued_at=datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC),
        hours=120,
    )


def sign_with_did_key(document, private_key=None, method=None):
    """Sign as an attacker would: a fresh Ed25519 key, published as nothing but its own did:key."""
    private_key = private_key or Ed25519PrivateKey.generate()
    multibase = keys.public_key_multibase(private_key.public_key())
    unsecured = copy.deepcopy(document)
    unsecured.pop("proof", None)
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": credentials.CRYPTOSUITE,
        "created": "2026-05-04T03:02:01Z",
        "verificationMethod": method or f"did:key:{multibase}#{multibase}",
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(credentials._hash_data(unsecured, proof))
    unsecured["proof"] = dict(proof, proofValue="z" + keys.b58encode(signature))
    return unsecured


def test_a_fresh_did_key_claiming_our_issuer_is_refused(data):
    forged = sign_with_did_key(credentials.build_credential(data))
    assert forged["issuer"]["id"] == ISSUER_DID
    with pytest.raises(credentials.CredentialInvalid, match="not a key of this issuer"):
        credentials.verify(forged)


def test_a_did_key_issuer_may_sign_for_itself_but_not_for_another_did_key(data):
    private_key = Ed25519PrivateKey.generate()
    issuer = "did:key:" + keys.public_key_multibase(private_key.public_key())
    credential = credentials.build_credential(data)
    credential["issuer"] = {"id": issuer, "type": ["Profile"], "name": "Trung tâm tự cấp"}
    credentials.verify(sign_with_did_key(credential, private_key))
    credential["issuer"] = "did:key:" + keys.public_key_multibase(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(credentials.CredentialInvalid, match="not a key of this issuer"):
        credentials.verify(sign_with_did_key(credential, private_key))


def test_our_key_counts_only_for_credentials_naming_us(data):
    signed = credentials.issue_credential(data)
    credentials.verify(signed)
    for issuer in ("did:web:evil.example", {"id": "did:web:evil.example"}, None, 42, {"id": ["x"]}):
        moved = copy.deepcopy(signed)
        moved["issuer"] = issuer
        with pytest.raises(credentials.CredentialInvalid):
            credentials.verify(moved)


def test_only_keys_listed_in_our_did_document_verify(data):
    listed = did.did_document()["assertionMethod"]
    assert listed == [f"{ISSUER_DID}#test-1"]
    # Our DID with a key id we never published, signed by a key of the attacker's.
    forged = sign_with_did_key(credentials.build_credential(data), method=f"{ISSUER_DID}#test-2")
    with pytest.raises(credentials.CredentialInvalid, match="not a key of this issuer"):
        credentials.verify(forged)
    # The attacker's key under our listed key id: the signature does not match our key.
    forged = sign_with_did_key(credentials.build_credential(data), method=listed[0])
    with pytest.raises(credentials.CredentialInvalid, match="changed"):
        credentials.verify(forged)


def test_the_published_vectors_still_verify_with_their_issuers_keys():
    w3c = json.loads((VECTORS / "w3c-eddsa-rdfc-2022-signed.json").read_text(encoding="utf-8"))
    examples = json.loads((VECTORS / "credentials-examples-v2.jsonld").read_text(encoding="utf-8"))
    loader = jsonld.document_loader({"https://www.w3.org/ns/credentials/examples/v2": examples})
    method = w3c["proof"]["verificationMethod"]
    vouched = {method: keys.public_key_from_multibase(method.partition("#")[2])}
    credentials.verify(w3c, resolve_key=vouched.get, loader=loader)

    ob3 = json.loads((VECTORS / "1edtech-ob3-eddsa-rdfc-2022-signed.json").read_text(encoding="utf-8"))
    controller = json.loads((VECTORS / "1edtech-ob3-issuer-controller.json").read_text(encoding="utf-8"))
    published = {
        m["id"]: keys.public_key_from_multibase(m["publicKeyMultibase"])
        for m in controller["verificationMethod"]
        if m["id"] in controller["assertionMethod"]
    }
    credentials.verify(ob3, resolve_key=published.get)
