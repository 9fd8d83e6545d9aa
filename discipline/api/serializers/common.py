from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from deadlines.light import Light

# Light.NONE reads 长期坚持 for measures; a clue or letter without a running deadline has none.
LIGHT_LABELS = {**dict(Light.choices), Light.NONE: "无期限"}

DATE_FORMATS = ["%Y-%m-%d"]


class DateField(serializers.DateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)


class LightMixin(serializers.Serializer):
    """Adds ``light`` and ``light_display`` from a LightContext put in the serializer context."""

    light = serializers.SerializerMethodField(label="亮灯")
    light_display = serializers.SerializerMethodField(label="亮灯说明")

    light_function = None  # (obj, ctx) -> light value

    def get_light(self, obj) -> str:
        return type(self).light_function(obj, self.context["light_context"])

    def get_light_display(self, obj) -> str:
        return LIGHT_LABELS[self.get_light(obj)]


class StepDateMixin(serializers.Serializer):
    date = DateField(label="办理日期", required=False, allow_null=True, help_text="默认为今天；补录时填写实际日期")


class ClueStatisticsQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年度", required=False, min_value=1900, max_value=9999)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.ReadOnlyField):
    """The Chinese label of a choice field's value (``get_FOO_display`` costs an inspect per row)."""

    def __init__(self, choices, **kwargs):
        self.labels = {str(value): str(label) for value, label in choices.choices}
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.labels.get(str(value), "") if value not in (None, "") else ""
