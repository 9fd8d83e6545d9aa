"""Demo clues and recommendations: the whole last calendar year and the recent weeks.

Built through the real services with back-dated steps, so numbers, due dates, signed
step records and history are what users would produce. Clues cover every stage and
every disposal (and 移送审查调查), some from the demo petitions (when the petitions app
has seeded any), some transferred by an inspection round. Idempotent on the same day:
a clue or letter already present (same summary / title) is skipped.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from core.outcomes import OutcomeKind
from core.seed import register_seeder
from discipline.models import Clue, ClueStep, Recommendation
from discipline.services import clues as clue_services
from discipline.services import recommendations as rec_services

S = Clue.Status
D = Clue.Disposal
Src = Clue.Source
T = ClueStep.FeedbackTarget
O = OutcomeKind  # noqa: E741
ORDER = [S.REGISTERED, S.ASSIGNED, S.PROPOSED, S.DISCUSSED, S.APPROVED, S.EXECUTING, S.CONCLUDED, S.FED_BACK]
MEETING = ["孙立新", "周敏", "吴晓峰"]
ROUND_LAST_YEAR = "市委第三巡察组{year}年常规巡察"
ROUND_THIS_YEAR = "市委第一巡察组{year}年专项巡察"
# the petition kind (检举控告) whose demo petitions become clues; discipline imports no petitions model
ACCUSATION = "accusation"


@dataclass
class CluePlan:
    summary: str  # the natural key
    received: dt.date
    source: str
    subject: str
    stage: str
    disposal: str = D.PRELIMINARY
    method: str = ""  # 谈话函询: talk / letter
    replied: bool = True  # a letter's reply is in
    reviews: int = 0  # 暂存待查: how many periodic reviews (-1: every one due up to now)
    returned: bool = False  # 审批退回 once before approval
    outcomes: list = field(default_factory=list)  # [(person name, OutcomeKind)]
    result: str = "经核实，反映问题部分属实，已按规定处理。"
    feedback: list = field(default_factory=list)  # [FeedbackTarget]
    inspection_round: str = ""
    transferred_to: str = ""
    petition: object = None
    content: str = ""


def _petitions(ctx):
    """Demo 检举控告 petitions to turn into clues (none if the petitions app seeded none)."""
    petition_model = Clue._meta.get_field("source_petition").related_model
    qs = petition_model.objects.filter(kind=ACCUSATION, is_restricted=False, archived_at__isnull=True).order_by(
        "received_at", "id"
    )
    last_year = [p for p in qs.filter(year=ctx.last_year)[:40] if not p.clues.exists()]
    recent = [
        p for p in qs.filter(received_at__date__gte=ctx.today - dt.timedelta(days=30))[:10] if not p.clues.exists()
    ]
    return last_year, recent


def _plans(ctx):
    y, today = ctx.last_year, ctx.today

    def ago(days):
        return today - dt.timedelta(days=days)

    def day(month, d):
        return dt.date(y, month, d)

    inspection_last = ROUND_LAST_YEAR.format(year=y)
    inspection_now = ROUND_THIS_YEAR.format(year=today.year)
    plans = [
        # -- the last calendar year: almost all finished ----------------------------------------
        CluePlan(
            "反映公车私用问题（节假日驾驶公车外出）",
            day(1, 28),
            Src.PETITION,
            "冯涛",
            S.FED_BACK,
            D.TALK_INQUIRY,
            method="letter",
            outcomes=[("冯涛", O.REMINDER_TALK)],
            result="函询说明基本属实，对其提醒谈话。",
            feedback=[T.PETITION_OFFICE, T.REPORTER],
        ),
        CluePlan(
            "巡察移交：违规发放加班补贴",
            day(2, 15),
            Src.INSPECTION,
            "褚亮",
            S.FED_BACK,
            D.PRELIMINARY,
            inspection_round=inspection_last,
            outcomes=[("褚亮", O.ADMONISHMENT), ("褚亮", O.ORGANIZATIONAL)],
            result="初核属实，予以诫勉并调整岗位，违规款项已清退。",
            feedback=[T.INSPECTION_OFFICE],
        ),
        CluePlan(
            "反映干部参加可能影响公正执行公务的宴请",
            day(3, 10),
            Src.SUPERVISION,
            "蒋鹏",
            S.FED_BACK,
            D.CLOSE,
            outcomes=[("蒋鹏", O.CLEARED)],
            result="经了解反映问题失实，予以了结并澄清。",
            feedback=[T.OTHER],
        ),
        CluePlan(
            "审计移交：采购项目未按规定比价",
            day(4, 2),
            Src.AUDIT,
            "卫国强",
            S.EXECUTING,
            D.DEFER,
            reviews=-1,
            content="审计发现2项采购未履行比价程序，暂不具备核查条件。",
        ),
        CluePlan(
            "上级交办：工程项目涉嫌利益输送",
            day(5, 20),
            Src.SUPERIOR,
            "吴晓峰",
            S.FED_BACK,
            D.TRANSFER,
            transferred_to="市纪委监委第二审查调查室",
            outcomes=[("吴晓峰", O.PARTY_HEAVY)],
            result="经审查调查，给予留党察看处分。",
            feedback=[T.SUPERIOR],
        ),
        CluePlan(
            "反映干部对待服务对象态度粗暴",
            day(6, 26),
            Src.PETITION,
            "郑丽",
            S.FED_BACK,
            D.PRELIMINARY,
            outcomes=[("郑丽", O.CRITICISM), ("郑丽", O.NAMED_CRITICISM)],
            result="初核属实，批评教育并点名批评。",
            feedback=[T.PETITION_OFFICE],
        ),
        CluePlan(
            "巡察移交：值班期间擅离岗位",
            day(7, 9),
            Src.INSPECTION,
            "陈静",
            S.FED_BACK,
            D.TALK_INQUIRY,
            method="talk",
            inspection_round=inspection_last,
            outcomes=[("陈静", O.SELF_EXAMINATION)],
            result="谈话后本人作出书面检查。",
            feedback=[T.INSPECTION_OFFICE],
        ),
        CluePlan(
            "反映违规收受服务对象购物卡",
            day(8, 25),
            Src.SUPERVISION,
            "冯涛",
            S.CONCLUDED,
            D.PRELIMINARY,
            outcomes=[("冯涛", O.PARTY_WARNING)],
            result="初核属实，给予党内警告处分，购物卡已上交。",
        ),
        CluePlan(
            "反映违规泄露工单信息",
            day(9, 26),
            Src.PETITION,
            "蒋鹏",
            S.FED_BACK,
            D.DEFER,
            reviews=1,
            result="经复查，反映问题查无实据，予以了结。",
            feedback=[T.PETITION_OFFICE],
        ),
        # concluded from a 检举控告 but not yet reported back to the 信访举报部门 (第十八条: each quarter)
        CluePlan(
            "反映工作人员向服务对象索要好处",
            day(11, 5),
            Src.PETITION,
            "蒋鹏",
            S.CONCLUDED,
            D.CLOSE,
            result="反映问题查无实据，予以了结。",
        ),
        CluePlan(
            "反映干部违规使用公车",
            day(8, 6),
            Src.PETITION,
            "郑丽",
            S.CONCLUDED,
            D.CLOSE,
            result="反映问题轻微，予以了结并提醒谈话。",
        ),
        CluePlan(
            "反映干部违规兼职取酬",
            day(10, 28),
            Src.OTHER,
            "卫国强",
            S.CONCLUDED,
            D.TALK_INQUIRY,
            method="letter",
            outcomes=[("卫国强", O.ADMONISHMENT)],
            result="函询回复不实，予以诫勉。",
        ),
        CluePlan(
            "巡察移交：合同管理不规范涉嫌优亲厚友",
            day(11, 12),
            Src.INSPECTION,
            "褚亮",
            S.EXECUTING,
            D.PRELIMINARY,
            inspection_round=inspection_last,
            feedback=[T.INSPECTION_OFFICE],
        ),
        CluePlan(
            "上级交办：反映干部借用管理服务对象车辆",
            day(12, 5),
            Src.SUPERIOR,
            "陈静",
            S.FED_BACK,
            D.CLOSE,
            result="反映问题已在专项整治中处理，予以了结。",
            feedback=[T.SUPERIOR],
        ),
        CluePlan(
            "反映干部操办婚宴借机敛财", day(12, 20), Src.SUPERVISION, "郑丽", S.EXECUTING, D.PRELIMINARY, returned=True
        ),
        # -- this year: every stage, some overdue -----------------------------------------------
        CluePlan("反映工作人员上班时间脱岗办理私事", ago(100), Src.OTHER, "冯涛", S.EXECUTING, D.PRELIMINARY),
        CluePlan(
            "巡察移交：公务接待超标准", ago(62), Src.INSPECTION, "吴晓峰", S.ASSIGNED, inspection_round=inspection_now
        ),
        CluePlan(
            "反映违规使用公务加油卡",
            ago(45),
            Src.SUPERVISION,
            "蒋鹏",
            S.EXECUTING,
            D.TALK_INQUIRY,
            method="letter",
            replied=False,
        ),
        CluePlan("反映干部违规经商办企业", ago(40), Src.OTHER, "卫国强", S.REGISTERED),
        CluePlan(
            "反映违规发放节日福利",
            ago(26),
            Src.AUDIT,
            "褚亮",
            S.EXECUTING,
            D.TALK_INQUIRY,
            method="letter",
            replied=False,
        ),
        CluePlan("反映干部插手工单派发", ago(25), Src.OTHER, "陈静", S.PROPOSED, D.TALK_INQUIRY),
        # talked to 24 days ago: the 30-day 谈话函询 办结 is near
        CluePlan("反映干部违规参加营利性活动", ago(40), Src.OTHER, "冯涛", S.EXECUTING, D.TALK_INQUIRY, method="talk"),
        CluePlan("反映干部接受服务对象宴请", ago(22), Src.SUPERVISION, "郑丽", S.DISCUSSED, D.CLOSE),
        CluePlan("上级交办：反映干部违规打听案情", ago(20), Src.SUPERIOR, "吴晓峰", S.APPROVED, D.TRANSFER),
        CluePlan(
            "反映办公用房超标",
            ago(18),
            Src.OTHER,
            "蒋鹏",
            S.EXECUTING,
            D.TRANSFER,
            transferred_to="区纪委监委第一审查调查室",
        ),
        CluePlan(
            "巡察移交：值班记录弄虚作假", ago(9), Src.INSPECTION, "冯涛", S.REGISTERED, inspection_round=inspection_now
        ),
        CluePlan("反映违规收受礼金", ago(3), Src.PETITION, "卫国强", S.REGISTERED),
    ]
    last_year_petitions, recent_petitions = _petitions(ctx)
    for plan in plans:
        if plan.source != Src.PETITION:
            continue
        pool = last_year_petitions if plan.received.year == y else recent_petitions
        # a petition received in the same month, before the clue (so the ledger keeps its months)
        petition = next(
            (p for p in pool if p.received_on <= plan.received and p.received_on.month == plan.received.month),
            None,
        )
        if petition is None:
            # no demo petition to come from: a clue found in supervision instead
            plan.source, plan.feedback = Src.SUPERVISION, [t for t in plan.feedback if t == T.OTHER]
            continue
        pool.remove(petition)
        plan.petition = petition
        if petition.subject_person_id and petition.subject_person.name in ctx.data["people"]:
            plan.subject = petition.subject_person.name
        plan.received = max(plan.received, petition.received_on)
        if not petition.is_named:
            plan.feedback = [t for t in plan.feedback if t != T.REPORTER]
    return sorted((p for p in plans if p.received <= today), key=lambda p: p.received)


class _ClueBuilder:
    def __init__(self, ctx):
        User = get_user_model()
        self.ctx = ctx
        self.today = ctx.today
        self.inspector = User.objects.get(username="jijian")
        self.supervisor = User.objects.get(username="zuzhang")
        self.people = ctx.data["people"]
        self.created = 0

    def at(self, value):
        return min(value, self.today)

    def build(self, plan):
        if Clue.objects.filter(summary=plan.summary).exists():
            return
        people, ins, sup = self.people, self.inspector, self.supervisor
        target = ORDER.index(plan.stage)
        d0 = plan.received
        clue = clue_services.clue_register(
            user=ins,
            received_date=d0,
            source=plan.source,
            subject_person=people[plan.subject],
            summary=plan.summary,
            content=plan.content or plan.summary,
            inspection_round=plan.inspection_round,
            source_petition=plan.petition,
            date=d0,
        )
        self.created += 1
        if target >= 1:
            clue = clue_services.clue_assign(
                user=sup, clue=clue, handler=ins, note="请周敏同志承办", date=self.at(d0 + dt.timedelta(days=1))
            )
        if target >= 2:
            first = D.PRELIMINARY if plan.returned else plan.disposal
            clue = clue_services.clue_propose(
                user=ins,
                clue=clue,
                disposal=first,
                note="根据反映问题的具体程度提出",
                date=self.at(d0 + dt.timedelta(days=5)),
            )
            if plan.returned:
                clue = clue_services.clue_return(
                    user=sup,
                    clue=clue,
                    note="反映问题较具体，请补充材料后重新拟办",
                    date=self.at(d0 + dt.timedelta(days=7)),
                )
                clue = clue_services.clue_propose(
                    user=ins,
                    clue=clue,
                    disposal=plan.disposal,
                    note="补充材料后重新拟办",
                    date=self.at(d0 + dt.timedelta(days=9)),
                )
        if target >= 3:
            members = [(people[name], "同意拟办意见") for name in MEETING if name != plan.subject]
            clue = clue_services.clue_discuss(
                user=ins, clue=clue, members=members, note="集体研究同意", date=self.at(d0 + dt.timedelta(days=12))
            )
        if target >= 4:
            clue = clue_services.clue_approve(
                user=sup, clue=clue, note="同意", date=self.at(d0 + dt.timedelta(days=14))
            )
        if target >= 5:
            clue = self._execute(clue, plan, d0 + dt.timedelta(days=16))
        if plan.stage != S.FED_BACK and T.INSPECTION_OFFICE in plan.feedback and target < 6:
            clue = clue_services.clue_feedback(
                user=ins,
                clue=clue,
                target=T.INSPECTION_OFFICE,
                method="written",
                note="已报送办理进展情况",
                date=self.at(d0 + dt.timedelta(days=60)),
            )
        if target >= 6:
            last = clue.steps.order_by("-date").values_list("date", flat=True).first()
            concluded_on = self.at(max(last, d0 + dt.timedelta(days=45)) + dt.timedelta(days=3))
            outcomes = [(people[name], kind, "") for name, kind in plan.outcomes]
            clue = clue_services.clue_conclude(
                user=ins, clue=clue, result=plan.result, outcomes=outcomes, date=concluded_on
            )
            if target >= 7:
                for i, target_kind in enumerate(plan.feedback):
                    clue = clue_services.clue_feedback(
                        user=ins,
                        clue=clue,
                        target=target_kind,
                        method="phone" if target_kind == T.REPORTER else "written",
                        note="已反馈办理结果",
                        date=self.at(concluded_on + dt.timedelta(days=7 + i)),
                    )

    def _execute(self, clue, plan, on):
        ins = self.inspector
        on = self.at(on)
        clue = clue_services.clue_execute(
            user=ins,
            clue=clue,
            method=plan.method,
            transferred_to=plan.transferred_to or ("市纪委监委审查调查室" if plan.disposal == D.TRANSFER else ""),
            note="按批准的处置方式执行",
            date=on,
        )
        if plan.method == "letter" and plan.replied:
            clue = clue_services.clue_record_inquiry_reply(
                user=ins, clue=clue, note="被函询人已书面说明", date=self.at(on + dt.timedelta(days=12))
            )
        done = 0
        if plan.reviews:
            # reviewed when due (up to the last period before today, or the planned number of times)
            while (
                clue.next_review_date
                and clue.next_review_date <= self.today - dt.timedelta(days=10)
                and (plan.reviews < 0 or done < plan.reviews)
            ):
                done += 1
                clue = clue_services.clue_review(
                    user=ins, clue=clue, note="经复查暂无新情况，继续暂存", date=clue.next_review_date
                )
        return clue


# -- recommendations ---------------------------------------------------------------------------
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


def _rec_plans(ctx):
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


def _build_recommendation(ctx, plan, users):
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


@register_seeder(50, "问题线索与纪律检查建议书（上一年度全年与近期，各阶段）")
def seed_discipline(ctx):
    builder = _ClueBuilder(ctx)
    for plan in _plans(ctx):
        builder.build(plan)
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["jijian", "zuzhang", "shouli1", "duban"])
    }
    # issued in date order (so the numbers follow the dates), drafts last
    plans = sorted(_rec_plans(ctx), key=lambda p: (p.issued is None, p.issued or ctx.today))
    letters = sum(_build_recommendation(ctx, plan, users) for plan in plans)
    ctx.notes.append(
        f"问题线索：共 {Clue.objects.count()} 件（本次新增 {builder.created} 件）；"
        f"纪律检查建议书：共 {Recommendation.objects.count()} 份（本次新增 {letters} 份）"
    )
