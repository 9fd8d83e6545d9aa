"""The demo clues: one plan per clue (its stage, disposal, outcomes and feedback), some of them
taken from the demo 检举控告 petitions."""

import datetime as dt
from dataclasses import dataclass, field

from core.outcomes import OutcomeKind
from discipline.models import Clue, ClueStep

S = Clue.Status
D = Clue.Disposal
Src = Clue.Source
T = ClueStep.FeedbackTarget
O = OutcomeKind  # noqa: E741
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


def source_petitions(ctx):
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


def clue_plans(ctx):
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
    last_year_petitions, recent_petitions = source_petitions(ctx)
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
