"""One list page: the filter form, sortable columns, open items first, page numbers and a page size.

Every list page (整改措施, 信访件, 转办件, 问题线索, 纪律检查建议书, 巡察轮次) reads its query string
through :func:`list_page`, so each behaves alike: a blank field means no filter, an unknown sort key or
page size is named in the error box above an empty list (400, never all rows), open items come first
(``open_q``: the app's own definition of open, e.g. ``rectification.open.OPEN_Q``) and ``?scope=open``
keeps only them, and the saved filters of the user for this list are offered above it.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Sum, Value, When
from django.utils.functional import cached_property

from core.errors import ApplicationError
from web.lists import Listing
from web.models import SavedFilter
from web.views.common import filtered
from web.views.kept_filters import kept_filters

PAGE_SIZES = (20, 50, 100)
DEFAULT_PAGE_SIZE = 50
SCOPES = {"": "全部", "open": "只看未办结"}  # 全部: open items first
# The parameters of the page itself (beside the filters): kept by the filter form, saved with a filter.
PAGE_PARAMS = ("sort", "page_size", "scope")
# A list page counts at most this many rows: past it the page says 超过 N 条 and pages through the
# first N only, so its time does not grow with the table (a COUNT(*) of every visible row took most
# of a page's time at 500k). An export still writes every filtered row.
COUNT_LIMIT = 10_000


def _order(model, fields: tuple[str, ...], descending: bool) -> list:
    """ORDER BY terms, empty values last. NULLS LAST only where the column can be null: on a NOT NULL
    column it changes nothing but keeps PostgreSQL from reading the order off a plain index (its
    planner does not know the column holds no nulls), i.e. a sort of every visible row."""
    terms = []
    for name in fields:
        desc = name.startswith("-") != descending
        path = name.lstrip("-")
        expr = F(path)
        nulls = {"nulls_last": True} if _nullable(model, path) else {}
        terms.append(expr.desc(**nulls) if desc else expr.asc(**nulls))
    return terms


def _nullable(model, path: str) -> bool:
    """Whether the column at ``path`` (``a__b__c``) may be NULL, a relation on the way included."""
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:  # an annotation (e.g. a round's count of overdue measures)
            return True
        if field.null:
            return True
        if field.is_relation:
            model = field.related_model
    return False


def _sort_terms(listing: Listing, raw: str, errors: dict) -> list:
    model = listing.filterset._meta.model
    if not raw:
        return _order(model, listing.default, False)
    key = raw.removeprefix("-")
    if key not in listing.sorts:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        choices = "、".join(listing.sorts)
        errors["sort"] = [f"排序字段“{shown}”无效，可选：{choices}（前加“-”为倒序）"]
        return []
    return _order(model, listing.sorts[key], raw.startswith("-"))


def _page_size(raw: str, errors: dict) -> int:
    if not raw:
        return DEFAULT_PAGE_SIZE
    if raw.isdigit() and int(raw) in PAGE_SIZES:
        return int(raw)
    shown = raw if len(raw) <= 20 else raw[:20] + "…"
    errors["page_size"] = [f"每页条数“{shown}”无效，可选：{'、'.join(map(str, PAGE_SIZES))}"]
    return DEFAULT_PAGE_SIZE


def _selection(listing: Listing, filterset, params):
    """(rows in the list's order with ``?scope=`` applied, scope, per_page, errors, the form's fields):
    what both the page and its 导出筛选结果 read from the query string."""
    qs, filter_errors, fields = filtered(filterset, listing.fields, yes_no=listing.yes_no)
    errors = dict(filter_errors or {})
    order = _sort_terms(listing, params.get("sort", ""), errors)
    per_page = _page_size(params.get("page_size", ""), errors)
    scope = params.get("scope", "")
    if scope not in SCOPES:
        errors["scope"] = [f"范围“{scope[:20]}”无效，可选：open（只看未办结）"]
    rows = qs.none() if errors else qs.order_by(*order, *listing.tiebreak)
    if scope == "open" and listing.open_q is not None:
        rows = rows.filter(listing.open_q)
    return rows, scope, per_page, errors, fields


def list_page(request, listing: Listing, filterset):
    """(context, status) of a list page: ``page`` (the rows of this page, prefetches for them only),
    ``filter_fields``, ``filter_errors``, ``page_sizes``, ``scope``, ``saved_filters``."""
    rows, scope, per_page, errors, fields = _selection(listing, filterset, request.GET)
    if not errors and listing.open_q is not None and scope != "open":
        rows = OpenFirst(rows, listing.open_q)
    page = BoundedPaginator(rows, per_page).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_sizes": PAGE_SIZES,
        "page_size": per_page,
        "filter_fields": fields,
        "filter_errors": errors or None,
        "list_key": listing.key,
        "scopes": SCOPES if listing.open_q is not None else None,
        "scope": scope,
        "saved_filters": _saved(request.user, listing.key),
        "kept_filters": kept_filters(filterset, listing.fields, request.GET),
    }
    return context, 400 if errors else 200


def export_rows(listing: Listing, filterset, params):
    """The rows 导出筛选结果 writes: the list's filters and ``?scope=``, in its column order (open items
    are not moved first: a sheet is sorted by its reader). A bad filter, sort or scope raises a 400
    naming it (never all rows); the page parameters (page, page_size) do not narrow an export."""
    rows, _scope, _per_page, errors, _fields = _selection(listing, filterset, params)
    errors.pop("page_size", None)
    if errors:
        fields = {name: [str(e) for e in errs] for name, errs in errors.items()}
        raise ApplicationError("筛选条件有误，未导出", code="invalid_filter", status=400, detail=fields)
    return rows


def bounded_count(rows, limit: int) -> int:
    """How many rows there are, counted no further than ``limit``: ``COUNT(*)`` over the first
    ``limit`` rows in no order, which the database stops reading once it has them."""
    return rows.order_by()[:limit].count()


class BoundedPaginator(Paginator):
    """A paginator that counts at most ``COUNT_LIMIT`` rows (``capped`` says it stopped there)."""

    limit = COUNT_LIMIT

    @cached_property
    def _bounded(self) -> tuple[int, bool]:
        rows = self.object_list
        n = rows.bounded_count(self.limit + 1) if isinstance(rows, OpenFirst) else bounded_count(rows, self.limit + 1)
        return min(n, self.limit), n > self.limit

    @cached_property
    def count(self) -> int:
        return self._bounded[0]

    @property
    def capped(self) -> bool:
        return self._bounded[1]


class OpenFirst:
    """The open rows, then the others, each in the list's order — what ``ORDER BY <open?>, …`` gives,
    read as two queries that the list's indexes serve (a page stops after its rows), instead of one
    sort of every visible row by an expression (seconds at 500k petitions). The paginator counts it
    (one scan: the total and, filtered, the open rows) and slices it; a page across the boundary reads
    both parts."""

    def __init__(self, rows, open_q):
        self.rows, self.open_q = rows, open_q
        self.open_rows, self.other_rows = rows.filter(open_q), rows.exclude(open_q)
        self._counts = None

    def _count(self) -> tuple[int, int]:
        if self._counts is None:
            counts = self.rows.aggregate(total=Count("pk"), open=Count("pk", filter=self.open_q))
            self._counts = counts["total"], counts["open"]
        return self._counts

    def count(self) -> int:
        return self._count()[0]

    def bounded_count(self, limit: int) -> int:
        """The total counted no further than ``limit`` (``bounded_count``) in one query, with the open
        rows among them: exact when the total is under the limit. Past it the open count is left
        unknown and a page finds the boundary itself (``__getitem__``)."""
        flagged = self.rows.order_by().annotate(
            _is_open=Case(When(self.open_q, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        counts = flagged[:limit].aggregate(total=Count("pk"), open=Sum("_is_open"))
        total = counts["total"]
        self._counts = total, (counts["open"] or 0) if total < limit else None
        return total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window):
        if not isinstance(window, slice) or window.stop is None:
            raise TypeError("OpenFirst is read a page (a slice with an end) at a time")
        bottom, top = window.start or 0, window.stop
        n = self._count()[1] if self._counts is None else self._counts[1]
        if n is None:  # counted to a limit: read the open rows of the page and learn the boundary from them
            head = list(self.open_rows[bottom:top])
            if len(head) == top - bottom:
                return head
            if head:  # the open rows end on this page
                return head + list(self.other_rows[: top - bottom - len(head)])
            n = bounded_count(self.open_rows, bottom)  # they ended before it: there are at most ``bottom``
        if top <= n:
            return list(self.open_rows[bottom:top])
        rest = self.other_rows[max(bottom - n, 0) : top - n]
        return (list(self.open_rows[bottom:n]) if bottom < n else []) + list(rest)


def _saved(user, key):
    return list(SavedFilter.objects.filter(user=user, list_key=key).order_by("name", "id"))
