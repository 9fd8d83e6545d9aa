"""Seed the activity kinds the annual report counts and the 八类工作 risk categories.

The lists are copied here (not imported from reports.kinds) so the migration keeps
working whatever the code later becomes.
"""

from django.db import migrations

KINDS = [
    # code, name, unit, counts_persons, allows_seminar, order
    ("party-conduct-meeting", "党风廉政建设工作会议", "次", False, False, 10),
    ("superior-report", "向上级纪检机构汇报", "次", False, False, 20),
    ("heart-talk", "谈心谈话", "人次", True, False, 30),
    ("integrity-talk", "廉政提醒谈话", "人", True, False, 40),
    ("web-article", "网文", "篇", False, False, 50),
    ("wall-poster", "廉宣墙报", "块", False, False, 60),
    ("warning-case", "警示教育典型案例", "个", False, False, 70),
    ("theory-study", "理论中心组学习", "次", False, True, 80),
    ("history-mobilization", "党史学习教育动员会", "次", False, False, 90),
    ("ideology-meeting", "意识形态工作专题会", "次", False, False, 100),
    ("work-info", "工作信息报送", "篇", False, False, 110),
]

CATEGORIES = ["干部选拔任用", "财务管理", "政府采购", "工单受理", "转办督办", "考核评价", "信息数据管理", "资产管理"]


def seed(apps, schema_editor):
    ActivityKind = apps.get_model("reports", "ActivityKind")
    RiskCategory = apps.get_model("reports", "RiskCategory")
    for code, name, unit, counts_persons, allows_seminar, order in KINDS:
        ActivityKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "counts_persons": counts_persons,
                "allows_seminar": allows_seminar,
                "order": order,
                "is_system": True,
            },
        )
    for i, name in enumerate(CATEGORIES, start=1):
        RiskCategory.objects.get_or_create(name=name, defaults={"order": i * 10})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
