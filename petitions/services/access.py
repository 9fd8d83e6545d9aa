"""Requests to see one petition's reporter: an inspector asks with a reason, a supervisor decides.

An approval lasts ``settings.IDENTITY_VIEW_GRANT_HOURS`` (default 24); it is read only by
``petitions.identity.identity_basis``, and every view under it is logged like any other.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.errors import InvalidTransitionError, field_error, require
from core.scoping import get_visible_or_404
from core.workflow import step_done
from petitions import permissions
from petitions.identity import can_view_identity
from petitions.models import IdentityAccessRequest, Petition

Status = IdentityAccessRequest.Status


@transaction.atomic
def identity_request_create(*, user, petition, reason) -> IdentityAccessRequest:
    require(permissions.can_process(user), "只有纪检干部可以申请查看举报人身份")
    petition = get_visible_or_404(Petition, user=user, pk=petition.pk)
    if petition.informant_id is None:
        raise field_error("petition", "该信访件为匿名件，没有举报人身份信息", code="anonymous")
    if can_view_identity(user, petition):
        raise field_error("petition", "您已有查看该举报人身份的权限，无需申请", code="already_allowed")
    if not (reason or "").strip():
        raise field_error("reason", "请填写申请理由")
    if IdentityAccessRequest.objects.filter(petition=petition, requested_by=user, status=Status.PENDING).exists():
        raise InvalidTransitionError("您对该信访件已有待审批的申请")
    return IdentityAccessRequest.objects.create(petition=petition, requested_by=user, reason=reason.strip())


def _locked(user, access_request):
    require(permissions.can_decide(user), "只有纪检负责人可以审批查看举报人身份的申请")
    access_request = get_visible_or_404(
        IdentityAccessRequest.objects.select_for_update(), user=user, pk=access_request.pk
    )
    get_visible_or_404(Petition, user=user, pk=access_request.petition_id)  # 回避
    if access_request.status != Status.PENDING:
        raise InvalidTransitionError(f"该申请已审批（{access_request.get_status_display()}），不能再审批")
    if access_request.requested_by_id == user.pk:
        raise InvalidTransitionError("不能审批本人提出的申请")
    return access_request


@transaction.atomic
def identity_request_approve(*, user, access_request, note="") -> IdentityAccessRequest:
    access_request = _locked(user, access_request)
    now = timezone.now()
    access_request.status = Status.APPROVED
    access_request.decided_by, access_request.decided_at = user, now
    access_request.decision_note = (note or "").strip()
    access_request.expires_at = now + dt.timedelta(hours=settings.IDENTITY_VIEW_GRANT_HOURS)
    access_request.save()
    step_done("petition.identity_decided", access_request, actor=user)
    return access_request


@transaction.atomic
def identity_request_refuse(*, user, access_request, note="") -> IdentityAccessRequest:
    access_request = _locked(user, access_request)
    if not (note or "").strip():
        raise field_error("note", "请填写不予批准的理由")
    access_request.status = Status.REFUSED
    access_request.decided_by, access_request.decided_at = user, timezone.now()
    access_request.decision_note = note.strip()
    access_request.save()
    step_done("petition.identity_decided", access_request, actor=user)
    return access_request
