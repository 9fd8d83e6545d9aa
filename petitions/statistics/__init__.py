"""信访统计: a year's petitions counted by month, category, department and channel, with the
按期办结率 and the 满意度, beside the previous year (``year_statistics``).

Every figure is counted from ``visible_to(Petition, user=...)`` (回避, leaders without 上级管辖件,
nobody for the 系统管理员), so a number never shows more than the user's own petition list; each
group is one GROUP BY over both years on the indexed ``received_at`` range, so the query count is
the same for ten petitions or half a million.
"""

from petitions.statistics.figures import (
    CONCLUSION_PARAMS,
    GRADED,
    ON_TIME_DEFINITION,
    PLEASED,
    SATISFACTION_DEFINITION,
    Group,
    Rates,
    YearStatistics,
    drill_params,
    rates_of,
    year_bounds,
    year_statistics,
)

__all__ = [
    "CONCLUSION_PARAMS",
    "GRADED",
    "ON_TIME_DEFINITION",
    "PLEASED",
    "SATISFACTION_DEFINITION",
    "Group",
    "Rates",
    "drill_params",
    "YearStatistics",
    "rates_of",
    "year_bounds",
    "year_statistics",
]
