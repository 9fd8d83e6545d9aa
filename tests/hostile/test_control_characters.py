"""Failure 5 at the door: text Excel/Word cannot store is refused by every input, naming the field.

Every serializer and form of the project is enumerated (so a new endpoint is covered without
being listed here), and every writable text field must refuse a vertical tab with the Chinese
message; the main create/update endpoints are then driven over HTTP to show the 400 names the
field and nothing is written.
"""

import json
import re

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from rest_framework import serializers

from discipline.models import Clue
from petitions.models import Petition
from rectification.models import InspectionRound, ProgressUpdate
from tests.discipline.factories import PersonFactory
from tests.factories import make_user
from tests.petitions.api_helpers import registration_body as petition_body
from tests.rectification.factories import MeasureFactory, RoundFactory
from tests.web.helpers import with_token

# The project's own apps: those that are folders of this repository.
PROJECT = tuple(app for app in settings.INSTALLED_APPS if (settings.BASE_DIR / app).is_dir())
POISON = ["a\x0bb", "a\x00b", "a\x1fb", "a\ufffeb", "a\ud800b"]
MESSAGE = re.compile(r"含有无法保存到 Excel/Word 的.*请删除后再提交")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _ours(classes):
    return sorted(
        {c for c in classes if c.__module__.split(".")[0] in PROJECT}, key=lambda c: (c.__module__, c.__qualname__)
    )


def _is_text(field):
    # A JSONField is a CharField subclass, but its input is JSON (escapes are refused as invalid JSON).
    return isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField)


URL_PATTERNS = get_resolver().url_patterns  # imports every API and web module, so their classes exist
SERIALIZER_TEXT_FIELDS = [
    (cls, name)
    for cls in _ours(_subclasses(serializers.BaseSerializer))
    for name, field in cls().fields.items()
    if isinstance(field, serializers.CharField) and not field.read_only
]
FORM_TEXT_FIELDS = [
    (cls, name)
    for cls in _ours(_subclasses(forms.BaseForm))
    for name, field in cls.base_fields.items()
    if _is_text(field)
]


def test_the_enumeration_found_the_inputs():
    # Guards the two lists below against silently finding nothing.
    assert len(SERIALIZER_TEXT_FIELDS) > 100
    assert len(FORM_TEXT_FIELDS) > 30


@pytest.mark.django_db
@pytest.mark.parametrize(("cls", "name"), SERIALIZER_TEXT_FIELDS, ids=lambda v: getattr(v, "__qualname__", v))
def test_every_serializer_text_field_refuses_control_characters(cls, name):
    field = cls().fields[name]
    for text in POISON:
        with pytest.raises(serializers.ValidationError) as exc:
            field.run_validation(text)
        # Other validators (a slug's pattern) may add their own message; ours must be among them.
        assert any(MESSAGE.search(str(m)) for m in exc.value.detail), exc.value.detail


@pytest.mark.parametrize(("cls", "name"), FORM_TEXT_FIELDS, ids=lambda v: getattr(v, "__qualname__", v))
def test_every_form_text_field_refuses_control_characters(cls, name):
    field = cls.base_fields[name]
    for text in POISON:
        with pytest.raises(ValidationError) as exc:
            field.clean(text)
        assert all(MESSAGE.search(m) for m in exc.value.messages), exc.value.messages


@pytest.mark.django_db
def test_every_admin_form_text_field_refuses_control_characters():
    request = RequestFactory().get("/admin/")
    request.user = make_user("admin", username="root", superuser=True)
    checked = 0
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        form = admin.site.get_model_admin(model).get_form(request)
        for field in form.base_fields.values():
            if _is_text(field):
                checked += 1
                with pytest.raises(ValidationError) as exc:
                    field.clean("a\x0bb")
                assert any(MESSAGE.search(m) for m in exc.value.messages), (model, exc.value.messages)
    assert checked > 20


def test_the_nul_message_says_what_is_wrong():
    with pytest.raises(ValidationError) as exc:
        forms.CharField().clean("a\x00b")
    assert exc.value.messages == ["含有无法保存到 Excel/Word 的空字符（NUL，U+0000），请删除后再提交"]


def test_tab_newline_and_carriage_return_stay_allowed():
    assert forms.CharField(strip=False).clean("甲\t乙\r\n丙") == "甲\t乙\r\n丙"
    assert serializers.CharField(trim_whitespace=False).run_validation("甲\t乙\n") == "甲\t乙\n"


# -- over HTTP: the 400 names the field and nothing is written ------------------------------------------


def _assert_refused(response, field):
    assert response.status_code == 400, response.content
    detail = response.json()["detail"]
    assert field in detail, detail
    assert MESSAGE.search(str(detail[field])), detail


@pytest.mark.django_db
@pytest.mark.parametrize("text", POISON)
def test_a_clue_summary_with_a_control_character_is_refused(text, api_as, inspector):
    subject = PersonFactory(name="被反映人甲")
    body = {"received_date": "2025-03-03", "source": "other", "subject_person": subject.pk, "summary": text}
    # Sent as ASCII JSON (\\uXXXX escapes), the way a client smuggles a lone surrogate.
    response = api_as(inspector).post(reverse("clue-list"), json.dumps(body), content_type="application/json")
    _assert_refused(response, "summary")
    assert not Clue.objects.exists()


@pytest.mark.django_db
def test_a_petition_with_a_control_character_is_refused(api_as, inspector):
    body = petition_body(content="详细\x0b内容")
    _assert_refused(api_as(inspector).post(reverse("petition-list"), body, format="json"), "content")
    assert not Petition.objects.exists()


@pytest.mark.django_db
def test_a_round_created_or_renamed_with_a_control_character_is_refused(api_as, inspector):
    client = api_as(inspector)
    _assert_refused(client.post(reverse("rectification-round-list"), {"name": "某\x0c轮"}), "name")
    assert not InspectionRound.objects.exists()
    rnd = RoundFactory(name="原名")
    url = reverse("rectification-round-detail", args=[rnd.pk])
    _assert_refused(client.patch(url, {"inspection_team": "第\x01组"}, format="json"), "inspection_team")
    rnd.refresh_from_db()
    assert rnd.inspection_team != "第\x01组"


@pytest.mark.django_db
def test_a_progress_note_with_a_control_character_is_refused(api_as, office_a, dept_a):
    measure = MeasureFactory(lead_department=dept_a)
    url = reverse("rectification-measure-progress", args=[measure.pk])
    _assert_refused(api_as(office_a).post(url, {"text": "进展\x07"}, format="multipart"), "text")
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_a_web_form_refuses_a_control_character(client, office_a, dept_a):
    measure = MeasureFactory(lead_department=dept_a)
    client.force_login(office_a)
    url = reverse("web:measure-detail", args=[measure.pk])
    posted = with_token(office_a, {"action": "progress", "progress-text": "进\x0b展"}, prefix="progress")
    response = client.post(url, posted)
    assert response.status_code == 400
    assert "含有无法保存到 Excel/Word 的控制字符（U+000B）" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
