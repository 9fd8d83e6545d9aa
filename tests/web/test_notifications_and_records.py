"""The bell (reminders app) and the 工作记录 quick entry (reports app)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.web.helpers import with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def notifications():
    from reminders import models

    return models


def test_bell_counts_unread_and_the_list_marks_read(client_as, office_a, office_b, notifications, dept_a):
    from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

    measure = MeasureFactory(problem=ProblemFactory(round=RoundFactory()), lead_department=dept_a)
    Notification = notifications.Notification
    page = reverse("web:measure-detail", args=[measure.pk])
    mine = Notification.objects.create(user=office_a, title="整改措施即将到期", link=page)
    second = Notification.objects.create(user=office_a, title="第二条提醒", link="/api/v1/notifications/")
    theirs = Notification.objects.create(user=office_b, title="别人的提醒")
    client = client_as(office_a)
    home = client.get("/").content.decode()
    assert 'data-testid="unread-count">2<' in home
    listing = client.get(reverse("web:notification-list")).content.decode()
    assert "整改措施即将到期" in listing and "别人的提醒" not in listing
    assert listing.count("查看事项") == 1  # the measure's page; the API link offers nothing to open
    # opening one marks it read and goes to the measure's page; a link into the API is never followed
    response = client.post(reverse("web:notification-read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == page
    response = client.post(reverse("web:notification-read", args=[second.pk]), {"open": "1"})
    assert response["Location"] == reverse("web:notification-list")
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("web:notification-read", args=[theirs.pk])).status_code == 404
    client.post(reverse("web:notification-read-all"))
    assert 'data-testid="unread-count"' not in client.get("/").content.decode()


@pytest.fixture
def reports_app():
    from reports.services import records

    return records


def test_inspector_records_a_talk_and_a_risk_point(client_as, inspector, reports_app):
    from reports.models import Activity, ActivityKind, RiskCategory, RiskPoint

    kind = ActivityKind.objects.filter(is_active=True).first()
    client = client_as(inspector)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("web:records"),
        with_token(inspector, {"form": "activity", "activity-kind": kind.pk, "activity-date": today,
                               "activity-title": "廉政提醒谈话", "activity-quantity": "3"}, prefix="activity"),
    )  # fmt: skip
    assert response.status_code == 302
    assert Activity.objects.get().quantity == 3
    category = RiskCategory.objects.filter(is_active=True).first()
    bad = client.post(
        reverse("web:records"),
        with_token(inspector, {"form": "risk", "risk-date": today, "risk-category": category.pk,
                               "risk-title": "采购环节", "risk-shortcoming_count": "2", "risk-suggestion_count": "0"},
                   prefix="risk"),
    )  # fmt: skip
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "请写明短板的具体内容" in html and "采购环节" in html  # the service's message, beside the field
    assert not RiskPoint.objects.exists()
    assert "廉政提醒谈话" in client.get(reverse("web:records")).content.decode()


def test_records_are_for_discipline_staff(client_as, office_a, leader, reports_app):
    assert client_as(office_a).get(reverse("web:records")).status_code == 403
    assert client_as(leader).get(reverse("web:records")).status_code == 403


def test_mailed_digests_link_to_the_page_not_the_api(settings):
    """Mails and robots carry the page people open (as the bell does), under SITE_URL."""
    import datetime as dt
    from types import SimpleNamespace

    from reminders.models import Stage
    from reminders.sources import get_source
    from reminders.wording import digest_body

    settings.SITE_URL = "https://xcjj.example.gov.cn/"
    link = get_source("measure").link({"pk": 5})  # what the scan stores for measure 5
    reminder = SimpleNamespace(
        id=1, stage=Stage.WARNING, due_date=dt.date(2026, 6, 20), text="整改措施第5号", link=link
    )
    body = digest_body(name="责任人甲", day=dt.date(2026, 6, 15), reminders=[reminder])
    page = reverse("web:measure-detail", kwargs={"pk": 5})
    assert f"https://xcjj.example.gov.cn{page}" in body
    assert "/api/" not in body
