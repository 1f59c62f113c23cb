"""Open Badges 3.0 credentials (W3C VC 2.0 data model) secured with an eddsa-rdfc-2022 Data Integrity proof.

Why Data Integrity and not VC-JWT: the credential stays one readable JSON document that a holder can open and
an HR system can show, with the proof embedded in it (a JWT hides the credential in base64); Ed25519 keys
publish as Multikey in the issuer's did:web document, the form the Open Badges 3.0 conformance suite resolves;
the same suite signs our Bitstring Status List; and Ed25519 signs fast with 64-byte signatures. The cost,
canonicalising with RDFC-1.0, is a few milliseconds with pyld over the contexts shipped in contexts/.

Signing and verifying follow W3C vc-di-eddsa, sections 3.3 (eddsa-rdfc-2022): hash the canonical proof
configuration and the canonical document with SHA-256, sign ``proofConfigHash || documentHash``.
"""

import copy
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from . import conf, jsonld, keys

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CRYPTOSUITE = "eddsa-rdfc-2022"
ACHIEVEMENT_TYPES = {"title": "Award", "programme": "LearningProgram", "completion": "CertificateOfCompletion"}


class CredentialInvalid(Exception):
    """A credential whose proof does not verify (tampered, unknown key, malformed)."""


@dataclass(frozen=True)
class CertificateData:
    """What a credential says; built from a Certificate (or anything with these facts)."""

    serial: str
    holder_name: str
    course_title: str
    course_url: str
    issued_at: datetime
    hours: Decimal | float | int | None = None
    learning_area: str = ""
    course_description: str = ""
    status_list_index: int | None = None
    language: str = "vi"
    # "title": a recognition such as "Công dân học tập 2026" rather than a course completion; "programme": every
    # course of a programme, listed in `parts` as ({"title", "url"}, ...).
    kind: str = "completion"
    issuer_name: str = ""
    parts: tuple = ()


def xsd_datetime(value):
    """An xsd:dateTime in UTC with seconds precision, the form VC validity dates use."""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def absolute(path):
    return conf.base_url() + path


def credential_url(serial):
    return absolute(reverse("certificates:credential", args=[serial]))


def status_list_url(list_number):
    return absolute(reverse("certificates:status-list", args=[list_number]))


def issuer_profile():
    return {"id": conf.issuer_did(), "type": ["Profile"], "name": conf.issuer_name(), "url": conf.base_url() + "/"}


def format_hours(hours):
    if hours is None:
        return ""
    return format(Decimal(str(hours)).normalize(), "f")


def build_credential(data):
    """The unsigned OpenBadgeCredential for a certificate."""
    issued = xsd_datetime(data.issued_at)
    hours = format_hours(data.hours)
    if data.kind == "title":
        narrative = _("Recognised with the title “%(title)s”.") % {"title": data.course_title}
        if data.issuer_name:
            narrative += " " + _("Recognised by: %(issuer)s.") % {"issuer": data.issuer_name}
    elif data.kind == "programme":
        narrative = _("Completed every course of the programme “%(programme)s”: %(courses)s.") % {
            "programme": data.course_title,
            "courses": "; ".join(f"“{part['title']}”" for part in data.parts),
        }
    else:
        narrative = _("Completed every required part of the course “%(course)s”.") % {"course": data.course_title}
    if hours:
        narrative += " " + _("Learning hours: %(hours)s.") % {"hours": hours}
    achievement = {
        "id": data.course_url,
        "type": ["Achievement"],
        # Open Badges 3.0 achievement types: a title is an "Award", a programme a "LearningProgram", a course a
        # "CertificateOfCompletion".
        "achievementType": ACHIEVEMENT_TYPES.get(data.kind, "CertificateOfCompletion"),
        "name": data.course_title,
        "description": data.course_description or data.course_title,
        "criteria": {"narrative": narrative},
        "inLanguage": data.language,
    }
    if data.learning_area:
        achievement["fieldOfStudy"] = data.learning_area
    if data.parts:
        # The programme's courses, each an Alignment to the course's page: a verifier sees what was completed.
        achievement["alignment"] = [
            {"type": ["Alignment"], "targetName": part["title"], "targetUrl": part["url"], "targetType": "ext:Course"}
            for part in data.parts
        ]
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(data.serial),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": data.course_title,
        "issuer": issuer_profile(),
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # Holders have no DID: OB 3.0 identifies them by an IdentityObject; the name as printed on the
            # certificate, in clear because the certificate shows it anyway (no other personal data).
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": data.holder_name,
                    "identityType": "name",
                    "hashed": False,
                }
            ],
            "activityEndDate": issued,
            "achievement": achievement,
        },
    }
    if data.status_list_index is not None:
        size = conf.status_list_size()
        list_url = status_list_url(data.status_list_index // size)
        credential["credentialStatus"] = {
            "id": f"{list_url}#{data.status_list_index % size}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(data.status_list_index % size),
            "statusListCredential": list_url,
        }
    return credential


def verification_method_id(key):
    return f"{conf.issuer_did()}#{key.id}"


def _hash_data(unsecured, proof_options, loader=None):
    """SHA-256(canonical proof configuration) || SHA-256(canonical document) (vc-di-eddsa 3.3.4 to 3.3.6)."""
    proof_config = dict(proof_options, **{"@context": unsecured["@context"]})
    proof_hash = hashlib.sha256(jsonld.canonicalize(proof_config, loader).encode()).digest()
    document_hash = hashlib.sha256(jsonld.canonicalize(unsecured, loader).encode()).digest()
    return proof_hash + document_hash


def sign(document, key=None, created=None):
    """Return a copy of `document` with an eddsa-rdfc-2022 DataIntegrityProof by `key` (the current key)."""
    key = key or keys.get_keyring().current
    unsecured = copy.deepcopy(document)
    unsecured.pop("proof", None)
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": xsd_datetime(created or datetime.now(UTC)),
        "verificationMethod": verification_method_id(key),
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsecured, proof))
    unsecured["proof"] = dict(proof, proofValue="z" + keys.b58encode(signature))
    return unsecured


def issue_credential(data):
    """Build and sign the OpenBadgeCredential for `data` (a CertificateData)."""
    return sign(build_credential(data))


def issuer_id(document):
    """The credential's issuer id: `issuer` is a URL/DID string or a Profile object with an `id`."""
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def issuer_key_resolver(issuer):
    """Resolve only keys that belong to `issuer`: for our did:web, a key our DID document lists as an
    assertionMethod; for a did:key issuer, its own key. Any other key, however valid its signature, is refused:
    a fresh did:key signing a credential that names us (or anyone else) as issuer proves nothing.
    """

    def resolve(verification_method):
        did, _sep, fragment = verification_method.partition("#")
        if not issuer or did != issuer:
            return None
        if issuer == conf.issuer_did():
            from .did import did_document  # did imports this module

            document = did_document()
            if verification_method not in document["assertionMethod"]:
                return None
            method = next(m for m in document["verificationMethod"] if m["id"] == verification_method)
            return keys.public_key_from_multibase(method["publicKeyMultibase"])
        if issuer.startswith("did:key:") and fragment == issuer.removeprefix("did:key:"):
            try:
                return keys.public_key_from_multibase(fragment)
            except ValueError:
                return None
        return None

    return resolve


def verify(document, resolve_key=None, loader=None, expected_purpose="assertionMethod"):
    """Check the credential's eddsa-rdfc-2022 proof; return the proof, or raise CredentialInvalid saying why.

    `resolve_key(verification_method)` returns an Ed25519PublicKey or None. The default accepts only keys of the
    credential's own issuer (issuer_key_resolver); a caller passing its own resolver vouches for its keys.
    """
    from cryptography.exceptions import InvalidSignature

    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        raise CredentialInvalid("The document has no proof.")
    proof = document["proof"]
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise CredentialInvalid(f"The proof is not a DataIntegrityProof with the {CRYPTOSUITE} cryptosuite.")
    if proof.get("proofPurpose") != expected_purpose:
        raise CredentialInvalid(f"The proof's purpose is not {expected_purpose}.")
    try:
        signature = keys.multibase_decode(proof.get("proofValue"))
    except ValueError as error:
        raise CredentialInvalid(f"The proof value is malformed: {error}") from error
    if len(signature) != 64:
        raise CredentialInvalid("The proof value is not an Ed25519 signature.")
    method = proof.get("verificationMethod")
    if resolve_key is None:
        resolve_key = issuer_key_resolver(issuer_id(document))
    public_key = resolve_key(method) if isinstance(method, str) else None
    if public_key is None:
        raise CredentialInvalid("The proof's verification method is not a key of this issuer.")
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    options = {name: value for name, value in proof.items() if name != "proofValue"}
    if "@context" in options:
        # vc-di-eddsa 3.3.2: the document's contexts must start with the proof's.
        contexts = options.pop("@context")
        contexts = contexts if isinstance(contexts, list) else [contexts]
        if unsecured.get("@context", [])[: len(contexts)] != contexts:
            raise CredentialInvalid("The proof's @context does not match the document's.")
    try:
        hash_data = _hash_data(unsecured, options, loader)
    except Exception as error:  # pyld raises its own errors, ContextNotAvailable among their causes
        raise CredentialInvalid(f"The document cannot be canonicalised: {error}") from error
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        raise CredentialInvalid("The signature does not match the credential: it was changed.") from None
    return proof
