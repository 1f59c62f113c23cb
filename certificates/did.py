"""The issuer's did:web document, served at /.well-known/did.json.

Every published key (the current one and the retired ones kept for old credentials) is a Multikey
verification method authorised for assertionMethod, so a verifier resolving the DID finds the key of any
credential we ever signed.
"""

from . import conf, credentials, keys

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def did_document(keyring=None):
    keyring = keyring or keys.get_keyring()
    did = conf.issuer_did()
    methods = [
        {
            "id": credentials.verification_method_id(key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.multibase,
        }
        for key in keyring.keys
    ]
    method_ids = [method["id"] for method in methods]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": method_ids,
        "authentication": method_ids,
    }
