"""The web ledger import refuses a file above UPLOAD_MAX_MB with a size message, importing nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectification.models import InspectionRound

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024


def test_a_file_just_above_the_limit_is_refused_with_the_limit_named(client_as, inspector, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    upload = SimpleUploadedFile("台账.xlsx", b"\0" * (MB + 1), content_type=XLSX)
    response = client_as(inspector).post(
        reverse("web:ledger-import"), {"file": upload, "round_name": "2021年市委第三巡察组巡察"}
    )
    assert response.status_code == 400
    assert "超过大小限制（1 MB）" in response.content.decode()
    assert not InspectionRound.objects.exists()


def test_a_file_at_the_limit_gets_past_the_size_check(client_as, inspector, settings):
    settings.UPLOAD_MAX_BYTES = 1 * MB
    upload = SimpleUploadedFile("台账.xlsx", b"\0" * MB, content_type=XLSX)
    response = client_as(inspector).post(
        reverse("web:ledger-import"), {"file": upload, "round_name": "2021年市委第三巡察组巡察"}
    )
    # not a spreadsheet, so refused later — but not for its size
    assert response.status_code == 400
    assert "超过大小限制" not in response.content.decode()
