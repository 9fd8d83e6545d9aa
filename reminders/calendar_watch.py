"""The 系统管理员's reminder that a year's holiday schedule is missing (deadlines.watch).

Run by every scan (``reminders.scan.run_scan``); each (year, administrator) is told once, ever:
the ``CalendarNotice`` rows are inserted ignoring conflicts with their unique constraint, and
only the rows of this call's batch — those it actually inserted — become in-app notifications,
in the same transaction (as ``reminders.scan`` does for ``Reminder``). Administrators are the active users of
the 系统管理员 group and superusers (README: 三员分立) — they need no linked person, so the
message is an in-app notification, not a ``Reminder`` (whose recipient is a person).
"""

import datetime as dt
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from deadlines.watch import missing_text, missing_years
from organization.roles import GROUP_NAMES, Role
from reminders.models import CalendarNotice, Notification


def administrators():
    User = get_user_model()
    return User.objects.filter(
        Q(groups__name=GROUP_NAMES[Role.ADMIN]) | Q(is_superuser=True), is_active=True
    ).distinct()


def remind_missing_calendar(today: dt.date) -> int:
    """Notify each administrator once per missing year; returns how many notifications were made."""
    years = missing_years(today)
    if not years:
        return 0
    user_ids = list(administrators().values_list("pk", flat=True))
    if not user_ids:
        return 0
    link = reverse("admin:deadlines_calendaryear_notice")
    made = 0
    with transaction.atomic():
        for year in years:
            batch = uuid.uuid4()
            CalendarNotice.objects.bulk_create(
                [CalendarNotice(year=year, user_id=uid, batch=batch) for uid in user_ids], ignore_conflicts=True
            )
            for notice in CalendarNotice.objects.filter(batch=batch):
                notice.notification = Notification.objects.create(
                    user_id=notice.user_id,
                    title=f"请录入{year}年节假日安排",
                    body=(
                        f"{missing_text([year])}，{year}年的工作日期限目前按法定节假日估算（未计调休）。"
                        f"国务院办公厅发布《关于{year}年部分节假日安排的通知》后，请在管理后台按通知录入。"
                    ),
                    link=link,
                )
                notice.save(update_fields=["notification"])
                made += 1
    return made
