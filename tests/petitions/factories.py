"""Helpers to build petitions through the real services (so numbers, dues and history are real)."""

import datetime as dt

from django.utils import timezone

from petitions import services
from petitions.identity import Identity
from petitions.models import Category, Channel, Kind

# A test reporter whose details must never appear in plaintext anywhere in the database.
REPORTER = Identity(
    name="欧阳测试举报人", phone="13912345678", id_number="11010119900307663X", address="测试市幸福路88号"
)
OTHER_REPORTER = Identity(name="司马另一举报人", phone="13587654321", id_number="320102198801014321", address="")


def category(name="服务态度"):
    return Category.objects.get(name=name)


def received(days_ago=1, hour=10):
    moment = timezone.localtime() - dt.timedelta(days=days_ago)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def register(user, *, informant=REPORTER, **overrides):
    data = {
        "received_at": received(),
        "channel": Channel.HOTLINE,
        "kind": Kind.COMPLAINT,
        "is_named": informant is not None,
        "category": category(),
        "summary": "接线员态度生硬",
        "content": "某日拨打热线，接线员态度生硬，未解答问题。",
    }
    data.update(overrides)
    if data.get("restricted_reason"):
        for key in ("category", "summary", "content"):
            data.pop(key, None)
        data["is_named"] = False
        informant = None
    return services.petition_register(user=user, informant=informant, **data)


def accepted(user, **kwargs):
    return services.petition_accept(user=user, petition=register(user, **kwargs))


def transferred(user, department, **kwargs):
    petition = accepted(user, **kwargs)
    return services.petition_transfer(
        user=user, petition=petition, department=department, summary="请核查接线服务态度问题"
    )


def handling(user, **kwargs):
    return services.petition_handle(user=user, petition=accepted(user, **kwargs))


def concluded(user, **kwargs):
    return services.petition_conclude(user=user, petition=handling(user, **kwargs), result="经核实，已批评教育")
