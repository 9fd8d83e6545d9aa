from core.scoping import register_visibility
from deadlines.models import CalendarDay, CalendarYear, DeadlinePolicy, DeadlineRule


@register_visibility(DeadlineRule)
@register_visibility(CalendarYear)
@register_visibility(CalendarDay)
@register_visibility(DeadlinePolicy)
def _public_config(actor, qs):
    # Rules and calendars are shown to users beside every due date.
    return qs
