"""The partial index of a model's rows whose stored due date is an estimate (web.estimated).

A due date computed over a year without a holiday schedule carries a warning beside it (the
``*_warning`` fields, deadlines.calendar). Such rows are few — the open items dated into a year whose
schedule has not been entered — yet 期限按估算的事项 on every 纪检 dashboard looks for them: without an
index that is a scan of the whole table (0.56 s at 200k petitions). This index holds only those rows;
PostgreSQL proves each branch of the list's ``(open AND warning <> '') OR …`` implies its condition.
"""

from django.db import models
from django.db.models import Q


def estimated_index(name: str, *warning_fields: str) -> models.Index:
    condition = Q()
    for field in warning_fields:
        condition |= ~Q(**{field: ""})
    return models.Index(fields=["id"], condition=condition, name=name)
