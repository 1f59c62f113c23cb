"""On PostgreSQL: unaccent and pg_trgm, and trigram GIN indexes that make LIKE '%word%' on folded text fast.

SQLite has neither; the folded columns already make search accent-insensitive there, so this is a no-op.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_entry_text_trgm ON catalogue_search_catalogueentry USING gin (text_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_title_trgm ON catalogue_search_catalogueentry USING gin (title_folded gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_text_trgm",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
