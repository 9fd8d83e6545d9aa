"""The traffic light of a petition, from its earliest outstanding due date (``next_due``).

Working-day rules use the working-day yellow window, the others the day window
(deadlines.light); both boundaries are computed once per request.
"""

from functools import cached_property

from django.db.models import Q

from deadlines.light import Light, light_for, light_q
from deadlines.light import LightContext as BaseLightContext
from deadlines.models import Unit
from petitions.models import FINAL_STATUSES, Status


class LightContext(BaseLightContext):
    def light(self, petition):
        closed = petition.status in FINAL_STATUSES and petition.next_due is None
        return light_for(
            petition.next_due, today=self.today, closed=closed, boundary=self.yellow_until(petition.next_due_unit)
        )

    @cached_property
    def transfer_unit(self):
        from petitions.deadlines import rule_units

        return rule_units(["transfer-reply"]).get("transfer-reply", Unit.WORKDAY)

    def transfer_light(self, petition):
        """A 转办件's light as its department sees it: from the reply due date alone."""
        closed = petition.status != Status.TRANSFERRED
        return light_for(
            petition.transfer_due, today=self.today, closed=closed, boundary=self.yellow_until(self.transfer_unit)
        )

    def transfer_q(self, light):
        return light_q(
            light,
            field="transfer_due",
            today=self.today,
            boundary=self.yellow_until(self.transfer_unit),
            closed_q=~Q(status=Status.TRANSFERRED),
        )

    def q(self, light):
        closed = Q(next_due__isnull=True, status__in=FINAL_STATUSES)
        workday = Q(next_due_unit=Unit.WORKDAY)

        def for_boundary(boundary):
            return light_q(light, field="next_due", today=self.today, boundary=boundary, closed_q=closed)

        return (workday & for_boundary(self.workday_boundary)) | (~workday & for_boundary(self.day_boundary))


__all__ = ["Light", "LightContext"]
