"""Give the editor and reviewer groups of existing providers the SCORM package permissions setup_provider now grants.

A provider's groups are recognised as setup_provider made them (their names depend on the language active then):
the groups that may add documents in the provider's collection; of those, the ones that may publish in the
provider's section are its reviewers.
"""

from django.db import migrations

EDITOR = ("add_package", "change_package", "choose_package")
REVIEWER = (*EDITOR, "delete_package")
NAMES = {
    "add_package": "Can add SCORM package",
    "change_package": "Can change SCORM package",
    "choose_package": "Can choose SCORM package",
    "delete_package": "Can delete SCORM package",
}


def grant(apps, schema_editor):
    Provider = apps.get_model("courses", "Provider")
    ProviderPage = apps.get_model("courses", "ProviderPage")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    if not Provider.objects.exists():
        return
    # Permissions are normally created after migrating; these ones are needed now.
    package_type, _created = ContentType.objects.get_or_create(app_label="scorm", model="package")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=package_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NAMES.items()
    }
    for provider in Provider.objects.all():
        collection = Collection.objects.filter(depth=2, name=provider.name).first()
        section = ProviderPage.objects.filter(provider=provider).first()
        if collection is None or section is None:
            continue
        groups = set(
            GroupCollectionPermission.objects.filter(
                collection=collection,
                permission__content_type__app_label="wagtaildocs",
                permission__codename="add_document",
            ).values_list("group_id", flat=True)
        )
        reviewers = set(
            GroupPagePermission.objects.filter(
                page_id=section.pk, permission__codename="publish_page", group_id__in=groups
            ).values_list("group_id", flat=True)
        )
        for group_id in groups:
            for codename in REVIEWER if group_id in reviewers else EDITOR:
                GroupCollectionPermission.objects.get_or_create(
                    group_id=group_id, collection=collection, permission=permissions[codename]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0003_lesson_scorm_package_chooser"),
        ("scorm", "0003_package_collection"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
