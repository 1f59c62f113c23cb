"""Who may upload, edit, delete and choose SCORM packages: per collection, like Wagtail's images and documents.

Permissions are granted to groups on a collection (GroupCollectionPermission) and apply to that collection and
the ones below it: `add_package` (upload, and edit the packages one uploaded), `change_package` (edit any),
`delete_package` and `choose_package` (place a package in a lesson).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import Collection
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy


class PackagePermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection ownership rules, except that deleting needs `delete_package` itself.

    Images and documents treat delete as change; deleting a package also deletes every learner's attempts at it,
    so neither editing rights nor having uploaded it are enough.
    """

    def user_has_permission(self, user, action):
        if action == "delete":
            return self._check_perm(user, ["delete"])
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if "delete" in actions:
            actions.discard("delete")
            if self._check_perm(user, ["delete"], collection=instance.collection):
                return True
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if "delete" not in actions or (user.is_active and user.is_superuser) or not user.is_authenticated:
            return super().instances_user_has_any_permission_for(user, actions)
        actions.discard("delete")
        deletable = Q(collection__in=self._collections_with_perm(user, ["delete"]))
        others = super().instances_user_has_any_permission_for(user, actions)
        return self.model._default_manager.filter(deletable | Q(pk__in=others.values("pk")))

    def collections_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if "delete" not in actions or (user.is_active and user.is_superuser) or not user.is_authenticated:
            return super().collections_user_has_any_permission_for(user, actions)
        actions.discard("delete")
        others = super().collections_user_has_any_permission_for(user, actions)
        deletable = self._collections_with_perm(user, ["delete"])
        return Collection.objects.filter(Q(pk__in=others.values("pk")) | Q(pk__in=deletable.values("pk")))

    def users_with_any_permission(self, actions):
        return self._with_deleters(actions, super().users_with_any_permission)

    def users_with_any_permission_for_instance(self, actions, instance):
        return self._with_deleters(
            actions,
            lambda rest: super(PackagePermissionPolicy, self).users_with_any_permission_for_instance(rest, instance),
            collection=instance.collection,
        )

    def _with_deleters(self, actions, others_for, collection=None):
        actions = set(actions)
        if "delete" not in actions:
            return others_for(actions)
        actions.discard("delete")
        others = others_for(actions)
        deleters = self._users_with_perm_filter(["delete"], collection=collection)
        return get_user_model().objects.filter(deleters | Q(pk__in=others.values("pk"))).distinct()


def get_permission_policy():
    from .models import Package

    return PackagePermissionPolicy(Package, auth_model=Package, owner_field_name="uploaded_by")


def packages_user_may_not_choose(user, package_ids):
    """The ids among `package_ids` of packages the user may not place in content (unknown ids included)."""
    from wagtail.permissions import policy_registry

    from .models import Package

    package_ids = {int(pk) for pk in package_ids}
    if not package_ids:
        return set()
    allowed = policy_registry.get_by_type(Package).instances_user_has_any_permission_for(user, ["choose"])
    return package_ids - set(allowed.filter(pk__in=package_ids).values_list("pk", flat=True))
