"""Importing ledgers over the API: a dry run, then the import; errors are 400s naming every row."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditLog
from rectification.models import (
    InspectionRound,
    Measure,
)
from tests.rectification.factories import MeasureFactory, RoundFactory
from tests.rectification.sheets import basic_rows, row, sheet_bytes

# -- over the API ------------------------------------------------------------------------------------


def _upload(client, rnd, data, name="台账.xlsx", **extra):
    url = reverse("rectification-round-ledger-import", args=[rnd.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), **extra}, format="multipart")


def test_api_upload_dry_run_then_import(empty_round, inspector, api_as):
    client = api_as(inspector)
    checked = _upload(client, empty_round, sheet_bytes(basic_rows()), dry_run="true")
    assert checked.status_code == 200, checked.content
    assert (checked.json()["dry_run"], checked.json()["measures"]) == (True, 5)
    assert not Measure.objects.exists()
    refused = _upload(client, empty_round, sheet_bytes(basic_rows()))  # no decision for the unknown names
    assert refused.status_code == 400 and refused.json()["code"] == "names_undecided"
    assert {n["name"] for n in refused.json()["detail"]["names"]} == {n["name"] for n in checked.json()["names"]}
    assert not Measure.objects.exists()
    names = {"department": {}, "person": {}}
    for name in checked.json()["names"]:
        names[name["kind"]][name["name"]] = "create"
    done = _upload(client, empty_round, sheet_bytes(basic_rows()), names=json.dumps(names))
    assert done.status_code == 200 and done.json()["problems"] == 3
    assert Measure.objects.count() == 5
    assert AuditLog.objects.filter(event=AuditLog.Event.IMPORT, user=inspector).count() == 3
    assert Measure.objects.first().history.get().history_user == inspector


def test_api_upload_errors_are_400_with_every_row(empty_round, inspector, api_as):
    data = sheet_bytes([row("问题甲", "措施一", seq=1, deadline="尽快"), row("问题乙", None, seq=2)])
    response = _upload(api_as(inspector), empty_round, data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "ledger_invalid"
    assert [(e["sheet"], e["row"], e["column"]) for e in body["detail"]["errors"]] == [
        ("整改台账", 4, "G（完成时限）"),
        ("整改台账", 5, "C（整改措施）"),
    ]
    assert not Measure.objects.exists()


def test_api_upload_of_a_non_xlsx(empty_round, inspector, api_as):
    assert _upload(api_as(inspector), empty_round, b"a,b\n", name="台账.csv").status_code == 400
    response = _upload(api_as(inspector), empty_round, b"a,b\n", name="伪装.xlsx")
    assert response.status_code == 400 and response.json()["code"] == "ledger_invalid"


@pytest.mark.parametrize("who", ["office_a", "leader"])
def test_only_discipline_staff_import(request, empty_round, api_as, who, dept_a):
    MeasureFactory(problem__round=RoundFactory(name="可见轮次"), lead_department=dept_a)
    client = api_as(request.getfixturevalue(who))
    visible = InspectionRound.objects.get(name="可见轮次") if who == "office_a" else empty_round
    assert _upload(client, visible, sheet_bytes(basic_rows())).status_code == 403
