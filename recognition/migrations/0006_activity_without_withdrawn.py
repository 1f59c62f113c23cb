"""The learning activity read model leaves out completions HR rejected and those whose certificate was revoked
(docs/security.md, "Revocation and rejection"): rebuild the rows of the workers who have any."""

from django.db import migrations
from django.db.models import Q


def rebuild(apps, schema_editor):
    from recognition.activity import insert_rows

    Completion = apps.get_model("learning", "Completion")
    LearningActivity = apps.get_model("recognition", "LearningActivity")
    withdrawn = Q(reviews__status="rejected") | Q(certificate__revoked_at__isnull=False)
    users = Completion.objects.filter(withdrawn).values("user_id")
    LearningActivity.objects.filter(user_id__in=users).delete()
    counted = Completion.objects.filter(user_id__in=users).exclude(pk__in=Completion.objects.filter(withdrawn).values("pk"))
    insert_rows(counted, LearningActivity)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_private_files"),
        ("organisations", "0002_join_invitation"),
        ("recognition", "0005_private_files"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
