"""Demo data for the annual report: a full last calendar year of work records and risk points.

Together with the rectification, petitions and discipline seeds this fills every
figure of ``annual_report`` for last year. Idempotent: records are found by
(kind, date, title) and (category, date, title); profile texts are only filled when
blank, so an author's edits survive a re-run.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from core.seed import register_seeder
from reports import kinds
from reports.models import Activity, ActivityKind, ReportProfile, RiskCategory, RiskPoint

PROFILE = {
    "line_of_work": "12345热线",
    "campaign_name": "清风热线",
    "column_name": "廉洁微课堂",
    "system_name": "12345热线",
    "office_name": "中共某市12345政务服务便民热线管理局纪检组",
}

# kind code -> [(month, day, title, quantity, is_seminar)]
ACTIVITIES = {
    kinds.PARTY_CONDUCT_MEETING: [
        (2, 20, "全面从严治党暨党风廉政建设工作会议", 1, False),
        (5, 18, "二季度党风廉政建设形势分析会", 1, False),
        (8, 22, "三季度党风廉政建设工作推进会", 1, False),
        (11, 20, "四季度党风廉政建设工作会议", 1, False),
    ],
    kinds.SUPERIOR_REPORT: [
        (6, 30, "向上级纪检机构汇报上半年主体责任落实情况", 1, False),
        (12, 15, "向上级纪检机构汇报全年主体责任落实情况", 1, False),
    ],
    kinds.HEART_TALK: [(m, 12, f"{m}月党组成员与各部门主要负责人谈心谈话", 6 + m % 4, False) for m in range(1, 13, 2)],
    kinds.INTEGRITY_TALK: [
        (1, 25, "春节前班子成员廉政提醒谈话", 7, False),
        (9, 8, "新进公务员廉政提醒谈话", 5, False),
    ],
    kinds.WEB_ARTICLE: [(m, 15, f"“廉洁微课堂”{m}月网文推送", 2 + m % 3, False) for m in range(1, 13)],
    kinds.WALL_POSTER: [(m, 10, f"{m}月廉宣墙报更新", 2, False) for m in (3, 6, 9, 12)],
    kinds.WARNING_CASE: [
        (4, 16, "违反中央八项规定精神典型案例通报学习", 3, False),
        (7, 14, "热线系统作风问题典型案例警示教育", 2, False),
        (10, 19, "身边人身边事警示教育", 3, False),
    ],
    kinds.THEORY_STUDY: [
        (m, 26, f"{m}月党组理论学习中心组集体学习" + ("（专题研讨）" if m % 3 == 0 else ""), 1, m % 3 == 0)
        for m in range(1, 13)
    ],
    kinds.HISTORY_MOBILIZATION: [(3, 5, "党史学习教育动员会", 1, False)],
    kinds.IDEOLOGY_MEETING: [
        (6, 24, "上半年意识形态工作专题会", 1, False),
        (12, 22, "下半年意识形态工作专题会", 1, False),
    ],
    kinds.WORK_INFO: [(m, 28, f"{m}月工作信息报送", 1 + m % 2, False) for m in range(1, 13)],
}

# category name -> [(month, day, title, department, shortcomings, suggestions)]
RISK_POINTS = {
    "工单受理": [
        (4, 8, "工单受理时随意退回、推诿", "受理一处", 2, 2),
        (4, 9, "受理话术不规范引发投诉", "受理一处", 1, 2),
        (4, 10, "来电人信息查询权限过宽", "受理二处", 2, 1),
        (4, 11, "工单分类不准影响统计", "受理二处", 1, 1),
    ],
    "转办督办": [
        (4, 12, "督办超期无预警", "督办处", 2, 2),
        (4, 13, "转办部门选择随意", "督办处", 1, 1),
        (4, 14, "办结回访走过场", "督办处", 1, 2),
    ],
    "财务管理": [
        (4, 15, "公务接待审批不严", "财务处", 1, 1),
        (4, 16, "报销凭证审核不细", "财务处", 1, 1),
    ],
    "干部选拔任用": [(4, 17, "民主推荐范围把握不准", "机关党委（人事处）", 1, 1)],
    "政府采购": [(4, 18, "小额采购询价不充分", "办公室", 1, 2)],
    "考核评价": [(4, 19, "考核结果运用不充分", "督办处", 1, 1)],
    "信息数据管理": [(4, 20, "工单数据导出未留痕", "信息技术所", 2, 2)],
    "资产管理": [(4, 21, "固定资产台账更新不及时", "办公室", 1, 1)],
}


@register_seeder(60, "年度报告：工作记录、廉政风险点与报告用单位信息")
def seed_reports(ctx):
    year = ctx.last_year
    departments = ctx.data.get("departments", {})
    user = get_user_model().objects.filter(username="jijian").first()
    people = list(ctx.data.get("people", {}).values())

    profile = ReportProfile.load()
    changed = [name for name, value in PROFILE.items() if not getattr(profile, name)]
    for name in changed:
        setattr(profile, name, PROFILE[name])
    if changed:
        profile._change_reason = "演示数据"
        profile.save()

    by_code = {k.code: k for k in ActivityKind.objects.all()}
    for code, rows in ACTIVITIES.items():
        kind = by_code[code]
        for month, day, title, quantity, seminar in rows:
            activity, created = Activity.objects.get_or_create(
                kind=kind,
                date=dt.date(year, month, day),
                title=title,
                defaults={
                    "quantity": quantity,
                    "is_seminar": seminar,
                    "created_by": user,
                    "department": departments.get("纪检组"),
                },
            )
            if created and kind.counts_persons and people:
                activity.persons.set(people[:quantity])

    categories = {c.name: c for c in RiskCategory.objects.all()}
    for name, rows in RISK_POINTS.items():
        category = categories.get(name)
        if category is None:  # renamed by the unit: its own data, left alone
            continue
        for month, day, title, dept, short, sugg in rows:
            RiskPoint.objects.get_or_create(
                category=category,
                date=dt.date(year, month, day),
                title=title,
                defaults={
                    "department": departments.get(dept),
                    "shortcoming_count": short,
                    "shortcomings": f"{title}：制度措施存在短板{short}处",
                    "suggestion_count": sugg,
                    "suggestions": f"针对“{title}”提出完善制度、加强监督的建议{sugg}条",
                    "created_by": user,
                },
            )
    ctx.notes.append(f"年度报告：{year}年度演示数据已就绪，可运行 python manage.py annual_report --out 报告.docx")
