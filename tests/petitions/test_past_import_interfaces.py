"""往年信访件导入 through the API, the page and the command: who may, hostile files, check then confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from organization.roles import Role
from petitions.models import Petition
from tests.factories import make_user
from tests.hostile.bombs import sheet_xml, text_row, workbook
from tests.petitions.past_import_helpers import day, workbook_bytes
from tests.petitions.past_import_helpers import row as sheet_row

pytestmark = pytest.mark.django_db

URL = "/api/v1/petition-imports/"


def _upload(content, name="信访台账.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _file():
    return workbook_bytes([sheet_row(1, day(2, 1)), sheet_row(2, day(2, 2), 状态="已受理", 受理日期=day(2, 3))])


def test_api_checks_then_imports(api_as, supervisor):
    client = api_as(supervisor)

    checked = client.post(URL, {"file": _upload(_file()), "dry_run": "true"}, format="multipart")
    assert checked.status_code == 200, checked.json()
    assert checked.json()["added"] == 2 and not Petition.objects.exists()

    done = client.post(URL, {"file": _upload(_file())}, format="multipart")
    assert done.status_code == 200 and Petition.objects.count() == 2
    assert reverse("petition-import") == URL


def test_api_names_every_bad_row(api_as, inspector):
    content = workbook_bytes([sheet_row(1, day(2, 1), 类别="咨询")])

    response = api_as(inspector).post(URL, {"file": _upload(content)}, format="multipart")

    assert response.status_code == 400
    (error,) = response.json()["detail"]["errors"]
    assert (error["sheet"], error["row"], error["column"]) == ("信访台账", 4, "类别")
    assert not Petition.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.ADMIN])
def test_only_inspectors_and_supervisors_may_import(api_as, dept_a, role):
    user = make_user(role, departments=[dept_a], superuser=role == Role.ADMIN)

    response = api_as(user).post(URL, {"file": _upload(_file())}, format="multipart")

    assert response.status_code == 403
    assert not Petition.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"not a workbook at all",
        workbook(sheet_xml(text_row(1, "编号"), dimension="A1:XFD1048576")),  # a huge dimension claim
    ],
    ids=["not-xlsx", "huge-dimension"],
)
def test_a_hostile_file_is_a_clear_400(api_as, inspector, content):
    response = api_as(inspector).post(URL, {"file": _upload(content)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["code"] == "ledger_invalid" and response.json()["message"]
    assert not Petition.objects.exists()


def test_a_file_without_a_ledger_header_is_refused(api_as, inspector):
    content = workbook_bytes([{"x": 1}], headers=["甲", "乙"])

    response = api_as(inspector).post(URL, {"file": _upload(content)}, format="multipart")

    assert response.status_code == 400 and "表头" in response.json()["detail"]["errors"][0]["reason"]


def _login(client, user):
    client.force_login(user)


def test_page_upload_check_and_confirm(client, inspector):
    _login(client, inspector)
    assert "导入往年信访件" in client.get(reverse("web:petition-list")).content.decode()

    checked = client.post(reverse("web:petition-import"), {"file": _upload(_file())})
    assert checked.status_code == 200 and "检查通过" in checked.content.decode()
    assert not Petition.objects.exists()

    token = checked.context["token"]
    done = client.post(reverse("web:petition-import-confirm"), {"token": token})
    assert done.status_code == 302 and Petition.objects.count() == 2
    again = client.post(reverse("web:petition-import-confirm"), {"token": token})  # a token confirms once
    assert again.status_code == 302 and Petition.objects.count() == 2


def test_page_lists_the_problems(client, inspector):
    _login(client, inspector)
    content = workbook_bytes([sheet_row(1, day(2, 1), 状态="办好了")])

    response = client.post(reverse("web:petition-import"), {"file": _upload(content)})

    assert response.status_code == 400 and "无法识别的状态“办好了”" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.ADMIN])
def test_page_refuses_other_roles(client, dept_a, role):
    user = make_user(role, departments=[dept_a], superuser=role == Role.ADMIN)
    _login(client, user)

    assert client.get(reverse("web:petition-import")).status_code == 403


def test_command_checks_and_imports(tmp_path, inspector, office_a):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(_file())
    out = io.StringIO()

    call_command("import_past_petitions", str(path), "--user", inspector.username, "--dry-run", stdout=out)
    assert "检查通过" in out.getvalue() and not Petition.objects.exists()
    call_command("import_past_petitions", str(path), "--user", inspector.username, stdout=out)
    assert Petition.objects.count() == 2
    with pytest.raises(CommandError, match="只有纪检干部"):
        call_command("import_past_petitions", str(path), "--user", office_a.username, stdout=out)


def _bare_superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("root", "root@example.org", "Root@12345xc!")


def test_a_superuser_without_a_role_may_not_import_anywhere(api_as, client, tmp_path):
    root = _bare_superuser()
    assert api_as(root).post(URL, {"file": _upload(_file())}, format="multipart").status_code == 403
    client.force_login(root)
    assert client.get(reverse("web:petition-import")).status_code == 403
    assert client.post(reverse("web:petition-import"), {"file": _upload(_file())}).status_code == 403
    assert client.post(reverse("web:petition-import-confirm"), {"token": "x"}).status_code == 403
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(_file())
    with pytest.raises(CommandError, match="只有纪检干部"):
        call_command("import_past_petitions", str(path), "--user", "root", stdout=io.StringIO())
    assert not Petition.objects.exists()


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.ADMIN])
def test_the_confirmation_refuses_other_roles_even_with_a_token(client, inspector, dept_a, role):
    """A token stashed by an inspector's check is not a pass for another account."""
    _login(client, inspector)
    checked = client.post(reverse("web:petition-import"), {"file": _upload(_file())})
    token = checked.context["token"]
    other = make_user(role, departments=[dept_a], superuser=role == Role.ADMIN)
    _login(client, other)
    assert client.post(reverse("web:petition-import-confirm"), {"token": token}).status_code == 403
    assert not Petition.objects.exists()


def test_a_stale_or_foreign_token_confirms_nothing(client, inspector, supervisor):
    _login(client, inspector)
    token = client.post(reverse("web:petition-import"), {"file": _upload(_file())}).context["token"]
    _login(client, supervisor)  # another session: the token is not theirs
    response = client.post(reverse("web:petition-import-confirm"), {"token": token})
    assert response.status_code == 302 and response.url == reverse("web:petition-import")
    assert not Petition.objects.exists()


def _checked(client):
    token = client.post(reverse("web:petition-import"), {"file": _upload(_file())}).context["token"]
    return token, client.session["petition_past_imports"][token]["path"]


def test_the_kept_file_is_deleted_after_a_confirmation(client, inspector):
    from django.core.files.storage import default_storage

    _login(client, inspector)
    token, path = _checked(client)
    assert default_storage.exists(path)
    assert client.post(reverse("web:petition-import-confirm"), {"token": token}).status_code == 302
    assert Petition.objects.count() == 2 and not default_storage.exists(path)


def test_the_kept_file_is_deleted_after_a_refused_confirmation_too(client, inspector):
    from django.core.files.storage import default_storage

    from petitions.past_import import import_past_petitions

    _login(client, inspector)
    token, path = _checked(client)
    # meanwhile the same numbers come in with other dates: the confirmation names them, writes nothing
    import_past_petitions(source=workbook_bytes([sheet_row(1, day(3, 9)), sheet_row(2, day(3, 9))]), user=inspector)
    response = client.post(reverse("web:petition-import-confirm"), {"token": token})
    assert response.status_code == 400 and "编号" in response.content.decode()
    assert Petition.objects.count() == 2 and not default_storage.exists(path)
