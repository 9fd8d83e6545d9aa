"""PATCH /api/v1/petitions/{id}/ (修改登记信息) changes registered facts only with a reason, which is
kept in the petition's history and timeline as a 更正's is; without one nothing is written."""

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from petitions import services
from petitions.models import Petition, PetitionEvent
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


def _state(petition):
    fresh = Petition.objects.get(pk=petition.pk)
    return fresh.summary, fresh.version, fresh.history.count(), fresh.events.count()


@pytest.mark.parametrize(
    "extra",
    [{}, {"reason": ""}, {"reason": "   "}, {"reason": "理" * 501}, {"reason": "录\x01错"}, {"reason": None}],
    ids=["missing", "empty", "blank", "too-long", "control-character", "null"],
)
def test_a_patch_without_a_valid_reason_is_a_400_on_reason_and_writes_nothing(inspector, api_as, extra):
    petition = register(inspector)
    before = _state(petition)
    response = api_as(inspector).patch(
        reverse("petition-detail", args=[petition.pk]), {"summary": "新摘要", **extra}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "reason" in response.json()["detail"], response.content
    assert _state(petition) == before


def test_a_patch_with_a_reason_keeps_it_in_history_and_timeline(inspector, api_as):
    petition = register(inspector)
    response = api_as(inspector).patch(
        reverse("petition-detail", args=[petition.pk]), {"summary": "新摘要", "reason": "登记时摘要录错"}, format="json"
    )
    assert response.status_code == 200 and response.json()["summary"] == "新摘要"
    fresh = Petition.objects.get(pk=petition.pk)
    latest = fresh.history.order_by("-history_date", "-pk").first()
    assert latest.history_change_reason == "修改：内容摘要（理由：登记时摘要录错）"
    assert latest.history_user_id == inspector.pk
    event = fresh.events.order_by("-id").first()
    assert event.action == E.UPDATE and event.note == "修改了内容摘要。理由：登记时摘要录错"


@pytest.mark.parametrize("reason", ["", "   ", None, "理" * 501])
def test_the_service_requires_the_reason_too(inspector, reason):
    petition = register(inspector)
    before = _state(petition)
    with pytest.raises(ApplicationError) as refused:
        services.petition_update(user=inspector, petition=petition, reason=reason, summary="新摘要")
    assert refused.value.detail["reason"] in (["请填写修改理由"], ["修改理由不能超过500字"])
    assert _state(petition) == before
