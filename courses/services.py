"""Verbs of the catalogue: find the catalogue, give each provider its section, editors and review workflow."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import CourseIndexPage, Provider, ProviderPage

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
MEDIA_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)
# SCORM packages, per collection (scorm.permissions): deleting one deletes learners' attempts, so only reviewers may.
EDITOR_COLLECTION_PERMISSIONS = (*MEDIA_PERMISSIONS, ("scorm", ("add_package", "change_package", "choose_package")))
REVIEWER_COLLECTION_PERMISSIONS = (
    *MEDIA_PERMISSIONS,
    ("scorm", ("add_package", "change_package", "choose_package", "delete_package")),
)


def get_catalogue():
    """The catalogue: the first CourseIndexPage, created under the default site's root page if there is none."""
    catalogue = CourseIndexPage.objects.order_by("path").first()
    if catalogue is not None:
        return catalogue
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    parent = site.root_page if site else Page.get_first_root_node()
    catalogue = CourseIndexPage(title=_("Courses"), slug="khoa-hoc")
    parent.add_child(instance=catalogue)
    catalogue.save_revision().publish()
    return catalogue


def editor_group_name(provider):
    return _("Editors: %(provider)s") % {"provider": provider.name}


def reviewer_group_name(provider):
    return _("Reviewers: %(provider)s") % {"provider": provider.name}


def grant_page_permissions(group, page, codenames):
    """Give `group` the page permissions `codenames` on `page` and the pages below it (idempotent)."""
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection_permissions(group, collection, permissions=MEDIA_PERMISSIONS):
    for app_label, codenames in permissions:
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def provider_collection(provider):
    """The provider's media collection (images, documents, SCORM packages), created under the root if missing."""
    root_collection = Collection.get_first_root_node()
    collection = root_collection.get_children().filter(name=provider.name).first()
    if collection is None:
        collection = root_collection.add_child(name=provider.name)
    return collection


@transaction.atomic
def setup_provider(provider):
    """Give a provider its catalogue section, media collection, editor and reviewer groups and review workflow.

    Idempotent: run it again and nothing is duplicated. Editors may add and edit pages only in the section and
    submit them for review; the provider's reviewers approve and publish.
    """
    catalogue = get_catalogue()
    section = ProviderPage.objects.filter(provider=provider).first()
    if section is None:
        section = ProviderPage(
            title=provider.name, slug=slugify(provider.slug) or f"provider-{provider.pk}", provider=provider
        )
        catalogue.add_child(instance=section)
        section.save_revision().publish()

    collection = provider_collection(provider)

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editors, _created = Group.objects.get_or_create(name=editor_group_name(provider))
    reviewers, _created = Group.objects.get_or_create(name=reviewer_group_name(provider))
    for group, codenames, collection_permissions in (
        (editors, EDITOR_PAGE_PERMISSIONS, EDITOR_COLLECTION_PERMISSIONS),
        (reviewers, REVIEWER_PAGE_PERMISSIONS, REVIEWER_COLLECTION_PERMISSIONS),
    ):
        group.permissions.add(access_admin)
        grant_page_permissions(group, section, codenames)
        _grant_collection_permissions(group, collection, collection_permissions)

    workflow_name = _("Review: %(provider)s") % {"provider": provider.name}
    workflow, created = Workflow.objects.get_or_create(name=workflow_name)
    if created or not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(
            name=_("Approval by %(provider)s reviewers") % {"provider": provider.name}
        )
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return section


def get_or_create_provider(slug, name=None):
    """Find a provider by slug, or create it (named by the slug when no name is given) with its section.

    Returns (provider, created).
    """
    provider = Provider.objects.filter(slug=slug).first()
    if provider is not None:
        return provider, False
    provider = Provider.objects.create(slug=slug, name=name or slug)
    setup_provider(provider)
    return provider, True
