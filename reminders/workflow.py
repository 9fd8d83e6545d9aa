"""Workflow notifications: each step tells the people who must act next (issue 14).

``core.workflow.step_done(event, obj, actor=user)`` is called by the domain services inside
the step's transaction; ``notify_step`` (connected to the ``workflow_step`` signal) looks the event up in ``STEPS`` and

* picks the recipients: a pool of people (role holders, a department's liaisons, the asker),
  narrowed by the step's own permission (who may act next) and by the item's visibility
  function for each of them — so 回避 applies and nobody hears of an item they cannot open;
  never the actor; never a person the item is about;
* writes, in the same transaction, one ``Reminder`` row per recipient (source
  ``workflow.<event>``, stage 首次提醒, due date = the day of the step, number = the second
  of the day: a double submit within one second is one message) and the in-app
  ``Notification`` at once, and attaches the reminders to the next e-mail digest
  (``enqueue_digests``) — a rollback of the step removes all of it.

Texts name the round and the measure's numbers, a petition's number and kind, a clue's or a
letter's number — never a reporter, never a petition's or clue's content.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from core.workflow import workflow_step
from organization.roles import Role
from reminders import recipients as rc
from reminders.bulk import insert_ignoring_conflicts
from reminders.catalog import _page, _short
from reminders.delivery.outbox import enqueue_digests, queue_send_after_commit
from reminders.models import Notification, Reminder, Stage

SOURCE_PREFIX = "workflow."


@dataclass(frozen=True)
class Step:
    kind: str  # what the item is, as a reminder's kind (整改措施, 信访件 …)
    item: Callable  # obj -> the item whose visibility decides (a measure for its extension)
    pool: Callable  # (obj, item) -> Q over Person
    title: Callable  # (obj, item, context) -> str
    link: str  # url name of the item's page
    may_act: Callable | None = None  # (actor, obj, item) -> bool
    body: Callable | None = None  # (obj, item, context) -> str
    subject_fields: tuple = ()  # item fields naming the person it is about (never told)


# -- texts ---------------------------------------------------------------------------------------


def _measure_name(measure) -> str:
    return f"{_short(measure.problem.round.name, 40)} · {measure.code}"


def _petition_name(petition) -> str:
    return f"{petition.number} {petition.get_kind_display()}"


def _date(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "—"


def _reason(text, label="理由") -> str:
    text = _short(text or "", 100)
    return f"{label}：{text}" if text else ""


# -- the steps -----------------------------------------------------------------------------------


def _steps() -> dict[str, Step]:
    from discipline.permissions import can_reply_recommendation
    from petitions import permissions as pp
    from rectification import permissions as rp

    staff = (Role.INSPECTOR, Role.SUPERVISOR)
    measure = {"kind": "整改措施", "link": "web:measure-detail"}
    lead_office = {
        "pool": lambda m, item: rc.department_pool(item.lead_department_id, Role.OFFICE),
        "may_act": lambda a, m, item: rp.can_submit(a, item),
    }
    ext = {"kind": "整改措施", "link": "web:measure-detail", "item": lambda e: e.measure}
    pext = {"kind": "信访件", "link": "web:petition-detail", "item": lambda e: e.petition}
    decided = {"approved": "已批准", "refused": "未予批准"}
    return {
        "measure.submit": Step(
            **measure,
            item=lambda m: m,
            pool=lambda m, item: rc.role_pool(*staff),
            may_act=lambda a, m, item: rp.can_review(a, item),
            title=lambda m, item, c: f"{_measure_name(item)} 申请销号，请审核",
        ),
        "measure.return": Step(
            **measure,
            **lead_office,
            item=lambda m: m,
            title=lambda m, item, c: f"{_measure_name(item)} 销号申请被退回，请继续整改",
            body=lambda m, item, c: _reason(c.get("reason"), "退回理由"),
        ),
        "measure.sign_off": Step(
            **measure,
            **lead_office,
            item=lambda m: m,
            title=lambda m, item, c: f"{_measure_name(item)} 已{'认定长期坚持' if c.get('long_term') else '销号'}",
        ),
        "measure.extension_request": Step(
            **ext,
            pool=lambda e, item: rc.role_pool(Role.SUPERVISOR),
            may_act=lambda a, e, item: rp.can_decide_extension(a, e),
            title=lambda e, item, c: f"{_measure_name(item)} 申请延期至{_date(e.requested_date)}，请审批",
            body=lambda e, item, c: _reason(e.reason, "延期理由"),
        ),
        "measure.extension_decided": Step(
            **ext,
            pool=lambda e, item: rc.user_pool(e.requested_by_id),
            title=lambda e, item, c: (
                f"{_measure_name(item)} 延期至{_date(e.requested_date)}的申请{decided.get(e.status, '')}"
            ),
            body=lambda e, item, c: _reason(e.decision_note, "审批意见"),
        ),
        "petition.transfer": Step(
            kind="转办件",
            link="web:transfer-detail",
            item=lambda p: p,
            pool=lambda p, item: rc.department_pool(p.transfer_department_id, Role.OFFICE),
            may_act=lambda a, p, item: pp.can_reply(a, p),
            # a department hears the number and the reply date only (as the reminders do)
            title=lambda p, item, c: f"{p.number} 转办件已转至本部门，请于{_date(p.transfer_due)}前反馈办理情况",
            subject_fields=("subject_person_id",),
        ),
        "petition.reply": Step(
            kind="信访件",
            link="web:petition-detail",
            item=lambda p: p,
            pool=lambda p, item: rc.user_pool(p.transferred_by_id),
            title=lambda p, item, c: f"{_petition_name(p)} 承办部门已反馈办理情况",
            subject_fields=("subject_person_id",),
        ),
        "petition.extension_request": Step(
            **pext,
            pool=lambda e, item: rc.role_pool(Role.SUPERVISOR),
            may_act=lambda a, e, item: pp.can_decide(a) and e.requested_by_id != a.user_id,
            title=lambda e, item, c: f"{_petition_name(item)} 申请延长办结期限{e.days}日，请审批",
            subject_fields=("subject_person_id",),
        ),
        "petition.extension_decided": Step(
            **pext,
            pool=lambda e, item: rc.user_pool(e.requested_by_id),
            title=lambda e, item, c: f"{_petition_name(item)} 延长办结期限的申请{decided.get(e.status, '')}",
            subject_fields=("subject_person_id",),
        ),
        "petition.identity_decided": Step(
            **pext,
            pool=lambda r, item: rc.user_pool(r.requested_by_id),
            title=lambda r, item, c: f"{_petition_name(item)} 查看举报人身份的申请{decided.get(r.status, '')}",
            subject_fields=("subject_person_id",),
        ),
        "recommendation.issue": Step(
            kind="纪律检查建议书",
            link="web:recommendation-detail",
            item=lambda r: r,
            pool=lambda r, item: rc.department_pool(r.target_department_id, Role.OFFICE),
            may_act=lambda a, r, item: can_reply_recommendation(a, r),
            title=lambda r, item, c: f"纪律检查建议书{r.number}已制发，请于{_date(r.reply_due_date)}前书面回复",
        ),
        "recommendation.reply": Step(
            kind="纪律检查建议书",
            link="web:recommendation-detail",
            item=lambda r: r,
            pool=lambda r, item: rc.user_pool(r.issued_by_id, r.created_by_id),
            title=lambda r, item, c: f"纪律检查建议书{r.number}已收到主送部门回复，请审阅办结",
        ),
    }


_STEPS: dict[str, Step] = {}


def steps() -> dict[str, Step]:
    if not _STEPS:
        _STEPS.update(_steps())
    return _STEPS


# -- the listener --------------------------------------------------------------------------------


def plan_recipients(event: str, obj, *, actor) -> tuple[Step, object, list[dict]]:
    """The step, its item and the people to tell (dicts with ``id`` and ``user_id``)."""
    step = steps()[event]
    item = step.item(obj)
    actor_user_id = getattr(actor, "pk", None)
    excluded = {getattr(item, name, None) for name in step.subject_fields} - {None}
    pool = step.pool(obj, item) & ~Q(user_id=actor_user_id) & ~Q(pk__in=excluded)
    people = rc.candidates(pool)
    by_person = rc.actors(people)
    if step.may_act is not None:
        by_person = {pid: a for pid, a in by_person.items() if step.may_act(a, obj, item)}
    visible = rc.who_can_see(type(item), item.pk, by_person) if by_person else set()
    return step, item, [p for p in people if p["id"] in visible]


@receiver(workflow_step, dispatch_uid="reminders.workflow.notify_step")
def _on_step(sender, *, event, obj, actor, **context):
    context.pop("signal", None)
    notify_step(event, obj, actor=actor, **context)


def notify_step(event: str, obj, *, actor, **context) -> int:
    """Tell whoever acts next about ``event`` on ``obj``; returns how many were told.

    Precondition: called inside the step's transaction, after the step's writes.
    """
    if event not in steps():
        return 0
    step, item, people = plan_recipients(event, obj, actor=actor)
    if not people:
        return 0
    now = timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    second = int((local - dt.datetime.combine(today, dt.time.min, tzinfo=local.tzinfo)).total_seconds())
    title = step.title(obj, item, context)
    body = step.body(obj, item, context) if step.body else ""
    link = _page(step.link)({"pk": item.pk})
    text = f"{step.kind}：{title}" + (f"。{body}" if body else "")
    batch = uuid.uuid4()
    insert_ignoring_conflicts(
        Reminder,
        [
            {
                "source": f"{SOURCE_PREFIX}{event}",
                "object_id": item.pk,
                "due_date": today,
                "stage": Stage.NOTICE,
                "number": second,
                "recipient_id": person["id"],
                "subject": title[:300],
                "text": text[:500],
                "link": link,
                "use_channels": True,
                "scan_date": today,
                "created_at": now,
                "batch": batch,
            }
            for person in people
        ],
    )
    created = list(Reminder.objects.filter(batch=batch).values("id", "recipient_id", "use_channels"))
    users = {p["id"]: p["user_id"] for p in people}
    insert_ignoring_conflicts(
        Notification,
        [
            {
                "user_id": users[row["recipient_id"]],
                "reminder_id": row["id"],
                "stage": "",
                "title": title[:500],
                "body": body,
                "link": link,
                "created_at": now,
            }
            for row in created
        ],
    )
    if enqueue_digests(batch=batch, created=created, today=today):
        queue_send_after_commit()
    return len(created)
