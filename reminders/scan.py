"""The daily scan: plan (reads only), then write (one transaction).

Planning reads each registered source with one query: its open items whose due date is
inside the widest window or past, joined to the people of every ladder role, and
annotated (correlated subquery) with the stage last recorded for that item and due
date. An item whose current occurrence is already recorded is skipped — so a person
newly made responsible gets the stages still to come, not one already handled by
someone else. Writing inserts every planned reminder with one bulk insert that ignores
conflicts with the unique constraint; the rows of this scan's batch are exactly those
created, and only they become notifications and outbox entries. Two scans at once, a
retried task or a second run therefore never make a second reminder.
"""

import datetime as dt
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from organization.models import Person
from reminders import wording
from reminders.bulk import insert_ignoring_conflicts
from reminders.calendar_watch import remind_missing_calendar
from reminders.delivery.outbox import enqueue_digests, queue_send_after_commit
from reminders.ladder import Ladder
from reminders.models import AudienceRole, Notification, Reminder, ReminderStep, ScanRun
from reminders.sources import FALLBACK_ROLES, ResolveContext, Source, registered_sources

logger = logging.getLogger(__name__)


@dataclass
class Plan:
    today: dt.date
    reminders: list = field(default_factory=list)  # dicts of Reminder field values (reminders.bulk)
    sources: dict = field(default_factory=dict)  # key -> Source
    messages: dict = field(default_factory=dict)  # (source, item, due, stage, number) -> (title, body)

    def counts(self, rows=None) -> Counter:
        return Counter((r["source"], r["stage"]) for r in (self.reminders if rows is None else rows))


@dataclass
class ScanResult:
    today: dt.date
    created: int
    counts: Counter
    sources: dict
    dry_run: bool = False
    planned: int = 0
    notifications: int = 0
    outbox: int = 0


def _latest(field_name, source: Source):
    latest = Reminder.objects.filter(
        source=source.key, object_id=OuterRef("pk"), due_date=OuterRef(source.due_field)
    ).order_by("-id")
    return Subquery(latest.values(field_name)[:1])


def _candidates(source: Source, ladder: Ladder) -> list[dict]:
    qs = (
        source.open_items()
        .filter(**{f"{source.due_field}__lte": ladder.horizon})
        .annotate(_last_stage=_latest("stage", source), _last_number=_latest("number", source))
        .order_by()
    )
    return list(qs.values(*source.value_fields(), "_last_stage", "_last_number"))


def _recipients(source: Source, roles: tuple, row: dict, ctx: ResolveContext) -> list[int]:
    reachable = ctx.reachable_people()
    recused = {row[f] for f in source.recusal_fields if row[f] is not None}

    def resolve(roles):
        people = []
        for role in roles:
            audience = source.audience(role)
            if audience is not None:
                people.extend(p for p in audience.persons(row, ctx) if p in reachable and p not in recused)
        return list(dict.fromkeys(people))

    people = resolve(roles)
    for role in FALLBACK_ROLES:
        if people:
            break
        people = resolve([role])
    return people


def build_plan(today: dt.date, *, sources=None) -> Plan:
    ladder = Ladder.build(today)
    steps = {s.stage: s for s in ReminderStep.objects.filter(is_active=True)}
    roles = {stage: step.roles for stage, step in steps.items()}
    ctx = ResolveContext()
    ctx.preload()
    plan = Plan(today=today)
    now = timezone.now()
    for source in sources if sources is not None else registered_sources():
        plan.sources[source.key] = source
        rows = _candidates(source, ladder)
        for role in AudienceRole:
            audience = source.audience(role)
            if audience is not None:
                audience.prepare(rows, ctx)
        for row in rows:
            due = row[source.due_field]
            unit = source.unit_for(row, ctx)
            occurrence = ladder.occurrence(due, unit)
            if occurrence is None or occurrence.stage not in steps:
                continue
            if (row["_last_stage"], row["_last_number"]) == (occurrence.stage, occurrence.number):
                continue  # this occurrence was already handled for this item and due date
            step = steps[occurrence.stage]
            subject = source.title(row)
            title = wording.notification_title(stage=occurrence.stage, kind=source.label, subject=subject)
            body = wording.notification_body(
                stage=occurrence.stage,
                due_label=source.due_label,
                due=due,
                remaining=ladder.remaining_text(due, unit),
            )
            link = source.link(row)
            plan.messages[(source.key, row["pk"], due, occurrence.stage, occurrence.number)] = (title[:500], body)
            for person_id in _recipients(source, roles[occurrence.stage], row, ctx):
                plan.reminders.append(
                    {
                        "source": source.key,
                        "object_id": row["pk"],
                        "due_date": due,
                        "stage": occurrence.stage,
                        "number": occurrence.number,
                        "recipient_id": person_id,
                        "subject": subject[:300],
                        "text": f"{title} {body}"[:500],
                        "link": link,
                        "use_channels": step.use_channels,
                        "scan_date": today,
                        "created_at": now,
                    }
                )
    return plan


def write_plan(plan: Plan, *, trigger: str) -> ScanResult:
    """Insert the planned reminders; notify and queue digests for those actually created."""
    batch = uuid.uuid4()
    # The same order in every scan: two concurrent inserts then wait on each other's
    # first conflicting row instead of deadlocking (PostgreSQL).
    plan.reminders.sort(key=_reminder_key)
    with transaction.atomic():
        inserted = insert_ignoring_conflicts(
            Reminder, [{**reminder, "batch": batch} for reminder in plan.reminders], returning=_RETURNED
        )
        created = _created(inserted, plan, batch)
        notifications = _notify(created, plan)
        outbox = enqueue_digests(batch=batch, created=created, today=plan.today)
        ScanRun.objects.create(for_date=plan.today, trigger=trigger, created=len(created))
        if outbox:
            queue_send_after_commit()
    return ScanResult(
        today=plan.today,
        created=len(created),
        counts=plan.counts(created),
        sources=plan.sources,
        planned=len(plan.reminders),
        notifications=notifications,
        outbox=outbox,
    )


_RETURNED = ("id", "source", "object_id", "due_date", "stage", "number", "recipient_id")


def _created(inserted: list[tuple], plan: Plan, batch) -> list[dict]:
    """The planned rows that were inserted (``INSERT … RETURNING``), each with its new id and
    its recipient's login: no second read of the rows just written."""
    if not inserted:
        return []
    planned = {_reminder_key(r, str): r for r in plan.reminders}
    recipients = sorted({row[6] for row in inserted})
    if connection.vendor == "postgresql":  # one array parameter, however many recipients
        people = Person.objects.filter(RawSQL('"organization_person"."id" = ANY(%s)', (recipients,), BooleanField()))
    else:  # SQLite: the batch's rows by their index, not one parameter per recipient
        people = Person.objects.filter(pk__in=Reminder.objects.filter(batch=batch).values("recipient_id"))
    logins = {pid: (user, active) for pid, user, active in people.values_list("id", "user_id", "user__is_active")}
    created = []
    for rid, source, object_id, due, stage, number, recipient_id in inserted:
        reminder = planned[(source, object_id, str(due), stage, number, recipient_id)]
        user_id, active = logins.get(recipient_id, (None, False))
        created.append({**reminder, "id": rid, "recipient__user_id": user_id, "recipient__user__is_active": active})
    return created


def _notify(created: list[dict], plan: Plan) -> int:
    rows = []
    for reminder in created:
        if reminder["recipient__user_id"] is None or not reminder["recipient__user__is_active"]:
            continue  # no login: the e-mail digest (if any) is their channel
        title, body = plan.messages[_message_key(reminder)]
        rows.append(
            {
                "user_id": reminder["recipient__user_id"],
                "reminder_id": reminder["id"],
                "stage": reminder["stage"],
                "title": title,
                "body": body,
                "link": reminder["link"],
            }
        )
    insert_ignoring_conflicts(Notification, rows)
    return len(rows)


def _reminder_key(row: dict, as_due=lambda due: due) -> tuple:
    return (row["source"], row["object_id"], as_due(row["due_date"]), row["stage"], row["number"], row["recipient_id"])


def _message_key(row: dict) -> tuple:
    return (row["source"], row["object_id"], row["due_date"], row["stage"], row["number"])


def run_scan(today: dt.date | None = None, *, dry_run: bool = False, trigger: str = "manual", sources=None):
    """The daily scan, callable without Celery. Safe to run any number of times."""
    today = today or timezone.localdate()
    plan = build_plan(today, sources=sources)
    if dry_run:
        return ScanResult(
            today=today,
            created=0,
            counts=plan.counts(),
            sources=plan.sources,
            dry_run=True,
            planned=len(plan.reminders),
        )
    result = write_plan(plan, trigger=trigger)
    logger.info("reminder scan %s: %s created of %s planned", today, result.created, result.planned)
    calendar_notices = remind_missing_calendar(today)
    if calendar_notices:
        logger.info("reminder scan %s: %s administrators told of a missing holiday year", today, calendar_notices)
    return result
