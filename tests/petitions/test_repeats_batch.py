"""suggest_for_ids (an import's new rows): the same few queries for 20 or 200 petitions, and the
same suggestions as one call per petition would make."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions import crypto, repeats
from petitions.models import Category, Informant, Petition, RepeatSuggestion
from tests.petitions.repeat_helpers import department

pytestmark = pytest.mark.django_db


def _bulk(user, n, *, base):
    """``n`` petitions, one a minute: pairs share a phone, fives a department and summary, tens a ticket family."""
    dept = department()
    start = timezone.now() - dt.timedelta(days=3)
    informants = Informant.objects.bulk_create(
        [
            Informant(
                code=f"RB-{base + i}",
                year=2000,
                seq=base + i,
                phone_hmac=crypto.phone_fingerprint(f"1390000{(base + i) // 2:04d}"),
            )
            for i in range(n)
        ]
    )
    category = Category.objects.first()
    rows = [
        Petition(
            year=2000,
            seq=base + i,
            number=f"批〔2000〕{base + i}号",
            received_at=start + dt.timedelta(minutes=i),
            channel="hotline",
            kind="complaint",
            category=category,
            subject_department=dept if i % 5 else None,
            summary=f"第{(base + i) // 5}组：窗口人员态度生硬推诿扯皮",
            informant=informants[i],
            ticket_no=f"GD{base + i}",
            ticket_family=f"GD{base + i - i % 10}",
            registered_by=user,
            registered_at=start,
        )
        for i in range(n)
    ]
    return [p.pk for p in Petition.objects.bulk_create(rows)]


def _queries(ids):
    """(queries other than the insert, insert statements, suggestions made) of one batch."""
    with CaptureQueriesContext(connection) as ctx:
        made = repeats.suggest_for_ids(ids)
    sqls = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    inserts = [q for q in sqls if q.startswith("INSERT")]
    return len(sqls) - len(inserts), len(inserts), made


def test_the_batch_costs_the_same_queries_for_20_or_200_petitions(inspector):
    small, _, _ = _queries(_bulk(inspector, 20, base=1000))
    ids = _bulk(inspector, 200, base=5000)

    reads, inserts, made = _queries(ids)

    # targets, earlier suggestions, reporter candidates, ticket candidates and the similarity
    # statement (+ set_config on PostgreSQL): the same for 20 targets as for 200, none per row
    assert reads == small <= 6
    assert made > 200 and RepeatSuggestion.objects.filter(petition_id__in=ids).count() == made
    # one bulk insert, split only by the database's parameter limit (999 on SQLite: 124 rows of 8)
    assert inserts <= made // 100 + 1


def _made():
    rows = RepeatSuggestion.objects.values_list("petition_id", "original_id", "reasons", "similarity")
    return {(p, o, tuple(r), s) for p, o, r, s in rows}


def test_a_batch_makes_the_suggestions_one_call_each_would(inspector):
    ids = _bulk(inspector, 30, base=9000)
    repeats.suggest_for_ids(ids)
    batched = _made()
    RepeatSuggestion.objects.all()._raw_delete(RepeatSuggestion.objects.db)

    for pk in ids:
        repeats.suggest(pk)

    one_by_one = _made()
    assert batched == one_by_one and batched
