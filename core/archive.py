"""Cases are archived, never hard-deleted — through any page, the API or the admin."""

from django.db import models
from django.utils import timezone

from core.errors import ApplicationError


class DeletionRefused(ApplicationError):
    status = 409

    def __init__(self, model_name):
        super().__init__(f"{model_name}不能删除，只能归档", code="delete_refused")


class NoDeleteQuerySet(models.QuerySet):
    def delete(self):
        raise DeletionRefused(self.model._meta.verbose_name)

    delete.queryset_only = True

    def active(self):
        return self.filter(archived_at__isnull=True)


class ArchivableModel(models.Model):
    """Abstract base: ``archive()`` instead of ``delete()``; deletes raise DeletionRefused."""

    # No index: "not archived" matches nearly every row, and without statistics PostgreSQL takes
    # such an index for a selective one and rescans it once per joined row (issue 18). A query
    # that needs one gets a partial index on its own columns (`condition=Q(archived_at=None)`).
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)

    objects = NoDeleteQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise DeletionRefused(self._meta.verbose_name)

    def archive(self):
        if self.archived_at is None:
            self.archived_at = timezone.now()
            self.save(update_fields=["archived_at"])

    @property
    def is_archived(self):
        return self.archived_at is not None
