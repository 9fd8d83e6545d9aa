"""补录 on the pages: the clue, letter and measure step forms take the step's own date or time,
a refusal stays on the page beside the field, and the history marks the step 补录 with who
entered it and when."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.backfill import LABEL
from discipline.models import Clue, ClueStep, Recommendation
from discipline.services import clues as clue_services
from discipline.services import recommendations as rec_services
from organization.roles import Role
from tests.discipline.factories import clue_at, issued_recommendation
from tests.factories import make_user

pytestmark = pytest.mark.django_db

S = Clue.Status
D = Clue.Disposal
K = ClueStep.Kind


def _iso(day):
    return day.isoformat()


# -- clues through the web ---------------------------------------------------------------------


def test_the_clue_page_takes_a_step_date_and_marks_the_step_backfilled(inspector, supervisor, client_as):
    received = timezone.localdate() - dt.timedelta(days=30)
    clue = clue_at(S.REGISTERED, registrar=inspector, supervisor=supervisor, received_date=received)
    clue_services.clue_assign(user=supervisor, clue=clue, handler=inspector, date=received + dt.timedelta(days=1))
    url = reverse("web:clue-detail", kwargs={"pk": clue.pk})
    client = client_as(inspector)
    assert 'name="propose-date"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "propose",
            "propose-disposal": D.PRELIMINARY,
            "propose-note": "拟初核",
            "propose-date": _iso(timezone.localdate() + dt.timedelta(days=1)),
        },
    )
    assert response.status_code == 400
    assert "办理日期不能晚于今天" in response.content.decode()
    assert Clue.objects.get(pk=clue.pk).status == S.ASSIGNED
    day = received + dt.timedelta(days=2)
    response = client.post(
        url,
        {"action": "propose", "propose-disposal": D.PRELIMINARY, "propose-note": "拟初核", "propose-date": _iso(day)},
    )
    assert response.status_code == 302
    assert clue.steps.get(kind=K.PROPOSE).date == day
    page = client.get(url).content.decode()
    assert page.count('data-testid="backfilled"') == 3  # 登记, 分办 and 拟办 all entered today for earlier days
    assert f"{LABEL}</span>" in page and f"{inspector.person.name} 于" in page


def test_the_letter_page_takes_the_close_date_and_shows_the_steps_backfilled(inspector, dept_a, client_as):
    office = make_user(Role.OFFICE, departments=[dept_a])
    issued = timezone.localdate() - dt.timedelta(days=20)
    rec = issued_recommendation(inspector, department=dept_a, issued_on=issued)
    rec_services.recommendation_reply(
        user=office, rec=rec, reply_text="已整改", replied_on=issued + dt.timedelta(days=3)
    )
    url = reverse("web:recommendation-detail", kwargs={"pk": rec.pk})
    client = client_as(inspector)
    assert 'name="close-closed_on"' in client.get(url).content.decode()
    closed = issued + dt.timedelta(days=4)
    response = client.post(url, {"action": "close", "close-note": "同意办结", "close-closed_on": _iso(closed)})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=rec.pk).closed_on == closed
    page = client.get(url).content.decode()
    assert page.count('data-testid="backfilled"') == 3  # 制发, 回复, 办结 all entered today for earlier days
