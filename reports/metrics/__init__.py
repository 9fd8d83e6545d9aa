"""The report's metric registry (see base.py); importing this package registers every metric."""

from reports.metrics import activities, external, profile, risks  # noqa: F401  (register metrics and sources)
from reports.metrics.base import Figure, Metric, approx_count, get_metric, metrics  # noqa: F401
from reports.metrics.compiler import collect_ids, compile_year, drill_queryset, record_counts  # noqa: F401
