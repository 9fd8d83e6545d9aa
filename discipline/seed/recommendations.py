"""The demo 纪律检查建议书: drafts, letters awaiting a reply (some overdue), replied and closed ones."""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from discipline.models import Recommendation
from discipline.services import recommendations as rec_services


@dataclass
class RecPlan:
    title: str
    department: str
    issued: dt.date | None  # None: a draft
    source: str = Recommendation.Source.DAILY_SUPERVISION
    replied_after: int | None = None  # days after issue; None: no reply yet
    closed_after: int | None = None  # days after the reply
    own_due_days: int | None = None  # a letter's own reply deadline (days after issue)
    with_file: bool = False
    problems: str = "一、制度执行不严格；二、监督检查流于形式。"
    recommendations: str = "一、健全内控制度；二、开展专项自查并于回复期限内书面报告整改情况。"


def recommendation_plans(ctx):
    y, today = ctx.last_year, ctx.today

    def ago(days):
        return today - dt.timedelta(days=days)

    R = Recommendation.Source
    return [
        RecPlan(
            "关于规范热线工单回访工作的纪律检查建议", "受理一处", dt.date(y, 3, 15), R.PETITION, 20, 8, with_file=True
        ),
        RecPlan("关于加强值班纪律管理的纪律检查建议", "督办处", dt.date(y, 6, 3), R.INSPECTION, 25, 10),
        RecPlan("关于规范公务接待和差旅报销的纪律检查建议", "财务处", dt.date(y, 9, 8), R.CLUE, 28),
        RecPlan(
            "关于加强信息系统数据安全管理的纪律检查建议", "信息技术所", dt.date(y, 11, 20), R.DAILY_SUPERVISION, 21, 5
        ),
        RecPlan("关于整改工单超期办理问题的纪律检查建议", "受理二处", ago(50), R.PETITION),
        RecPlan("关于规范服务用语和接听规范的纪律检查建议", "受理一处", ago(20), R.DAILY_SUPERVISION),
        RecPlan("关于落实巡察反馈问题整改的纪律检查建议", "督办处", ago(10), R.INSPECTION, own_due_days=60),
        RecPlan("关于加强知识库内容审核的纪律检查建议", "督办处", ago(35), R.INVESTIGATION, 30, with_file=True),
        RecPlan("关于规范办公用房管理的纪律检查建议", "办公室", None, R.DAILY_SUPERVISION),
    ]


def build_recommendation(ctx, plan, users):
    if Recommendation.objects.filter(title=plan.title).exists():
        return False
    inspector = users["jijian"]
    department = ctx.data["departments"][plan.department]
    data = {
        "title": plan.title,
        "target_department": department,
        "source": plan.source,
        "problems": plan.problems,
        "causes": "主体责任落实不到位，日常监督管理不严。",
        "recommendations": plan.recommendations,
    }
    if plan.own_due_days and plan.issued:
        data["reply_due_date"] = plan.issued + dt.timedelta(days=plan.own_due_days)
    rec = rec_services.recommendation_create(user=inspector, data=data)
    if plan.issued is None:
        return True
    rec = rec_services.recommendation_issue(user=inspector, rec=rec, issued_on=plan.issued)
    if plan.replied_after is None:
        return True
    replier = {"受理一处": users["shouli1"], "督办处": users["duban"]}.get(plan.department, inspector)
    replied_on = min(plan.issued + dt.timedelta(days=plan.replied_after), ctx.today)
    files = [SimpleUploadedFile("整改情况说明.txt", "整改情况说明（演示）".encode())] if plan.with_file else []
    rec = rec_services.recommendation_reply(
        user=replier, rec=rec, reply_text="已对照建议逐项整改，整改情况如下……", replied_on=replied_on, files=files
    )
    if plan.closed_after is not None:
        rec_services.recommendation_close(
            user=users["zuzhang"],
            rec=rec,
            note="整改到位，予以销账",
            closed_on=min(replied_on + dt.timedelta(days=plan.closed_after), ctx.today),
        )
    return True
