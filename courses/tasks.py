"""Background work of the catalogue: an admin catalogue import runs here, out of the request that confirmed it."""

from django_tasks import task

from .import_jobs import CatalogueImport


@task()
def import_catalogue_file(import_id):
    """Run a confirmed catalogue import; a no-op when the row is gone or it has already run."""
    from .admin_import import run_import

    job = CatalogueImport.objects.filter(pk=import_id).select_related("provider", "user").first()
    if job is None:
        return False
    return run_import(job).status == CatalogueImport.DONE
