"""Demo data for 催办督办: make a scan of today show reminders of every kind.

The other apps' seeds (orders 30–50) already leave items overdue and due soon, relative
to the day they run. Kinds whose only demo items happen to fall outside every window
today (e.g. a round report due in 21 days, just beyond the 20-day notice) get one extra
item here, made through the owning app's services and dated by the rule itself so that
it is inside a window today — whatever the rule's amount and the holiday calendar say.
A kind that already has an item in a window is left alone, so a second run on the same
day changes nothing. Likewise, when no item of any kind falls due today, one 整改措施 due
today is added, so the demo shows the 到期提醒 stage too.
"""

import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.seed import register_seeder
from deadlines.calendar import WorkCalendar
from deadlines.models import DeadlineRule
from reminders.ladder import Ladder
from reminders.sources import ResolveContext, get_source, registered_sources

logger = logging.getLogger(__name__)

MARK = "（催办演示）"
_SEARCH_DAYS = 200


class _Dates:
    """Finds a start date whose rule-derived due date is inside a reminder window today."""

    def __init__(self, today):
        self.today = today
        self.ladder = Ladder.build(today)
        self.calendar = WorkCalendar.load()
        self.rules = {r.code: r for r in DeadlineRule.objects.filter(is_active=True)}

    def start_for(self, code, *, earliest_gap=0):
        rule = self.rules.get(code)
        if rule is None:
            return None
        for back in range(earliest_gap, _SEARCH_DAYS):
            start = self.today - dt.timedelta(days=back)
            due = self.calendar.add(start, rule.amount, rule.unit).date
            if due < self.today:
                return None
            occurrence = self.ladder.occurrence(due, rule.unit)
            if occurrence is not None:
                return start
        return None


def _missing(key, ladder):
    """True when no open item of this kind is in any stage of the ladder today."""
    source = get_source(key)
    if source is None:
        return False
    ctx = ResolveContext()
    rows = source.open_items().filter(**{f"{source.due_field}__lte": ladder.horizon})
    for row in rows.values(source.due_field, *source.unit_fields):
        if ladder.occurrence(row[source.due_field], source.unit_for(row, ctx)) is not None:
            return False
    return True


def _nothing_due_today(today):
    return not any(source.open_items().filter(**{source.due_field: today}).exists() for source in registered_sources())


def _measure_due_today(ctx, users):
    from rectification.models import Problem
    from rectification.services.structure import measure_create

    problem = (
        Problem.objects.filter(archived_at__isnull=True, round__archived_at__isnull=True)
        .order_by("-round__feedback_date", "-round_id", "order", "id")
        .first()
    )
    if problem is None:
        return None
    people, departments = ctx.data["people"], ctx.data["departments"]
    return measure_create(
        user=users["jijian"],
        problem=problem,
        content=f"报送本阶段整改工作台账，逐项说明完成情况{MARK}",
        due_date=ctx.today,
        lead_department=departments["受理一处"],
        responsible_leader=people["李红梅"],
        responsible_person=people["韩雪"],
    )


def _moment(day, now, hour=9, minute=30):
    return min(timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))), now - dt.timedelta(hours=1))


def _round_report(ctx, dates, users):
    from rectification.services.structure import round_create

    feedback = dates.start_for("round-report")
    if feedback is None:
        return None
    return round_create(
        user=users["jijian"],
        name=f"{feedback.year}年市委巡察组专项巡察{MARK}",
        inspection_team="市委巡察组",
        feedback_date=feedback,
    )


def _petition(ctx, dates, users, *, code, **data):
    from petitions.services import petition_register

    received = dates.start_for(code)
    if received is None:
        return None
    return petition_register(user=users["jijian"], received_at=_moment(received, timezone.now()), **data)


def _referral(ctx, dates, users):
    from petitions.models import Category, Channel, Kind

    return _petition(
        ctx,
        dates,
        users,
        code="referral-accept",
        channel=Channel.REFERRAL,
        kind=Kind.ACCUSATION,
        category=Category.objects.filter(is_active=True).order_by("id").first(),
        summary=f"上级转办：反映干部工作作风问题{MARK}",
        content="上级纪检监察机关转来的检举控告，待受理或转办。",
    )


def _restricted(ctx, dates, users):
    from petitions.models import Channel, Kind, RestrictedReason

    return _petition(
        ctx,
        dates,
        users,
        code="accusation-escalate",
        channel=Channel.LETTER,
        kind=Kind.ACCUSATION,
        restricted_reason=RestrictedReason.SUPERIOR,
    )


def _feedback(ctx, dates, users):
    """A named 检举控告 concluded on the day that puts its 反馈 period inside a window today."""
    from petitions.models import Category, Channel, Kind
    from petitions.seed import REPORTERS
    from petitions.services import petition_accept, petition_conclude, petition_handle, petition_register

    concluded = dates.start_for("accusation-feedback")
    if concluded is None:
        return None
    now, ins = timezone.now(), users["jijian"]
    received_at = _moment(concluded - dt.timedelta(days=3), now)
    petition = petition_register(
        user=ins,
        received_at=received_at,
        channel=Channel.LETTER,
        kind=Kind.ACCUSATION,
        is_named=True,
        informant=REPORTERS[0],
        category=Category.objects.filter(is_active=True).order_by("id").first(),
        summary=f"实名反映窗口工作人员吃拿卡要，待向举报人反馈{MARK}",
        content="实名举报窗口工作人员办事收受好处，已核查办结，待向举报人反馈处理结果。",
        at=received_at,
    )
    petition = petition_accept(user=ins, petition=petition, at=received_at + dt.timedelta(minutes=10))
    petition = petition_handle(user=ins, petition=petition, at=received_at + dt.timedelta(minutes=20))
    return petition_conclude(
        user=ins, petition=petition, concluded_on=concluded, result="经核查，反映问题部分属实，已督促整改。"
    )


def _clue(ctx, users, *, received, subject, summary, disposal, source, execute_on=None, **extra):
    """A clue taken through 分办 → 拟办 → 集体研究 → 审批 → 执行, each step dated."""
    from discipline.models import Clue
    from discipline.services import clues as services

    people, ins, sup = ctx.data["people"], users["jijian"], users["zuzhang"]
    execute_on = execute_on or received + dt.timedelta(days=16)
    clue = services.clue_register(
        user=ins,
        received_date=received,
        source=source,
        subject_person=people[subject],
        summary=summary,
        content=summary,
        date=received,
        **extra,
    )
    clue = services.clue_assign(user=sup, clue=clue, handler=ins, note="请周敏同志承办", date=received)
    clue = services.clue_propose(user=ins, clue=clue, disposal=disposal, note="根据反映情况提出", date=received)
    members = [(people[name], "同意拟办意见") for name in ("孙立新", "周敏", "吴晓峰") if name != subject]
    clue = services.clue_discuss(user=ins, clue=clue, members=members, note="集体研究同意", date=received)
    clue = services.clue_approve(user=sup, clue=clue, note="同意", date=received)
    clue = services.clue_execute(user=ins, clue=clue, note="按批准的处置方式执行", date=execute_on)
    assert clue.status == Clue.Status.EXECUTING
    return clue


def _inspection_clue(ctx, dates, users):
    from discipline.models import Clue

    received = dates.start_for("inspection-clue-feedback", earliest_gap=20)
    if received is None:
        return None
    return _clue(
        ctx,
        users,
        received=received,
        subject="卫国强",
        summary=f"巡察移交：反映公务用车管理不规范{MARK}",
        disposal=Clue.Disposal.PRELIMINARY,
        source=Clue.Source.INSPECTION,
        inspection_round=f"市委第一巡察组{received.year}年专项巡察",
    )


def _deferred_clue(ctx, dates, users):
    from discipline.models import Clue

    deferred = dates.start_for("deferred-review", earliest_gap=20)
    if deferred is None:
        return None
    return _clue(
        ctx,
        users,
        received=deferred - dt.timedelta(days=16),
        execute_on=deferred,
        subject="蒋鹏",
        summary=f"反映信息化项目验收把关不严，暂不具备核查条件{MARK}",
        disposal=Clue.Disposal.DEFER,
        source=Clue.Source.SUPERVISION,
    )


def _quarterly_clue(ctx, dates, users):
    """A clue from a 检举控告, concluded on a day whose quarter's feedback to the 信访举报部门 is
    inside a reminder window today (the period counts from the quarter's eve, not the day)."""
    from discipline.models import Clue
    from discipline.models.clues import quarter_eve
    from discipline.services import clues as services

    rule = dates.rules.get("accusation-quarterly-feedback")
    if rule is None:
        return None
    for back in range(0, _SEARCH_DAYS):
        concluded = dates.today - dt.timedelta(days=back)
        due = dates.calendar.add(quarter_eve(concluded), rule.amount, rule.unit).date
        if dates.ladder.occurrence(due, rule.unit) is not None:
            break
    else:
        return None
    from petitions.models import Kind, Petition

    # a demo 检举控告 not yet turned into a clue, received before the conclusion
    petition = (
        Petition.objects.filter(
            kind=Kind.ACCUSATION, is_restricted=False, archived_at__isnull=True, clues__isnull=True,
            received_at__date__lte=concluded - dt.timedelta(days=2),
        )
        .order_by("-received_at", "-id")
        .first()
    )  # fmt: skip
    if petition is None:
        return None
    received = petition.received_on
    named = petition.subject_person.name if petition.subject_person_id else ""
    clue = _clue(
        ctx,
        users,
        received=received,
        execute_on=received + (concluded - received) // 2,
        subject=named if named in ctx.data["people"] else "郑丽",
        summary=f"反映干部违规收受礼品，已初核了结{MARK}",
        disposal=Clue.Disposal.PRELIMINARY,
        source=Clue.Source.PETITION,
        source_petition=petition,
    )
    result = "反映问题查无实据，予以了结。"
    return services.clue_conclude(user=users["jijian"], clue=clue, result=result, date=concluded)


TOP_UPS = [
    ("round.report", "巡察整改情况报告", _round_report),
    ("petition.accept", "上级转办检举控告（受理期限）", _referral),
    ("petition.escalate", "上级管辖件（报送期限）", _restricted),
    ("petition.feedback", "实名检举控告（反馈期限）", _feedback),
    ("clue.inspection_feedback", "巡察移交线索（反馈期限）", _inspection_clue),
    ("clue.review", "暂存待查线索（复查期限）", _deferred_clue),
    ("clue.quarterly_feedback", "已办结的检举控告线索（向信访举报部门季度反馈）", _quarterly_clue),
]


@register_seeder(90, "催办督办：补足各类临期事项")
def seed_reminders(ctx):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["jijian", "zuzhang"])}
    if len(users) < 2:
        return
    dates = _Dates(ctx.today)
    added = []
    for key, label, make in TOP_UPS:
        if not _missing(key, dates.ladder):
            continue
        if make(ctx, dates, users) is None:
            logger.warning("no start date puts a %s item inside a reminder window today", key)
            continue
        added.append(label)
    if _nothing_due_today(ctx.today) and _measure_due_today(ctx, users) is not None:
        added.append("今日到期的整改措施")
    if added:
        ctx.notes.append(f"催办督办：为演示补充了临期事项：{'、'.join(added)}")
    ctx.notes.append("催办督办：运行 python manage.py send_reminders 可立即生成今天的提醒（站内消息与邮件摘要）")
