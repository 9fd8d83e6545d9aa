"""A reminder links to the item's page, made when the reminder is; the links stored before
(the item's API path, translated whenever shown) are rewritten once by a migration."""

import datetime as dt
import importlib
import uuid

import pytest
from django.apps import apps
from django.urls import get_script_prefix, reverse, set_script_prefix

from reminders.models import Notification, Reminder
from reminders.sources import get_source
from tests.factories import make_user

PAGES = {
    "measure": "web:measure-detail",
    "round.plan": "web:round-detail",
    "round.report": "web:round-detail",
    "round.leader_report": "web:round-detail",
    "petition.accept": "web:petition-detail",
    "petition.conclude": "web:petition-detail",
    "petition.transfer": "web:transfer-detail",
    "clue.disposal": "web:clue-detail",
    "clue.review": "web:clue-detail",
    "recommendation.reply": "web:recommendation-detail",
}


@pytest.mark.parametrize(("key", "url_name"), PAGES.items())
def test_each_source_links_to_its_page(key, url_name):
    assert get_source(key).link({"pk": 42}) == reverse(url_name, kwargs={"pk": 42})
    assert get_source(key).link({"pk": 7}) == reverse(url_name, kwargs={"pk": 7})


def test_links_follow_the_script_prefix_a_deployment_serves_under():
    # the link is reversed once per page and prefix, not per item: a prefix set later still counts
    before = get_script_prefix()
    set_script_prefix("/xcjj/")
    try:
        assert get_source("measure").link({"pk": 5}) == reverse("web:measure-detail", kwargs={"pk": 5})
        assert get_source("measure").link({"pk": 5}).startswith("/xcjj/")
    finally:
        set_script_prefix(before)
    assert get_source("measure").link({"pk": 5}) == reverse("web:measure-detail", kwargs={"pk": 5})


links_to_pages = importlib.import_module("reminders.migrations.0006_links_to_pages").links_to_pages

OLD = {
    "/api/v1/measures/5/": ("web:measure-detail", 5),
    "/api/v1/rounds/6/": ("web:round-detail", 6),
    "/api/v1/petitions/7/": ("web:petition-detail", 7),
    "/api/v1/petition-transfers/8/": ("web:transfer-detail", 8),
    "/api/v1/clues/19/": ("web:clue-detail", 19),
    "/api/v1/recommendations/110/": ("web:recommendation-detail", 110),
}
KEPT = [
    "",
    "/admin/deadlines/calendaryear/notice/",
    "/rectification/measures/5/",
    "/api/v1/notifications/",
    "/api/v1/measures/5/evidence/",
    "/api/v1/petitions/x/",
    "https://example.cn/api/v1/measures/5/",
]


@pytest.mark.django_db
def test_the_migration_rewrites_stored_api_links_to_pages_and_nothing_else(ladder):
    # Given reminders and notifications holding the old API links and other links
    user = make_user(username="lianjie", person_name="链接测试")
    day, batch = dt.date(2026, 6, 15), uuid.uuid4()
    links = [*OLD, *KEPT]
    reminders = Reminder.objects.bulk_create(
        [
            Reminder(
                source="test",
                object_id=i,
                due_date=day,
                stage="due",
                recipient=ladder.person.person,
                subject="事项",
                text="提醒",
                link=link,
                scan_date=day,
                batch=batch,
            )
            for i, link in enumerate(links)
        ]
    )
    Notification.objects.bulk_create([Notification(user=user, title="提醒", link=link) for link in links])

    # When the migration runs
    links_to_pages(apps, None)

    # Then exactly the API detail links became their pages
    expected = {old: reverse(name, kwargs={"pk": pk}) for old, (name, pk) in OLD.items()} | {k: k for k in KEPT}
    assert {r.pk: r.link for r in Reminder.objects.all()} == {r.pk: expected[r.link] for r in reminders}
    assert sorted(Notification.objects.values_list("link", flat=True)) == sorted(expected.values())
    links_to_pages(apps, None)  # a second run changes nothing
    assert sorted(Reminder.objects.values_list("link", flat=True)) == sorted(expected.values())
