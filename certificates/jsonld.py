"""JSON-LD processing offline: every context comes from certificates/contexts/, nothing is ever fetched.

Signing and verification canonicalise with pyld; a context that a credential names but that we do not ship is
an error, because a fetched context could change what a signature means (and the network may not be there).
"""

import copy
import functools
import hashlib
import json
from pathlib import Path

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"


class ContextNotAvailable(Exception):
    """A JSON-LD context URL that is not shipped with the app."""


@functools.cache
def shipped_contexts():
    """Map each shipped context URL to its parsed JSON, checking every file against its recorded sha256."""
    index = json.loads((CONTEXTS_DIR / "index.json").read_text(encoding="utf-8"))
    contexts = {}
    for url, entry in index["contexts"].items():
        raw = (CONTEXTS_DIR / entry["file"]).read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != entry["sha256"]:
            raise ContextNotAvailable(f"The shipped context for {url} has been altered (sha256 {digest}).")
        contexts[url] = json.loads(raw)
    return contexts


def document_loader(extra=None):
    """A pyld document loader serving the shipped contexts (plus `extra`, a {url: document} map); others raise."""
    contexts = dict(shipped_contexts())
    contexts.update(extra or {})

    def load(url, options=None):
        try:
            document = contexts[url]
        except KeyError:
            raise ContextNotAvailable(f"JSON-LD context {url} is not shipped with the application.") from None
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            # pyld may keep what it is given: hand out a copy so the shipped context stays pristine.
            "document": copy.deepcopy(document),
        }

    return load


_default_loader = document_loader()


def canonicalize(document, loader=None):
    """RDF Dataset Canonicalization (RDFC-1.0, which pyld calls URDNA2015) of a JSON-LD document, as N-Quads."""
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": loader or _default_loader,
        },
    )
