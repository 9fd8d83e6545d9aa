"""The list pages, each defined once: its URL, FilterSet, visibility selector, sort keys, default order
and what "open" means for it. The list views (``web.views.listing.list_page``), the 工作台's counts
(``web.dashboard.lists``) and the saved filters (``web.views.saved_filters``) all read these, so a
number on the dashboard, the list it links to and a saved filter of that list cannot disagree."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from discipline.filters import ClueFilter, RecommendationFilter
from discipline.open import IN_HANDLING_Q, RECOMMENDATION_OPEN_Q
from discipline.selectors import clues as clue_selectors
from discipline.selectors import recommendations as rec_selectors
from petitions import selectors as petition_selectors
from petitions.filters import PetitionFilter, TransferFilter
from petitions.open import PENDING_Q, TRANSFER_OPEN_Q
from rectification import selectors as rect_selectors
from rectification.filters import MeasureFilter, RoundFilter
from rectification.open import OPEN_Q


@dataclass(frozen=True)
class Listing:
    """One list page. ``sorts`` maps a column key to the fields it orders by (nulls last),
    ``default`` is the order without ``?sort=``, ``open_q`` selects the open items (first by
    default, alone with ``?scope=open``); ``queryset(user=…)`` is the visibility selector the
    page starts from (None where the page builds it itself, e.g. with the request's lights)."""

    key: str
    url_name: str
    filterset: type
    queryset: Callable[..., QuerySet] | None
    sorts: dict[str, tuple[str, ...]]
    default: tuple[str, ...]
    open_q: Q | None = None
    tiebreak: tuple[str, ...] = field(default=("-id",))
    fields: tuple[str, ...] = ()  # the filter form's fields, in its order
    yes_no: tuple[str, ...] = ()  # of them, the 是/否 ones

    def filter(self, data, *, request, queryset=None):
        """The list's FilterSet over ``data``, from the user's visible rows (or ``queryset``)."""
        if queryset is None:
            queryset = self.queryset(user=request.user)
        return self.filterset(data, queryset=queryset, request=request)


ROUNDS = Listing(
    "rounds",
    "web:round-list",
    RoundFilter,
    None,  # selectors.round_list with the request's light context (web.views.rectification)
    sorts={
        "name": ("name",),
        "team": ("inspection_team",),
        "feedback": ("feedback_date",),
        "overdue": ("measure_overdue",),
    },
    default=("-feedback_date",),
    fields=("q",),
)
MEASURES = Listing(
    "measures",
    "web:measure-list",
    MeasureFilter,
    rect_selectors.measure_list,
    sorts={
        "due": ("due_date",),
        "status": ("status",),
        "department": ("lead_department__name",),
        "person": ("responsible_person__name",),
        "round": ("problem__round__feedback_date", "problem__round_id", "problem__order", "order"),
    },
    default=("due_date", "problem__round_id", "problem__order", "order"),
    open_q=OPEN_Q,
    tiebreak=("id",),
    fields=("q", "round", "department", "status", "light", "overdue", "due_from", "due_to"),
    yes_no=("overdue",),
)
PETITIONS = Listing(
    "petitions",
    "web:petition-list",
    PetitionFilter,
    petition_selectors.petition_list,
    sorts={"number": ("number",), "received": ("received_at",), "status": ("status",), "due": ("next_due",)},
    default=("-received_at",),
    open_q=PENDING_Q,
    fields=(
        "text",
        "kind",
        "status",
        "category",
        "light",
        "overdue",
        "received_after",
        "received_before",
        "ticket_no_contains",
        "satisfaction",
        "has_ticket",
    ),  # fmt: skip
    yes_no=("overdue", "has_ticket"),
)
TRANSFERS = Listing(
    "transfers",
    "web:transfer-list",
    TransferFilter,
    petition_selectors.transferred_list,
    sorts={
        "number": ("number",),
        "department": ("transfer_department__name",),
        "transferred": ("transferred_at",),
        "due": ("transfer_due",),
    },
    default=("-transferred_at",),
    open_q=TRANSFER_OPEN_Q,
    fields=("text", "office_status", "light", "overdue"),
    yes_no=("overdue",),
)
CLUES = Listing(
    "clues",
    "web:clue-list",
    ClueFilter,
    clue_selectors.clue_queryset,
    sorts={"number": ("year", "seq"), "received": ("received_date",), "disposal": ("disposal",), "status": ("status",)},
    default=("-received_date",),
    open_q=IN_HANDLING_Q,
    fields=("text", "status", "disposal", "source", "light", "overdue"),
    yes_no=("overdue",),
)
RECOMMENDATIONS = Listing(
    "recommendations",
    "web:recommendation-list",
    RecommendationFilter,
    rec_selectors.recommendation_queryset,
    sorts={
        "number": ("year", "seq"),
        "department": ("target_department__name",),
        "issued": ("issued_on",),
        "reply_due": ("reply_due_date",),
        "status": ("status",),
    },
    default=("-issued_on",),
    open_q=RECOMMENDATION_OPEN_Q,
    fields=("text", "status", "kind", "light", "overdue"),
    yes_no=("overdue",),
)

BY_KEY = {listing.key: listing for listing in (ROUNDS, MEASURES, PETITIONS, TRANSFERS, CLUES, RECOMMENDATIONS)}
