"""One-time form tokens (``web.forms.once``): a create form registers its record once.

Failure 7 of issue 11 on the pages: a double click, 后退 and 重新提交, or a retry after a dropped
connection must not register a petition (or anything else) twice.
"""

import itertools
import re
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import IdempotencyKey
from discipline.models import Clue, Recommendation
from petitions.models import Petition, PetitionAttachment
from rectification.models import Aspect, InspectionRound, Measure, Problem, ProgressUpdate
from tests.factories import PersonFactory
from tests.petitions.factories import REPORTER, category, register, transferred
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory
from web.forms import once

pytestmark = pytest.mark.django_db

REPLAYED = "该表单已提交，未重复登记"
SERIAL = itertools.count(1)  # round names are unique


def token_on(html, prefix=""):
    """The token the rendered form named by ``prefix`` carries."""
    name = f"{prefix}-form_token" if prefix else "form_token"
    found = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert found, f"no {name} on the page"
    return found.group(1)


def _pdf(name="来信原件.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 letter", content_type="application/pdf")


def _intake(**overrides):
    return {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "kind": "complaint",
        "category": category().pk,
        "summary": "接线员态度生硬",
        "content": "来电反映接线员态度生硬",
        "is_named": "on",
        "informant_name": REPORTER.name,
        "informant_phone": REPORTER.phone,
        **overrides,
    }


@pytest.fixture
def world(inspector, dept_a):
    from reports.models import ActivityKind, RiskCategory

    rnd = RoundFactory(name="2024年巡察")
    problem = ProblemFactory(round=rnd, aspect=AspectFactory(round=rnd), text="问题甲")
    return {
        "round": rnd,
        "problem": problem,
        "measure": MeasureFactory(problem=problem, lead_department=dept_a),
        "petition": register(inspector),
        "transfer": transferred(inspector, dept_a),
        "subject": PersonFactory(name="被反映人乙"),
        "kind": ActivityKind.objects.filter(is_active=True).first(),
        "risk_category": RiskCategory.objects.filter(is_active=True).first(),
    }


# name: (user, url(world), form prefix, posted data(world) — called per POST, so uploads are fresh, model)
CASES = {
    "petition": ("inspector", lambda w: reverse("web:petition-create"), "", lambda w: _intake(), Petition),
    "clue": ("inspector", lambda w: reverse("web:clue-create"), "", lambda w: {
        "received_date": timezone.localdate().isoformat(), "source": Clue.Source.SUPERIOR,
        "subject_person": w["subject"].pk, "summary": "反映违规收受礼金"}, Clue),
    "recommendation": ("inspector", lambda w: reverse("web:recommendation-create"), "", lambda w: {
        "kind": Recommendation.Kind.DISCIPLINE, "source": Recommendation.Source.PETITION,
        "target_department": w["measure"].lead_department_id, "title": "关于规范接听电话的建议",
        "problems": "接听不规范", "recommendations": "建立制度"}, Recommendation),
    "round": ("inspector", lambda w: reverse("web:round-create"), "",
              lambda w: {"name": f"2025年巡察（{next(SERIAL)}）", "feedback_date": "2025-03-01"}, InspectionRound),
    "aspect": ("inspector", lambda w: reverse("web:aspect-create", args=[w["round"].pk]), "",
               lambda w: {"title": "二、作风建设方面"}, Aspect),
    "problem": ("inspector", lambda w: reverse("web:problem-create", args=[w["round"].pk]), "",
                lambda w: {"text": "新发现的问题"}, Problem),
    "measure": ("inspector", lambda w: reverse("web:measure-create", args=[w["problem"].pk]), "",
                lambda w: {"content": "常态化开展警示教育", "deadline_kind": "long_term"}, Measure),
    "progress": ("office_a", lambda w: reverse("web:measure-detail", args=[w["measure"].pk]), "progress",
                 lambda w: {"action": "progress", "progress-text": "已修订制度", "progress-evidence": _pdf("记录.pdf")},
                 ProgressUpdate),
    "original": ("inspector", lambda w: reverse("web:petition-detail", args=[w["petition"].pk]), "attach",
                 lambda w: {"action": "attach", "attach-file": _pdf()}, PetitionAttachment),
    "reply_material": ("office_a", lambda w: reverse("web:transfer-detail", args=[w["transfer"].pk]), "attach",
                       lambda w: {"action": "attach", "attach-file": _pdf("办理报告.pdf")}, PetitionAttachment),
    "activity": ("inspector", lambda w: reverse("web:records"), "activity", lambda w: {
        "form": "activity", "activity-kind": w["kind"].pk, "activity-date": timezone.localdate().isoformat(),
        "activity-title": "廉政提醒谈话", "activity-quantity": "2"}, None),
    "risk_point": ("inspector", lambda w: reverse("web:records"), "risk", lambda w: {
        "form": "risk", "risk-date": timezone.localdate().isoformat(), "risk-category": w["risk_category"].pk,
        "risk-title": "采购环节", "risk-shortcoming_count": "0", "risk-suggestion_count": "0"}, None),
}  # fmt: skip


def _model(name, model):
    if model is not None:
        return model
    from reports.models import Activity, RiskPoint

    return {"activity": Activity, "risk_point": RiskPoint}[name]


@pytest.mark.parametrize("name", list(CASES))
def test_every_create_form_registers_once_per_rendered_form(name, request, client_as, world):
    who, url_of, prefix, data_of, model = CASES[name]
    user, model = request.getfixturevalue(who), _model(name, model)
    client, url = client_as(user), url_of(world)
    before = model.objects.count()
    token = token_on(client.get(url).content.decode(), prefix)
    field = f"{prefix}-form_token" if prefix else "form_token"

    first = client.post(url, {**data_of(world), field: token})
    assert first.status_code == 302, first.content.decode()[:2000]
    assert model.objects.count() == before + 1

    # 后退 and 重新提交 (or a retry after a dropped connection): the same rendered form again
    again = client.post(url, {**data_of(world), field: token})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert model.objects.count() == before + 1
    assert REPLAYED in client.get(again["Location"]).content.decode()

    # a fresh rendering is a new registration
    fresh = token_on(client.get(url).content.decode(), prefix)
    assert fresh != token
    assert client.post(url, {**data_of(world), field: fresh}).status_code == 302
    assert model.objects.count() == before + 2


@pytest.mark.parametrize("name", list(CASES))
def test_a_post_without_a_token_writes_nothing_and_says_so(name, request, client_as, world):
    who, url_of, prefix, data_of, model = CASES[name]
    user, model = request.getfixturevalue(who), _model(name, model)
    before = model.objects.count()

    response = client_as(user).post(url_of(world), data_of(world))

    assert response.status_code == 400
    assert once.INVALID in response.content.decode()
    assert model.objects.count() == before and not IdempotencyKey.objects.exists()


def test_a_missing_token_keeps_the_typed_text_and_the_page_can_be_sent_again(client_as, inspector):
    client = client_as(inspector)
    url = reverse("web:petition-create")
    refused = client.post(url, _intake(content="我刚输入的很长的反映内容"))
    html = refused.content.decode()
    assert refused.status_code == 400 and "我刚输入的很长的反映内容" in html and REPORTER.name in html
    # the refused page carries a fresh token: pressing 登记 again registers it
    again = client.post(url, {**_intake(content="我刚输入的很长的反映内容"), "form_token": token_on(html)})
    assert again.status_code == 302
    assert Petition.objects.get().content == "我刚输入的很长的反映内容"


def _forged(user):
    signed = once.new_token(user)
    value, _, signature = signed.rpartition(":")
    return f"{value}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda me, other: "随便写的", once.INVALID),
        (lambda me, other: _forged(me), once.INVALID),
        (lambda me, other: once.new_token(other), once.INVALID),  # another user's form
        (lambda me, other: signing.TimestampSigner(salt="another.purpose").sign(f"{me.pk}.abc"), once.INVALID),
    ],
    ids=["garbage", "forged-signature", "another-users", "other-salt"],
)
def test_a_forged_or_foreign_token_is_a_form_error(make, message, client_as, inspector, supervisor):
    response = client_as(inspector).post(
        reverse("web:petition-create"), {**_intake(), "form_token": make(inspector, supervisor)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Petition.objects.exists() and not IdempotencyKey.objects.exists()


def test_a_token_older_than_a_day_is_refused(client_as, inspector, monkeypatch):
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 25 * 3600)
    old = once.new_token(inspector)
    monkeypatch.setattr(signing.time, "time", lambda: now)
    response = client_as(inspector).post(reverse("web:petition-create"), {**_intake(), "form_token": old})
    assert response.status_code == 400
    assert "表单打开已超过 24 小时，未登记" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_refused_registration_frees_its_token_for_the_corrected_form(client_as, inspector):
    client = client_as(inspector)
    url = reverse("web:petition-create")
    token = token_on(client.get(url).content.decode())
    refused = client.post(url, {**_intake(summary=""), "form_token": token})
    assert refused.status_code == 400 and "请填写内容摘要" in refused.content.decode()
    assert token_on(refused.content.decode()) == token  # nothing was claimed: the same form goes again
    assert not IdempotencyKey.objects.exists()
    assert client.post(url, {**_intake(), "form_token": token}).status_code == 302
    assert Petition.objects.count() == 1


def test_a_token_used_on_one_form_is_refused_on_another(client_as, inspector, world):
    client = client_as(inspector)
    token = token_on(client.get(reverse("web:petition-create")).content.decode())
    assert client.post(reverse("web:petition-create"), {**_intake(), "form_token": token}).status_code == 302
    clues = Clue.objects.count()
    posted = {"received_date": timezone.localdate().isoformat(), "source": Clue.Source.SUPERIOR,
              "subject_person": world["subject"].pk, "summary": "反映违规收受礼金", "form_token": token}  # fmt: skip
    response = client.post(reverse("web:clue-create"), posted)
    assert response.status_code == 400 and once.INVALID in response.content.decode()
    assert Clue.objects.count() == clues


def test_the_replay_is_checked_in_a_fixed_number_of_queries(client_as, inspector, django_assert_max_num_queries):
    client = client_as(inspector)
    url = reverse("web:petition-create")
    data = {**_intake(), "form_token": token_on(client.get(url).content.decode())}
    assert client.post(url, data).status_code == 302
    # session, user, actor/roles, the form's choice lookups (category), purge + find the claim, message
    with django_assert_max_num_queries(14):
        assert client.post(url, data).status_code == 302
    assert Petition.objects.count() == 1
