"""The 信访统计 page: every number links to the petition list of exactly the petitions it counts
(followed, rows counted), the hand-counted figures on the page, roles (offices and the 系统管理员
403), a bad year is a 400 naming it, a constant query count, and the Excel export's content."""

import re
from html import unescape
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from petitions.models import Category
from tests.petitions.statistics_seed import at, filler, petition, seed

pytestmark = pytest.mark.django_db

LINKED = re.compile(r'<a href="([^"]+)" data-count="(\d+)"(?: data-testid="([^"]+)")?')
URL = "/petitions/statistics/"


@pytest.fixture
def seeded(inspector, leader):
    return seed(inspector, leader=leader)


def _numbers(html):
    return [(unescape(url), int(n), testid) for url, n, testid in LINKED.findall(html)]


def _list_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.context["page"].paginator.count


@pytest.mark.parametrize("who", ["inspector", "leader"])
def test_every_number_is_the_count_of_the_list_it_links_to(request, client_as, seeded, who):
    client = client_as(request.getfixturevalue(who))
    response = client.get(URL, {"year": seeded.year})
    assert response.status_code == 200
    numbers = _numbers(response.content.decode())
    assert len(numbers) > 60  # the rates, and every table's this-year and last-year cells
    for url, shown, testid in numbers:
        assert _list_count(client, url) == shown, (testid, url)


def test_the_page_shows_the_hand_counted_figures(client_as, inspector, seeded):
    html = client_as(inspector).get(URL, {"year": seeded.year}).content.decode()
    by_id = {testid: n for _url, n, testid in _numbers(html) if testid}
    y, p = seeded.year, seeded.year - 1
    assert (by_id[f"timed-{y}"], by_id[f"on-time-{y}"], by_id[f"on-time-{p}"]) == (3, 2, 1)
    assert re.search(rf'data-testid="on-time-rate-{y}">66.7%', html)
    assert re.search(rf'data-testid="satisfaction-rate-{y}">66.7%', html)
    assert (by_id["months-this-1"], by_id["months-this-2"], by_id["months-prev-12"]) == (2, 1, 1)
    assert "按期办结率＝办结日期不晚于办结期限" in html and "未回访的不计入" in html


def test_drill_down_of_a_month_yields_exactly_its_petitions(client_as, inspector, seeded):
    client = client_as(inspector)
    html = client.get(URL, {"year": seeded.year}).content.decode()
    url = next(u for u, _n, t in _numbers(html) if t == "months-this-2")
    page = client.get(url).context["page"]
    # only the petition received at local midnight of 1 February (UTC: 31 January)
    assert [p.received_on.isoformat() for p in page] == [f"{seeded.year}-02-01"]


def test_leader_page_leaves_out_restricted_and_own(client_as, leader, seeded):
    html = client_as(leader).get(URL, {"year": seeded.year}).content.decode()
    persons = html.split('data-testid="statistics-persons"', 1)[1].split("</section>", 1)[0]
    assert leader.person.name not in persons
    assert "被反映人甲" in persons
    by_url = {u: n for u, n, _t in _numbers(html)}
    total = next(n for u, n in by_url.items() if u.endswith("archived=false") and "received_after" in u)
    assert total == 5


@pytest.mark.parametrize("who", ["office_a", "admin_user"])
def test_office_and_admin_are_refused(request, client_as, seeded, who):
    client = client_as(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export/").status_code == 403


@pytest.mark.parametrize("bad", ["abc", "1999", "99999999999999999999"])
def test_a_bad_year_is_a_400_naming_it(client_as, inspector, bad):
    response = client_as(inspector).get(URL, {"year": bad})
    assert response.status_code == 400
    assert "统计年度有误" in response.content.decode()
    assert client_as(inspector).get(URL + "export/", {"year": bad}).status_code == 400


def test_the_nav_links_the_page_for_readers(client_as, inspector, office_a):
    assert 'href="/petitions/statistics/"' in client_as(inspector).get("/").content.decode()
    assert 'href="/petitions/statistics/"' not in client_as(office_a).get("/").content.decode()


def _page_queries(client, year):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, {"year": year}).status_code == 200
    return len(ctx.captured_queries)


def test_page_query_count_is_the_same_for_10_and_100_petitions(client_as, inspector):
    year = seed(inspector).year
    client = client_as(inspector)
    filler(inspector, 10, year)
    few = _page_queries(client, year)
    filler(inspector, 90, year)
    many = _page_queries(client, year)
    assert few == many  # the session, the user, the actor, the nav's counts and the 7 statistics queries


def test_excel_export_holds_the_same_tables(client_as, inspector, seeded):
    Category.objects.create(name='=HYPERLINK("http://x")')
    formula = Category.objects.get(name__startswith="=")
    petition(inspector, at(seeded.year, 7, 7), category=formula)
    response = client_as(inspector).get(URL + "export/", {"year": seeded.year})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "办结与满意度",
        "按月份",
        "按问题类别",
        "按被反映单位",
        "按转办部门",
        "按渠道",
        "被反映较多的人员",
    ]
    rates = {row[0]: row[1:] for row in book["办结与满意度"].iter_rows(min_row=3, values_only=True) if row}
    assert rates["收到信访件（件）"] == (8, 2)
    assert rates["按期办结率"] == ("66.7%", "100.0%")
    assert rates["满意度"] == ("66.7%", "100.0%")
    categories = {row[0]: row[1:] for row in book["按问题类别"].iter_rows(min_row=2, values_only=True)}
    assert categories["服务态度"] == (3, 1, 2)
    assert categories['\'=HYPERLINK("http://x")'] == (1, 0, 1)  # text, never a formula
    assert categories["合计"] == (8, 2, None)
    months = list(book["按月份"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert months == [("1月", 2, 0, 2), ("2月", 1, 0, 1)]
