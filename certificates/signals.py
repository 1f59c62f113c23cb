"""Signals the certificates app sends."""

from django.dispatch import Signal

# Sent inside the transaction that revoked a certificate, so that what others derive from it changes with it:
# sender=Certificate, certificate=<Certificate> (revoked_at set).
certificate_revoked = Signal()
