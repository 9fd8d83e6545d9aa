from rest_framework import serializers

from organization.models import Department, Person


class DepartmentSerializer(serializers.ModelSerializer):
    parent_name = serializers.CharField(source="parent.name", default=None, read_only=True)
    head_name = serializers.CharField(source="head.name", default=None, read_only=True)

    class Meta:
        model = Department
        fields = ["id", "name", "kind", "parent", "parent_name", "order", "head", "head_name", "is_active"]


class PersonSerializer(serializers.ModelSerializer):
    department_ids = serializers.PrimaryKeyRelatedField(source="departments", many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "title", "is_leader", "is_active", "department_ids"]
