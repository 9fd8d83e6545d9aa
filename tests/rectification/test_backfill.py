"""补录 of a measure's steps: 启动, 整改进展, 申请销号, 销号/长期坚持, 退回 and the 延期 decisions take
the time they really happened (services, API, page); refused in the future, before the step they
follow or before the round's feedback (or 2000) with the field named and nothing written; the
review keeps when it was entered, and the history marks it 补录."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from rectification import services
from rectification.models import DeadlineKind, Extension, Measure, MeasureReview, MeasureStatus
from rectification.services._common import day_start
from tests.backfill_times import ago as _ago
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db

A = MeasureReview.Action


def _refused(call, field="at"):
    with pytest.raises(ApplicationError) as exc:
        call()
    assert exc.value.status == 400
    return exc.value.detail[field][0]


def _state(measure):
    fresh = Measure.objects.get(pk=measure.pk)
    return fresh.status, fresh.version, fresh.submitted_at, fresh.closed_at, fresh.reviews.count()


def test_a_measure_signed_off_months_ago_keeps_its_own_dates(measure_a, office_a, supervisor):
    progress_day = timezone.localdate() - dt.timedelta(days=200)
    note = services.progress_add(user=office_a, measure=measure_a, text="已修订制度", date=progress_day)
    assert note.is_backfilled
    start = MeasureReview.objects.get(measure=measure_a, action=A.START)
    assert start.at == day_start(progress_day) and start.is_backfilled  # started on the first note's day
    submitted = _ago(190)
    services.measure_submit(user=office_a, measure=measure_a, note="请审核", at=submitted)
    closed = _ago(180, hour=16)
    measure = services.measure_sign_off(user=supervisor, measure=measure_a, note="同意销号", at=closed)
    assert (measure.status, measure.submitted_at, measure.closed_at) == (MeasureStatus.SIGNED_OFF, submitted, closed)
    reviews = list(measure.reviews.order_by("at"))
    assert [(r.action, r.at) for r in reviews] == [
        (A.START, day_start(progress_day)),
        (A.SUBMIT, submitted),
        (A.SIGN_OFF, closed),
    ]
    assert all(r.is_backfilled and timezone.localdate(r.entered_at) == timezone.localdate() for r in reviews)


def test_a_step_taken_now_is_not_backfilled(in_progress, office_a):
    services.progress_add(user=office_a, measure=in_progress, text="进展")
    services.measure_submit(user=office_a, measure=in_progress)
    review = in_progress.reviews.get(action=A.SUBMIT)
    assert not review.is_backfilled
    assert abs((review.at - review.entered_at).total_seconds()) < 5


def test_return_and_long_term_take_their_time(problem, dept_a, office_a, supervisor):
    measure = MeasureFactory(
        problem=problem, lead_department=dept_a, deadline_kind=DeadlineKind.LONG_TERM, due_date=None
    )
    services.progress_add(
        user=office_a, measure=measure, text="已建立制度", date=timezone.localdate() - dt.timedelta(days=40)
    )
    services.measure_submit(user=office_a, measure=measure, at=_ago(30))
    services.measure_return(user=supervisor, measure=measure, reason="材料不全", at=_ago(29))
    assert "不能早于上一环节时间" in _refused(
        lambda: services.measure_submit(user=office_a, measure=measure, at=_ago(29, 9))
    )
    services.measure_submit(user=office_a, measure=measure, at=_ago(20))
    measure = services.measure_sign_off(user=supervisor, measure=measure, long_term=True, at=_ago(10))
    assert measure.status == MeasureStatus.LONG_TERM
    assert [(r.action, r.at) for r in measure.reviews.order_by("at")][1:] == [
        (A.SUBMIT, _ago(30)), (A.RETURN, _ago(29)), (A.SUBMIT, _ago(20)), (A.LONG_TERM, _ago(10))
    ]  # fmt: skip


@pytest.mark.parametrize(("step", "at", "message"), [
    ("start", lambda: timezone.now() + dt.timedelta(hours=1), "启动时间不能晚于当前时间"),
    ("start", lambda: timezone.make_aware(dt.datetime(2021, 9, 14, 12)), "不能早于巡察反馈日期（2021-09-15 00:00）"),
    ("submit", lambda: _ago(11), "申请销号时间不能早于最近一次整改进展日期"),
    ("sign_off", lambda: _ago(6), "销号时间不能早于申请销号时间"),
    ("return", lambda: _ago(6), "退回时间不能早于申请销号时间"),
    ("sign_off", lambda: timezone.now() + dt.timedelta(days=1), "销号时间不能晚于当前时间"),
])  # fmt: skip
def test_a_step_timed_wrongly_is_refused_naming_the_field_and_nothing_is_written(
    step, at, message, measure_a, office_a, supervisor
):
    if step != "start":
        services.progress_add(
            user=office_a, measure=measure_a, text="进展", date=timezone.localdate() - dt.timedelta(days=10)
        )
    if step in ("sign_off", "return"):
        services.measure_submit(user=office_a, measure=measure_a, at=_ago(5))
    before = _state(measure_a)
    call = {
        "start": lambda: services.measure_start(user=office_a, measure=measure_a, at=at()),
        "submit": lambda: services.measure_submit(user=office_a, measure=measure_a, at=at()),
        "sign_off": lambda: services.measure_sign_off(user=supervisor, measure=measure_a, at=at()),
        "return": lambda: services.measure_return(user=supervisor, measure=measure_a, reason="补充材料", at=at()),
    }[step]  # fmt: skip
    assert message in _refused(call)
    assert _state(measure_a) == before


def test_without_a_feedback_date_the_floor_is_2000(dept_a, office_a):
    measure = MeasureFactory(problem=ProblemFactory(round=RoundFactory(feedback_date=None)), lead_department=dept_a)
    old = timezone.make_aware(dt.datetime(1999, 12, 31, 12))
    assert "不能早于 2000 年" in _refused(lambda: services.measure_start(user=office_a, measure=measure, at=old))
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.NOT_STARTED


@pytest.mark.parametrize(("day", "message"), [
    (lambda: timezone.localdate() + dt.timedelta(days=1), "进展日期不能晚于今天"),
    (lambda: dt.date(2021, 9, 14), "进展日期不能早于巡察反馈日期（2021-09-15）"),
])  # fmt: skip
def test_progress_dated_wrongly_is_refused(day, message, measure_a, office_a):
    call = lambda: services.progress_add(user=office_a, measure=measure_a, text="进展", date=day())  # noqa: E731
    assert message in _refused(call, field="date")
    assert not measure_a.progress.exists() and _state(measure_a)[0] == MeasureStatus.NOT_STARTED


def test_extension_decisions_take_their_time(in_progress, office_a, supervisor):
    wanted = in_progress.due_date + dt.timedelta(days=30)
    extension = services.extension_request(
        user=office_a, measure=in_progress, reason="需协调", requested_date=wanted, at=_ago(20)
    )  # asked for on paper, weeks ago
    assert (extension.requested_at, extension.is_request_backfilled) == (_ago(20), True)
    assert timezone.localdate(extension.request_entered_at) == timezone.localdate()
    too_early = _ago(21)
    call = lambda: services.extension_approve(user=supervisor, extension=extension, at=too_early)  # noqa: E731
    assert "审批时间不能早于延期申请时间" in _refused(call)
    assert Extension.objects.get(pk=extension.pk).status == Extension.Status.PENDING
    assert Measure.objects.get(pk=in_progress.pk).due_date != wanted
    decided = services.extension_approve(user=supervisor, extension=extension, at=_ago(15))
    assert (decided.decided_at, decided.is_decision_backfilled) == (_ago(15), True)
    assert timezone.localdate(decided.decision_entered_at) == timezone.localdate()
    assert Measure.objects.get(pk=in_progress.pk).due_date == wanted


def test_an_extension_request_timed_wrongly_is_refused_and_nothing_is_written(in_progress, office_a):
    wanted = in_progress.due_date + dt.timedelta(days=30)
    feedback = in_progress.problem.round.feedback_date
    for at, message in (
        (timezone.now() + dt.timedelta(hours=2), "申请时间不能晚于当前时间"),
        (day_start(feedback) - dt.timedelta(hours=1), "申请时间不能早于巡察反馈日期"),
    ):
        call = lambda at=at: services.extension_request(  # noqa: E731
            user=office_a, measure=in_progress, reason="需协调", requested_date=wanted, at=at
        )
        assert message in _refused(call)
    assert not Extension.objects.filter(measure=in_progress).exists()
    now = services.extension_request(user=office_a, measure=in_progress, reason="需协调", requested_date=wanted)
    assert not now.is_request_backfilled


def test_a_refusal_takes_its_time_too(in_progress, office_a, supervisor):
    wanted = in_progress.due_date + dt.timedelta(days=30)
    extension = services.extension_request(user=office_a, measure=in_progress, reason="需协调", requested_date=wanted)
    future = timezone.now() + dt.timedelta(hours=2)
    call = lambda: services.extension_refuse(user=supervisor, extension=extension, note="理由不足", at=future)  # noqa: E731
    assert "审批时间不能晚于当前时间" in _refused(call)
    refused = services.extension_refuse(user=supervisor, extension=extension, note="理由不足")
    assert (refused.status, refused.is_decision_backfilled) == (Extension.Status.REFUSED, False)


# -- API -------------------------------------------------------------------------------------------


def test_the_api_takes_at_and_lists_the_reviews_with_the_mark(measure_a, office_a, supervisor, api_as):
    services.progress_add(
        user=office_a, measure=measure_a, text="进展", date=timezone.localdate() - dt.timedelta(days=9)
    )
    url = reverse("rectification-measure-submit", args=[measure_a.pk])
    response = api_as(office_a).post(url, {"note": "请审核", "at": (timezone.now() + dt.timedelta(days=1)).isoformat()},
                                     format="json")  # fmt: skip
    assert response.status_code == 400
    assert "申请销号时间不能晚于当前时间" in response.json()["detail"]["at"][0]
    assert Measure.objects.get(pk=measure_a.pk).status == MeasureStatus.IN_PROGRESS
    response = api_as(office_a).post(url, {"at": _ago(8).isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    sign_off = reverse("rectification-measure-sign-off", args=[measure_a.pk])
    response = api_as(supervisor).post(sign_off, {"note": "同意", "at": _ago(7).isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert dt.datetime.fromisoformat(body["closed_at"]) == _ago(7)
    assert [(r["action"], r["backfilled"]) for r in body["reviews"]] == [
        (A.START, True), (A.SUBMIT, True), (A.SIGN_OFF, True)
    ]  # fmt: skip
    assert all(r["entered_at"] for r in body["reviews"])
    progress = api_as(office_a).get(reverse("rectification-measure-progress", args=[measure_a.pk])).json()
    assert [p["backfilled"] for p in progress] == [True]


def test_the_api_names_a_malformed_time(measure_a, office_a, api_as):
    url = reverse("rectification-measure-start", args=[measure_a.pk])
    response = api_as(office_a).post(url, {"at": "昨天"}, format="json")
    assert response.status_code == 400
    assert "at" in response.json()["detail"]
    assert Measure.objects.get(pk=measure_a.pk).status == MeasureStatus.NOT_STARTED


# -- page ------------------------------------------------------------------------------------------


def test_the_measure_page_takes_the_time_and_marks_the_step(measure_a, office_a, client):
    client.force_login(office_a)
    url = reverse("web:measure-detail", args=[measure_a.pk])
    assert 'name="start-at"' in client.get(url).content.decode()
    posted = {"action": "start", "start-note": "", "start-at": "2021-09-01T09:00"}
    response = client.post(url, posted)
    assert response.status_code == 400
    assert "启动时间不能早于巡察反馈日期" in response.content.decode()
    assert Measure.objects.get(pk=measure_a.pk).status == MeasureStatus.NOT_STARTED
    when = _ago(3)
    response = client.post(url, {**posted, "start-at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    assert measure_a.reviews.get().at == when
    page = client.get(url).content.decode()
    assert page.count('data-testid="backfilled"') == 1
    assert "补录" in page


def test_the_measure_page_takes_an_extension_request_and_decision_with_their_times(
    in_progress, office_a, supervisor, client
):
    url = reverse("web:measure-detail", args=[in_progress.pk])
    typed = lambda moment: timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")  # noqa: E731
    wanted = (in_progress.due_date + dt.timedelta(days=30)).isoformat()
    client.force_login(office_a)
    asked = {"action": "request_extension", "request_extension-requested_date": wanted,
             "request_extension-reason": "需协调", "request_extension-at": typed(_ago(5))}  # fmt: skip
    assert client.post(url, asked).status_code == 302
    extension = Extension.objects.get(measure=in_progress)
    assert (extension.requested_at, extension.is_request_backfilled) == (_ago(5), True)
    client.force_login(supervisor)
    prefix = f"extension-{extension.pk}"
    early = {
        "action": "approve_extension",
        "extension": extension.pk,
        f"{prefix}-note": "",
        f"{prefix}-at": typed(_ago(6)),
    }
    response = client.post(url, early)
    assert response.status_code == 400 and "审批时间不能早于延期申请时间" in response.content.decode()
    assert Extension.objects.get(pk=extension.pk).status == Extension.Status.PENDING
    assert client.post(url, {**early, f"{prefix}-at": typed(_ago(3))}).status_code == 302
    extension.refresh_from_db()
    assert (extension.status, extension.decided_at, extension.is_decision_backfilled) == (
        Extension.Status.APPROVED, _ago(3), True
    )  # fmt: skip
    assert client.get(url).content.decode().count('data-testid="backfilled"') == 2
