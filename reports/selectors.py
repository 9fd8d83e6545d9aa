"""Reads of the reports app; every list starts from core.scoping visibility.

A report's figures are aggregates, read by whoever may read reports (``reports.permissions.can_read``,
checked by the interfaces); ``report_figures`` / ``report_preview`` / ``version_view`` are the one way
every output gets them, resolved with the author's manual values (``reports.figures``).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from core.scoping import apply_visibility, visible_to
from reports.figures import resolve_figures
from reports.hints import hints_for, refresh_figure_hints
from reports.metrics import collect_ids, compile_year
from reports.metrics.base import Figure
from reports.metrics.profile import frame_for
from reports.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    AnnualReport,
    ReportNarrative,
    RiskCategory,
    RiskPoint,
)
from reports.narrative.defaults import default_narrative
from reports.narrative.render import RenderedReport, render_report


def activity_list(*, user, include_archived=False):
    qs = (
        visible_to(Activity, user=user)
        .select_related("kind", "department")
        .prefetch_related("persons", Prefetch("attachments", queryset=ActivityAttachment.objects.order_by("id")))
    )
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def risk_point_list(*, user, include_archived=False):
    qs = visible_to(RiskPoint, user=user).select_related("category", "department")
    return qs if include_archived else qs.filter(archived_at__isnull=True)


def kind_list(*, user):
    return visible_to(ActivityKind, user=user)


def category_list(*, user):
    return visible_to(RiskCategory, user=user)


def report_list(*, user):
    return visible_to(AnnualReport, user=user).select_related("generated_by", "published_by")


def attachment_get(*, user, activity_pk, pk):
    """An attachment, if its activity is visible to the user (404 otherwise)."""
    activities = visible_to(Activity, user=user)
    return apply_visibility(ActivityAttachment.objects.filter(activity__in=activities), user=user).get(
        activity_id=activity_pk, pk=pk
    )


# --- the annual report's figures -----------------------------------------------------------


def effective_narrative(year: int) -> dict:
    """The saved narrative of ``year`` or, without one, the default wording."""
    row = ReportNarrative.objects.filter(year=year).first()
    if row is None:
        return {**default_narrative(), "is_default": True}
    return {
        "work_text": row.work_text,
        "problems_text": row.problems_text,
        "plans_text": row.plans_text,
        "manual_values": dict(row.manual_values or {}),
        "is_default": False,
    }


def report_figures(year: int, *, narrative: dict | None = None, with_ids: bool = False) -> dict[str, Figure]:
    """Every figure of ``year`` as the data stand now, resolved with the narrative's manual values:
    per figure its printed ``text``, ``source`` (system / manual / missing), ``flagged``, ``reason``,
    ``superseded`` manual value and (``with_ids``) the ids of the records it counts."""
    narrative = narrative if narrative is not None else effective_narrative(year)
    figures = compile_year(year)
    if with_ids:
        collect_ids(year, figures)
    return resolve_figures(figures, narrative.get("manual_values"))


def saved_figures(report: AnnualReport) -> dict[str, Figure]:
    """A version's frozen figures, resolved with the version's own manual values."""
    figures = {code: Figure.from_dict(data) for code, data in report.figures.items()}
    return resolve_figures(figures, (report.narrative or {}).get("manual_values"))


@dataclass
class ReportView:
    """A report's figures, its text and its hints, all read from the same resolved figures."""

    figures: dict[str, Figure]
    rendered: RenderedReport
    hints: list[dict]


def figure_rows(figures: dict[str, Figure], counts: dict | None = None) -> list[dict]:
    """The figures as the API lists them, each with the number of records it counts (``counts``, or
    its saved ids; None for a profile text)."""
    rows = []
    for code, f in figures.items():
        count = counts[code] if counts is not None else (None if f.ids is None else len(f.ids))
        rows.append({**f.as_dict(), "record_count": count, "note": f.note or ""})
    return rows


def report_preview(
    year: int, *, narrative: dict | None = None, report_date: dt.date | None = None, with_ids: bool = False
) -> ReportView:
    """``year`` as the data stand now (nothing saved), dated ``report_date`` (default today)."""
    narrative = narrative if narrative is not None else effective_narrative(year)
    figures = report_figures(year, narrative=narrative, with_ids=with_ids)
    rendered = render_report(
        frame=frame_for(year), narrative=narrative, figures=figures, report_date=report_date or timezone.localdate()
    )
    return ReportView(figures=figures, rendered=rendered, hints=hints_for(year, figures))


def version_view(report: AnnualReport) -> ReportView:
    """A saved version from its snapshot; its figure hints follow its (editable) manual values."""
    figures = saved_figures(report)
    rendered = render_report(
        frame=report.frame, narrative=report.narrative, figures=figures, report_date=report.report_date
    )
    return ReportView(figures=figures, rendered=rendered, hints=refresh_figure_hints(report.hints or [], figures))
