"""What the pages keep per user: saved filters of the list pages."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SavedFilter(models.Model):
    """A named query string of one list page, for one user only (nobody else lists or opens it)."""

    MAX_PER_LIST = 20

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="saved_filters"
    )
    list_key = models.CharField("列表", max_length=32)
    name = models.CharField("名称", max_length=40)
    query = models.CharField("筛选条件", max_length=1000, blank=True)
    created_at = models.DateTimeField("保存时间", default=timezone.now)

    class Meta:
        verbose_name = "常用筛选"
        verbose_name_plural = "常用筛选"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key", "name"], name="saved_filter_name_once"),
        ]

    def __str__(self):
        return self.name
