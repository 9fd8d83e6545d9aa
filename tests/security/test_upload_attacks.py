"""The insider uploads what its name is not: each is a 400 naming the field, and nothing is written.

And the insider who copies MEDIA_ROOT learns nothing of a reporter from the attachments.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from petitions.models import PetitionAttachment
from rectification.models import Evidence, ProgressUpdate
from tests.petitions.factories import REPORTER, register
from tests.rectification.factories import MeasureFactory, RoundFactory
from tests.security.dump import media_file_count, media_hits
from tests.uploads import sample_upload

pytestmark = pytest.mark.django_db

HTML_AS_PDF = ("x.pdf", b"<!DOCTYPE html><html><script>fetch('/api/v1/petitions/')</script></html>")
EXE_AS_DOCX = ("x.docx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"PE\x00\x00")


def _zip_not_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("payload.txt", "not a workbook")
    return ("x.xlsx", buffer.getvalue())


ATTACKS = [HTML_AS_PDF, EXE_AS_DOCX, _zip_not_workbook()]
IDS = ["html-named-pdf", "exe-renamed-docx", "zip-named-xlsx"]


@pytest.mark.parametrize(("name", "data"), ATTACKS, ids=IDS)
def test_a_petition_attachment_that_is_not_what_it_says_is_refused(inspector, api_as, name, data):
    petition = register(inspector)
    url = reverse("petition-attachments", args=[petition.pk])
    response = api_as(inspector).post(url, {"file": SimpleUploadedFile(name, data)}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "file_content" and "file" in response.json()["detail"]
    assert not PetitionAttachment.objects.exists() and media_file_count() == 0


@pytest.mark.parametrize(("name", "data"), ATTACKS, ids=IDS)
def test_evidence_that_is_not_what_it_says_is_refused(dept_a, office_a, api_as, name, data):
    measure = MeasureFactory(lead_department=dept_a)
    url = reverse("rectification-measure-progress", args=[measure.pk])
    files = [sample_upload("纪要.pdf"), SimpleUploadedFile(name, data)]  # one bad file spoils the batch
    response = api_as(office_a).post(url, {"text": "进展", "files": files}, format="multipart")
    assert response.status_code == 400 and "files" in response.json()["detail"]
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists() and media_file_count() == 0


def test_a_zip_named_xlsx_is_refused_by_the_ledger_import(inspector, api_as):
    rnd = RoundFactory()
    name, data = _zip_not_workbook()
    url = reverse("rectification-round-ledger-import", args=[rnd.pk])
    response = api_as(inspector).post(url, {"file": SimpleUploadedFile(name, data)}, format="multipart")
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode()
    assert not rnd.aspects.exists()


def test_a_copy_of_media_root_reveals_no_reporter(inspector, api_as):
    petition = register(inspector)
    url = reverse("petition-attachments", args=[petition.pk])
    letter = f"{REPORTER.name} {REPORTER.phone} {REPORTER.id_number} {REPORTER.address}"
    for filename in ("原件.txt", "原件.docx", "扫描.pdf", "表.xlsx"):
        response = api_as(inspector).post(url, {"file": sample_upload(filename, text=letter)}, format="multipart")
        assert response.status_code == 201, response.content
    copy = {p.name: p.read_bytes() for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}

    assert len(copy) == 4
    secrets = [REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address]
    assert media_hits(secrets) == []
    # nor does unpacking help: the stored bytes are no zip or PDF any more
    assert not any(data.startswith((b"PK", b"%PDF")) for data in copy.values())
