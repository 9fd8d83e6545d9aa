"""Small shared representations: {id, name} references and users."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# -- small shared pieces -----------------------------------------------------------------------


class RectificationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RectificationUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, user):
        return user.get_full_name() or user.username


@extend_schema_field(RectificationRefSerializer(allow_null=True))
class NamedRefField(serializers.Field):
    """{id, name} of a related person or department — cheaper per row than a nested serializer."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source)

    def to_representation(self, value):
        return {"id": value.pk, "name": value.name}


@extend_schema_field(RectificationRefSerializer(many=True))
class NamedRefListField(NamedRefField):
    def to_representation(self, value):
        return [{"id": item.pk, "name": item.name} for item in value]


def rate(done, total):
    return round(done * 100 / total, 1) if total else None
