"""The list pages' columns, order, scope and paging: open items first, a column sorts both ways, page
numbers and a page size, a bad parameter named above an empty list (400), and a fixed query count."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from organization.roles import Role
from rectification.models import MeasureStatus
from tests.discipline.factories import issued_recommendation, register_clue
from tests.factories import make_user
from tests.petitions.factories import register
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db


def _measure_rows(html):
    return re.findall(r'<a href="/rectification/measures/\d+/">([^<]+)</a>', html)


def _measures():
    today = timezone.localdate()
    problem = ProblemFactory(round=RoundFactory(name="排序轮次"))
    MeasureFactory(problem=problem, content="已销号的措施", status=MeasureStatus.SIGNED_OFF, due_date=today)
    MeasureFactory(problem=problem, content="晚到期的措施", due_date=today + dt.timedelta(days=90))
    MeasureFactory(problem=problem, content="早到期的措施", due_date=today + dt.timedelta(days=10))
    MeasureFactory(problem=problem, content="长期坚持的措施", status=MeasureStatus.LONG_TERM, due_date=today)


def test_measures_open_first_then_by_deadline_and_only_open_in_one_click(client_as, inspector):
    _measures()
    client = client_as(inspector)
    html = client.get(reverse("web:measure-list")).content.decode()
    rows = _measure_rows(html)
    assert rows[:2] == ["早到期的措施", "晚到期的措施"]  # open, by deadline
    assert set(rows[2:]) == {"已销号的措施", "长期坚持的措施"}  # closed and 长期坚持 last
    only_open = _measure_rows(client.get(reverse("web:measure-list"), {"scope": "open"}).content.decode())
    assert only_open == ["早到期的措施", "晚到期的措施"]


def test_a_column_sorts_both_ways_and_its_header_says_so(client_as, inspector):
    _measures()
    client = client_as(inspector)
    asc = client.get(reverse("web:measure-list"), {"sort": "due", "scope": "open"}).content.decode()
    desc = client.get(reverse("web:measure-list"), {"sort": "-due", "scope": "open"}).content.decode()
    assert _measure_rows(asc) == ["早到期的措施", "晚到期的措施"]
    assert _measure_rows(desc) == ["晚到期的措施", "早到期的措施"]
    header = re.search(r'<th aria-sort="ascending"><a class="sort" href="([^"]+)"[^>]*>完成时限 ▲', asc)
    assert header and "sort=-due" in header.group(1) and header.group(1).count("scope=") == 1
    assert '<th aria-sort="descending"><a class="sort" href="?sort=due&amp;scope=open"' in desc
    # the filter form keeps the sort when it is submitted
    assert '<input type="hidden" name="sort" value="due">' in asc


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sort": "password"}, "排序字段“password”无效"),
        ({"sort": "x" * 5000}, "排序字段“" + "x" * 40 + "…”无效"),
        ({"page_size": "100000"}, "每页条数“100000”无效"),
        ({"scope": "mine"}, "范围“mine”无效"),
    ],
)
def test_a_bad_sort_size_or_scope_is_named_above_an_empty_list(client_as, inspector, params, message):
    _measures()
    response = client_as(inspector).get(reverse("web:measure-list"), params)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and _measure_rows(html) == []


def test_page_numbers_and_page_size(client_as, inspector):
    problem = ProblemFactory(round=RoundFactory(name="分页轮次"))
    MeasureFactory.create_batch(45, problem=problem)
    client = client_as(inspector)
    html = client.get(reverse("web:measure-list"), {"page_size": "20", "page": "2"}).content.decode()
    assert len(_measure_rows(html)) == 20
    assert '<span class="current" aria-current="page">2</span>' in html
    assert 'href="?page_size=20&amp;page=3"' in html and 'href="?page_size=20&amp;page=1"' in html
    assert "共 45 条" in html and "<strong>20</strong>" in html
    big = client.get(reverse("web:measure-list"), {"page_size": "100"}).content.decode()
    assert len(_measure_rows(big)) == 45


LISTS = {
    "web:petition-list": ("number", "received", "status", "due"),
    "web:transfer-list": ("number", "department", "transferred", "due"),
    "web:clue-list": ("number", "received", "disposal", "status"),
    "web:recommendation-list": ("number", "department", "issued", "reply_due", "status"),
    "web:measure-list": ("due", "status", "department", "person", "round"),
    "web:round-list": ("name", "team", "feedback", "overdue"),
}


@pytest.mark.parametrize("name", LISTS)
def test_every_sortable_column_of_every_list_sorts_both_ways(client_as, supervisor, name):
    register(supervisor)
    register_clue(supervisor, summary="线索甲")
    issued_recommendation(supervisor)
    _measures()
    client = client_as(supervisor)
    for key in LISTS[name]:
        for sort in (key, f"-{key}"):
            response = client.get(reverse(name), {"sort": sort})
            assert response.status_code == 200, (name, sort, response.content.decode()[:500])
            assert f'aria-sort="{"descending" if sort.startswith("-") else "ascending"}"' in response.content.decode()


def _seed_lists(n, user):
    problem = ProblemFactory(round=RoundFactory())
    MeasureFactory.create_batch(n, problem=problem)
    for i in range(n):
        register(user, summary=f"信访件{i}")
        register_clue(user, summary=f"线索{i}")


@pytest.mark.parametrize("name", ["web:measure-list", "web:petition-list", "web:clue-list", "web:round-list"])
def test_list_query_count_does_not_grow_with_rows(client_as, django_assert_num_queries, name):
    user = make_user(Role.SUPERVISOR, username="counts_sup")
    client = client_as(user)
    _seed_lists(3, user)
    params = {"sort": LISTS[name][0], "page_size": "100"}
    client.get(reverse(name), params)  # warm caches (session, calendar)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name), params).status_code == 200
    _seed_lists(27, user)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name), params).status_code == 200


def test_pages_across_the_open_and_closed_boundary_hold_every_row_once_in_order(client_as, inspector):
    today = timezone.localdate()
    problem = ProblemFactory(round=RoundFactory(name="边界轮次"))
    for i in range(25):
        MeasureFactory(problem=problem, content=f"未办结{i:02d}", due_date=today + dt.timedelta(days=i + 1))
    for i in range(10):
        MeasureFactory(
            problem=problem,
            content=f"已销号{i:02d}",
            status=MeasureStatus.SIGNED_OFF,
            due_date=today - dt.timedelta(days=20 - i),
        )
    client = client_as(inspector)
    pages = [
        _measure_rows(client.get(reverse("web:measure-list"), {"page_size": "20", "page": n}).content.decode())
        for n in (1, 2)
    ]
    assert len(pages[0]) == 20 and len(pages[1]) == 15
    rows = pages[0] + pages[1]
    assert rows == [f"未办结{i:02d}" for i in range(25)] + [f"已销号{i:02d}" for i in range(10)]


def test_empty_values_sort_last_only_where_a_column_may_be_empty():
    """NULLS LAST on a NOT NULL column would keep PostgreSQL from reading the order off its index."""
    from petitions.models import Petition
    from web.views.listing import _order

    received, due, department = _order(Petition, ("-received_at", "next_due", "transfer_department__name"), False)
    assert received.descending and not received.nulls_last
    assert due.nulls_last and department.nulls_last  # a null date, or no department at all
