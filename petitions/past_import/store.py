"""Writing one checked row: the petition registered with its 收到日期, then each step it has a date
for, in order, through the petition services (each at its own date), as the importing user.

Each row runs in its own savepoint, so a refusal by a service (a 检举控告 cannot be transferred,
回避 …) becomes that row's issue while the other rows are still tried; the caller rolls the whole
file back when any row failed, or for a dry run.
"""

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from core.errors import ApplicationError
from core.import_issues import Issue
from core.numbering import continue_from
from petitions import services
from petitions.models import NumberCounter, Status
from petitions.past_import import columns as C
from petitions.past_import.rows import PastRow

# A date without a time of day is taken as 09:00 local (never later than now, never before the step before).
DEFAULT_TIME = dt.time(9, 0)
NOT_ENTERED = "（往年信访件导入：原{what}未录入）"

# A service's field -> the column it came from, for its refusals.
FIELD_COLUMNS = {
    "received_at": C.RECEIVED,
    "channel": C.CHANNEL,
    "kind": C.KIND,
    "category": C.CATEGORY,
    "summary": C.SUMMARY,
    "content": C.CONTENT,
    "is_named": C.NAMED,
    "is_repeat": C.REPEAT,
    "informant": C.INFORMANT_NAME,
    "subject_person": C.SUBJECT_PERSON,
    "subject_department": C.SUBJECT_DEPARTMENT,
    "restricted_reason": C.ESCALATE_REASON,
    "outside_remit": C.KIND,
    "department": C.TRANSFER_DEPARTMENT,
    "result": C.RESULT,
    "outcomes": C.OUTCOME_KINDS,
}


class RowFailed(Exception):
    def __init__(self, issue):
        super().__init__(issue.reason)
        self.issue = issue


def _moment(value, previous=None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        at = value if timezone.is_aware(value) else timezone.make_aware(value)
    else:
        at = timezone.make_aware(dt.datetime.combine(value, DEFAULT_TIME))
    at = min(at, timezone.now())
    return max(at, previous) if previous is not None else at


class _Steps:
    """Calls the services for one row, naming the column of whatever they refuse."""

    def __init__(self, user, row: PastRow):
        self.user, self.row = user, row

    def run(self, column, call):
        try:
            return call()
        except ApplicationError as exc:
            field = next(iter(exc.detail or {}), "")
            where = FIELD_COLUMNS.get(field, column) if field not in ("at", "on", "concluded_on") else column
            raise RowFailed(self.issue(where, exc.message)) from None
        except Http404:
            raise RowFailed(self.issue(C.SUBJECT_PERSON, "导入人是此件的被反映人，应当回避，不能由本人导入")) from None

    def issue(self, column, reason):
        value = "" if column in C.IDENTITY else str(self.row.dates.get(column, "") or "")
        return Issue(sheet=self.row.sheet, row=self.row.row, column=column, value=value, reason=reason)


def _number(row: PastRow, counters: dict):
    """Let the year's counter issue the file's 编号 next (core.numbering never moves backwards)."""
    if counters.get(row.year, 0) < row.seq - 1:
        continue_from(NumberCounter, NumberCounter.Series.PETITION, row.year, row.seq - 1)


def store_row(user, row: PastRow, counters: dict):
    """The petition of ``row`` with every step it records; raises RowFailed naming the column."""
    with transaction.atomic():
        return _store(user, row, counters)


def _store(user, row, counters):
    steps, dates, user_ = _Steps(user, row), row.dates, user
    _number(row, counters)
    received = _moment(row.register["received_at"])
    petition = steps.run(
        C.RECEIVED,
        lambda: services.petition_register(
            user=user_, informant=row.informant, **(row.register | {"received_at": received})
        ),
    )
    if petition.number != row.number:  # a concurrent registration took the number
        raise RowFailed(steps.issue(C.NUMBER, f"编号 {row.number} 已被占用（系统编为 {petition.number}），请重新导入"))
    counters[row.year] = row.seq
    at = received
    if C.ACCEPTED in dates:
        at = _moment(dates[C.ACCEPTED], at)
        petition = steps.run(C.ACCEPTED, lambda: services.petition_accept(user=user_, petition=petition, at=at))
    if row.status == Status.REJECTED:
        when = _moment(dates.get(C.REJECTED, row.register["received_at"]), received)
        reason = row.reject_reason or NOT_ENTERED.format(what="不予受理理由")
        petition = steps.run(
            C.REJECTED, lambda: services.petition_reject(user=user_, petition=petition, reason=reason, at=when)
        )
    if row.status == Status.ESCALATED:
        when = _moment(dates[C.ESCALATED], at)
        petition = steps.run(C.ESCALATED, lambda: services.petition_escalate(user=user_, petition=petition, at=when))
    if C.TRANSFERRED in dates:
        at = _moment(dates[C.TRANSFERRED], at)
        summary = row.transfer_summary or NOT_ENTERED.format(what="转办摘要")
        department = row.transfer_department
        petition = steps.run(
            C.TRANSFERRED,
            lambda: services.petition_transfer(
                user=user_, petition=petition, department=department, summary=summary, at=at
            ),
        )
    if C.REPLIED in dates:
        at = _moment(dates[C.REPLIED], at)
        reply = row.reply or NOT_ENTERED.format(what="部门反馈内容")
        petition = steps.run(
            C.REPLIED, lambda: services.petition_reply(user=user_, petition=petition, reply=reply, at=at)
        )
    elif row.status in (Status.HANDLING, Status.CONCLUDED):
        petition = steps.run(C.ACCEPTED, lambda: services.petition_handle(user=user_, petition=petition, at=at))
    if row.status == Status.CONCLUDED:
        on = dates[C.CONCLUDED]
        on = on.date() if isinstance(on, dt.datetime) else on
        petition = steps.run(
            C.CONCLUDED,
            lambda: services.petition_conclude(
                user=user_, petition=petition, result=row.result, outcomes=row.outcomes, concluded_on=on
            ),
        )
    for column, service, method in (
        (C.NOTIFIED, services.petition_notify, row.notify_method),
        (C.FEEDBACK, services.petition_feedback, row.feedback_method),
    ):
        if column in dates:
            on = dates[column]
            on = on.date() if isinstance(on, dt.datetime) else on
            petition = steps.run(
                column, lambda s=service, m=method, d=on, p=petition: s(user=user_, petition=p, method=m, on=d)
            )
    return petition
