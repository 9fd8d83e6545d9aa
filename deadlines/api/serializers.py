import datetime as dt

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
    # Bounded so that adding any rule's amount stays a real date (near year 9999 it overflowed).
    EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

    # validators=[]: validate_start applies the shared range with the field's own name in the message.
    start = serializers.DateField(label="起算日期", input_formats=["%Y-%m-%d"], validators=[])

    def validate_start(self, value):
        if not self.EARLIEST <= value <= self.LATEST:
            raise serializers.ValidationError(f"起算日期应在 {self.EARLIEST} 至 {self.LATEST} 之间")
        return value


class DueSerializer(serializers.Serializer):
    rule = serializers.CharField()
    start = serializers.DateField()
    due_date = serializers.DateField()
    warning = serializers.CharField(allow_blank=True)
    legal_basis = serializers.CharField(allow_blank=True)
