"""Failure 5 on the way out: records already holding unstorable text (inserted directly, as rows
stored before the input rule) export without a 500; text too long for a cell is refused by name."""

import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from discipline.models import Clue, Recommendation
from rectification.models import Problem
from tests.discipline.factories import PersonFactory, clue_at, draft_recommendation
from tests.rectification.factories import MeasureFactory

pytestmark = pytest.mark.django_db
POISON = "摘要\x0b含\x01控制\x1f字符\ufffe"  # no NUL: PostgreSQL text cannot hold one
CLEAN = "摘要含控制字符"


def _texts(content):
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}


def test_the_clue_export_strips_what_excel_cannot_store(api_as, inspector, supervisor):
    clue = clue_at(Clue.Status.REGISTERED, registrar=inspector, supervisor=supervisor)
    Clue.objects.filter(pk=clue.pk).update(summary=POISON)  # bypasses every input check
    response = api_as(inspector).get(reverse("clue-export"))
    assert response.status_code == 200
    assert CLEAN in _texts(response.content)


def test_the_recommendation_export_and_docx_strip_it(api_as, inspector):
    rec = draft_recommendation(inspector)
    Recommendation.objects.filter(pk=rec.pk).update(title=POISON, problems=POISON)
    client = api_as(inspector)
    response = client.get(reverse("recommendation-export"))
    assert response.status_code == 200
    assert CLEAN in _texts(response.content)
    response = client.get(reverse("recommendation-docx", args=[rec.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = "".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert CLEAN in body


def test_the_round_ledger_api_and_web_export_strip_it(api_as, client, inspector):
    measure = MeasureFactory()
    Problem.objects.filter(pk=measure.problem_id).update(text=POISON)
    response = api_as(inspector).get(reverse("rectification-round-ledger-export", args=[measure.problem.round_id]))
    assert response.status_code == 200
    assert CLEAN in _texts(b"".join(response.streaming_content))
    client.force_login(inspector)
    response = client.get(reverse("web:round-export", args=[measure.problem.round_id]))
    assert response.status_code == 200
    assert CLEAN in _texts(b"".join(response.streaming_content))


def test_a_cell_too_long_for_excel_is_refused_naming_the_item_and_column(api_as, client, inspector):
    measure = MeasureFactory()
    Problem.objects.filter(pk=measure.problem_id).update(text="长" * 40_000)
    response = api_as(inspector).get(reverse("rectification-round-ledger-export", args=[measure.problem.round_id]))
    assert response.status_code == 400
    assert "第 1 个问题的“问题”有 40000 个字符，超过 Excel 单元格上限 32767 个字符" in response.json()["message"]
    client.force_login(inspector)
    page = client.get(reverse("web:round-export", args=[measure.problem.round_id]), follow=True)
    assert "超过 Excel 单元格上限 32767 个字符" in page.content.decode()


def test_a_clue_result_too_long_names_the_clue(api_as, inspector, supervisor):
    clue = clue_at(Clue.Status.REGISTERED, registrar=inspector, supervisor=supervisor)
    Clue.objects.filter(pk=clue.pk).update(result="长" * 33_000)  # a text column: any database holds it
    response = api_as(inspector).get(reverse("clue-export"))
    assert response.status_code == 400
    assert f"线索{clue.number}的“" in response.json()["message"]


def test_far_dates_are_400s_naming_the_field(api_as, inspector):
    client = api_as(inspector)
    response = client.post(reverse("rectification-round-list"), {"name": "某轮", "feedback_date": "9999-12-31"})
    assert response.status_code == 400
    assert "feedback_date" in response.json()["detail"]
    assert "日期应在 2000-01-01 至 2099-12-31 之间" in str(response.json()["detail"]["feedback_date"])
    subject = PersonFactory(name="被反映人乙")
    body = {"received_date": "1999-12-31", "source": "other", "subject_person": subject.pk, "summary": "摘要"}
    response = client.post(reverse("clue-list"), body, format="json")
    assert response.status_code == 400
    assert "received_date" in response.json()["detail"]
    assert not Clue.objects.exists()


@pytest.mark.parametrize("when", ["9999-12-31T23:59:00+08:00", "0001-01-01T00:00:00+08:00", "1999-12-31T12:00:00Z"])
def test_far_date_times_are_400s_naming_the_field(api_as, inspector, when):
    from petitions.models import Petition

    body = {"received_at": when, "channel": "letter", "kind": "suggestion", "summary": "摘要", "content": "内容"}
    response = api_as(inspector).post(reverse("petition-list"), body, format="json")
    assert response.status_code == 400
    assert "received_at" in response.json()["detail"]
    assert not Petition.objects.exists()


def test_every_date_time_field_carries_the_range():
    from django import forms
    from django.core.exceptions import ValidationError
    from rest_framework import serializers

    with pytest.raises(ValidationError, match="日期应在 2000-01-01 至 2099-12-31 之间"):
        forms.DateTimeField().clean("2100-01-01 10:00")
    with pytest.raises(serializers.ValidationError, match="日期应在"):
        serializers.DateTimeField().run_validation("2100-01-01T10:00:00+08:00")
