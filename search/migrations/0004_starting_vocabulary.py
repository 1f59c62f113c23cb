"""Load the starting search vocabulary (search/data/synonyms.csv): abbreviations and synonyms of the six learning
areas and the programmes' words (labour law, OSH, social insurance, unions, digital skills, fire safety...).

Editors keep it afterwards (snippet, CSV import); rows already present are left as they are.
"""

from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.csv"


def load(apps, schema_editor):
    from search.folding import fold
    from search.synonyms import parse_csv

    Synonym = apps.get_model("catalogue_search", "Synonym")
    rows, errors = parse_csv(DATA.read_text(encoding="utf-8"))
    if errors:
        raise ValueError("search/data/synonyms.csv: " + "; ".join(errors))
    existing = set(Synonym.objects.values_list("folded", flat=True))
    Synonym.objects.bulk_create(
        [
            Synonym(
                term=row["term"],
                folded=fold(row["term"]),
                abbreviations=row["abbreviations"],
                synonyms=row["synonyms"],
                learning_area=row["learning_area"],
                active=row["active"],
            )
            for row in rows
            if fold(row["term"]) not in existing
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("catalogue_search", "Synonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue_search", "0003_synonym")]

    operations = [migrations.RunPython(load, unload)]
