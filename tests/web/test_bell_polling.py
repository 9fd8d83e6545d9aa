"""The bell refreshes itself: every page's bell polls a small fragment (htmx, every 60 s) that
costs a fixed few queries and does not count as activity for the idle timeout."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reminders.models import Notification

pytestmark = pytest.mark.django_db


def test_every_page_polls_the_bell_fragment(client_as, office_a):
    html = client_as(office_a).get("/").content.decode()
    bell = html[html.index('data-testid="bell"') - 300 : html.index("</a>", html.index('data-testid="bell"'))]
    assert f'hx-get="{reverse("web:notification-bell")}"' in bell
    assert 'hx-trigger="every 60s"' in bell and 'hx-swap="outerHTML"' in bell


def test_the_fragment_counts_only_the_users_unread_notifications(client_as, office_a, office_b):
    client = client_as(office_a)
    url = reverse("web:notification-bell")
    empty = client.get(url)
    assert empty.status_code == 200 and 'data-testid="unread-count"' not in empty.content.decode()
    Notification.objects.create(user=office_a, title="整改措施即将到期")
    Notification.objects.create(user=office_a, title="第二条提醒")
    Notification.objects.create(user=office_a, title="已读的提醒", read_at=timezone.now())
    Notification.objects.create(user=office_b, title="别人的提醒")
    fragment = client.get(url)
    html = fragment.content.decode()
    assert 'data-testid="unread-count">2<' in html and "2 条未读" in html
    # the fragment is the bell itself, polling on: swapping it in keeps the poll going
    assert 'hx-trigger="every 60s"' in html
    assert "<html" not in html and "sidenav" not in html
    assert "no-store" in fragment["Cache-Control"]


def test_the_fragment_query_count_is_fixed(client_as, office_a, django_assert_num_queries):
    for i in range(25):
        Notification.objects.create(user=office_a, title=f"提醒{i}")
    client = client_as(office_a)
    client.get(reverse("web:notification-bell"))
    # session read, user, the actor the count's visibility starts from (roles, person, departments,
    # headed departments: 4) and the count: 7 however many notifications there are; no session
    # save (3 more on a page), no navigation.
    with django_assert_num_queries(7):
        response = client.get(reverse("web:notification-bell"))
    assert 'data-testid="unread-count">25<' in response.content.decode()


def test_polling_does_not_keep_an_idle_session_alive(client_as, office_a):
    client = client_as(office_a)
    session = Session.objects.get(session_key=client.session.session_key)
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(pk=session.pk).update(expire_date=soon)
    for _ in range(3):
        assert client.get(reverse("web:notification-bell")).status_code == 200
    assert Session.objects.get(pk=session.pk).expire_date == soon
    # a page the user opens does count as activity (the idle timeout restarts)
    client.get("/")
    assert Session.objects.get(pk=session.pk).expire_date > soon


def test_signed_out_the_fragment_swaps_nothing():
    response = Client().get(reverse("web:notification-bell"))
    assert response.status_code == 204 and response.content == b""
