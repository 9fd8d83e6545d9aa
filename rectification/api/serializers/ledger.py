"""Ledger import upload and its summary."""

from rest_framework import serializers

# -- ledger --------------------------------------------------------------------------------------


class LedgerImportSerializer(serializers.Serializer):
    file = serializers.FileField(label="整改台账（.xlsx）")
    dry_run = serializers.BooleanField(label="仅检查，不导入", required=False, default=False)
    names = serializers.JSONField(
        label="名称对应",
        required=False,
        default=None,
        help_text=(
            '检查结果中“相近”“未找到”的部门和人员如何处理：{"department": {"机关纪委": 12, "热线服务处": "create"}, '
            '"person": {"李晶": 5}}——编号为对应到的已有记录，"create" 为新建。缺少任何一个时不导入，'
            "返回 400（code=names_undecided，detail.names 列出待确认的名称）。"
        ),
    )


class LedgerIssueSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    value = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()


class LedgerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LedgerCandidateSerializer(LedgerRefSerializer):
    score = serializers.FloatField()


class LedgerPlaceSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True)


class LedgerNameSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("department", "部门"), ("person", "人员")])
    name = serializers.CharField()
    match = serializers.ChoiceField(
        choices=[("exact", "完全一致"), ("alias", "别名"), ("close", "相近"), ("none", "未找到")]
    )
    match_label = serializers.CharField()
    target = LedgerRefSerializer(allow_null=True, label="对应到的记录（完全一致、别名或已决定的对应）")
    candidates = LedgerCandidateSerializer(many=True, label="相近的已有记录，按相似度排列")
    rows = LedgerPlaceSerializer(many=True, label="出现的位置（前几处）")
    row_count = serializers.IntegerField()
    decision = serializers.JSONField(allow_null=True, label='本次的处理：编号或 "create"')


class LedgerExistingSerializer(LedgerPlaceSerializer):
    measure_id = serializers.IntegerField()


class LedgerDeadlineSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    text = serializers.CharField(allow_blank=True)


class LedgerPreviewNameSerializer(serializers.Serializer):
    role = serializers.CharField()
    kind = serializers.CharField()
    name = serializers.CharField()
    matched = serializers.CharField(label="对应结果：已有记录、新建或待确认")


class LedgerPreviewRowSerializer(LedgerPlaceSerializer):
    aspects = serializers.ListField(child=serializers.CharField())
    problem = serializers.CharField()
    measure = serializers.CharField()
    deadline = LedgerDeadlineSerializer(allow_null=True)
    people = LedgerPreviewNameSerializer(many=True)
    exists = serializers.BooleanField(label="本轮次已有该措施（跳过）")


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
    names = LedgerNameSerializer(many=True, label="文件中的部门和人员名称及其对应")
    undecided = serializers.IntegerField(label="待确认的名称数")
    existing = LedgerExistingSerializer(many=True, label="本轮次已有的行（跳过，不重复导入）")
    added = serializers.IntegerField(label="新增的整改措施数")
    preview = LedgerPreviewRowSerializer(many=True, label="前 20 行导入后的样子")
