"""Who sees which clue and recommendation (core.scoping), and the due dates they store.

* Clues are 纪检 staff only (inspector, supervisor). Offices, leaders and the system
  administrator see no clue rows (DOMAIN.md §1, §7; 检举控告工作规则 第四十七条: 不得扩大
  知情范围); leaders get aggregate counts only (``selectors.clue_statistics``).
  回避: nobody sees a clue about themselves (subject_fields).
* Recommendations: 纪检 staff manage them, leaders read them, the target department's
  liaison sees its own issued letters (never drafts). The system administrator sees none.
"""

from django.db.models import Q

from core.scoping import register_visibility
from deadlines.services import register_due_date
from discipline.models import (
    CLUE_OPEN_FILTERS,
    Clue,
    ClueOutcome,
    ClueStep,
    MeetingOpinion,
    Recommendation,
    RecommendationReplyFile,
)
from discipline.permissions import is_discipline_staff
from organization.roles import Role


@register_visibility(Clue, subject_fields=("subject_person",))
def _clues(actor, qs):
    if is_discipline_staff(actor):
        return qs
    return qs.none()


@register_visibility(ClueStep, subject_fields=("clue__subject_person",))
@register_visibility(ClueOutcome, subject_fields=("clue__subject_person", "person"))
def _clue_children(actor, qs):
    if is_discipline_staff(actor):
        return qs
    return qs.none()


@register_visibility(MeetingOpinion, subject_fields=("step__clue__subject_person",))
def _opinions(actor, qs):
    if is_discipline_staff(actor):
        return qs
    return qs.none()


def recommendation_scope(actor):
    """The Q a recommendation must satisfy for ``actor`` (None: everything)."""
    if actor.has_role(Role.ADMIN):
        return Q(pk__in=[])
    if actor.has_role(Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER):
        return None
    if actor.has_role(Role.OFFICE) and actor.department_ids:
        return Q(target_department_id__in=actor.department_ids) & ~Q(status=Recommendation.Status.DRAFT)
    return Q(pk__in=[])


@register_visibility(Recommendation)
def _recommendations(actor, qs):
    scope = recommendation_scope(actor)
    if scope is None:
        # Leaders read issued letters; drafts belong to the 纪检 office until issued.
        if not is_discipline_staff(actor):
            return qs.exclude(status=Recommendation.Status.DRAFT)
        return qs
    return qs.filter(scope)


@register_visibility(RecommendationReplyFile)
def _reply_files(actor, qs):
    scope = recommendation_scope(actor)
    if scope is None:
        return qs
    return qs.filter(recommendation__in=Recommendation.objects.filter(scope))


# -- stored due dates (recomputed when a rule or a holiday calendar changes) -------------
def _clue_due(kind, date_field, start):
    register_due_date(
        Clue,
        date_field=date_field,
        rule_code=Clue.DUE_RULES[kind],
        start=start,
        open_filter=CLUE_OPEN_FILTERS[kind],
        warning_field=f"{date_field}_warning",
    )


_clue_due(Clue.DueKind.DISPOSAL, "disposal_due_date", lambda c: c.received_date)
_clue_due(Clue.DueKind.INQUIRY, "inquiry_due_date", lambda c: c.inquiry_sent_on)
_clue_due(Clue.DueKind.INSPECTION_FEEDBACK, "inspection_feedback_due_date", lambda c: c.received_date)
# 暂存待查: the next review counts from the last review, or from the deferral.
_clue_due(Clue.DueKind.REVIEW, "next_review_date", lambda c: c.last_reviewed_on or c.deferred_on)
_clue_due(Clue.DueKind.INQUIRY_CONCLUDE, "inquiry_conclude_due_date", Clue.inquiry_conclude_start)
_clue_due(Clue.DueKind.PETITION_OFFICE_FEEDBACK, "petition_office_feedback_due_date", Clue.quarterly_feedback_start)

register_due_date(
    Recommendation,
    date_field="reply_due_date",
    rule_code="recommendation-reply",
    start=lambda r: r.issued_on,
    open_filter=Q(status=Recommendation.Status.ISSUED, archived_at__isnull=True),
    manual_field="reply_due_date_manual",
    warning_field="reply_due_date_warning",
)
