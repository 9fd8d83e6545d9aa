"""Reads of 纪律检查建议书. Every read starts from ``visible_to``: the target department's
liaison sees its own issued letters only; 纪检 staff all; leaders the issued ones."""

from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from core.backfill import is_backfilled
from core.scoping import get_visible_or_404, visible_to
from discipline.models import Recommendation, RecommendationReplyFile
from discipline.selectors.lights import LightContext
from organization.selectors import user_name

RULE = "recommendation-reply"
S = Recommendation.Status
# The light of a letter (the office's view of its duty): grey once 办结 (or archived); a replied
# letter awaiting 办结 owes nobody a date — its reply deadline stopped with the reply — so it has
# no light, like a draft without a date (it is not 已办结 until 纪检 staff close it).
REC_CLOSED_Q = Q(status=S.CLOSED) | Q(archived_at__isnull=False)
REC_STOPPED_Q = Q(status=S.REPLIED)


def recommendation_queryset(*, user):
    return (
        visible_to(Recommendation, user=user)
        .select_related("target_department")
        .annotate(
            reply_file_count=Coalesce(
                Subquery(
                    RecommendationReplyFile.objects.filter(recommendation=OuterRef("pk"))
                    .values("recommendation")
                    .annotate(n=Count("id"))
                    .values("n")
                ),
                0,
            ),
            issued_by_name=user_name("issued_by_id"),
        )
    )


def recommendation_get(*, user, pk) -> Recommendation:
    qs = recommendation_queryset(user=user).prefetch_related("reply_files")
    return get_visible_or_404(qs, user=user, pk=pk)


def recommendation_for_update(*, user, pk) -> Recommendation:
    return get_visible_or_404(Recommendation, user=user, pk=pk)


def reply_file_get(*, user, recommendation_pk, pk) -> RecommendationReplyFile:
    """A reply file, through its letter's visibility (404 for a letter the user may not see)."""
    rec = recommendation_for_update(user=user, pk=recommendation_pk)
    return get_visible_or_404(RecommendationReplyFile.objects.filter(recommendation=rec), user=user, pk=pk)


def recommendation_light_context(today=None) -> LightContext:
    return LightContext.load(rule_codes=[RULE], today=today)


def recommendation_light(rec, ctx: LightContext) -> str:
    closed = rec.archived_at is not None or rec.status == S.CLOSED
    return ctx.light(rec.reply_due_date, rule_code=RULE, closed=closed, running=rec.status != S.REPLIED)


def recommendation_light_q(light, ctx: LightContext) -> Q:
    return ctx.q(light, field="reply_due_date", closed_q=REC_CLOSED_Q, rule_codes={"": RULE}, stopped_q=REC_STOPPED_Q)


def recommendation_overdue_q(today) -> Q:
    return Q(status=S.ISSUED, archived_at__isnull=True, reply_due_date__lt=today)


# The steps of a letter with their own date: (status it leads to, date field, label).
REC_STEPS = ((S.ISSUED, "issued_on", "制发"), (S.REPLIED, "replied_on", "回复"), (S.CLOSED, "closed_on", "办结"))


def _name(user) -> str:
    """As a signature shows it: the person's name, else the account's."""
    if user is None:
        return ""
    return user.person.name if hasattr(user, "person") else (user.get_full_name() or user.username)


def recommendation_steps(rec) -> list[dict]:
    """制发, 回复, 办结 as done (one query): the recorded date, who entered it and when (the
    first history row in that status), and whether it was entered later (补录)."""
    rows = (
        rec.history.filter(status__in=[status for status, _, _ in REC_STEPS])
        .select_related("history_user__person")
        .order_by("history_date", "history_id")
    )
    first: dict[str, Any] = {}
    for row in rows:
        first.setdefault(row.status, row)
    steps = []
    for status, field, label in REC_STEPS:
        day = getattr(rec, field)
        if day is None:
            continue
        row = first.get(status)
        who = row.history_user if row is not None else None
        entered_at = row.history_date if row is not None else None
        steps.append(
            {
                "kind": status,
                "label": label,
                "date": day,
                "entered_at": entered_at,
                "entered_by": _name(who),
                "backfilled": is_backfilled(day, entered_at),
            }
        )
    return steps
