"""The traffic light of clues and recommendations, computed once per request.

A clue's current due date may come from a working-day rule (函询回复) or a calendar
rule (处置意见、巡察反馈、复查): the yellow window follows the rule's own unit, as the
reminders do (deadlines.light).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from deadlines.calendar import WorkCalendar
from deadlines.light import Light, light_for, light_q, yellow_boundary
from deadlines.models import DeadlinePolicy, DeadlineRule, Unit


@dataclass
class LightContext:
    today: dt.date
    boundaries: dict = field(default_factory=dict)  # unit -> last due date that is yellow today
    units: dict = field(default_factory=dict)  # rule code -> unit

    @classmethod
    def load(cls, rule_codes=(), today=None):
        today = today or timezone.localdate()
        policy = DeadlinePolicy.load()
        calendar = WorkCalendar.load()
        boundaries = {
            Unit.WORKDAY: yellow_boundary(today, unit=Unit.WORKDAY, policy=policy, calendar=calendar),
            Unit.DAY: yellow_boundary(today, unit=Unit.DAY, policy=policy),
        }
        units = dict(DeadlineRule.objects.filter(code__in=list(rule_codes)).values_list("code", "unit"))
        return cls(today=today, boundaries=boundaries, units=units)

    def boundary_for(self, rule_code) -> dt.date:
        unit = Unit.WORKDAY if self.units.get(rule_code) == Unit.WORKDAY else Unit.DAY
        return self.boundaries[unit]

    def light(self, due_date, *, rule_code, closed) -> str:
        return light_for(due_date, today=self.today, closed=closed, boundary=self.boundary_for(rule_code))

    def q(self, light, *, field, closed_q, rule_codes, rule_field=None):
        """A filter for ``light``. ``rule_codes``: {value of ``rule_field``: rule code}, so the
        yellow window follows each row's own rule; without ``rule_field`` the single code applies."""
        if light not in Light.values:
            raise ValueError(light)
        if light in (Light.GREY, Light.NONE, Light.RED) or rule_field is None:
            code = next(iter(rule_codes.values()))
            return light_q(light, field=field, today=self.today, boundary=self.boundary_for(code), closed_q=closed_q)
        combined = Q(pk__in=[])
        for value, code in rule_codes.items():
            combined |= Q(**{rule_field: value}) & light_q(
                light, field=field, today=self.today, boundary=self.boundary_for(code), closed_q=closed_q
            )
        return combined
