"""A hand-counted set of petitions for 信访统计 (tests/petitions/test_statistics.py and the page's
tests). Y is last year (a whole year in the past at any date), P the year before it; times are
Shanghai wall-clock times, several on a month's or a year's local midnight, where UTC still
reads the day before."""

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from petitions.models import Category, Channel, Kind, Petition, RestrictedReason, Satisfaction, Status
from tests.factories import DepartmentFactory, PersonFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def at(year, month, day, hour=10, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def petition(user, received_at, **fields):
    seq = next(_seq)
    data = {
        "year": received_at.year,
        "seq": seq,
        "number": f"信〔{received_at.year}〕统{seq}号",
        "received_at": received_at,
        "channel": Channel.HOTLINE,
        "kind": Kind.COMPLAINT,
        "registered_by": user,
        "registered_at": received_at,
    }
    data.update(fields)
    return Petition.objects.create(**data)


@dataclass
class Seed:
    year: int
    c1: Category
    c2: Category
    d1: object
    d2: object
    s1: object


def seed(user, *, leader=None) -> Seed:
    """Y: 7 petitions an inspector counts (5 for ``leader``: one 上级管辖件, one about the leader),
    one archived, one on the next year's local midnight; P: 2."""
    y = timezone.localdate().year - 1
    p = y - 1
    c1, c2 = Category.objects.get(name="服务态度"), Category.objects.get(name="电话接听")
    d1, d2 = DepartmentFactory(name="统计一处"), DepartmentFactory(name="统计二处")
    s1 = PersonFactory(name="被反映人甲")
    done = {"status": Status.CONCLUDED}
    # -- Y ------------------------------------------------------------------------------------
    # 1: local midnight-and-a-half of 1 January (UTC: 31 December of P) — January of Y
    petition(
        user,
        at(y, 1, 1, 0, 30),
        category=c1,
        subject_department=d1,
        conclude_due=dt.date(y, 2, 1),
        concluded_on=dt.date(y, 1, 20),
        satisfaction=Satisfaction.SATISFIED,
        **done,
    )
    # 2: the last minute of January — January; concluded after its due date
    petition(
        user,
        at(y, 1, 31, 23, 59),
        category=c1,
        subject_department=d2,
        channel=Channel.PHONE,
        conclude_due=dt.date(y, 2, 10),
        concluded_on=dt.date(y, 2, 15),
        satisfaction=Satisfaction.BASIC,
        **done,
    )
    # 3: local midnight of 1 February (UTC: still 31 January) — February
    petition(user, at(y, 2, 1, 0, 0), category=c2, subject_department=d1, subject_person=s1, satisfaction="unsatisfied")
    # 4: no category, no department, concluded without a due date (not in the 按期办结率)
    petition(
        user,
        at(y, 3, 15),
        channel=Channel.LETTER,
        satisfaction=Satisfaction.UNREACHED,
        concluded_on=dt.date(y, 4, 1),
        **done,
    )
    # 5: transferred to d2; concluded on its due date (on time)
    petition(
        user,
        at(y, 3, 16),
        category=c1,
        subject_department=d1,
        subject_person=s1,
        transfer_department=d2,
        conclude_due=dt.date(y, 4, 16),
        concluded_on=dt.date(y, 4, 16),
    )
    # 6: 上级管辖件 — staff count it, leaders never see it
    petition(user, at(y, 4, 2), channel=Channel.LETTER, is_restricted=True, restricted_reason=RestrictedReason.SUPERIOR)
    # 7: archived — nobody counts it
    petition(user, at(y, 5, 5), category=c1, subject_department=d1, archived_at=at(y, 6, 1))
    # 8: about the leader — hidden from the leader (回避)
    about = leader.person if leader is not None else PersonFactory(name="被反映人乙")
    petition(user, at(y, 6, 6), category=c2, subject_department=d2, subject_person=about, channel=Channel.PHONE)
    # -- the next year's local midnight (UTC: 31 December of Y): not Y -------------------------
    petition(user, at(y + 1, 1, 1, 0, 0), category=c1, subject_department=d1)
    # -- P --------------------------------------------------------------------------------------
    # 9: the last minute of P (UTC 15:59 the same day): December of P
    petition(
        user,
        at(p, 12, 31, 23, 59),
        category=c1,
        subject_department=d1,
        conclude_due=dt.date(y, 1, 15),
        concluded_on=dt.date(y, 1, 5),
        satisfaction=Satisfaction.SATISFIED,
        **done,
    )
    # 10
    petition(user, at(p, 6, 10), category=c2, subject_department=d2, channel=Channel.PHONE, satisfaction="satisfied")
    return Seed(year=y, c1=c1, c2=c2, d1=d1, d2=d2, s1=s1)


def filler(user, n, year):
    """``n`` more petitions spread over ``year`` and the year before (for query-count tests)."""
    categories = list(Category.objects.all()[:3])
    departments = [DepartmentFactory(name=f"统计填充{i}") for i in range(3)]
    people = [PersonFactory(name=f"填充被反映人{i}") for i in range(3)]
    for i in range(n):
        petition(
            user,
            at(year - i % 2, 1 + i % 12, 1 + i % 28),
            category=categories[i % 3],
            subject_department=departments[i % 3],
            subject_person=people[i % 3],
            transfer_department=departments[(i + 1) % 3],
            channel=Channel.values[i % len(Channel.values)],
            satisfaction=Satisfaction.values[i % 4],
        )
