"""The import page's decision table: the check lists every name with its match and a select for
each one to decide; a confirmation without a choice is refused (nothing written, asked again with
the same file); with choices it imports, remembering the mapped names as aliases."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organization.models import Department, DepartmentAlias
from rectification.models import InspectionRound, Measure
from tests.factories import DepartmentFactory
from tests.rectification.importing import SAMPLE

pytestmark = pytest.mark.django_db

ROUND = "2021年市委第三巡察组巡察"


def _check(client):
    upload = SimpleUploadedFile("台账.xlsx", SAMPLE.read_bytes())
    return client.post(
        reverse("web:ledger-import"), {"file": upload, "round_name": ROUND, "feedback_date": "2021-09-15"}
    )


def _selects(html):
    """{name in the file: select name} for the rows of the decision table."""
    rows = re.findall(r'<tr data-name="([^"]+)" data-match="(close|none)".*?<select name="(name-\d+)"', html, re.S)
    return {name: key for name, _match, key in rows}


def test_the_check_shows_the_names_and_the_confirm_asks_until_each_is_decided(client_as, inspector):
    jiwei = DepartmentFactory(name="纪检监察室")
    DepartmentFactory(name="办公室")
    client = client_as(inspector)
    html = _check(client).content.decode()
    assert 'data-name="办公室" data-match="exact"' in html and "完全一致" in html
    assert 'data-name="机关纪委" data-match="none"' in html and "未找到" in html
    selects = _selects(html)
    assert "机关纪委" in selects and "办公室" not in selects
    # every department is offered for a department name; 新建 is one explicit choice among them
    block = html.split(f'name="{selects["机关纪委"]}"')[1].split("</select>")[0]
    assert f'value="{jiwei.pk}"' in block and 'value="create"' in block
    assert "前 8 行导入后的样子" in html and "2021年12月底前" in html  # the preview with the deadline words
    token = html.split('name="token" value="')[1].split('"')[0]

    refused = client.post(reverse("web:ledger-import-confirm"), {"token": token, selects["机关纪委"]: str(jiwei.pk)})
    page = refused.content.decode()
    assert refused.status_code == 400 and "需要确认" in page and 'data-testid="names-error"' in page
    assert not InspectionRound.objects.exists() and not Department.objects.filter(name="机关纪委").exists()
    token = page.split('name="token" value="')[1].split('"')[0]  # the same file, asked again
    assert f'<option value="{jiwei.pk}" selected>' in page.split(f'name="{selects["机关纪委"]}"')[1]

    choices = {key: "create" for name, key in _selects(page).items()}
    choices[_selects(page)["机关纪委"]] = str(jiwei.pk)
    done = client.post(reverse("web:ledger-import-confirm"), {"token": token, **choices})
    rnd = InspectionRound.objects.get(name=ROUND)
    assert done["Location"] == reverse("web:round-detail", args=[rnd.pk])
    assert Measure.objects.filter(problem__round=rnd, lead_department=jiwei).exists()
    assert DepartmentAlias.objects.get(alias="机关纪委").department == jiwei

    again = _check(client).content.decode()  # next time 机关纪委 is matched by its alias; the rows exist
    assert 'data-name="机关纪委" data-match="alias"' in again
    assert "本轮次已有 8 项将跳过" in again
