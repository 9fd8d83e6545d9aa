"""Progress notes and evidence over the API: multipart uploads, validation, listing, downloads."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditLog
from rectification import services
from rectification.models import Evidence, ProgressUpdate
from tests.uploads import sample_upload


def _url(measure, name="progress"):
    return reverse(f"rectification-measure-{name}", args=[measure.pk])


def test_office_reports_progress_with_several_files(measure_a, office_a, api_as, settings):
    files = [SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 a"), SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff jpg")]
    response = api_as(office_a).post(
        _url(measure_a), {"text": "已召开专题民主生活会", "date": "2021-10-01", "files": files}, format="multipart"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["department"]["name"] == "受理一处"
    assert [e["name"] for e in body["evidence"]] == ["纪要.pdf", "照片.jpg"]
    stored = Evidence.objects.get(original_name="纪要.pdf")
    # stored under MEDIA_ROOT with an unguessable name, never under the web root
    assert stored.file.name.startswith("rectification/evidence/") and "纪要" not in stored.file.name
    download = api_as(office_a).get(body["evidence"][0]["download_url"])
    assert b"".join(download.streaming_content) == b"%PDF-1.4 a"


def test_evidence_can_be_added_to_an_existing_note(measure_a, office_a, api_as):
    note = services.progress_add(user=office_a, measure=measure_a, text="第一次进展")
    url = reverse("rectification-measure-progress-evidence", args=[measure_a.pk, note.pk])
    response = api_as(office_a).post(url, {"files": [sample_upload("补充.docx")]}, format="multipart")
    assert response.status_code == 201, response.content
    assert note.evidence.get().original_name == "补充.docx"
    assert api_as(office_a).post(url, {}, format="multipart").status_code == 400


@pytest.mark.parametrize(
    "upload",
    [SimpleUploadedFile("病毒.exe", b"MZ"), SimpleUploadedFile("空.pdf", b"")],
)
def test_disallowed_files_are_refused_with_the_field(measure_a, office_a, api_as, upload):
    response = api_as(office_a).post(_url(measure_a), {"text": "进展", "files": [upload]}, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()["detail"]
    assert not ProgressUpdate.objects.exists()


def test_file_size_limit_comes_from_settings(measure_a, office_a, api_as, settings):
    settings.UPLOAD_MAX_BYTES = 10
    upload = SimpleUploadedFile("大文件.pdf", b"x" * 11)
    response = api_as(office_a).post(_url(measure_a), {"text": "进展", "files": [upload]}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "file_too_large"


@pytest.mark.parametrize("who", ["inspector", "leader", "office_b"])
def test_others_cannot_report_progress(request, measure_a, api_as, who):
    response = api_as(request.getfixturevalue(who)).post(_url(measure_a), {"text": "x"}, format="multipart")
    assert response.status_code == (404 if who == "office_b" else 403)


def test_progress_list_costs_fixed_queries(measure_a, office_a, api_as, django_assert_max_num_queries):
    """30 notes with 2 files each: actor (4) + measure lookup (1) + notes with authors (1)
    + evidence prefetch (1) = 7; an N+1 on evidence or authors would add 30."""
    for i in range(30):
        files = [SimpleUploadedFile(f"a{i}.txt", b"a"), SimpleUploadedFile(f"b{i}.txt", b"b")]
        services.progress_add(user=office_a, measure=measure_a, text=f"进展{i}", files=files)
    client = api_as(office_a)
    with django_assert_max_num_queries(7):
        rows = client.get(_url(measure_a)).json()
    assert len(rows) == 30 and all(len(r["evidence"]) == 2 for r in rows)


def test_download_is_logged(measure_a, office_a, api_as):
    note = services.progress_add(user=office_a, measure=measure_a, text="x", files=[SimpleUploadedFile("a.txt", b"a")])
    evidence = note.evidence.get()
    api_as(office_a).get(reverse("rectification-measure-evidence-download", args=[measure_a.pk, evidence.pk]))
    log = AuditLog.objects.get(event=AuditLog.Event.DOWNLOAD)
    assert (log.user, log.target) == (office_a, f"佐证材料#{evidence.pk}")
