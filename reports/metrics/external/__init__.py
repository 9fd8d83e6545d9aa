"""Metrics computed from the other apps' records (rectification, petitions, discipline).

Kept apart from the reports app's own metrics: ``definitions`` declares them (labels,
units, models, wording); one module per app computes them from that app's models.
"""

from reports.metrics.external import (  # noqa: F401  (sources, drills)
    definitions,  # noqa: F401  (declares the metrics)
    discipline,
    petitions,
    rectification,
)
