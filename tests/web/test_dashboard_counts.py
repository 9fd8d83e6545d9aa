"""Every number on the 工作台 equals the count of the list it links to — for each role, on a
mix of red / yellow / green / closed / 长期坚持 / no-deadline items and an archived round; the
charts' bars and slices too; the round and period filters; a fixed number of queries."""

import datetime as dt
import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organization.roles import Role
from tests.factories import make_user
from tests.web.dashboard_seed import seed

pytestmark = pytest.mark.django_db

LINKED = re.compile(r'<a href="([^"]+)" data-count="(\d+)"(?: data-testid="([^"]+)")?')


@pytest.fixture
def people(dept_a, dept_b, inspector, supervisor, leader, office_a):
    both = make_user(Role.OFFICE, departments=[dept_a, dept_b], username="office_ab", person_name="联络员甲乙")
    return {"inspector": inspector, "supervisor": supervisor, "leader": leader, "office_a": office_a, "office_ab": both}


@pytest.fixture
def seeded(people, dept_a, dept_b):
    return seed(people["inspector"], people["supervisor"], [dept_a, dept_b])


def _list_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.context["page"].paginator.count


def _numbers(html):
    return [(unescape(url), int(n), testid) for url, n, testid in LINKED.findall(html)]


def _stat(html, testid):
    block = html.split(f'data-testid="{testid}"', 1)[1]
    return int(re.search(r"<b>(\d+)</b>", block).group(1))


def _check_every_number(client, query=""):
    html = client.get(f"/{query}").content.decode()
    numbers = _numbers(html)
    assert numbers, "the dashboard shows linked numbers"
    for url, shown, testid in numbers:
        assert _list_count(client, url) == shown, (testid, url)
    for stat, light in (("count-overdue", "red"), ("count-due-soon", "yellow"), ("count-total", "total")):
        parts = [n for _url, n, testid in numbers if testid and testid.startswith("box-") and testid.endswith(light)]
        assert _stat(html, stat) == sum(parts), stat
    return html, {testid: (url, n) for url, n, testid in numbers if testid}


@pytest.mark.parametrize("role", ["inspector", "supervisor", "leader", "office_a", "office_ab"])
def test_every_dashboard_number_is_its_lists_count(client_as, people, seeded, role):
    html, by_id = _check_every_number(client_as(people[role]))
    # the mix is not trivial: each role sees red and yellow items
    assert _stat(html, "count-overdue") > 0 and _stat(html, "count-due-soon") > 0
    # 查看全部 opens the list filtered as its box was
    for key in re.findall(r'data-testid="section-([a-z-]+)-all"', html):
        all_link = re.search(rf'<a href="([^"]+)" data-testid="section-{key}-all"', html).group(1)
        assert unescape(all_link) == by_id[f"section-{key}-total"][0]


def test_the_leaders_due_soon_is_the_yellow_measures_list(client_as, people, seeded):
    html, by_id = _check_every_number(client_as(people["leader"]))
    url, yellow = by_id["box-measures-yellow"]
    assert "light=yellow" in url and yellow == 2  # one due today per department, the archived round's left out
    assert _stat(html, "count-due-soon") >= yellow


@pytest.mark.parametrize("role", ["supervisor", "leader"])
def test_every_bar_point_and_slice_opens_a_list_of_its_count(client_as, people, seeded, role):
    client = client_as(people[role])
    html = client.get("/").content.decode()
    data = json.loads(html.split('<script id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["overdue"]["labels"] and data["categories"]["labels"]
    for name in ("overdue", "months", "categories"):
        spec = data[name]
        assert len(spec["links"]) == len(spec["labels"])
        for url, value in zip(spec["links"], spec["series"][0]["data"], strict=True):
            assert _list_count(client, url) == value, (name, url)
    completion = data["completion"]
    bars = zip(completion["links"], completion["counts"], completion["series"][0]["data"], strict=True)
    for url, counts, pct in bars:
        assert _list_count(client, url) == counts["total"]
        assert pct == round(100 * counts["done"] / counts["total"])
    assert "未指定牵头部门" in data["overdue"]["labels"]  # a bar for measures with no lead department


def test_round_and_period_filters_narrow_every_number_alike(client_as, people, seeded, dept_a):
    current, archived = seeded
    client = client_as(people["supervisor"])
    today = timezone.localdate()
    query = f"?round={current.pk}&start={today - dt.timedelta(days=3)}&end={today + dt.timedelta(days=1)}"
    html, by_id = _check_every_number(client, query)
    assert f"round={current.pk}" in by_id["box-measures-total"][0]
    assert "received_after=" in by_id["box-petitions-total"][0]
    # yellow in that window: the two due today (one per department), not the archived round's
    assert by_id["box-measures-yellow"][1] == 2


@pytest.mark.parametrize(
    "query, field",
    [
        ("?round=abc", "巡察轮次"),
        ("?round=99999999999999999999999", "巡察轮次"),
        ("?start=2026-13-01", "期间起"),
        ("?start=2026-03-01&end=2026-01-01", "期间止"),
    ],
)
def test_a_bad_filter_is_a_message_not_an_error(client_as, people, seeded, query, field):
    client = client_as(people["supervisor"])
    response = client.get(f"/{query}")
    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('data-testid="scope-errors"', 1)[1].split("</li>")[0]
    assert field in errors
    # the dashboard is shown unfiltered, and its numbers still match their lists
    assert _numbers(html) == _numbers(client.get("/").content.decode())


def test_an_archived_round_is_not_offered_and_is_refused(client_as, people, seeded):
    _current, archived = seeded
    client = client_as(people["supervisor"])
    html = client.get(f"/?round={archived.pk}").content.decode()
    assert "已归档的巡察" not in html.split('name="round"', 1)[1].split("</select>")[0]
    assert "巡察轮次" in html.split('data-testid="scope-errors"', 1)[1].split("</li>")[0]


@pytest.mark.parametrize("role", ["supervisor", "office_a"])
def test_the_dashboard_runs_a_fixed_number_of_queries(client_as, people, dept_a, dept_b, role,
                                                       django_assert_num_queries):  # fmt: skip
    seed(people["inspector"], people["supervisor"], [dept_a, dept_b])
    client = client_as(people[role])
    client.get("/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    seed(people["inspector"], people["supervisor"], [dept_a, dept_b], copies=3, suffix="（续）")
    # Per number one COUNT over its list's own filters (repeats counted once), per to-do table its
    # rows and their prefetches, the lights' policy/calendar/rules once each, the round picker,
    # the charts (3, supervisor only), session, user and roles: none of it grows with the rows.
    with django_assert_num_queries(len(few)):
        assert client.get("/").status_code == 200
