"""Work of the reviews app that runs in the task worker (``manage.py db_worker``)."""

from django.tasks import task

from .exports import run_export


@task()
def run_queue_export(export_id: int) -> str:
    """Write a queued queue export; see reviews.exports."""
    return run_export(export_id)
