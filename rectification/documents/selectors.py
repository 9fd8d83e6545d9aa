"""Reads of the round documents, from their visibility function (readers only)."""

from django.db.models import QuerySet

from core.scoping import get_visible_or_404, visible_to
from rectification.due_dates import ROUND_DEADLINES
from rectification.models import DocumentKind, RoundDocument


def document_list(*, user, rnd=None) -> QuerySet:
    """Saved versions (their frozen figures and content deferred), newest first per kind."""
    qs = visible_to(RoundDocument, user=user).select_related("generated_by").defer("figures", "content")
    if rnd is not None:
        qs = qs.filter(round=rnd)
    return qs.order_by("kind", "-version")


def document_get(*, user, pk) -> RoundDocument:
    return get_visible_or_404(
        visible_to(RoundDocument, user=user).select_related("round", "generated_by"), user=user, pk=pk
    )


def documents_by_kind(*, user, rnd) -> list[dict]:
    """Each kind with its versions (one query), in the order the documents are written."""
    versions: dict = {}
    for doc in document_list(user=user, rnd=rnd):
        versions.setdefault(doc.kind, []).append(doc)
    return [
        {"kind": k.value, "label": k.label, "versions": versions.get(k.value, []), **_deadline(rnd, k)}
        for k in DocumentKind
    ]


# The round's own deadline of each document (rules round-plan, round-report, round-leader-report)
# and the day it was sent; the 整改公开 version has no rule.
_DEADLINES = dict(
    zip((DocumentKind.PLAN, DocumentKind.REPORT, DocumentKind.LEADER_REPORT), ROUND_DEADLINES, strict=True)
)


def _deadline(rnd, kind) -> dict:
    deadline = _DEADLINES.get(kind)
    if deadline is None:
        return {"has_deadline": False}
    return {
        "has_deadline": True,
        "due_date": getattr(rnd, deadline.date_field),
        "due_warning": getattr(rnd, deadline.warning_field),
        "submitted_on": getattr(rnd, deadline.submitted_field),
    }
