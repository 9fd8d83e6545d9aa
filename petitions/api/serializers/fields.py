"""Fields the petition serializers share: user names, choice labels, the light."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def user_name(user):
    if user is None:
        return None
    return user.get_full_name() or user.first_name or user.username


class UserNameField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return user_name(value)


extend_schema_field({"type": "string", "nullable": True})(UserNameField)


class LabelField(serializers.Field):
    """The Chinese label of a choice field (read-only). Cheaper than ``source="get_x_display"``,
    which DRF inspects with ``inspect.signature`` on every row."""

    def __init__(self, choices, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)
        self.labels = {value: str(label) for value, label in choices}

    def to_representation(self, value):
        return self.labels.get(value, "")


extend_schema_field({"type": "string"})(LabelField)


class LightMixin(serializers.Serializer):
    light = serializers.SerializerMethodField(help_text="亮灯：grey 已办结，none 无期限，green，yellow，red")

    @extend_schema_field(serializers.ChoiceField(choices=["grey", "none", "green", "yellow", "red"]))
    def get_light(self, obj):
        return self.context["lights"].light(obj)
