"""Typo correction's vocabulary keeps words with a letter only (search.backends.database._add_words): numbers are
matched as typed, never corrected to another number, and course numbers in titles no longer fill the table."""

from django.db import migrations


def forward(apps, schema_editor):
    SearchWord = apps.get_model("catalogue_search", "SearchWord")
    SearchWord.objects.filter(word__regex=r"^[0-9]+$").delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0005_postgres_fulltext")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
