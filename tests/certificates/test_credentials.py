"""Signed Open Badges 3.0 credentials: our verifier on published vectors, our credentials under independent checks."""

import copy
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3.ldp import OB3LdpVerifier, verify_data_integrity_proof
from openbadgeslib.ob3.verifier import OB3VerificationError
from pyld import jsonld as pyld_jsonld

from certificates import credentials, jsonld, keys

from .conftest import ISSUER_DID

VECTORS = Path(__file__).parent / "vectors"
CONTEXTS = Path(__file__).resolve().parents[2] / "certificates" / "contexts"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"


def load_vector(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def examples_context():
    return {EXAMPLES_CONTEXT: load_vector("credentials-examples-v2.jsonld")}


@pytest.fixture
def data():
    return credentials.CertificateData(
        serial="K7Q2M-XW9PD-HC4TN",
        holder_name="Nguyễn Thị Hương",
        course_title="An toàn lao động trong xưởng cơ khí",
        course_url="https://hoctap.example.vn/khoa-hoc/cd-ky-thuat/an-toan/",
        issued_at=datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC),
        hours=12.5,
        learning_area="Kỹ năng nghề nghiệp",
        status_list_index=42,
    )


@pytest.fixture
def signed(data):
    return credentials.issue_credential(data)


# --- our verifier on vectors signed by others ------------------------------------------------------------------


def test_verifies_the_w3c_eddsa_rdfc_2022_vector():
    vector = load_vector("w3c-eddsa-rdfc-2022-signed.json")
    loader = jsonld.document_loader(examples_context())
    # Its issuer (an https URL) publishes no key offline: the test vouches for the vector's did:key itself.
    method = vector["proof"]["verificationMethod"]

    def resolve(verification_method):
        return keys.public_key_from_multibase(method.partition("#")[2]) if verification_method == method else None

    proof = credentials.verify(vector, resolve_key=resolve, loader=loader)
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    with pytest.raises(credentials.CredentialInvalid, match="not a key of this issuer"):
        credentials.verify(vector, loader=loader)  # by default, a did:key not bound to the issuer proves nothing
    vector["credentialSubject"]["alumniOf"] = "The School of Counterexamples"
    with pytest.raises(credentials.CredentialInvalid):
        credentials.verify(vector, resolve_key=resolve, loader=loader)


def controller_resolver(controller):
    methods = {method["id"]: method for method in controller["verificationMethod"]}

    def resolve(verification_method):
        if verification_method not in controller["assertionMethod"]:
            return None
        return keys.public_key_from_multibase(methods[verification_method]["publicKeyMultibase"])

    return resolve


def test_verifies_the_1edtech_open_badges_vector():
    vector = load_vector("1edtech-ob3-eddsa-rdfc-2022-signed.json")
    resolve = controller_resolver(load_vector("1edtech-ob3-issuer-controller.json"))
    credentials.verify(vector, resolve_key=resolve)
    vector["name"] = "Teamwork Badge!"
    with pytest.raises(credentials.CredentialInvalid, match="changed"):
        credentials.verify(vector, resolve_key=resolve)


# --- our credentials, checked independently ---------------------------------------------------------------------


def test_credential_is_an_open_badge_credential(signed, data):
    assert signed["@context"] == [credentials.VC_CONTEXT, credentials.OB_CONTEXT]
    assert signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert signed["issuer"]["id"] == ISSUER_DID
    assert signed["validFrom"] == "2026-05-04T03:02:01Z"
    subject = signed["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Nguyễn Thị Hương"
    assert subject["achievement"]["name"] == data.course_title
    assert signed["credentialStatus"]["statusListIndex"] == "42"
    assert signed["proof"]["verificationMethod"] == f"{ISSUER_DID}#test-1"
    credentials.verify(signed)


def _b58decode(text):
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number = 0
    for char in text:
        number = number * 58 + alphabet.index(char)
    return number.to_bytes(64, "big")


def _independent_loader():
    """A pyld loader written here from the shipped files, so the test does not reuse certificates.jsonld."""
    index = json.loads((CONTEXTS / "index.json").read_text())["contexts"]
    documents = {url: json.loads((CONTEXTS / entry["file"]).read_text()) for url, entry in index.items()}

    def load(url, options=None):
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(documents[url])}

    return load


def independent_verify(document, public_key):
    """vc-di-eddsa 3.3.2 written out: pyld RDFC-1.0 + SHA-256 + Ed25519 from `cryptography`; raises if invalid."""
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": _independent_loader()}
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    proof_config = {key: value for key, value in document["proof"].items() if key != "proofValue"}
    proof_config["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(pyld_jsonld.normalize(proof_config, options).encode()).digest()
    document_hash = hashlib.sha256(pyld_jsonld.normalize(unsecured, options).encode()).digest()
    assert document["proof"]["proofValue"].startswith("z")
    signature = _b58decode(document["proof"]["proofValue"][1:])
    public_key.verify(signature, proof_hash + document_hash)


def _public_key():
    raw = keys.get_keyring().current.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return Ed25519PublicKey.from_public_bytes(raw)


def test_signature_verifies_independently_and_a_changed_byte_breaks_it(signed):
    independent_verify(signed, _public_key())
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Nguyễn Thị Hướng"  # one diacritic
    with pytest.raises(InvalidSignature):
        independent_verify(tampered, _public_key())
    with pytest.raises(credentials.CredentialInvalid):
        credentials.verify(tampered)


def _pem():
    return keys.get_keyring().current.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_third_party_open_badges_verifier_accepts_it(signed):
    """openbadgeslib (PyPI, offline) checks the proof, the OB 3.0 shape and the JSON-LD form."""
    verify_data_integrity_proof(signed, _pem())
    badge = OB3LdpVerifier(_pem()).verify(signed)
    assert badge.achievement.name == "An toàn lao động trong xưởng cơ khí"
    assert badge.identifiers[0].identity_hash == "Nguyễn Thị Hương"
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] += "."
    with pytest.raises(OB3VerificationError):
        verify_data_integrity_proof(tampered, _pem())


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["proof"].update(proofValue=d["proof"]["proofValue"][:-2] + "11"),
        lambda d: d["proof"].update(created="2030-01-01T00:00:00Z"),
        lambda d: d["proof"].update(verificationMethod="did:web:evil.example#test-1"),
        lambda d: d["proof"].update(cryptosuite="ecdsa-rdfc-2019"),
        lambda d: d["proof"].update(proofPurpose="authentication"),
        lambda d: d["proof"].update(proofValue="not multibase"),
        lambda d: d.pop("proof"),
        lambda d: d["@context"].append("https://evil.example/context.json"),
        lambda d: d.update(validFrom="2026-05-04T03:02:02Z"),
    ],
)
def test_tampered_credentials_fail(signed, change):
    change(signed)
    with pytest.raises(credentials.CredentialInvalid):
        credentials.verify(signed)


def test_unknown_contexts_are_never_fetched():
    with pytest.raises(jsonld.ContextNotAvailable):
        jsonld.document_loader()("https://www.w3.org/2018/credentials/v1")


def test_rotation_keeps_old_credentials_verifiable(settings, data):
    old = keys.get_keyring().current
    old_signed = credentials.issue_credential(data)
    new_config = keys.generate_key_config("test-2")
    new_config["keys"].append(
        {"id": old.id, "public_key": old.multibase},
    )
    settings.CERTIFICATES_SIGNING_KEYS = new_config
    ring = keys.get_keyring()
    assert ring.current.id == "test-2" and {key.id for key in ring.keys} == {"test-1", "test-2"}
    new_signed = credentials.issue_credential(data)
    assert new_signed["proof"]["verificationMethod"].endswith("#test-2")
    credentials.verify(old_signed)
    credentials.verify(new_signed)
    # a key no longer published verifies nothing
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("test-3")
    with pytest.raises(credentials.CredentialInvalid, match="not a key of this issuer"):
        credentials.verify(old_signed)
