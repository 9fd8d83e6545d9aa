"""Which stage of the ladder an item is in on a given day.

The windows are the ``DeadlinePolicy`` settings the traffic light uses; the yellow
boundary is computed by ``deadlines.light.yellow_boundary`` itself, so an item is in the
warning stage exactly when its light is yellow. Working-day rules use the working-day
windows (short_notice_workdays / short_warning_workdays); every other unit uses the
calendar-day windows.

On each day an item has at most one *occurrence* — (stage, number):

    notice      due ≤ notice boundary            (number 0)
    warning     due ≤ yellow boundary            (number 0)
    due         due == today                     (number 0)
    overdue     1 ≤ days late < escalate_after   number = (days late − 1) // repeat
    escalation  days late ≥ escalate_after       number = (days late − escalate_after) // repeat

so overdue reminders repeat every ``overdue_repeat_days`` and, after
``escalate_after_days``, the repeats widen to the escalation audience. A scan that runs
late (beat was down) finds the occurrence current that day, not the ones it missed.
"""

import datetime as dt
from dataclasses import dataclass

from deadlines.calendar import WorkCalendar
from deadlines.light import yellow_boundary
from deadlines.models import DeadlinePolicy, Unit
from reminders.models import Stage

UNITS = (Unit.DAY, Unit.WORKDAY, Unit.MONTH)


@dataclass(frozen=True)
class Occurrence:
    stage: str
    number: int = 0


@dataclass(frozen=True)
class Ladder:
    today: dt.date
    notice_boundary: dict
    warning_boundary: dict
    repeat_days: int
    escalate_after_days: int
    calendar: WorkCalendar

    @classmethod
    def build(cls, today: dt.date, *, policy: DeadlinePolicy | None = None, calendar: WorkCalendar | None = None):
        policy = policy or DeadlinePolicy.load()
        calendar = calendar or WorkCalendar.load()
        notice, warning = {}, {}
        for unit in UNITS:
            warning[unit] = yellow_boundary(today, unit=unit, policy=policy, calendar=calendar)
            if unit == Unit.WORKDAY:
                notice[unit] = calendar.add_workdays(today, policy.short_notice_workdays).date
            else:
                notice[unit] = today + dt.timedelta(days=policy.notice_days)
            notice[unit] = max(notice[unit], warning[unit])
        return cls(
            today=today,
            notice_boundary=notice,
            warning_boundary=warning,
            repeat_days=policy.overdue_repeat_days,
            escalate_after_days=policy.escalate_after_days,
            calendar=calendar,
        )

    @property
    def horizon(self) -> dt.date:
        """The latest due date that is in any stage today (the candidate filter)."""
        return max(self.notice_boundary.values())

    def occurrence(self, due: dt.date, unit: str) -> Occurrence | None:
        today = self.today
        if due < today:
            late = (today - due).days
            if late >= self.escalate_after_days:
                return Occurrence(Stage.ESCALATION, self._repeat(late - self.escalate_after_days))
            return Occurrence(Stage.OVERDUE, self._repeat(late - 1))
        if due == today:
            return Occurrence(Stage.DUE)
        unit = unit if unit in self.warning_boundary else Unit.DAY
        if due <= self.warning_boundary[unit]:
            return Occurrence(Stage.WARNING)
        if due <= self.notice_boundary[unit]:
            return Occurrence(Stage.NOTICE)
        return None

    def _repeat(self, days: int) -> int:
        return days // self.repeat_days if self.repeat_days else 0

    def remaining_text(self, due: dt.date, unit: str) -> str:
        """距到期 / 已逾期 wording in the item's own unit (working days for working-day rules)."""
        today = self.today
        if due < today:
            return f"已逾期{(today - due).days}日"
        if due == today:
            return "今日到期"
        if unit == Unit.WORKDAY:
            return f"还有{self.calendar.workdays_between(today, due)}个工作日到期"
        return f"还有{(due - today).days}日到期"
