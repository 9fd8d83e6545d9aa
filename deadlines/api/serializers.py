from rest_framework import serializers

from deadlines.models import DeadlineRule


class DeadlineRuleSerializer(serializers.ModelSerializer):
    unit_display = serializers.CharField(source="get_unit_display", read_only=True)
    event_display = serializers.CharField(source="get_event_display", read_only=True)

    class Meta:
        model = DeadlineRule
        fields = [
            "code",
            "name",
            "applies_to",
            "event",
            "event_display",
            "amount",
            "unit",
            "unit_display",
            "max_extension",
            "legal_basis",
            "is_active",
        ]


class ComputeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(label="起算日期", input_formats=["%Y-%m-%d"])


class DueSerializer(serializers.Serializer):
    rule = serializers.CharField()
    start = serializers.DateField()
    due_date = serializers.DateField()
    warning = serializers.CharField(allow_blank=True)
    legal_basis = serializers.CharField(allow_blank=True)
