"""Activities, risk points, kinds and categories through the API: validation, roles, history, query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from reports.models import Activity, RiskPoint
from tests.factories import PersonFactory
from tests.reports.factories import ActivityFactory, RiskPointFactory, category, kind

pytestmark = pytest.mark.django_db

ACTIVITIES = reverse("activity-list")
RISKS = reverse("risk-point-list")


def _activity(**extra):
    return {"kind": kind("party-conduct-meeting").pk, "date": "2023-03-01", "title": "党风廉政建设工作会议", **extra}


def test_inspector_records_an_activity_with_history(api_as, inspector):
    response = api_as(inspector).post(ACTIVITIES, _activity(notes="会议纪要另存"), format="json")
    assert response.status_code == 201, response.data
    activity = Activity.objects.get(pk=response.data["id"])
    assert activity.created_by == inspector and activity.quantity == 1
    assert response.data["kind_name"] == "党风廉政建设工作会议" and response.data["unit"] == "次"
    assert activity.history.first().history_change_reason == "登记工作记录"


def test_persons_counted_kind_takes_the_number_of_persons(api_as, inspector):
    people = [PersonFactory() for _ in range(3)]
    data = _activity(kind=kind("heart-talk").pk, persons=[p.pk for p in people])
    response = api_as(inspector).post(ACTIVITIES, data, format="json")
    assert response.status_code == 201
    assert response.data["quantity"] == 3 and response.data["unit"] == "人次"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"date": "2023-02-30"}, "date"),
        ({"date": "明天"}, "date"),
        ({"kind": 99999}, "kind"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": "很多"}, "quantity"),
        ({"is_seminar": True}, "is_seminar"),  # only 理论中心组学习 can be a 专题研讨
        ({"title": ""}, "title"),
        ({"persons": [99999]}, "persons"),
        ({"department": "x"}, "department"),
    ],
)
def test_bad_activity_input_is_a_400_naming_the_field(api_as, inspector, extra, field):
    response = api_as(inspector).post(ACTIVITIES, _activity(**extra), format="json")
    assert response.status_code == 400
    assert field in response.data["detail"]


def test_future_date_is_refused(api_as, inspector):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api_as(inspector).post(ACTIVITIES, _activity(date=tomorrow), format="json")
    assert response.status_code == 400 and "date" in response.data["detail"]


def test_seminar_flag_on_theory_study(api_as, supervisor):
    data = _activity(kind=kind("theory-study").pk, is_seminar=True)
    assert api_as(supervisor).post(ACTIVITIES, data, format="json").status_code == 201


@pytest.mark.parametrize("role_user", ["leader", "office_a", "admin_user"])
def test_readers_and_outsiders_cannot_write(request, api_as, role_user):
    user = request.getfixturevalue(role_user)
    response = api_as(user).post(ACTIVITIES, _activity(), format="json")
    assert response.status_code == 403


def test_office_and_admin_see_no_records(api_as, office_a, admin_user, leader):
    activity = ActivityFactory()
    for user in (office_a, admin_user):
        assert api_as(user).get(ACTIVITIES).data["count"] == 0
        assert api_as(user).get(reverse("activity-detail", args=[activity.pk])).status_code == 404
    assert api_as(leader).get(ACTIVITIES).data["count"] == 1


def test_update_and_archive_no_delete(api_as, inspector):
    activity = ActivityFactory()
    client = api_as(inspector)
    url = reverse("activity-detail", args=[activity.pk])
    assert client.patch(url, {"quantity": 3}, format="json").data["quantity"] == 3
    assert client.delete(url).status_code == 405
    response = client.post(reverse("activity-archive", args=[activity.pk]))
    assert response.status_code == 200 and response.data["archived_at"]
    assert client.patch(url, {"quantity": 4}, format="json").status_code in (404, 409)
    assert [h.history_change_reason for h in activity.history.all()][:2] == ["归档工作记录", "修改工作记录"]


def test_activity_list_filters_by_year_and_rejects_bad_filters(api_as, inspector):
    ActivityFactory(date=dt.date(2022, 12, 31))
    ActivityFactory(date=dt.date(2023, 1, 1))
    client = api_as(inspector)
    assert client.get(ACTIVITIES, {"year": 2023}).data["count"] == 1
    assert client.get(ACTIVITIES, {"year": "二〇二三"}).status_code == 400
    assert client.get(ACTIVITIES, {"kind": 99999}).status_code == 400
    assert client.get(ACTIVITIES, {"kind_code": "heart-talk"}).data["count"] == 0


def test_activity_list_query_count_is_fixed(api_as, inspector, django_assert_max_num_queries):
    people = [PersonFactory() for _ in range(3)]
    for i in range(30):
        a = ActivityFactory(date=dt.date(2023, 1 + i % 12, 1), kind=kind("heart-talk"))
        a.persons.set(people)
    client = api_as(inspector)
    client.get(ACTIVITIES)  # warm the actor cache path
    # session/actor resolution (roles, person, memberships, headed) 3 + count 1 + page 1
    # + persons prefetch 1 + attachments prefetch 1 = 7, whatever the number of rows
    with django_assert_max_num_queries(8):
        response = client.get(ACTIVITIES)
    assert response.data["count"] == 30


def test_attachment_upload_and_checked_download(api_as, inspector, office_a, settings):
    activity = ActivityFactory()
    client = api_as(inspector)
    upload = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(reverse("activity-attachments", args=[activity.pk]), {"file": upload}, format="multipart")
    assert response.status_code == 201, response.data
    url = response.data["download_url"]
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert AuditLog.objects.filter(event=AuditLog.Event.DOWNLOAD).exists()
    assert api_as(office_a).get(url).status_code == 404
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("activity-attachments", args=[activity.pk]), {"file": bad}, format="multipart")
    assert response.status_code == 400


def test_risk_point_roundtrip_and_validation(api_as, inspector):
    client = api_as(inspector)
    data = {
        "date": "2023-04-01",
        "category": category("财务管理").pk,
        "title": "报销审核不严",
        "shortcoming_count": 2,
        "shortcomings": "审核流程缺少复核",
        "suggestion_count": 1,
        "suggestions": "增设复核环节",
    }
    response = client.post(RISKS, data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["category_name"] == "财务管理"
    assert client.post(RISKS, {**data, "shortcoming_count": -1}, format="json").status_code == 400
    response = client.post(RISKS, {**data, "shortcomings": ""}, format="json")
    assert response.status_code == 400 and "shortcomings" in response.data["detail"]
    assert client.post(RISKS, {**data, "category": "财务"}, format="json").status_code == 400
    point = RiskPoint.objects.get(pk=client.get(RISKS).data["results"][0]["id"])
    assert client.post(reverse("risk-point-archive", args=[point.pk])).status_code == 200


def test_risk_point_list_query_count_is_fixed(api_as, inspector, django_assert_max_num_queries):
    for i in range(40):
        RiskPointFactory(date=dt.date(2023, 1 + i % 12, 2))
    client = api_as(inspector)
    client.get(RISKS)
    # actor 3 + count 1 + page (category, department joined) 1
    with django_assert_max_num_queries(6):
        assert client.get(RISKS).data["count"] == 40


def test_kinds_are_data_managed_by_the_supervisor(api_as, supervisor, inspector, admin_user):
    kinds_url = reverse("activity-kind-list")
    response = api_as(supervisor).post(kinds_url, {"code": "democratic-life", "name": "民主生活会", "unit": "次"})
    assert response.status_code == 201
    assert api_as(inspector).post(kinds_url, {"code": "x", "name": "某会", "unit": "次"}).status_code == 403
    system = kind("heart-talk")
    detail = reverse("activity-kind-detail", args=[system.pk])
    response = api_as(supervisor).patch(detail, {"code": "talks"}, format="json")
    assert response.status_code == 400 and "code" in response.data["detail"]
    assert api_as(supervisor).patch(detail, {"name": "谈心谈话（含交心）"}, format="json").status_code == 200
    assert api_as(supervisor).post(kinds_url, {"code": "heart-talk", "name": "重复", "unit": "次"}).status_code == 400
    assert api_as(supervisor).post(kinds_url, {"code": "y", "name": "某会", "unit": "吨"}).status_code == 400
    # the administrator may read the configuration, not change it
    assert len(api_as(admin_user).get(kinds_url).data) == 12
    assert api_as(admin_user).post(kinds_url, {"code": "z", "name": "某会2", "unit": "次"}).status_code == 403


def test_categories_are_data(api_as, supervisor):
    url = reverse("risk-category-list")
    assert len(api_as(supervisor).get(url).data) == 8
    assert api_as(supervisor).post(url, {"name": "工程建设", "order": 90}).status_code == 201
