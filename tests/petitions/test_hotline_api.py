"""导入12345工单 over the API, and who sees imported petitions and their callers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.grants import grant
from core.models import AccessGrant
from core.tasks import run_job_task  # noqa: F401  (registers the worker task the jobs queue)
from organization.roles import Role
from petitions.hotline.importer import import_hotline
from petitions.identity import can_view_identity
from petitions.models import HotlineImport, HotlineSource, Petition
from tests.factories import make_user
from tests.petitions.hotline_helpers import csv_bytes, ticket, xlsx_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/hotline-imports/"


def test_the_route_is_named():
    assert reverse("hotline-import-list") == URL


@pytest.fixture
def source(db):
    return HotlineSource.objects.create(name="市12345热线")


def _post(client, source, data, name="工单.csv", **extra):
    return client.post(URL, {"source": source.pk, "file": SimpleUploadedFile(name, data), **extra}, format="multipart")


def test_post_checks_in_the_worker_then_get_shows_counts(
    source, inspector, api_as, eager, django_capture_on_commit_callbacks
):
    client = api_as(inspector)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, source, csv_bytes([ticket(1), ticket(2)], encoding="gbk"))
    assert response.status_code == 202, response.content
    body = client.get(f"{URL}{response.json()['id']}/").json()
    assert (body["state"], body["dry_run"], body["counts"]["new"]) == ("done", True, 2)
    assert (body["done_rows"], body["total_rows"]) == (2, 2) and not Petition.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, source, xlsx_bytes([ticket(1), ticket(2)]), "工单.xlsx", dry_run="false")
    assert client.get(f"{URL}{response.json()['id']}/").json()["state"] == "done"
    assert Petition.objects.count() == 2


def test_a_refused_file_lists_rows_and_unmapped_words(
    source, inspector, api_as, eager, django_capture_on_commit_callbacks
):
    client = api_as(inspector)
    rows = [ticket(1, category="窗口服务"), ticket(2, received_at="x")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, source, csv_bytes(rows), dry_run="false")
    body = client.get(f"{URL}{response.json()['id']}/").json()
    assert body["state"] == "refused" and body["unmapped"] == {"category": {"窗口服务": 1}}
    assert {(e["row"], e["column"]) for e in body["errors"]} == {(2, "诉求类型"), (3, "来电时间")}
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "field"),
    [(b"x", "a.doc", "file"), (b"", "a.csv", "file")],
)
def test_bad_uploads_are_400_naming_the_field(source, inspector, api_as, data, name, field):
    response = _post(api_as(inspector), source, data, name)
    assert response.status_code == 400 and field in response.json()["detail"]
    assert not HotlineImport.objects.exists()


def test_an_unknown_source_is_400(inspector, api_as, source):
    response = api_as(inspector).post(URL, {"source": 999, "file": SimpleUploadedFile("a.csv", b"x")})
    assert response.status_code == 400 and "source" in response.json()["detail"]


@pytest.mark.parametrize("role", ["office_a", "leader", "admin_user"])
def test_non_staff_get_404_for_list_detail_and_upload(source, inspector, role, request, api_as):
    imp = HotlineImport.objects.create(source=source, file_name="a.csv", created_by=inspector)
    client = api_as(request.getfixturevalue(role))
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{imp.pk}/").status_code == 404
    assert _post(client, source, csv_bytes([ticket(1)])).status_code == 404


def test_imported_callers_are_seen_only_with_the_right(source, inspector, supervisor, office_a, leader, admin_user):
    import_hotline(source=source, data=xlsx_bytes([ticket(1)]), file_name="a.xlsx", user=inspector)
    petition = Petition.objects.get()
    other = make_user(Role.INSPECTOR, username="inspector2", person_name="纪检干部乙")
    assert can_view_identity(inspector, petition)  # the registrar, as for a registration by hand
    assert not can_view_identity(supervisor, petition)
    grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY, reason="纪检负责人默认授权")
    assert can_view_identity(supervisor, petition)  # the explicit grant, never a role or superuser
    for user in (other, office_a, leader, admin_user):
        assert not can_view_identity(user, petition), user
    assert admin_user.is_superuser


def test_the_api_never_shows_the_caller_to_staff_without_the_right(source, inspector, api_as):
    import_hotline(source=source, data=xlsx_bytes([ticket(1)]), file_name="a.xlsx", user=inspector)
    other = make_user(Role.INSPECTOR, username="inspector2", person_name="纪检干部乙")
    body = api_as(other).get(f"/api/v1/petitions/{Petition.objects.get().pk}/").content.decode()
    assert "上官来电人" not in body and "13700001234" not in body
