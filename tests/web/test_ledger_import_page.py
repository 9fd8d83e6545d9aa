"""Ledger import page: dry run shows every problem by sheet, row and column; confirm imports all or nothing."""

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectification.models import InspectionRound, Measure

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "ledger-sample.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(content, name="台账.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX)


def test_dry_run_then_confirm_imports_the_sample(client_as, inspector, tmp_path):
    ledger = tmp_path / "台账.xlsx"
    shutil.copy(SAMPLE, ledger)
    client = client_as(inspector)
    response = client.post(
        reverse("web:ledger-import"),
        {"file": _upload(ledger.read_bytes()), "round_name": "2021年市委第三巡察组巡察", "feedback_date": "2021-09-15"},
    )
    html = response.content.decode()
    assert response.status_code == 200, html[html.find("form-errors") : html.find("form-errors") + 2000]
    assert "确认导入" in html and not InspectionRound.objects.exists()
    token = html.split('name="token" value="')[1].split('"')[0]
    # nothing is known in this database: every name is 未找到 and created on purpose (the choices:
    # test_ledger_import_names_page)
    selects = re.findall(r'<select name="(name-\d+)"', html)
    assert len(selects) == 12
    response = client.post(reverse("web:ledger-import-confirm"), {"token": token, **dict.fromkeys(selects, "create")})
    rnd = InspectionRound.objects.get(name="2021年市委第三巡察组巡察")
    assert response["Location"] == reverse("web:round-detail", args=[rnd.pk])
    assert Measure.objects.filter(problem__round=rnd).exists()
    # a token is used once
    again = client.post(reverse("web:ledger-import-confirm"), {"token": token}, follow=True)
    assert "导入预览已失效" in again.content.decode()


def test_a_broken_ledger_lists_every_error_by_row_and_column_and_imports_nothing(client_as, inspector):
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book.active
    header_row = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "序号")
    deadline_col = [c.value for c in sheet[header_row]].index("完成时限") + 1
    sheet.cell(header_row + 2, deadline_col, "下辈子")
    sheet.cell(header_row + 4, deadline_col, "明年某个时候")
    out = io.BytesIO()
    book.save(out)
    response = client_as(inspector).post(
        reverse("web:ledger-import"),
        {"file": _upload(out.getvalue()), "round_name": "有错的台账", "feedback_date": "2021-09-15"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "下辈子" in html and "明年某个时候" in html and "完成时限" in html
    assert str(header_row + 2) in html and str(header_row + 4) in html
    assert "有错的台账" in html  # the round name typed is kept
    assert not InspectionRound.objects.exists()


def test_not_an_excel_file_is_refused_beside_the_field(client_as, inspector):
    response = client_as(inspector).post(
        reverse("web:ledger-import"), {"file": _upload(b"hello", name="x.txt"), "round_name": "某轮"}
    )
    assert response.status_code == 400 and "请上传 Excel .xlsx 文件" in response.content.decode()


def test_a_file_above_upload_max_mb_is_refused_with_its_size_and_nothing_is_kept(client_as, inspector, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024  # UPLOAD_MAX_MB=1
    content = SAMPLE.read_bytes()
    content += b"\0" * (settings.UPLOAD_MAX_BYTES + 1 - len(content))
    response = client_as(inspector).post(
        reverse("web:ledger-import"), {"file": _upload(content), "round_name": "超限的台账", "feedback_date": ""}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "超过大小限制（1 MB）" in html and "该文件为 1.0 MB" in html
    assert 'name="token"' not in html and not InspectionRound.objects.exists()
