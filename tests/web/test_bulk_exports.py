"""导出所选 on the 信访件, 问题线索 and 纪律检查建议书 lists (web.views.bulk_exports)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from core.models import AuditLog
from organization.roles import Role
from tests.discipline.factories import issued_recommendation, register_clue
from tests.factories import make_user
from tests.petitions.factories import REPORTER, register

pytestmark = pytest.mark.django_db


def _cells(response):
    assert response.status_code == 200, response.content.decode()[:500]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)


def test_petitions_export_selected_holds_the_ticked_rows_and_no_identity(client_as, supervisor):
    one = register(supervisor, summary="勾选的第一件")
    two = register(supervisor, summary="勾选的第二件")
    register(supervisor, summary="没有勾选的一件")
    client = client_as(supervisor)
    assert 'name="ids"' in client.get(reverse("web:petition-list")).content.decode()

    response = client.post(reverse("web:petition-export-selected"), {"ids": [one.pk, two.pk]})

    cells = _cells(response)
    assert "勾选的第一件" in cells and "勾选的第二件" in cells and "没有勾选的一件" not in cells
    assert REPORTER.name not in cells and REPORTER.phone not in cells
    log = AuditLog.objects.get(event=AuditLog.Event.EXPORT)
    assert (log.target, log.detail["rows"], log.detail["selected"]) == ("信访台账（所选）", 2, sorted([one.pk, two.pk]))


def test_petitions_export_selected_needs_ids_and_the_export_right(client_as, supervisor, office_a):
    petition = register(supervisor)
    empty = client_as(supervisor).post(reverse("web:petition-export-selected"), {})
    assert empty.status_code == 400 and "请至少选择一项信访件" in empty.content.decode()
    assert client_as(office_a).post(reverse("web:petition-export-selected"), {"ids": [petition.pk]}).status_code == 403


def test_clues_export_selected_is_for_discipline_staff_only(client_as, inspector, admin_user, leader):
    wanted = register_clue(inspector, summary="勾选的线索")
    register_clue(inspector, summary="未勾选的线索")
    url = reverse("web:clue-export-selected")

    cells = _cells(client_as(inspector).post(url, {"ids": [wanted.pk]}))
    assert "勾选的线索" in cells and "未勾选的线索" not in cells
    assert client_as(admin_user).post(url, {"ids": [wanted.pk]}).status_code == 403  # 三员分立
    assert client_as(leader).post(url, {"ids": [wanted.pk]}).status_code == 403


def test_recommendations_export_selected_drops_what_the_office_cannot_see(client_as, inspector, dept_a, dept_b):
    office = make_user(Role.OFFICE, departments=[dept_a], username="rec_office")
    mine = issued_recommendation(inspector, department=dept_a, title="致甲部门的建议书")
    theirs = issued_recommendation(inspector, department=dept_b, title="致乙部门的建议书")
    url = reverse("web:recommendation-export-selected")

    cells = _cells(client_as(office).post(url, {"ids": [mine.pk, theirs.pk]}))
    assert "致甲部门的建议书" in cells and "致乙部门的建议书" not in cells
    only_theirs = client_as(office).post(url, {"ids": [theirs.pk]})
    assert only_theirs.status_code == 400 and "致乙部门的建议书" not in only_theirs.content.decode()
