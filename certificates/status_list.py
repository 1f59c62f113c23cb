"""W3C Bitstring Status List v1.0: which credentials are revoked, published as a signed credential.

Each certificate owns one index; list N holds indexes N*size to (N+1)*size-1. Bit 0 is the left-most bit of the
first byte (spec, section 3.1); the bitstring is GZIP-compressed and multibase base64url ('u') encoded.
"""

import base64
import gzip
from datetime import UTC, datetime

from . import conf, credentials

VC_CONTEXT = credentials.VC_CONTEXT


def encode_bitstring(indexes, size=None):
    """The encodedList for a list of `size` entries with the bits at `indexes` (list-relative) set."""
    size = size or conf.status_list_size()
    bits = bytearray(size // 8)
    for index in indexes:
        if not 0 <= index < size:
            raise ValueError(f"Status index {index} is outside the list (0 to {size - 1}).")
        bits[index // 8] |= 0x80 >> (index % 8)
    # mtime=0: the same revocations always give the same bytes (cacheable, comparable).
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode_bitstring(encoded):
    if not encoded.startswith("u"):
        raise ValueError("An encodedList is multibase base64url and starts with 'u'.")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def is_set(encoded, index):
    """Whether the bit at list-relative `index` is set (1 = revoked)."""
    bits = decode_bitstring(encoded)
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"Status index {index} is outside the list.")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def build_status_list_credential(list_number, revoked_indexes, valid_from=None):
    """The unsigned BitstringStatusListCredential for list `list_number`; `revoked_indexes` are list-relative."""
    url = credentials.status_list_url(list_number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": conf.issuer_did(),
        "validFrom": credentials.xsd_datetime(valid_from or datetime.now(UTC)),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bitstring(revoked_indexes),
        },
    }


def signed_status_list(list_number, revoked_indexes, valid_from=None):
    """The status list credential, signed like the certificates it describes."""
    return credentials.sign(build_status_list_credential(list_number, revoked_indexes, valid_from))
