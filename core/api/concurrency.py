"""The API side of ``core.concurrency``: the ``version`` an edit is based on."""

from rest_framework import serializers


class VersionField(serializers.IntegerField):
    """Write-only ``version`` on PATCH/PUT; a stale one is refused with 409 (see README)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        kwargs.setdefault("required", False)
        kwargs.setdefault("write_only", True)
        kwargs.setdefault(
            "help_text", "修改所基于的版本（读取时的 version）；已被他人修改时返回 409。也可用 If-Match 头传递"
        )
        super().__init__(**kwargs)
