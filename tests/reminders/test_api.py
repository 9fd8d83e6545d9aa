"""/api/v1/notifications/: a user's own messages, mark-read, mark-all-read, unread count."""

import pytest
from django.urls import reverse

from reminders.models import Notification, Stage


def _notes(user, n, **kwargs):
    return Notification.objects.bulk_create(
        [
            Notification(user=user, stage=Stage.DUE, title=f"【到期提醒】事项{i}", body="正文", **kwargs)
            for i in range(n)
        ]
    )


@pytest.mark.django_db
class TestNotificationsApi:
    def test_list_shows_only_my_notifications_newest_first(self, api_as, office_a, office_b):
        mine = _notes(office_a, 3)
        _notes(office_b, 2)
        data = api_as(office_a).get(reverse("notification-list")).json()
        assert data["count"] == 3
        assert [row["id"] for row in data["results"]] == sorted((n.pk for n in mine), reverse=True)
        assert data["results"][0]["stage_display"] == "到期提醒" and data["results"][0]["is_read"] is False

    def test_unread_filter_and_count(self, api_as, office_a):
        from django.utils import timezone

        _notes(office_a, 2)
        _notes(office_a, 1, read_at=timezone.now())
        client = api_as(office_a)
        assert client.get(reverse("notification-list"), {"unread": "true"}).json()["count"] == 2
        assert client.get(reverse("notification-unread-count")).json() == {"count": 2}

    def test_mark_read(self, api_as, office_a):
        (note,) = _notes(office_a, 1)
        client = api_as(office_a)
        response = client.post(reverse("notification-mark-read", args=[note.pk]))
        assert response.status_code == 200 and response.json()["is_read"] is True
        assert client.get(reverse("notification-unread-count")).json() == {"count": 0}

    def test_someone_elses_notification_is_not_found(self, api_as, office_a, office_b):
        (theirs,) = _notes(office_b, 1)
        client = api_as(office_a)
        assert client.post(reverse("notification-mark-read", args=[theirs.pk])).status_code == 404
        assert client.get(reverse("notification-detail", args=[theirs.pk])).status_code == 404
        theirs.refresh_from_db()
        assert theirs.read_at is None

    def test_mark_all_read_touches_only_mine(self, api_as, office_a, office_b):
        _notes(office_a, 4)
        _notes(office_b, 2)
        response = api_as(office_a).post(reverse("notification-mark-all-read"))
        assert response.json() == {"updated": 4}
        assert Notification.objects.filter(user=office_b, read_at__isnull=True).count() == 2

    def test_anonymous_is_refused(self, api):
        assert api.get(reverse("notification-unread-count")).status_code in (401, 403)

    def test_bad_filter_is_a_400(self, api_as, office_a):
        response = api_as(office_a).get(reverse("notification-list"), {"stage": "bogus"})
        assert response.status_code == 400 and "stage" in response.json()["detail"]
        response = api_as(office_a).get(reverse("notification-list"), {"unread": "maybe"})
        assert response.status_code == 400 and "unread" in response.json()["detail"]

    def test_list_query_count_is_fixed(self, api_as, office_a, django_assert_max_num_queries):
        _notes(office_a, 60)
        client = api_as(office_a)
        # forced authentication: actor resolution (groups, person, memberships, headed
        # departments: 4), count (1), page (1) — no query per notification.
        with django_assert_max_num_queries(6):
            response = client.get(reverse("notification-list"))
        assert len(response.json()["results"]) == 50
