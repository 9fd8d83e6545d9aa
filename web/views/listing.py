"""One list page: the filter form, sortable columns, open items first, page numbers and a page size.

Every list page (整改措施, 信访件, 转办件, 问题线索, 纪律检查建议书, 巡察轮次) reads its query string
through :func:`list_page`, so each behaves alike: a blank field means no filter, an unknown sort key or
page size is named in the error box above an empty list (400, never all rows), open items come first
(``open_q``: the app's own definition of open, e.g. ``rectification.open.OPEN_Q``) and ``?scope=open``
keeps only them, and the saved filters of the user for this list are offered above it.
"""

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When

from web.lists import Listing
from web.models import SavedFilter
from web.views.common import filtered

PAGE_SIZES = (20, 50, 100)
DEFAULT_PAGE_SIZE = 50
SCOPES = {"": "全部", "open": "只看未办结"}  # 全部: open items first
# The parameters of the page itself (beside the filters): kept by the filter form, saved with a filter.
PAGE_PARAMS = ("sort", "page_size", "scope")


def _order(fields: tuple[str, ...], descending: bool) -> list:
    terms = []
    for name in fields:
        desc = name.startswith("-") != descending
        expr = F(name.lstrip("-"))
        terms.append(expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True))
    return terms


def _sort_terms(listing: Listing, raw: str, errors: dict) -> list:
    if not raw:
        return _order(listing.default, False)
    key = raw.removeprefix("-")
    if key not in listing.sorts:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        choices = "、".join(listing.sorts)
        errors["sort"] = [f"排序字段“{shown}”无效，可选：{choices}（前加“-”为倒序）"]
        return []
    return _order(listing.sorts[key], raw.startswith("-"))


def _page_size(raw: str, errors: dict) -> int:
    if not raw:
        return DEFAULT_PAGE_SIZE
    if raw.isdigit() and int(raw) in PAGE_SIZES:
        return int(raw)
    shown = raw if len(raw) <= 20 else raw[:20] + "…"
    errors["page_size"] = [f"每页条数“{shown}”无效，可选：{'、'.join(map(str, PAGE_SIZES))}"]
    return DEFAULT_PAGE_SIZE


def list_page(request, listing: Listing, filterset, names, *, yes_no=()):
    """(context, status) of a list page: ``page`` (the rows of this page, prefetches for them only),
    ``filter_fields``, ``filter_errors``, ``page_sizes``, ``scope``, ``saved_filters``."""
    qs, filter_errors, fields = filtered(filterset, names, yes_no=yes_no)
    errors = dict(filter_errors or {})
    params = request.GET
    order = _sort_terms(listing, params.get("sort", ""), errors)
    per_page = _page_size(params.get("page_size", ""), errors)
    scope = params.get("scope", "")
    if scope not in SCOPES:
        errors["scope"] = [f"范围“{scope[:20]}”无效，可选：open（只看未办结）"]
    if errors:
        qs = qs.none()
    elif listing.open_q is not None:
        if scope == "open":
            qs = qs.filter(listing.open_q)
        else:
            open_first = Case(When(listing.open_q, then=Value(0)), default=Value(1), output_field=IntegerField())
            qs = qs.annotate(open_rank=open_first)
            order = [F("open_rank").asc(), *order]
    page = Paginator(qs.order_by(*order, *listing.tiebreak), per_page).get_page(params.get("page"))
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
    }
    return context, 400 if errors else 200


def _saved(user, key):
    return list(SavedFilter.objects.filter(user=user, list_key=key).order_by("name", "id"))
