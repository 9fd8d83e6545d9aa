"""Render a saved version (from its frozen snapshot) or a year live (compiled now, not saved).

Both read their figures through ``reports.selectors`` (resolved with the manual values), so the
text, the flags and the hints of either never disagree.
"""

from reports.selectors import report_preview, version_view


def render_saved(report):
    return version_view(report).rendered


def render_live(year: int, *, narrative=None, report_date=None):
    """(figures, rendered) for ``year`` as the data stand now, dated ``report_date`` (default today)."""
    view = report_preview(year, narrative=narrative, report_date=report_date)
    return view.figures, view.rendered
