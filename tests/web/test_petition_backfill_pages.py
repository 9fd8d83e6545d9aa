"""补录 on the petition pages: each step form takes an optional 办理时间/日期, empty = now; a time out of
the item's life is refused beside the field with what was typed kept; the timeline marks 补录."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from petitions import services
from petitions.models import Kind, PetitionEvent, PetitionExtension, Status
from tests.backfill_times import ago
from tests.petitions.factories import register
from tests.web.helpers import form_row

pytestmark = pytest.mark.django_db

Action = PetitionEvent.Action


def _typed(moment):
    return moment.strftime("%Y-%m-%dT%H:%M")


def _url(petition):
    return reverse("web:petition-detail", args=[petition.pk])


def _accepted(user, **kwargs):
    petition = register(user, received_at=ago(10), **kwargs)
    return services.petition_accept(user=user, petition=petition, at=ago(9))


# step, the state it is offered in, what else its form needs, the field of its time or date
STEPS = {
    "accept": (lambda u, d: register(u, received_at=ago(10)), {}, "at"),
    "reject": (lambda u, d: register(u, received_at=ago(10)), {"reason": "诉讼途径"}, "at"),
    "escalate": (lambda u, d: register(u, received_at=ago(10), kind=Kind.ACCUSATION), {"reason": "superior"}, "at"),
    "transfer": (lambda u, d: _accepted(u), {"summary": "请核查"}, "at"),
    "handle": (lambda u, d: _accepted(u), {}, "at"),
    "extend": (lambda u, d: _accepted(u, kind=Kind.PETITION), {"days": "10", "reason": "需要补充调查"}, "at"),
}


@pytest.mark.parametrize("name", STEPS)
def test_each_timed_step_takes_its_time_or_now(client_as, inspector, dept_a, name):
    build, extra, field = STEPS[name]
    petition = build(inspector, dept_a)
    client = client_as(inspector)
    html = client.get(_url(petition)).content.decode()
    assert "办理时间（补录时填写）" in form_row(html, f"{name}-{field}")
    data = {f"{name}-{k}": v for k, v in extra.items()}
    if name == "transfer":
        data[f"{name}-department"] = dept_a.pk

    # before the step it follows: refused beside the field, what was typed kept, nothing written
    before = _typed(ago(12))
    events = petition.events.count()
    refused = client.post(_url(petition), {"action": name, **data, f"{name}-{field}": before})
    assert refused.status_code == 400
    row = form_row(refused.content.decode(), f"{name}-{field}")
    assert "不能早于" in row and before in row
    assert petition.events.count() == events

    # a time days ago: stored as typed, and marked 补录 on the timeline
    at = ago(8, hour=15)
    done = client.post(_url(petition), {"action": name, **data, f"{name}-{field}": _typed(at)})
    assert done.status_code == 302, done.content.decode()[:2000]
    event = petition.events.order_by("-id").first()
    assert event.at == at and event.backfilled
    html = client.get(_url(petition)).content.decode()
    assert "补录 · " in html and 'data-testid="backfill-mark"' in html


def test_an_empty_time_is_now_and_not_marked(client_as, inspector):
    petition = register(inspector, received_at=ago(3))
    client = client_as(inspector)
    assert client.post(_url(petition), {"action": "accept", "accept-at": ""}).status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED and timezone.now() - petition.accepted_at < dt.timedelta(minutes=5)
    html = client.get(_url(petition)).content.decode()
    accept = html[html.index('<span class="tag">受理</span>') :].split("</li>")[0]
    assert 'data-testid="backfill-mark"' not in accept
    # the registration of a petition received 3 days ago is logged then, and so marked 补录
    register_item = html[html.index('<span class="tag">登记</span>') :].split("</li>")[0]
    assert 'data-testid="backfill-mark"' in register_item


def test_a_future_time_is_refused_beside_the_field(client_as, inspector):
    petition = register(inspector, received_at=ago(3))
    future = _typed(timezone.localtime() + dt.timedelta(days=2))
    response = client_as(inspector).post(_url(petition), {"action": "accept", "accept-at": future})
    assert response.status_code == 400
    assert "不能晚于当前时间" in form_row(response.content.decode(), "accept-at")
    petition.refresh_from_db()
    assert petition.status == Status.REGISTERED


def test_conclusion_back_dated_on_the_page_shows_its_day_marked(client_as, inspector):
    petition = services.petition_handle(user=inspector, petition=_accepted(inspector), at=ago(8))
    on = timezone.localdate() - dt.timedelta(days=5)
    client = client_as(inspector)
    html = client.get(_url(petition)).content.decode()
    assert "办结日期（补录时填写）" in form_row(html, "conclude-concluded_on")
    too_early = (on - dt.timedelta(days=5)).isoformat()
    refused = client.post(_url(petition), {"action": "conclude", "conclude-result": "已处理",
                                           "conclude-concluded_on": too_early})  # fmt: skip
    assert refused.status_code == 400 and "不能早于开始直接办理日期" in form_row(
        refused.content.decode(), "conclude-concluded_on"
    )
    done = client.post(_url(petition), {"action": "conclude", "conclude-result": "已处理",
                                        "conclude-concluded_on": on.isoformat()})  # fmt: skip
    assert done.status_code == 302
    petition.refresh_from_db()
    assert petition.concluded_on == on
    event = petition.events.get(action=Action.CONCLUDE)
    assert timezone.localdate(event.at) == on and event.backfilled
    assert petition.history.first().history_change_reason == "办结（补录）"


def test_the_supervisor_decides_an_extension_at_its_time(client_as, inspector, supervisor):
    petition = _accepted(inspector, kind=Kind.PETITION)
    extension = services.extension_request(user=inspector, petition=petition, days=10, reason="调查", at=ago(8))
    boss = client_as(supervisor)
    prefix = f"extension-{extension.pk}"
    html = boss.get(_url(petition)).content.decode()
    assert "办理时间（补录时填写）" in form_row(html, f"{prefix}-at")
    refused = boss.post(_url(petition), {"action": "approve_extension", "extension": extension.pk,
                                         f"{prefix}-at": _typed(ago(9))})  # fmt: skip
    assert refused.status_code == 400 and "不能早于申请延期时间" in form_row(refused.content.decode(), f"{prefix}-at")
    done = boss.post(_url(petition), {"action": "approve_extension", "extension": extension.pk,
                                      f"{prefix}-at": _typed(ago(7))})  # fmt: skip
    assert done.status_code == 302
    extension.refresh_from_db()
    assert extension.status == PetitionExtension.Status.APPROVED and extension.decided_at == ago(7)


def test_the_office_replies_at_its_time(client_as, inspector, office_a, dept_a):
    petition = services.petition_transfer(
        user=inspector, petition=_accepted(inspector), department=dept_a, summary="请核查", at=ago(8)
    )
    office = client_as(office_a)
    url = reverse("web:transfer-detail", args=[petition.pk])
    assert "办理时间（补录时填写）" in form_row(office.get(url).content.decode(), "at")
    refused = office.post(url, {"action": "reply", "reply": "已整改", "at": _typed(ago(9))})
    assert refused.status_code == 400 and "不能早于转办时间" in form_row(refused.content.decode(), "at")
    assert office.post(url, {"action": "reply", "reply": "已整改", "at": _typed(ago(6))}).status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.REPLIED and petition.replied_at == ago(6)
