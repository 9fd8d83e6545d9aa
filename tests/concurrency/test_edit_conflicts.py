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


def _form_values(page):
    """What the rendered edit form would send: inputs, textareas and the selected options."""
    posted = dict(re.findall(r'<input type="(?:text|hidden|date|number)" name="([a-z_]+)" value="([^"]*)"', page))
    posted.update(re.findall(r'<textarea name="([a-z_]+)"[^>]*>\s*([^<]*)</textarea>', page))
    posted.update(re.findall(r'<select name="([a-z_]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected',
                             page, re.S))  # fmt: skip
    return posted


STALE_EDITS = {
    # page: (the record, its service and keyword, the field the user types into, the other user's change)
    "round-edit": (lambda m: m.problem.round, services.round_update, "round", "name", {"notes": "组长补充"}),
    "problem-edit": (lambda m: m.problem, services.problem_update, "problem", "text", {"order": 7}),
    "measure-edit": (lambda m: m, services.measure_update, "measure", "content", {"remarks": "组长补充"}),
}


@pytest.mark.parametrize("name", list(STALE_EDITS))
def test_every_web_edit_page_names_who_changed_it_keeps_the_text_and_offers_a_reload(client, inspector, supervisor,
                                                                                      name):  # fmt: skip
    record_of, update, keyword, field, other_change = STALE_EDITS[name]
    target = record_of(MeasureFactory(content="原措施内容"))
    client.force_login(inspector)
    url = reverse(f"web:{name}", args=[target.pk])
    posted = {**_form_values(client.get(url).content.decode()), field: "我刚输入的新内容"}
    update(user=supervisor, **{keyword: target}, version=target.version, **other_change)

    refused = client.post(url, posted)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "已被纪检组长于" in html and "请重新载入后再修改" in html
    changed = type(target)._meta.get_field(next(iter(other_change))).verbose_name
    assert f"改动了“{changed}”；" in html  # what the other person changed, not only who
    assert "我刚输入的新内容" in html and 'data-testid="conflict-reload"' in html and f'href="{url}"' in html
    target.refresh_from_db()
    assert getattr(target, field) != "我刚输入的新内容"


def test_a_tampered_version_is_a_visible_error(client, inspector):
    measure = MeasureFactory(content="原措施内容")
    client.force_login(inspector)
    url = reverse("web:measure-edit", args=[measure.pk])
    posted = {**_form_values(client.get(url).content.decode()), "content": "新内容", "version": "abc"}
    response = client.post(url, posted)
    assert response.status_code == 400
    assert "版本：" in response.content.decode()
    measure.refresh_from_db()
    assert measure.content == "原措施内容"
