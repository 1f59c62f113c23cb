"""The issuer's Ed25519 keys: loaded from settings or a key file, never from the repository.

Several keys can be published at once so that keys rotate without invalidating what they signed: the
``current`` key signs new credentials, every key in the list stays in the DID document and verifies. A retired
key only needs its public half (``public_key``). Shape, in settings ``CERTIFICATES_SIGNING_KEYS`` or in the JSON
file named by ``CERTIFICATES_SIGNING_KEYS_FILE``::

    {"current": "2026-01", "keys": [
        {"id": "2026-01", "private_key": "-----BEGIN PRIVATE KEY-----..."},
        {"id": "2025-01", "public_key": "z6Mk..."}]}

``private_key`` is a PKCS#8 PEM or a Multikey ``secretKeyMultibase``; ``public_key`` a ``publicKeyMultibase``
or a PEM. Without either, development and tests generate a key into var/ (see conf.allow_generated_key).
"""

import functools
import json
import os
import re
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from . import conf

B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Multicodec prefixes (varint) of Ed25519 keys, as Multikey uses them.
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"
KEY_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def b58encode(data):
    """Base58 (Bitcoin alphabet), as multibase 'z' uses it."""
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = B58_ALPHABET[remainder] + encoded
    leading_zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading_zeros + encoded


def b58decode(text):
    number = 0
    for char in text:
        index = B58_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"{char!r} is not a base58 character.")
        number = number * 58 + index
    leading_ones = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading_ones + body


def multibase_decode(text):
    """Decode a base58btc multibase string ('z...'); the only base Multikey Ed25519 keys and proofs use."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("Expected a base58btc multibase value starting with 'z'.")
    return b58decode(text[1:])


def public_key_multibase(public_key):
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(text):
    raw = multibase_decode(text)
    if len(raw) != 34 or not raw.startswith(ED25519_PUB_PREFIX):
        raise ValueError("Not an Ed25519 publicKeyMultibase.")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _load_private(text):
    text = text.strip()
    if text.startswith("z"):
        raw = multibase_decode(text)
        if len(raw) != 34 or not raw.startswith(ED25519_PRIV_PREFIX):
            raise ValueError("Not an Ed25519 secretKeyMultibase.")
        return Ed25519PrivateKey.from_private_bytes(raw[2:])
    key = serialization.load_pem_private_key(text.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("The private key is not an Ed25519 key.")
    return key


def _load_public(text):
    text = text.strip()
    if text.startswith("z"):
        return public_key_from_multibase(text)
    key = serialization.load_pem_public_key(text.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("The public key is not an Ed25519 key.")
    return key


@dataclass(frozen=True)
class IssuerKey:
    id: str
    public_key: Ed25519PublicKey
    private_key: Ed25519PrivateKey | None = None

    @property
    def multibase(self):
        return public_key_multibase(self.public_key)

    def sign(self, data):
        if self.private_key is None:
            raise ImproperlyConfigured(f"Key {self.id} is published for verification only; it cannot sign.")
        return self.private_key.sign(data)


@dataclass(frozen=True)
class KeyRing:
    current: IssuerKey
    keys: tuple  # every published IssuerKey, the current one first

    def get(self, key_id):
        return next((key for key in self.keys if key.id == key_id), None)


def parse_keyring(config):
    """Build a KeyRing from the settings/file shape; raise ImproperlyConfigured with a clear sentence."""
    if not isinstance(config, dict) or not isinstance(config.get("keys"), list) or not config["keys"]:
        raise ImproperlyConfigured('Certificate signing keys need the shape {"current": id, "keys": [...]}.')
    keys = []
    for entry in config["keys"]:
        key_id = entry.get("id", "") if isinstance(entry, dict) else ""
        if not KEY_ID_RE.match(key_id):
            raise ImproperlyConfigured(f"Certificate signing key id {key_id!r} must be 1-64 of A-Z a-z 0-9 . _ -.")
        try:
            if entry.get("private_key"):
                private = _load_private(entry["private_key"])
                public = private.public_key()
                if entry.get("public_key") and public_key_multibase(_load_public(entry["public_key"])) != (
                    public_key_multibase(public)
                ):
                    raise ValueError("its public_key does not belong to its private_key")
            elif entry.get("public_key"):
                private, public = None, _load_public(entry["public_key"])
            else:
                raise ValueError("it needs a private_key or a public_key")
        except ValueError as error:
            raise ImproperlyConfigured(f"Certificate signing key {key_id}: {error}.") from error
        keys.append(IssuerKey(key_id, public, private))
    ids = [key.id for key in keys]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured("Certificate signing key ids must be unique.")
    current_id = config.get("current", ids[0])
    current = next((key for key in keys if key.id == current_id), None)
    if current is None or current.private_key is None:
        raise ImproperlyConfigured(f"The current certificate signing key {current_id!r} needs its private_key.")
    return KeyRing(current, (current, *[key for key in keys if key is not current]))


def generate_key_config(key_id="dev-1"):
    """A fresh key in the settings/file shape (for the dev fallback and for operators creating a key)."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return {"current": key_id, "keys": [{"id": key_id, "private_key": pem.decode()}]}


def _generated_config():
    path = conf.generated_key_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two processes starting at once, one writes the key and both then read the same one.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            json.dump(generate_key_config(), handle)
    for _attempt in range(50):
        text = path.read_text()
        if text:
            return json.loads(text)
        time.sleep(0.01)  # the other process is still writing
    raise ImproperlyConfigured(f"The generated certificate key file {path} is empty.")


@functools.cache
def get_keyring():
    """The issuer's keys: from settings, else the key file, else (dev/test only) a generated key in var/."""
    config = conf.signing_keys()
    if config is None and (path := conf.signing_keys_file()) is not None:
        try:
            config = json.loads(path.read_text())
        except (OSError, ValueError) as error:
            raise ImproperlyConfigured(f"Cannot read the certificate signing keys file {path}: {error}") from error
    if config is None:
        if not conf.allow_generated_key():
            raise ImproperlyConfigured(
                "No certificate signing key: set CERTIFICATES_SIGNING_KEYS or CERTIFICATES_SIGNING_KEYS_FILE."
            )
        config = _generated_config()
    return parse_keyring(config)


@receiver(setting_changed)
def _reset_keyring(setting, **kwargs):
    if setting.startswith("CERTIFICATES_"):
        get_keyring.cache_clear()
