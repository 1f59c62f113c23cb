"""Evidence files and report exports move to the private storage (no URL): the fields name it, and files stored before
under MEDIA_ROOT move there under the same names, so the rows that name them keep working."""

import cms.storage
from django.db import migrations, models


FOLDERS = ("recognition/evidence", "recognition/reports")


def move_files(apps, schema_editor):
    # Idempotent, and nothing to move (a fresh site, files already moved or lost) is fine.
    cms.storage.move_to_private(FOLDERS)


def move_files_back(apps, schema_editor):
    # The code before this migration reads these files from the default storage.
    from django.core.files.storage import storages

    cms.storage.move_to_private(FOLDERS, source=cms.storage.private_storage(), target=storages["default"])


class Migration(migrations.Migration):

    dependencies = [
        ('recognition', '0004_learning_activity'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reportexport',
            name='file',
            field=models.FileField(blank=True, storage=cms.storage.private_storage, upload_to='recognition/reports/', verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='score',
            name='evidence_file',
            field=models.FileField(blank=True, storage=cms.storage.private_storage, upload_to='recognition/evidence/%Y/', verbose_name='evidence file'),
        ),
        migrations.RunPython(move_files, move_files_back),
    ]
