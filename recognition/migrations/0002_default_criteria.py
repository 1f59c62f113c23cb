"""The default CDHT / Đơn vị học tập criteria and the QĐ 1268 indicator targets for 2025 and 2030."""

from django.db import migrations


def load(apps, schema_editor):
    from recognition.defaults import load as load_defaults

    load_defaults(apps, schema_editor)


def unload(apps, schema_editor):
    from recognition.defaults import unload as unload_defaults

    unload_defaults(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
