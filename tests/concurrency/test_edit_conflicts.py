"""A stale edit through the API and the web pages: 409 naming who changed it and when."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from rectification import services
from rectification.models import DeadlineKind, Measure, MeasureStatus, Problem
from tests.rectification.factories import MeasureFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(dept_a, office_a):
    measure = MeasureFactory(lead_department=dept_a, content="原措施内容")
    services.progress_add(user=office_a, measure=measure, text="已完成制度修订")
    services.measure_submit(user=office_a, measure=measure)
    return Measure.objects.get(pk=measure.pk)


def test_the_api_shows_the_version_and_refuses_a_stale_patch(api_as, inspector, supervisor, submitted):
    api = api_as(inspector)
    url = f"/api/v1/measures/{submitted.pk}/"
    read = api.get(url).json()["version"]
    services.measure_sign_off(user=supervisor, measure=submitted)

    refused = api.patch(url, {"content": "迟到的修改", "version": read}, format="json")

    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "stale_version" and "纪检组长" in body["message"]
    assert body["detail"]["current_version"] == read + 1
    after = Measure.objects.get(pk=submitted.pk)
    assert (after.status, after.content) == (MeasureStatus.SIGNED_OFF, "原措施内容")
    # based on the current version it is accepted and bumps it
    accepted = api.patch(url, {"content": "新的修改", "version": read + 1}, format="json")
    assert accepted.status_code == 200 and accepted.json()["version"] == read + 2


def test_the_api_takes_the_version_from_if_match(api_as, inspector, supervisor, submitted):
    api = api_as(inspector)
    url = f"/api/v1/measures/{submitted.pk}/"
    read = submitted.version
    services.measure_sign_off(user=supervisor, measure=submitted)

    assert api.patch(url, {"content": "迟到"}, format="json", HTTP_IF_MATCH=f'"{read}"').status_code == 409
    bad = api.patch(url, {"content": "迟到"}, format="json", HTTP_IF_MATCH="abc")
    assert bad.status_code == 400 and "If-Match" in bad.json()["detail"]
    clash = api.patch(url, {"content": "迟到", "version": read + 1}, format="json", HTTP_IF_MATCH=str(read))
    assert clash.status_code == 400 and "version" in clash.json()["detail"]
    assert Measure.objects.get(pk=submitted.pk).content == "原措施内容"


@pytest.mark.parametrize("path", ["rounds", "aspects", "problems"])
def test_the_structure_api_refuses_stale_edits_too(api_as, inspector, path):
    problem = ProblemFactory(text="原问题")
    obj = {"rounds": problem.round, "problems": problem, "aspects": None}[path]
    if obj is None:
        obj = services.aspect_create(user=inspector, round=problem.round, title="一、原方面")
    field, value = {"rounds": ("notes", "备注"), "aspects": ("title", "二、新方面"), "problems": ("text", "新问题")}[
        path
    ]
    api = api_as(inspector)
    url = f"/api/v1/{path}/{obj.pk}/"
    assert api.get(url).json()["version"] == obj.version
    assert api.patch(url, {field: value, "version": obj.version}, format="json").status_code == 200
    stale = api.patch(url, {field: value + "再改", "version": obj.version}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    obj.refresh_from_db()
    assert getattr(obj, field) == value and obj.version == 2


def test_the_web_edit_page_keeps_the_typed_text_and_offers_to_reload(client, inspector, supervisor, submitted):
    client.force_login(inspector)
    url = reverse("web:measure-edit", args=[submitted.pk])
    page = client.get(url).content.decode()
    version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    services.measure_sign_off(user=supervisor, measure=submitted)
    typed = {
        "problem": submitted.problem_id,
        "content": "我刚输入的新措施",
        "lead_department": submitted.lead_department_id,
        "deadline_kind": DeadlineKind.DATE,
        "due_date": submitted.due_date.isoformat(),
        "deadline_text": submitted.deadline_text,
        "version": version,
    }

    refused = client.post(url, typed)

    assert refused.status_code == 400
    html = refused.content.decode()
    signed = Measure.history.filter(id=submitted.pk).latest("history_date").history_date
    assert f"纪检组长于{timezone.localtime(signed):%Y-%m-%d %H:%M:%S}" in html
    assert "我刚输入的新措施" in html and 'data-testid="conflict-reload"' in html
    assert f'name="version" value="{version + 1}"' in html
    after = Measure.objects.get(pk=submitted.pk)
    assert (after.status, after.content) == (MeasureStatus.SIGNED_OFF, "原措施内容")
    # a second save, now based on the current version, is the user's informed choice
    assert client.post(url, {**typed, "version": version + 1}).status_code == 302
    after.refresh_from_db()
    assert (after.status, after.content) == (MeasureStatus.SIGNED_OFF, "我刚输入的新措施")
    assert Problem.objects.count() == 1
