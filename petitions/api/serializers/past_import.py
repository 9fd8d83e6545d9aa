"""The 往年信访件导入 upload and its summary."""

from rest_framework import serializers


class PastImportSerializer(serializers.Serializer):
    file = serializers.FileField(label="信访台账（.xlsx）")
    dry_run = serializers.BooleanField(label="仅检查，不导入", required=False, default=False)


class PastImportRowSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    number = serializers.CharField()
    received = serializers.CharField()
    status = serializers.CharField()
    steps = serializers.CharField()
    outcomes = serializers.IntegerField()


class PastImportExistingSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    number = serializers.CharField()


class PastImportSummarySerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    sheets = serializers.ListField(child=serializers.CharField())
    rows = serializers.IntegerField(help_text="文件中的数据行")
    added = serializers.IntegerField(help_text="导入（检查时：将导入）的信访件")
    existing = PastImportExistingSerializer(many=True, help_text="系统中已有（编号和收到日期相同）、跳过的行")
    by_year = serializers.DictField(child=serializers.IntegerField(), help_text="按收到年度的件数")
    by_status = serializers.DictField(child=serializers.IntegerField(), help_text="按状态的件数")
    outcomes = serializers.IntegerField(help_text="处理结果条数")
    ignored_columns = serializers.ListField(child=serializers.CharField(), help_text="未读取的列")
    preview = PastImportRowSerializer(many=True, help_text="前 50 行")
