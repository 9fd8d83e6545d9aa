"""统一搜索: the top bar's search box (web.search does the reading, through each kind's visibility)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from web import search as engine
from web.nav import EVERYONE
from web.permissions import require_roles


@require_roles(EVERYONE)
@require_GET
def search(request):
    raw = request.GET.get("q", "")
    error, term, groups = None, "", []
    try:
        term = engine.clean_term(raw)
        groups = engine.search(user=request.user, term=term)
    except engine.SearchRefused as refused:
        error = str(refused)
    # A refused term is not echoed back into the box (it may be 10k characters of noise).
    shown = term if error is None else ""
    return render(
        request,
        "web/search.html",
        {
            "q": shown,
            "term": term,
            "groups": groups,
            "error": error,
            "cap": engine.CAP,
            "short": bool(term) and engine.is_short(term),
            "short_rows": engine.SHORT_SCAN_ROWS,
        },
        status=400 if error else 200,
    )
