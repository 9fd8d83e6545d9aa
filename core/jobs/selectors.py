"""Reading jobs: a user sees their own jobs only — nobody else's, whatever their role."""

from core.models import Job
from core.scoping import get_visible_or_404, register_visibility, visible_to


@register_visibility(Job)
def _own_jobs(actor, queryset):
    # Superusers and the 系统管理员 included: a job's file holds what its owner may see.
    return queryset.filter(owner_id=actor.user_id)


def job_list(*, user):
    return visible_to(Job, user=user).order_by("-created_at", "-id")


def job_get(*, user, pk) -> Job:
    return get_visible_or_404(job_list(user=user), user=user, pk=pk)
