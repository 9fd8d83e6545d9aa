"""回避 in 信访统计: a user who is the 被反映人 of a petition — now, or only in the past (its
``PetitionRecusal`` kept after 报送上级 scrubbed the subject) — neither counts it in any figure nor
reaches it through a drill-down link, nor sees the Excel file count it; a colleague does."""

import re
from html import unescape
from io import BytesIO

import pytest
from openpyxl import load_workbook

from petitions.models import Category, PetitionRecusal
from petitions.statistics import year_statistics
from tests.petitions.statistics_seed import at, petition, seed

pytestmark = pytest.mark.django_db

URL = "/petitions/statistics/"
LINKED = re.compile(r'<a href="([^"]+)" data-count="(\d+)"')


@pytest.fixture(params=["inspector", "leader"])
def insider(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def about_insider(inspector, insider):
    """The seed, and two petitions of its year on 电话接听 about ``insider``: one naming them, one
    whose subject was scrubbed but whose recusal row stays."""
    seeded = seed(inspector)
    c2 = Category.objects.get(name="电话接听")
    named = petition(inspector, at(seeded.year, 7, 1), category=c2, subject_person=insider.person_obj)
    scrubbed = petition(inspector, at(seeded.year, 7, 2), category=c2)
    PetitionRecusal.objects.create(petition=scrubbed, person=insider.person_obj)
    return seeded, [named, scrubbed]


def test_the_insider_counts_neither_a_colleague_both(insider, supervisor, about_insider):
    seeded, hidden = about_insider
    base = year_statistics(user=insider, year=seeded.year)
    colleague = year_statistics(user=supervisor, year=seeded.year)
    assert colleague.total == 9  # the seed's 7 and both
    # an inspector sees the seed's 7, a leader 6 (not the 上级管辖件): neither of the two
    assert base.total == (7 if insider.username == "inspector" else 6)
    assert _this(base.categories)["电话接听"] == _this(colleague.categories)["电话接听"] - 2
    assert base.months[6].this == 0 and colleague.months[6].this == 2
    assert insider.person_obj.name not in [g.label for g in base.persons]


def _this(groups):
    return {g.label: g.this for g in groups}


def test_no_drill_down_link_reaches_them(client_as, insider, about_insider):
    seeded, hidden = about_insider
    client = client_as(insider)
    html = client.get(URL, {"year": seeded.year}).content.decode()
    links = [(unescape(u), int(n)) for u, n in LINKED.findall(html)]
    assert links
    for url, shown in links:
        listed = client.get(url).content.decode()
        for p in hidden:
            assert p.number not in listed, url
        assert client.get(url).context["page"].paginator.count == shown, url
    # a hand-made drill-down to 7月 of the year, straight to the list: still not there
    listed = client.get(
        "/petitions/", {"received_after": f"{seeded.year}-07-01", "received_before": f"{seeded.year}-07-31"}
    )
    assert listed.context["page"].paginator.count == 0


def test_the_excel_file_does_not_count_them(client_as, insider, about_insider):
    seeded, _hidden = about_insider
    response = client_as(insider).get(URL + "export/", {"year": seeded.year})
    book = load_workbook(BytesIO(response.content))
    months = {row[0]: row[1] for row in book["按月份"].iter_rows(min_row=2, values_only=True)}
    assert months["7月"] == 0
    persons = [row[0] for row in book["被反映较多的人员"].iter_rows(min_row=2, values_only=True)]
    assert insider.person_obj.name not in persons
