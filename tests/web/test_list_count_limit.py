"""A list page counts no further than its limit (web.views.listing.COUNT_LIMIT): past it the page
says 超过 N 条 and pages through the first N rows, open ones first, so its time does not grow with
the table. The limit is lowered here so that a few rows cross it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rectification.models import MeasureStatus
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from web.views.listing import BoundedPaginator

pytestmark = pytest.mark.django_db
LIMIT = 25


def _rows(html):
    return re.findall(r'<a href="/rectification/measures/\d+/">([^<]+)</a>', html)


@pytest.fixture
def low_limit(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "limit", LIMIT)


def _measures(open_n, closed_n):
    today = timezone.localdate()
    problem = ProblemFactory(round=RoundFactory(name="计数上限轮次"))
    for i in range(open_n):
        MeasureFactory(problem=problem, content=f"未办结{i:02d}", due_date=today + dt.timedelta(days=i + 1))
    for i in range(closed_n):
        MeasureFactory(
            problem=problem,
            content=f"已销号{i:02d}",
            status=MeasureStatus.SIGNED_OFF,
            due_date=today - dt.timedelta(days=closed_n - i),
        )


def _page(client, **params):
    response = client.get(reverse("web:measure-list"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_past_the_limit_the_page_says_so_and_pages_through_the_first_rows_open_first(client_as, inspector, low_limit):
    _measures(open_n=15, closed_n=20)
    client = client_as(inspector)
    first, second = (_page(client, page_size="20", page=n) for n in (1, 2))
    assert f"超过 {LIMIT} 条，只可翻看前 {LIMIT} 条" in first and "共 35 条" not in first
    assert '<span class="current" aria-current="page">2</span>' in second
    assert 'page=3"' not in second  # two pages of the first 25 rows, no third
    rows = _rows(first) + _rows(second)
    assert rows == [f"未办结{i:02d}" for i in range(15)] + [f"已销号{i:02d}" for i in range(10)]
    assert _rows(_page(client, page_size="20", page="9")) == _rows(second)  # a page past them is the last


@pytest.mark.parametrize("open_n, closed_n", [(30, 5), (20, 10), (21, 10), (0, 30), (24, 24), (40, 0)])
def test_the_first_rows_past_the_limit_are_open_first_on_every_split(client_as, inspector, low_limit, open_n, closed_n):
    _measures(open_n=open_n, closed_n=closed_n)
    client = client_as(inspector)
    rows = [r for n in (1, 2) for r in _rows(_page(client, page_size="20", page=n))]
    expected = [f"未办结{i:02d}" for i in range(open_n)] + [f"已销号{i:02d}" for i in range(closed_n)]
    assert rows == expected[:LIMIT]


def test_under_the_limit_the_count_is_exact_in_one_bounded_query(client_as, inspector, low_limit):
    _measures(open_n=5, closed_n=5)
    client = client_as(inspector)
    _page(client)  # warm the session and calendar reads
    with CaptureQueriesContext(connection) as queries:
        html = _page(client)
    assert "共 10 条" in html and "超过" not in html
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper() and "rectification_measure" in q["sql"]
    ]
    assert len(counts) == 1, counts
    assert f"LIMIT {LIMIT + 1}" in counts[0] and "ORDER BY" not in counts[0]


def test_a_filter_narrows_the_count_below_the_limit(client_as, inspector, low_limit):
    _measures(open_n=15, closed_n=20)
    html = _page(client_as(inspector), scope="open")
    assert "共 15 条" in html


def test_the_export_still_writes_every_filtered_row(client_as, inspector, low_limit):
    from io import BytesIO

    from openpyxl import load_workbook

    _measures(open_n=15, closed_n=20)
    response = client_as(inspector).get(reverse("web:measure-export"))
    assert response.status_code == 200
    sheet = load_workbook(
        BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    ).active
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {f"已销号{i:02d}" for i in range(20)} <= texts
