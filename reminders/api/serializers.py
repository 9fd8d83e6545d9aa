from rest_framework import serializers

from reminders.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "stage", "stage_display", "title", "body", "link", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class UpdatedSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
