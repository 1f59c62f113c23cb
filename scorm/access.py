"""Who may launch a SCO. The site names its own check in SCORM_LAUNCH_PERMISSION (see conf.launch_permission)."""


def can_preview(user, sco):
    """Editors who may change a package or place it in content may launch it (the admin's preview); nobody else.

    Asked of the package permission policy: package permissions are granted per collection (scorm.permissions).
    """
    from wagtail.permissions import policy_registry

    from .models import Package

    return user.is_active and policy_registry.get_by_type(Package).user_has_any_permission_for_instance(
        user, ["change", "choose"], sco.package
    )


def can_launch(user, sco):
    """Whether `user` may launch `sco` under the configured check."""
    from . import conf

    return bool(user.is_authenticated and conf.launch_permission()(user, sco))
