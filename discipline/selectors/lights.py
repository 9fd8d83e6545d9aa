"""The traffic light of clues and recommendations, computed once per request.

A clue's current due date may come from a working-day rule (函询回复) or a calendar
rule (处置意见、巡察反馈、复查): the yellow window follows the rule's own unit, as the
reminders do (deadlines.light).
"""

import datetime as dt

from django.db.models import Q

from deadlines.light import Light, light_for, light_q
from deadlines.light import LightContext as BaseLightContext
from deadlines.models import DeadlineRule, Unit


class LightContext(BaseLightContext):
    """With the units of the rules whose due dates it lights (rule code -> unit)."""

    def __init__(self, today=None, *, units=None, **kwargs):
        super().__init__(today, **kwargs)
        self.units = units or {}

    @classmethod
    def load(cls, rule_codes=(), today=None):
        units = dict(DeadlineRule.objects.filter(code__in=list(rule_codes)).values_list("code", "unit"))
        return cls(today, units=units)

    def boundary_for(self, rule_code) -> dt.date:
        return self.yellow_until(Unit.WORKDAY if self.units.get(rule_code) == Unit.WORKDAY else Unit.DAY)

    def light(self, due_date, *, rule_code, closed, running=True) -> str:
        """``running=False``: the item is open but its due date no longer runs (no light)."""
        if not closed and not running:
            return Light.NONE
        return light_for(due_date, today=self.today, closed=closed, boundary=self.boundary_for(rule_code))

    def q(self, light, *, field, closed_q, rule_codes, rule_field=None, stopped_q=None):
        """A filter for ``light``. ``rule_codes``: {value of ``rule_field``: rule code}, so the
        yellow window follows each row's own rule; without ``rule_field`` the single code applies.
        ``stopped_q``: open items whose due date no longer runs (no light, like no due date)."""
        if light not in Light.values:
            raise ValueError(light)
        if light in (Light.GREY, Light.NONE, Light.RED) or rule_field is None:
            code = next(iter(rule_codes.values()))
            return light_q(
                light,
                field=field,
                today=self.today,
                boundary=self.boundary_for(code),
                closed_q=closed_q,
                long_term_q=stopped_q,
            )
        combined = Q(pk__in=[])
        for value, code in rule_codes.items():
            combined |= Q(**{rule_field: value}) & light_q(
                light,
                field=field,
                today=self.today,
                boundary=self.boundary_for(code),
                closed_q=closed_q,
                long_term_q=stopped_q,
            )
        return combined
