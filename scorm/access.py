"""Who may launch a SCO. The site names its own check in SCORM_LAUNCH_PERMISSION (see conf.launch_permission)."""


def can_preview(user, sco):
    """Editors who may change packages may launch any of them (the admin's preview); nobody else."""
    return user.is_active and user.has_perm("scorm.change_package")


def can_launch(user, sco):
    """Whether `user` may launch `sco` under the configured check."""
    from . import conf

    return bool(user.is_authenticated and conf.launch_permission()(user, sco))
