"""按期办结率 and 满意度 on the 工作台: the hand-counted figures (tests/petitions/statistics_seed.py),
each count the count of the list it links to, for staff and leaders only; this year by default."""

import re
from html import unescape

import pytest
from django.utils import timezone

from petitions.models import Satisfaction
from tests.petitions.statistics_seed import petition, seed

pytestmark = pytest.mark.django_db

LINKED = re.compile(r'<a href="([^"]+)" data-count="(\d+)" data-testid="(rates-[^"]+)"')


def _rates(html):
    block = html.split('data-testid="petition-rates"', 1)[1].split("</div>\n<p", 1)[0]
    shown = {t: (unescape(u), int(n)) for u, n, t in LINKED.findall(html)}
    on_time = re.search(r'data-testid="on-time-rate"[^>]*><span>[^<]*</span><b>([^<]*)</b>', block).group(1)
    satisfaction = re.search(r'data-testid="satisfaction-rate"[^>]*><span>[^<]*</span><b>([^<]*)</b>', html).group(1)
    return shown, on_time, satisfaction


@pytest.mark.parametrize("who", ["inspector", "leader"])
def test_rates_of_a_chosen_period_link_to_their_petitions(request, client_as, inspector, leader, who):
    year = seed(inspector, leader=leader).year
    client = client_as(request.getfixturevalue(who))
    html = client.get("/", {"start": f"{year}-01-01", "end": f"{year}-12-31"}).content.decode()
    shown, on_time, satisfaction = _rates(html)
    assert (on_time, satisfaction) == ("66.7%", "66.7%")
    keys = ("rates-on-time", "rates-timed", "rates-pleased", "rates-rated")
    # the same for the leader: what they may not see (上级管辖件, about themselves) has no 办结 or 回访
    assert tuple(shown[k][1] for k in keys) == (2, 3, 2, 3)
    for key in keys:
        url, n = shown[key]
        assert client.get(url).context["page"].paginator.count == n, key


def test_this_year_by_default_and_a_dash_without_data(client_as, inspector):
    client = client_as(inspector)
    _shown, on_time, satisfaction = _rates(client.get("/").content.decode())
    assert (on_time, satisfaction) == ("—", "—")
    today = timezone.localdate()
    petition(
        inspector,
        timezone.now(),
        conclude_due=today,
        concluded_on=today,
        satisfaction=Satisfaction.UNSATISFIED,
    )
    html = client.get("/").content.decode()
    shown, on_time, satisfaction = _rates(html)
    assert (on_time, satisfaction) == ("100.0%", "0.0%")
    assert f"{today.year}年以来" in html


def test_offices_get_no_rates(client_as, office_a):
    assert 'data-testid="petition-rates"' not in client_as(office_a).get("/").content.decode()
