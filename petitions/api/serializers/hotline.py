"""The 12345 work-order import over the API: the upload, and the import's state as it runs."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from petitions.models import HotlineImport, HotlineSource


@extend_schema_field(OpenApiTypes.INT)
class _SourceField(serializers.PrimaryKeyRelatedField):
    """A source's id: the queryset is the caller's visible sources, so the schema cannot read its type."""


class HotlineUploadSerializer(serializers.Serializer):
    source = _SourceField(label="工单来源", queryset=HotlineSource.objects.none())
    file = serializers.FileField(label="工单导出文件（.xlsx 或 .csv）")
    dry_run = serializers.BooleanField(label="仅检查，不导入", required=False, default=True)

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources


class HotlineImportSerializer(serializers.ModelSerializer):
    source_name = serializers.CharField(source="source.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = HotlineImport
        fields = [
            "id",
            "source",
            "source_name",
            "file_name",
            "dry_run",
            "state",
            "state_label",
            "total_rows",
            "done_rows",
            "counts",
            "errors",
            "unmapped",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields
