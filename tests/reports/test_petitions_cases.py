"""“N余件” counts cases: a confirmed repeat is one case with its original, and the drill-down says so."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from petitions.models import Petition
from reports.drill import live_records
from reports.metrics import compile_year
from tests.reports.factories import petition_row

pytestmark = pytest.mark.django_db

YEAR = 2023


def _repeat(user, on, original, category="服务态度"):
    return petition_row(user, on, category, is_repeat=True, repeat_of=original)


def test_a_confirmed_repeat_counts_once_with_its_original(inspector):
    original = petition_row(inspector, dt.date(YEAR, 3, 1), "服务态度")
    _repeat(inspector, dt.date(YEAR, 4, 1), original)
    _repeat(inspector, dt.date(YEAR, 5, 1), original)
    petition_row(inspector, dt.date(YEAR, 3, 2), "办事效率")
    petition_row(inspector, dt.date(YEAR, 3, 3), "服务态度", is_repeat=True)  # marked, but of no original here

    figure = compile_year(YEAR)["petitions_handled"]

    assert figure.value == 3
    assert figure.note == "按件数统计，重复件并入原件（另有重复来信来电 2 人次）"
    # the category ranks count the same cases
    categories = compile_year(YEAR)
    assert (categories["petition_category_1"].text, categories["petition_category_1"].note) == ("服务态度", "2件")


def test_a_repeat_of_last_years_original_is_counted_there_not_again(inspector):
    original = petition_row(inspector, dt.date(YEAR - 1, 12, 1), "服务态度")
    _repeat(inspector, dt.date(YEAR, 1, 5), original)
    petition_row(inspector, dt.date(YEAR, 2, 1), "服务态度")

    assert compile_year(YEAR)["petitions_handled"].value == 1
    assert compile_year(YEAR - 1)["petitions_handled"].value == 1


def test_a_repeat_of_an_uncounted_original_stands_for_the_case(inspector):
    archived = petition_row(inspector, dt.date(YEAR, 3, 1), "服务态度")
    repeat = _repeat(inspector, dt.date(YEAR, 3, 5), archived)
    archived.archive()

    figure = compile_year(YEAR)["petitions_handled"]

    assert figure.value == 1 and figure.note == "按件数统计，重复件并入原件"
    assert list(Petition.objects.filter(pk=repeat.pk).values_list("pk", flat=True)) == [repeat.pk]


def test_the_drill_down_lists_the_cases_and_says_how_repeats_were_counted(inspector, supervisor):
    original = petition_row(inspector, dt.date(YEAR, 3, 1), "服务态度")
    repeat = _repeat(inspector, dt.date(YEAR, 4, 1), original)
    other = petition_row(inspector, dt.date(YEAR, 3, 2), "办事效率")

    figure = compile_year(YEAR)["petitions_handled"]
    result = live_records(user=supervisor, code="petitions_handled", year=YEAR, params=figure.params)

    assert set(result.queryset.values_list("pk", flat=True)) == {original.pk, other.pk}
    assert result.counted == figure.value == 2
    assert repeat.pk not in set(result.queryset.values_list("pk", flat=True))
    browser = Client()
    browser.force_login(supervisor)
    page = browser.get(reverse("reports:live-figure", args=[YEAR, "petitions_handled"]))
    assert page.status_code == 200
    assert "按件数统计，重复件并入原件（另有重复来信来电 1 人次）" in page.content.decode()
