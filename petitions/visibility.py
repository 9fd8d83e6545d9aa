"""Who sees which petitions (core.scoping).

* 回避: a petition about a person (``subject_person``, or any person it was ever about —
  ``PetitionRecusal``, which survives 报送上级's scrubbing) is hidden from that person,
  whatever their role — applied by core.scoping before the rules below. A content-role
  user with no linked Person cannot be recused, so sees none of these (core.scoping).
* A system administrator sees nothing of petitions (检举控告工作规则 第四十七条;
  DOMAIN.md §7), even when the same account holds another role: fail closed.
* 纪检干部 and 纪检负责人 see every petition.
* 领导 read every petition except restricted ones (上级管辖件: 不得扩大知情范围); never identities.
* 责任部门联络员 see only petitions transferred to their own departments, and only
  through the office projection (the 转办摘要: never the content, never the reporter).
"""

from django.db.models import Q

from core.scoping import register_visibility
from organization.roles import Role
from petitions.models import (
    Category,
    HotlineImport,
    HotlineSource,
    IdentityAccessRequest,
    IdentityViewLog,
    Informant,
    Petition,
    PetitionAttachment,
    PetitionEvent,
    PetitionExtension,
    PetitionOutcome,
    PetitionRecusal,
    QueryCodeLookup,
    RepeatSuggestion,
)

STAFF = (Role.INSPECTOR, Role.SUPERVISOR)


def is_staff(actor) -> bool:
    return not actor.has_role(Role.ADMIN) and actor.has_role(*STAFF)


def is_leader(actor) -> bool:
    return not actor.has_role(Role.ADMIN) and not is_staff(actor) and actor.has_role(Role.LEADER)


def is_office(actor) -> bool:
    """Sees petitions only through the office projection."""
    return not actor.has_role(Role.ADMIN) and not actor.has_role(*STAFF, Role.LEADER) and actor.has_role(Role.OFFICE)


def _petition_rows(actor, qs, prefix=""):
    if is_staff(actor):
        return qs
    if is_leader(actor):
        return qs.filter(**{f"{prefix}is_restricted": False})
    if is_office(actor):
        return qs.filter(**{f"{prefix}transfer_department_id__in": actor.department_ids})
    return qs.none()


@register_visibility(Petition, subject_fields=("subject_person", "recusals__person"))
def _petitions(actor, qs):
    return _petition_rows(actor, qs)


@register_visibility(PetitionOutcome, subject_fields=("petition__subject_person", "petition__recusals__person"))
@register_visibility(PetitionExtension, subject_fields=("petition__subject_person", "petition__recusals__person"))
@register_visibility(PetitionEvent, subject_fields=("petition__subject_person", "petition__recusals__person"))
def _staff_and_leader_records(actor, qs):
    if is_staff(actor):
        return qs
    if is_leader(actor):
        return qs.filter(petition__is_restricted=False)
    return qs.none()


@register_visibility(PetitionAttachment, subject_fields=("petition__subject_person", "petition__recusals__person"))
def _attachments(actor, qs):
    # Original letters and scans may name the reporter: 纪检 staff only. A department's
    # reply material is seen by that department and by leaders too.
    if is_staff(actor):
        return qs
    reply = Q(purpose=PetitionAttachment.Purpose.REPLY)
    if is_leader(actor):
        return qs.filter(reply, petition__is_restricted=False)
    if is_office(actor):
        return qs.filter(reply, petition__transfer_department_id__in=actor.department_ids)
    return qs.none()


@register_visibility(IdentityAccessRequest, subject_fields=("petition__subject_person", "petition__recusals__person"))
def _identity_requests(actor, qs):
    if actor.has_role(Role.ADMIN):
        return qs.none()
    if actor.has_role(Role.SUPERVISOR):
        return qs
    if actor.has_role(Role.INSPECTOR):
        return qs.filter(requested_by_id=actor.user_id)
    return qs.none()


@register_visibility(IdentityViewLog, subject_fields=("petition__subject_person", "petition__recusals__person"))
def _identity_views(actor, qs):
    if actor.has_role(Role.ADMIN):
        return qs.none()
    if actor.has_role(Role.SUPERVISOR):
        return qs
    return qs.filter(user_id=actor.user_id) if actor.has_role(Role.INSPECTOR) else qs.none()


@register_visibility(Informant)
def _informants(actor, qs):
    # Only the pseudonymous code is ever read through this queryset; decryption goes
    # through petitions.identity, which checks the grant itself.
    return qs if is_staff(actor) else qs.none()


@register_visibility(PetitionRecusal)
def _recusals(actor, qs):
    return qs.none()  # read only by the visibility functions themselves


@register_visibility(Category)
def _categories(actor, qs):
    return qs


@register_visibility(HotlineSource)
@register_visibility(HotlineImport)
def _hotline_imports(actor, qs):
    # A work-order export holds reporters' identities: 纪检 staff only.
    return qs if is_staff(actor) else qs.none()


@register_visibility(
    RepeatSuggestion,
    subject_fields=(
        "petition__subject_person",
        "petition__recusals__person",
        "original__subject_person",
        "original__recusals__person",
    ),
)
def _repeat_suggestions(actor, qs):
    # Staff see every petition, so both ends of a suggestion; 回避 on either end hides it.
    return qs if is_staff(actor) else qs.none()


@register_visibility(QueryCodeLookup)
def _query_lookups(actor, qs):
    if not is_staff(actor):
        return qs.none()
    return qs if actor.has_role(Role.SUPERVISOR) else qs.filter(user_id=actor.user_id)
