"""Demo petitions: the whole last calendar year and the recent weeks, in every state.

Built through the real services with back-dated steps, so numbers, due dates, history and
the workflow log are what users would produce. Idempotent on the same day: the plan is
drawn from a generator seeded with the date, and a petition already present (same
received time and summary) is skipped.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.outcomes import OutcomeKind
from core.seed import register_seeder
from petitions import query_code, services
from petitions.identity import Identity
from petitions.models import (
    Category,
    Channel,
    IdentityAccessRequest,
    Kind,
    Petition,
    RestrictedReason,
    Satisfaction,
    Status,
)

# Fictional reporters (demo only).
REPORTERS = [
    Identity("张晓明", "13800010001", "110101198001010011", "某市东城区和平路1号"),
    Identity("李桂芳", "13800010002", "110101197502020022", "某市西城区建设街8号"),
    Identity("王建军", "13800010003", "", "某市南区幸福小区3栋"),
    Identity("刘淑珍", "13800010004", "110101196803030044", ""),
    Identity("陈志强", "13800010005", "", "某市北区工业路16号"),
    Identity("杨丽娟", "13800010006", "110101199004040066", "某市高新区科技园2号"),
]

# kind, category, summary, content
MATTERS = [
    (
        Kind.COMPLAINT,
        "服务态度",
        "热线接线员态度生硬",
        "来电反映拨打热线时接线员语气生硬、不耐烦，未解答所咨询的问题。",
    ),
    (Kind.COMPLAINT, "电话接听", "热线长时间无人接听", "来电反映多次拨打热线均长时间排队无人接听。"),
    (Kind.COMPLAINT, "办事效率", "工单办理超期未回复", "反映所提交的诉求工单超过承诺时限仍未得到答复。"),
    (Kind.COMPLAINT, "业务差错", "工单派错承办单位", "反映诉求被派往无关单位，来回转办耽误处理。"),
    (Kind.SUGGESTION, "办事效率", "建议增加夜间人工坐席", "建议在晚间高峰时段增加人工坐席，缩短等待时间。"),
    (Kind.SUGGESTION, "服务态度", "建议规范服务用语", "建议统一接线服务用语并加强培训。"),
    (Kind.PETITION, "办事效率", "诉求多次反映未解决", "信访人反映其诉求多次通过热线反映仍未解决，请求督办。"),
    (Kind.PETITION, "服务态度", "对回访结果不满意", "信访人对诉求办理结果的回访情况不满意，要求重新处理。"),
    (Kind.PETITION, "工作纪律", "反映工作人员上班时间脱岗", "信访人反映某工作人员多次在上班时间离岗办理私事。"),
    (Kind.ACCUSATION, "违反中央八项规定精神", "反映公车私用问题", "反映某干部节假日驾驶公车外出办理私事。"),
    (Kind.ACCUSATION, "作风纪律", "反映干部工作作风粗暴", "反映某干部对待服务对象态度粗暴、推诿扯皮。"),
    (Kind.ACCUSATION, "群众身边腐败和作风问题", "反映收受服务对象礼品", "反映某干部收受服务对象购物卡。"),
    (Kind.ACCUSATION, "工作纪律", "反映违规泄露工单信息", "反映有工作人员将市民诉求信息透露给被投诉单位。"),
]
CHANNELS = [Channel.HOTLINE, Channel.PHONE, Channel.ONLINE, Channel.LETTER, Channel.VISIT, Channel.REFERRAL,
            Channel.INSPECTION, Channel.OTHER]  # fmt: skip
CHANNEL_WEIGHTS = [30, 20, 20, 10, 8, 5, 4, 3]
SUBJECTS = ["郑丽", "冯涛", "陈静", "卫国强", "褚亮"]
OFFICE_DEPARTMENTS = ["受理一处", "督办处"]


def _moment(day, rng, tz, hour_from=9, hour_to=17):
    return dt.datetime.combine(day, dt.time(rng.randint(hour_from, hour_to), rng.choice([0, 15, 30, 45])), tzinfo=tz)


def _later(start, days, now):
    return min(start + dt.timedelta(days=days, hours=2), now - dt.timedelta(minutes=5))


class _Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.rng = random.Random(f"petitions-{ctx.today.isoformat()}")  # the plan
        self.step_rng = random.Random(f"petition-steps-{ctx.today.isoformat()}")  # only for new petitions
        User = get_user_model()
        self.inspector = User.objects.get(username="jijian")
        self.supervisor = User.objects.get(username="zuzhang")
        self.offices = {"受理一处": User.objects.get(username="shouli1"), "督办处": User.objects.get(username="duban")}
        self.people = ctx.data["people"]
        self.departments = ctx.data["departments"]
        self.categories = {c.name: c for c in Category.objects.all()}
        self.created = 0

    def register(self, day, *, kind, category, summary, content, named, repeat_of=None, subject=None, channel=None,
                 registrar=None, restricted=None, hour_to=17, outside_remit=False):  # fmt: skip
        # Every random draw of the plan happens before the existence check, so a second run
        # on the same day walks the same plan and finds every petition already there.
        received_at = min(_moment(day, self.rng, self.tz, hour_to=hour_to), self.now - dt.timedelta(hours=1))
        channel = channel or self.rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
        informant = self.rng.choice(REPORTERS) if (self.rng.random() < 0.2 or named) else None
        existing = Petition.objects.filter(received_at=received_at, summary="" if restricted else summary).first()
        if existing is not None and existing.restricted_reason == (restricted or ""):
            return existing, False
        registrar = registrar or self.inspector
        at = min(received_at + dt.timedelta(minutes=20), self.now)
        if restricted:
            petition = services.petition_register(
                user=registrar, received_at=received_at, channel=channel, kind=Kind.ACCUSATION,
                restricted_reason=restricted, at=at,
            )  # fmt: skip
        else:
            petition = services.petition_register(
                user=registrar,
                received_at=received_at,
                channel=channel,
                kind=kind,
                is_named=named and informant is not None,
                repeat_of=repeat_of,
                is_repeat=repeat_of is not None,
                category=self.categories[category],
                subject_person=self.people[subject] if subject else None,
                subject_department=self._department_of(subject) if subject else None,
                summary=summary,
                content=content,
                informant=informant,
                outside_remit=outside_remit,
                at=at,
            )
        self.created += 1
        return petition, True

    def _department_of(self, name):
        person = self.people[name]
        return person.departments.first()

    # -- moving a petition along ------------------------------------------------------------------------
    def advance(self, petition, stage, *, late=False):
        """Take a freshly registered petition to ``stage``, with realistic gaps between the steps."""
        rng, start = self.step_rng, petition.received_at
        if stage == "registered":
            return petition
        if stage == "rejected":
            return services.petition_reject(
                user=self.inspector, petition=petition, reason="属于其他机关职责范围，已告知向有权机关反映",
                at=_later(start, rng.randint(1, 3), self.now),
            )  # fmt: skip
        if stage == "escalated":
            return services.petition_escalate(
                user=self.supervisor, petition=petition, at=_later(start, rng.randint(1, 4), self.now)
            )
        accepted_at = _later(start, rng.randint(1, 3), self.now)
        petition = services.petition_accept(user=self.inspector, petition=petition, at=accepted_at)
        if petition.is_named and not petition.is_repeat and (stage != "accepted" or not late):
            notify_day = min(timezone.localdate(accepted_at + dt.timedelta(days=rng.randint(0, 3))), self.ctx.today)
            petition = services.petition_notify(
                user=self.inspector, petition=petition, method=rng.choice(["phone", "written", "sms"]), on=notify_day
            )
        if stage == "accepted":
            return petition
        transferable = petition.kind in (Kind.COMPLAINT, Kind.SUGGESTION) or (
            petition.kind == Kind.PETITION and petition.category.is_service
        )
        wants_transfer = stage in ("transferred", "replied") or (
            stage in ("concluded", "closed") and rng.random() < 0.7
        )
        if transferable and wants_transfer:
            department = self.departments[rng.choice(OFFICE_DEPARTMENTS)]
            transferred_at = _later(accepted_at, rng.randint(0, 2), self.now)
            petition = services.petition_transfer(
                user=self.inspector, petition=petition, department=department,
                summary=f"{petition.summary}，请核实处理并在期限内反馈办理情况。", at=transferred_at,
            )  # fmt: skip
            if stage == "transferred":
                return petition
            petition = services.petition_reply(
                user=self.offices[department.name], petition=petition,
                reply="已核实情况，对相关人员进行了提醒谈话，并完善了工作流程。",
                at=_later(transferred_at, rng.randint(2, 6), self.now),
            )  # fmt: skip
            if stage == "replied":
                return petition
        else:
            petition = services.petition_handle(
                user=self.inspector, petition=petition, at=_later(accepted_at, rng.randint(0, 3), self.now)
            )
            if stage in ("transferred", "replied", "handling"):
                return petition
        concluded_on = min(timezone.localdate(accepted_at + dt.timedelta(days=rng.randint(10, 40))), self.ctx.today)
        outcomes = []
        if petition.subject_person_id and rng.random() < 0.7:
            kind = rng.choice([OutcomeKind.REMINDER_TALK, OutcomeKind.CRITICISM, OutcomeKind.NAMED_CRITICISM,
                               OutcomeKind.ADMONISHMENT])  # fmt: skip
            outcomes.append({"kind": kind, "person": petition.subject_person})
            if petition.subject_department_id and rng.random() < 0.4:
                outcomes.append({"kind": OutcomeKind.DEADLINE_IMPROVEMENT, "department": petition.subject_department})
        petition = services.petition_conclude(
            user=self.inspector, petition=petition, concluded_on=concluded_on, outcomes=outcomes,
            result="经核查，反映问题部分属实，已督促整改并对相关人员进行教育提醒。" if outcomes
            else "经核查，已向信访人作出解释说明，问题已解决。",
        )  # fmt: skip
        if petition.channel == Channel.HOTLINE:
            # the 12345 回访 grade (no draw from ``rng``: the rest of the demo stays as it was)
            grade = (Satisfaction.SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASIC, Satisfaction.UNSATISFIED,
                     Satisfaction.UNREACHED)[petition.seq % 5]  # fmt: skip
            Petition.objects.filter(pk=petition.pk).update(satisfaction=grade)
            petition.satisfaction = grade
        if stage == "closed" and petition.is_named and petition.informant_id:
            feedback_day = min(concluded_on + dt.timedelta(days=rng.randint(1, 10)), self.ctx.today)
            petition = services.petition_feedback(
                user=self.inspector, petition=petition, method=rng.choice(["phone", "written"]),
                note="已向举报人反馈处理结果，举报人无异议。", on=feedback_day,
            )  # fmt: skip
        return petition


def _build_year(builder):
    """About 130 petitions received across the last calendar year, almost all finished."""
    rng, year = builder.rng, builder.ctx.last_year
    day = dt.date(year, 1, 3)
    history = []
    while day.year == year:
        kind, category, summary, content = rng.choice(MATTERS)
        spec = {"kind": kind, "category": category, "summary": summary, "content": content,
                "named": rng.random() < 0.55, "subject": None, "repeat_of": None}  # fmt: skip
        if kind in (Kind.ACCUSATION, Kind.PETITION) and rng.random() < 0.6:
            spec["subject"] = rng.choice(SUBJECTS)
        earlier = [p for p in history if not p.is_restricted and p.category_id]
        if earlier and rng.random() < 0.08:  # the same matter reported again
            original = rng.choice(earlier)
            spec.update(kind=original.kind, category=original.category.name, summary=original.summary,
                        content=original.content, repeat_of=original,
                        subject=original.subject_person.name if original.subject_person_id else None)  # fmt: skip
        stage = rng.choices(["closed", "concluded", "rejected"], [80, 12, 8])[0]
        petition, created = builder.register(day, **spec)
        if created:
            petition = builder.advance(petition, stage)
        history.append(petition)
        day += dt.timedelta(days=rng.choice([1, 2, 2, 3, 3, 4]))
    # two reports that had to go upward: only the fact and time are kept
    for month, reason in ((4, RestrictedReason.PRINCIPAL_LEADER), (10, RestrictedReason.SUPERIOR)):
        petition, created = builder.register(dt.date(year, month, 12), kind=Kind.ACCUSATION, category="", summary="",
                                             content="", named=False, restricted=reason)  # fmt: skip
        if created:
            builder.advance(petition, "escalated")


# stage, days ago received, kind index into MATTERS, named, late (so that something is overdue)
RECENT = [
    ("registered", 1, 0, True, False),
    ("registered", 2, 4, False, False),
    ("registered", 12, 1, True, True),  # 告知 overdue
    ("registered", 9, 9, True, False),
    ("registered", 7, 7, True, False),  # 信访 告知 (15 日) due soon
    ("accepted", 4, 6, True, False),
    ("accepted", 30, 8, True, True),  # 告知 overdue
    ("accepted", 50, 7, False, False),  # 办结 due soon (60 日)
    ("transferred", 3, 2, True, False),
    ("transferred", 15, 3, False, False),  # reply overdue
    ("transferred", 6, 5, True, False),
    ("replied", 10, 0, True, False),
    ("handling", 8, 10, True, False),
    ("handling", 20, 11, False, False),
    ("concluded", 25, 12, True, False),  # 反馈 due
    ("concluded", 35, 9, True, False),
    ("closed", 40, 1, True, False),
    ("closed", 28, 5, False, False),
    ("rejected", 18, 3, False, False),
]


def _build_recent(builder):
    today = builder.ctx.today
    for stage, days_ago, matter, named, late in RECENT:
        kind, category, summary, content = MATTERS[matter]
        subject = builder.rng.choice(SUBJECTS) if kind in (Kind.ACCUSATION,) else None
        petition, created = builder.register(
            today - dt.timedelta(days=days_ago), kind=kind, category=category, summary=summary, content=content,
            named=named, subject=subject, hour_to=11,
        )  # fmt: skip
        if created:
            builder.advance(petition, stage, late=late)
    # a 信访 with an approved extension of its 办结 period
    petition, created = builder.register(
        today - dt.timedelta(days=58), kind=Kind.PETITION, category="办事效率", summary="要求延期办理的信访事项",
        content="信访人反映的问题涉及多个单位，需要协调办理。", named=True, hour_to=11,
    )  # fmt: skip
    if created:
        petition = builder.advance(petition, "handling")
        extension = services.extension_request(user=builder.inspector, petition=petition, days=30,
                                               reason="涉及多个单位，需协调核实")  # fmt: skip
        services.extension_approve(user=builder.supervisor, extension=extension, note="同意延期30日")
    # a 检举控告 about a leader (the leader's login does not see it: 回避), registered by the supervisor
    petition, created = builder.register(
        today - dt.timedelta(days=5), kind=Kind.ACCUSATION, category="违反中央八项规定精神",
        summary="反映领导干部违规接受宴请", content="反映某领导干部接受管理服务对象宴请。", named=True,
        subject="李红梅", registrar=builder.supervisor, hour_to=11,
    )  # fmt: skip
    if created:
        petition = builder.advance(petition, "accepted")
    # the inspector asks to see that reporter: a pending request for the supervisor to decide
    if not IdentityAccessRequest.objects.filter(petition=petition, requested_by=builder.inspector).exists():
        services.identity_request_create(user=builder.inspector, petition=petition, reason="核查需要与举报人核实细节")
    # a 转送 item outside the unit's remit whose 异议 (5 工作日, 信访工作条例 第二十三条) is overdue
    builder.register(
        today - dt.timedelta(days=12), kind=Kind.PETITION, category="办事效率",
        summary="上级转来的不属本单位职权范围的信访事项", content="信访人反映的事项属于其他部门职责。",
        named=True, channel=Channel.REFERRAL, outside_remit=True, hour_to=11,
    )  # fmt: skip
    # two 信访 whose reporters asked for 复查 (and one then for 复核): the opinions are overdue
    for stage, summary in (("review", "信访人请求复查的信访事项"), ("recheck", "信访人请求复核的信访事项")):
        petition, created = builder.register(
            today - dt.timedelta(days=80), kind=Kind.PETITION, category="办事效率", summary=summary,
            content="信访人对处理意见不服。", named=True, hour_to=11,
        )  # fmt: skip
        if not created:
            continue
        petition = builder.advance(petition, "concluded")
        requested = petition.concluded_on + dt.timedelta(days=1)
        petition = services.petition_review_request(
            user=builder.inspector, petition=petition, stage="review", on=requested
        )
        if stage == "recheck":
            petition = services.petition_review_answer(
                user=builder.inspector, petition=petition, stage="review", opinion="维持原处理意见",
                on=requested + dt.timedelta(days=1),
            )  # fmt: skip
            services.petition_review_request(
                user=builder.inspector, petition=petition, stage="recheck", on=requested + dt.timedelta(days=2)
            )
    # a fresh report about the unit's principal leader, still to be sent upward
    builder.register(today - dt.timedelta(days=1), kind=Kind.ACCUSATION, category="", summary="", content="",
                     named=False, restricted=RestrictedReason.PRINCIPAL_LEADER, hour_to=11)  # fmt: skip


@register_seeder(40, "信访件（上一年度全年与近期，各种状态）")
def seed_petitions(ctx):
    builder = _Builder(ctx)
    _build_year(builder)
    _build_recent(builder)
    total = Petition.objects.count()
    open_count = Petition.objects.exclude(status__in=(Status.REJECTED, Status.ESCALATED, Status.CONCLUDED)).count()
    ctx.notes.append(f"信访件：共 {total} 件（本次新增 {builder.created} 件），办理中 {open_count} 件")


@register_seeder(41, "查询码（近期办理中、留有联系方式的信访件）")
def seed_query_codes(ctx):
    """A code for the three latest open petitions whose reporter left contact details, as 登记 with
    “发放查询码” would have given them; a second run issues none (those already have a code)."""
    inspector = get_user_model().objects.get(username="jijian")
    open_ones = (
        Petition.objects.filter(is_restricted=False, archived_at__isnull=True, informant__isnull=False)
        .exclude(status__in=(Status.REJECTED, Status.ESCALATED, Status.CONCLUDED))
        .select_related("informant")
        .order_by("-received_at", "-id")
    )
    with_code = open_ones.exclude(query_code_hmac="").count()
    issued = 0
    for petition in open_ones.filter(query_code_hmac="")[:20]:
        if with_code + issued >= 3:
            break
        if query_code.may_issue(inspector, petition):
            query_code.issue(inspector, petition)
            issued += 1
    ctx.notes.append(f"查询码：{with_code + issued} 件信访件已发放（在信访件页打印告知书可见查询码）")
