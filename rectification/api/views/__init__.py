"""The 巡察整改 API: thin views over the selectors, services and the ledger package."""

from rectification.api.views.measures import MeasureViewSet
from rectification.api.views.rounds import LedgerTemplateView, RoundViewSet
from rectification.api.views.structure import AspectViewSet, ProblemViewSet

__all__ = ["AspectViewSet", "LedgerTemplateView", "MeasureViewSet", "ProblemViewSet", "RoundViewSet"]
