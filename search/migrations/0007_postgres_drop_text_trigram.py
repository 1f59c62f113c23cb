"""On PostgreSQL: drop the trigram index of the folded text, which no query uses since words are matched through the
full-text index (0005): at 100,000 courses pg_stat_user_indexes counted 2,852 scans of search_entry_text_tsv and
none of search_entry_text_trgm by the application, a 60 MB GIN index every indexed page still paid to update.
The title's trigram index stays (autocomplete's LIKE on titles). SQLite: nothing to do.
"""

from django.db import migrations

FORWARD = ["DROP INDEX IF EXISTS search_entry_text_trgm"]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS search_entry_text_trgm ON catalogue_search_catalogueentry "
    "USING gin (text_folded gin_trgm_ops)"
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0006_searchword_without_numbers")]

    operations = [migrations.RunPython(forward, backward)]
