"""Ledger import upload and its summary."""

from rest_framework import serializers

# -- ledger --------------------------------------------------------------------------------------


class LedgerImportSerializer(serializers.Serializer):
    file = serializers.FileField(label="整改台账（.xlsx）")
    dry_run = serializers.BooleanField(label="仅检查，不导入", required=False, default=False)


class LedgerIssueSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class LedgerSummarySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    round = serializers.CharField()
    sheets = serializers.ListField(child=serializers.CharField())
    aspects = serializers.IntegerField()
    problems = serializers.IntegerField()
    measures = serializers.IntegerField()
    progress_notes = serializers.IntegerField()
    new_departments = serializers.ListField(child=serializers.CharField())
    new_people = serializers.ListField(child=serializers.CharField(), label="新建人员（无登录账号）")
    warnings = LedgerIssueSerializer(many=True)
