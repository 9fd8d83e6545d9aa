from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from deadlines.models import CalendarDay, CalendarYear, DeadlineRule
from deadlines.services import schedule_recompute


@receiver(post_save, sender=DeadlineRule)
@receiver(post_save, sender=CalendarYear)
@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
@receiver(post_delete, sender=CalendarYear)
def _calendar_or_rule_changed(sender, raw=False, **kwargs):
    if raw:  # fixtures / loaddata
        return
    schedule_recompute()
