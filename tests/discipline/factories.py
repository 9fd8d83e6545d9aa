"""Factories and builders for clues and recommendations (through the services, so every
row in a test got where it is the way production rows do)."""

import datetime as dt

from django.utils import timezone

from discipline.models import Clue, Recommendation
from discipline.services import clues as clue_services
from discipline.services import recommendations as rec_services
from organization.roles import Role
from tests.factories import DepartmentFactory, PersonFactory, make_user


def staff(role=Role.INSPECTOR, **kwargs):
    return make_user(role, **kwargs)


def register_clue(user, *, subject=None, received_date=None, source=Clue.Source.OTHER, **kwargs) -> Clue:
    if subject is None:
        subject = PersonFactory(departments=[DepartmentFactory()])
    if source == Clue.Source.INSPECTION:
        kwargs.setdefault("inspection_round", "市委第三巡察组常规巡察")
    received_date = received_date or timezone.localdate() - dt.timedelta(days=3)
    kwargs.setdefault("date", received_date)  # registered the day it was received
    return clue_services.clue_register(
        user=user,
        received_date=received_date,
        source=source,
        subject_person=subject,
        summary=kwargs.pop("summary", "反映某某违规收受礼金"),
        **kwargs,
    )


def clue_at(stage, *, registrar, supervisor, handler=None, disposal=Clue.Disposal.PRELIMINARY, method="", **kwargs):
    """A clue driven through the workflow up to ``stage`` (a Clue.Status value)."""
    S = Clue.Status
    handler = handler or registrar
    clue = register_clue(registrar, **kwargs)
    order = [S.REGISTERED, S.ASSIGNED, S.PROPOSED, S.DISCUSSED, S.APPROVED, S.EXECUTING, S.CONCLUDED, S.FED_BACK]
    target = order.index(stage)
    if target >= 1:
        clue = clue_services.clue_assign(user=supervisor, clue=clue, handler=handler)
    if target >= 2:
        clue = clue_services.clue_propose(user=handler, clue=clue, disposal=disposal, note="拟办理由")
    if target >= 3:
        members = [(PersonFactory(name="参会甲"), "同意"), (PersonFactory(name="参会乙"), "同意")]
        clue = clue_services.clue_discuss(user=registrar, clue=clue, members=members)
    if target >= 4:
        clue = clue_services.clue_approve(user=supervisor, clue=clue)
    if target >= 5:
        if disposal == Clue.Disposal.TALK_INQUIRY:
            method = method or "talk"
        extra = {"transferred_to": "市纪委监委第二审查调查室"} if disposal == Clue.Disposal.TRANSFER else {}
        clue = clue_services.clue_execute(user=handler, clue=clue, method=method, **extra)
    if target >= 6:
        if clue.inquiry_sent_on and not clue.inquiry_replied_on:
            clue = clue_services.clue_record_inquiry_reply(user=handler, clue=clue)
        clue = clue_services.clue_conclude(user=handler, clue=clue, result="经核实，问题基本属实")
    if target >= 7:
        clue = clue_services.clue_feedback(user=handler, clue=clue, target="other", method="written", note="已反馈")
    return clue


def draft_recommendation(user, *, department=None, **kwargs) -> Recommendation:
    data = {
        "title": "关于加强公务接待管理的纪律检查建议",
        "target_department": department or DepartmentFactory(),
        "source": Recommendation.Source.DAILY_SUPERVISION,
        "problems": "公务接待无公函",
        "causes": "制度执行不严",
        "recommendations": "完善接待审批制度",
    }
    data.update(kwargs)
    return rec_services.recommendation_create(user=user, data=data)


def issued_recommendation(user, *, issued_on=None, **kwargs) -> Recommendation:
    rec = draft_recommendation(user, **kwargs)
    return rec_services.recommendation_issue(user=user, rec=rec, issued_on=issued_on)


__all__ = ["PersonFactory", "DepartmentFactory", "staff"]


def make_petition(registered_by, *, is_named=True, subject_person=None, number=None, **kwargs):
    """A minimal petition row to link clues to (the petitions app owns its workflow)."""
    from petitions.models import Petition

    seq = Petition.objects.count() + 1
    year = timezone.localdate().year
    return Petition.objects.create(
        year=year,
        seq=seq,
        number=number or f"信〔{year}〕{seq}号",
        received_at=timezone.now() - dt.timedelta(days=5),
        channel="letter",
        kind="accusation",
        is_named=is_named,
        subject_person=subject_person,
        registered_by=registered_by,
        summary=kwargs.pop("summary", "反映某某问题"),
        **kwargs,
    )
