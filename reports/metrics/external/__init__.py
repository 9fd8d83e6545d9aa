"""Metrics computed from the other apps' records (rectification, petitions, discipline).

Kept apart from the reports app's own metrics: each module here declares its metrics
and, when the app's models are present, the source that computes them. A metric
whose source is missing is flagged for the author ("数据来源尚未接入"), never 0.
"""

from reports.metrics.external import definitions  # noqa: F401
