"""Signals the learning app sends."""

from django.dispatch import Signal

# Sent once per completion, after the transaction that recorded it has committed:
# sender=Completion, completion=<Completion>.
completion_recorded = Signal()
