"""导入12345工单 pages: upload → check (counts, refused rows, unmapped words mapped here) → confirm;
the sources' mapping pages; staff only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.tasks import run_job_task  # noqa: F401  (registers the worker task the jobs queue)
from petitions.models import HotlineImport, HotlineSource, Petition
from tests.petitions.hotline_helpers import csv_bytes, ticket, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return HotlineSource.objects.create(name="市12345热线")


def test_upload_map_words_recheck_and_confirm(
    client, inspector, source, dept_a, eager, django_capture_on_commit_callbacks
):
    client.force_login(inspector)
    assert "导入12345工单" in client.get(reverse("home")).content.decode()
    rows = [ticket(1, category="窗口服务", subject="外单位"), ticket(2)]
    upload = SimpleUploadedFile("工单.xlsx", xlsx_bytes(rows))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:hotline-import"), {"source": source.pk, "file": upload})
    checked = HotlineImport.objects.get()
    assert response.url == reverse("web:hotline-import-detail", args=[checked.pk])
    page = client.get(response.url).content.decode()
    assert "未对应的取值" in page and "窗口服务" in page and "确认导入" not in page
    assert "保存对应并重新检查" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:hotline-import-confirm", args=[checked.pk]),
            {"action": "recheck", "map-category-0": "服务态度", "map-subject-0": "-"},
        )
    source.refresh_from_db()
    assert source.value_map == {"category": {"窗口服务": "服务态度"}, "subject": {"外单位": "-"}}
    rechecked = HotlineImport.objects.latest("pk")
    page = client.get(response.url).content.decode()
    assert rechecked.state == "done" and "检查通过" in page and "确认导入" in page
    assert not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:hotline-import-confirm", args=[rechecked.pk]), {"action": "import"})
    assert "已导入" in client.get(response.url).content.decode() and Petition.objects.count() == 2


def test_refused_rows_are_listed_with_row_and_column(
    client, inspector, source, eager, django_capture_on_commit_callbacks
):
    client.force_login(inspector)
    upload = SimpleUploadedFile("工单.csv", csv_bytes([ticket(1, ticket_due="下周")], encoding="gbk"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:hotline-import"), {"source": source.pk, "file": upload})
    page = client.get(response.url).content.decode()
    assert "未导入任何内容" in page and "办理时限" in page and "下周" in page
    # No words to map: the button offers what it does — a new check under the source's settings.
    assert "按当前来源设置重新检查" in page and "保存对应" not in page


def test_a_wrong_file_type_is_a_form_error(client, inspector, source):
    client.force_login(inspector)
    upload = SimpleUploadedFile("工单.doc", b"x")
    response = client.post(reverse("web:hotline-import"), {"source": source.pk, "file": upload})
    assert response.status_code == 400 and ".xlsx 或 .csv" in response.content.decode()
    assert not HotlineImport.objects.exists()


def test_a_source_is_edited_with_its_headers_and_words(client, inspector, source):
    client.force_login(inspector)
    url = reverse("web:hotline-source-edit", args=[source.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "省12345",
        "folder": "",
        "is_active": "on",
        "h_ticket_no": "编号，单号",
        "v_category": "窗口=服务态度",
    }
    assert client.post(url, data).status_code == 302
    source.refresh_from_db()
    assert source.header_map == {"ticket_no": ["编号", "单号"]}
    assert source.value_map == {"category": {"窗口": "服务态度"}}
    bad = client.post(url, {**data, "v_category": "只有词"})
    assert bad.status_code == 400 and "第1行" in bad.content.decode()


@pytest.mark.parametrize("role", ["office_a", "leader", "admin_user"])
def test_the_pages_are_for_staff_only(client, source, inspector, role, request):
    imp = HotlineImport.objects.create(source=source, file_name="a.csv", created_by=inspector)
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("web:hotline-import"),
        reverse("web:hotline-import-detail", args=[imp.pk]),
        reverse("web:hotline-sources"),
        reverse("web:hotline-source-edit", args=[source.pk]),
    ):
        assert client.get(url).status_code in (403, 404), url
