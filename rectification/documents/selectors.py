"""Reads of the round documents, from their visibility function (readers only)."""

from django.db.models import QuerySet

from core.scoping import get_visible_or_404, visible_to
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
    return [{"kind": k.value, "label": k.label, "versions": versions.get(k.value, [])} for k in DocumentKind]
