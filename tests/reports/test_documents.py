"""The 纪律检查建议书 and 转办单 downloads from their records: content, roles, no reporter identity."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from core.models import AuditLog
from petitions.models import Category
from reports.models import ReportProfile
from tests.factories import DepartmentFactory
from tests.reports.factories import petition_row, recommendation_row

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200, response.content[:300]
    return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)


def test_recommendation_docx(api_as, inspector, leader, office_a, office_b, admin_user, dept_a):
    profile = ReportProfile.load()
    profile.office_name = "中共某局纪检组"
    profile.save()
    rec = recommendation_row(inspector, dept_a, dt.date(2023, 4, 10))
    rec.copy_to = "局党组、办公室"
    rec.reply_due_date = dt.date(2023, 5, 10)
    rec.causes = "制度执行不严"
    rec.save()
    url = reverse("recommendation-docx", args=[rec.pk])
    text = _text(api_as(inspector).get(url))
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == f"〔2023〕{rec.seq}号"
    assert lines[1] == "关于加强管理的纪律检查建议"
    assert lines[2] == "受理一处："
    assert [line for line in lines if line[1:2] == "、"] == [
        "一、问题来源",
        "二、存在的问题",
        "三、原因分析",
        "四、建议",
        "五、回复要求",
    ]
    assert "在信访举报中发现的问题。" in lines
    assert "请于2023年5月10日前将整改落实情况书面回复中共某局纪检组。" in text
    assert lines[-3:] == ["中共某局纪检组", "2023年4月10日", "抄送：局党组，办公室。"]
    assert AuditLog.objects.filter(event=AuditLog.Event.EXPORT, target__contains="建议书").exists()
    # the target department's liaison may download its letter; another department and the administrator not
    assert api_as(leader).get(url).status_code == 200
    assert api_as(office_a).get(url).status_code == 200
    assert api_as(office_b).get(url).status_code == 404
    assert api_as(admin_user).get(url).status_code == 404
    assert api_as(inspector).get(reverse("recommendation-docx", args=[99999])).status_code == 404


def test_transfer_slip_never_carries_the_reporter(api_as, inspector, office_a, office_b, dept_a):
    # Given a named complaint registered and transferred through the petitions API
    client = api_as(inspector)
    body = {
        "received_at": "2024-03-02T10:00:00+08:00",
        "channel": "phone",
        "kind": "complaint",
        "is_named": True,
        "summary": "欧阳举报人反映接线员态度生硬",
        "content": "我叫欧阳举报人，电话13912345678，反映……",
        "informant": {"name": "欧阳举报人", "phone": "13912345678"},
        "category": Category.objects.get(name="服务态度").pk,
    }
    created = client.post(reverse("petition-list"), body, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    url = reverse("transfer-slip-docx", args=[pk])
    assert client.get(url).status_code == 409  # not transferred yet
    assert client.post(reverse("petition-accept", args=[pk])).status_code == 200
    response = client.post(
        reverse("petition-transfer", args=[pk]),
        {"department": dept_a.pk, "summary": "请核查接线员服务态度问题并整改"},
        format="json",
    )
    assert response.status_code == 200, response.content
    # When the 转办单 is downloaded
    text = _text(client.get(url))
    # Then it carries the 转办摘要 and due date, never the reporter or the content
    assert "受理一处：" in text and "请核查接线员服务态度问题并整改" in text
    assert "反馈期限：请于" in text
    for secret in ("欧阳", "13912345678", "我叫"):
        assert secret not in text
    # the receiving department's liaison can download it, another department cannot
    assert api_as(office_a).get(url).status_code == 200
    assert api_as(office_b).get(url).status_code == 404


def test_transfer_slip_unknown_or_invisible_is_404(api_as, inspector, admin_user):
    petition = petition_row(inspector, dt.date(2024, 1, 2), "服务态度", transfer_department=DepartmentFactory())
    assert api_as(admin_user).get(reverse("transfer-slip-docx", args=[petition.pk])).status_code == 404
    assert api_as(inspector).get(reverse("transfer-slip-docx", args=[99999])).status_code == 404
