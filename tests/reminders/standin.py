"""The stand-in source the engine's tests register.

The engine is generic; these tests register a source over a foundation model that has
a date and people — ``core.AccessGrant``: expires_at is the due date, the grantee the
responsible person, the granter the responsible leader, revocation closes it. (The real
sources are registered in reminders/catalog.py.)
"""

from django.db.models.functions import TruncDate

from core.models import AccessGrant
from deadlines.models import Unit
from reminders.models import AudienceRole
from reminders.sources import PersonField, Source, register_source

SOURCE_KEY = "test.grant"


def grant_source(unit=Unit.DAY, key=SOURCE_KEY):
    return Source(
        key=key,
        label="测试事项",
        due_label="办理期限",
        queryset=lambda: AccessGrant.objects.filter(revoked_at__isnull=True).annotate(due=TruncDate("expires_at")),
        due_field="due",
        title=lambda row: f"第{row['pk']}号 {row['reason']}",
        title_fields=("reason",),
        unit=unit,
        link=lambda row: f"/items/{row['pk']}/",
        audiences={
            AudienceRole.RESPONSIBLE_PERSON: PersonField("user__person__id"),
            AudienceRole.RESPONSIBLE_LEADER: PersonField("granted_by__person__id"),
            AudienceRole.DEPARTMENT_HEAD: PersonField("user__person__memberships__department__head_id"),
        },
    )


def register_standin():
    return register_source(grant_source())
