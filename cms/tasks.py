"""Background work of the site itself, run by the task worker; cms.scheduler enqueues the periodic ones."""

from django_tasks import task


@task()
def publish_scheduled():
    """Publish the pages whose go-live time has come and unpublish the expired ones (Wagtail's command)."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)
