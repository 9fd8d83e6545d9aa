"""Render a saved version (from its frozen snapshot) or a year live (compiled now, not saved)."""

from django.utils import timezone

from reports.metrics import compile_year
from reports.metrics.base import Figure
from reports.metrics.profile import frame_for
from reports.narrative.render import render_report


def render_saved(report):
    figures = {code: Figure.from_dict(data) for code, data in report.figures.items()}
    return render_report(
        frame=report.frame, narrative=report.narrative, figures=figures, report_date=report.report_date
    )


def render_live(year: int, *, narrative=None, report_date=None):
    """(figures, rendered) for ``year`` as the data stand now, dated ``report_date`` (default today)."""
    from reports.services.reports import effective_narrative

    figures = compile_year(year)
    narrative = narrative or effective_narrative(year)
    rendered = render_report(
        frame=frame_for(year), narrative=narrative, figures=figures, report_date=report_date or timezone.localdate()
    )
    return figures, rendered
