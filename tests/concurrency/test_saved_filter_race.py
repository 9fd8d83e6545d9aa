"""Two saves of a filter at once by one user, each on its own connection, with one place left under the
limit: one is saved, the other refused with the limit's message — never 21 filters."""

import contextlib
import threading

import pytest
from django.test import Client
from django.urls import reverse

from organization.roles import Role
from tests.concurrency.harness import race
from tests.factories import make_user
from web.models import SavedFilter

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_two_saves_at_once_do_not_pass_the_limit_together(monkeypatch):
    user = make_user(Role.INSPECTOR, username="filter_racer", person_name="并发保存人")
    SavedFilter.objects.bulk_create(
        SavedFilter(user=user, list_key="measures", name=f"已有{i}", query="overdue=true")
        for i in range(SavedFilter.MAX_PER_LIST - 1)
    )
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(user)

    def save(tab, name):
        def post():
            data = {"list_key": "measures", "name": name, "query": "status=open"}
            return tab.post(reverse("web:saved-filter-create"), data).status_code

        return post

    # Each save waits (up to 2 s) for the other on its way into the INSERT: without the lock both have
    # counted 19 by then and both insert; with it the second is still waiting for the first to commit.
    meet = threading.Barrier(2, timeout=2)
    create = SavedFilter.objects.create

    def create_after_meeting(**fields):
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()
        return create(**fields)

    monkeypatch.setattr(SavedFilter.objects, "create", create_after_meeting)
    outcomes = race(save(tabs[0], "新的甲"), save(tabs[1], "新的乙"))

    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    assert SavedFilter.objects.filter(user=user, list_key="measures").count() == SavedFilter.MAX_PER_LIST
    pages = [tab.get(reverse("web:measure-list")).content.decode() for tab in tabs]
    assert sum("最多保存 20 个筛选" in page for page in pages) == 1
