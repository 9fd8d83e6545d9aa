"""Gap-free, duplicate-free numbers per year (逐件编号) for 线索 and 建议书: see ``core.numbering``."""

from core import numbering
from discipline.models import YearCounter


def allocate(series: str, year: int) -> int:
    """The next number of ``series`` in ``year``; call first inside the writing transaction."""
    return numbering.allocate(YearCounter, series, year)


def continue_from(series: str, year: int, last: int) -> YearCounter:
    """Continue a paper ledger part-way through a year (the counter never moves backwards)."""
    return numbering.continue_from(YearCounter, series, year, last)
