"""Celery tasks of the core app: run a background job; fail jobs whose worker died, delete expired
jobs and their files."""

from celery import shared_task

from core.jobs.services import job_run, jobs_delete_expired, jobs_fail_stale


@shared_task(name="core.tasks.run_job_task")
def run_job_task(job_id):
    job = job_run(job_id)
    return job.status if job else None


@shared_task(name="core.tasks.delete_expired_jobs_task")
def delete_expired_jobs_task():
    return {"interrupted": jobs_fail_stale(), "deleted": jobs_delete_expired()}
