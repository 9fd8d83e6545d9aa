"""A list's address may carry filters its form does not show (信访统计's and the 工作台's drill-downs):
the form names each (「被反映单位：统计一处」) and keeps it in hidden inputs, so that changing a field
of the form does not silently drop it."""

import re

import pytest

from tests.petitions.statistics_seed import seed

pytestmark = pytest.mark.django_db


def _kept(html):
    block = re.search(r'data-testid="kept-filters">(.*?)</p>', html, re.S)
    return block.group(1) if block else ""


def test_drill_down_filters_are_named_and_kept(client_as, inspector):
    seeded = seed(inspector)
    html = (
        client_as(inspector)
        .get(
            "/petitions/",
            {
                "subject_department": seeded.d1.pk,
                "channel": "letter",
                "conclusion": "on_time",
                "satisfaction_grade": ["satisfied", "basic"],
                "archived": "false",
                "category": seeded.c1.pk,  # shown in the form: not repeated
            },
        )
        .content.decode()
    )
    kept = _kept(html)
    assert "被反映单位：统计一处" in kept
    assert "渠道：来信" in kept
    assert "办结情况：按期办结" in kept
    assert "满意度（可多选）：满意、基本满意" in kept
    assert "已归档：否" in kept
    assert "问题类别" not in kept
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', kept)
    assert set(hidden) == {
        ("subject_department", str(seeded.d1.pk)),
        ("channel", "letter"),
        ("conclusion", "on_time"),
        ("satisfaction_grade", "satisfied"),
        ("satisfaction_grade", "basic"),
        ("archived", "false"),
    }


def test_no_block_without_hidden_filters_and_an_unknown_id_is_a_number(client_as, inspector):
    client = client_as(inspector)
    assert 'data-testid="kept-filters"' not in client.get("/petitions/", {"kind": "complaint"}).content.decode()
    assert "被反映人：#987654" in _kept(client.get("/petitions/", {"subject_person": 987654}).content.decode())


def test_an_office_is_not_told_of_filters_its_list_ignores(client_as, inspector, office_a):
    seeded = seed(inspector)
    response = client_as(office_a).get(
        "/petitions/transfers/", {"subject_person": seeded.s1.pk, "informant_code": "R-0001", "overdue": "true"}
    )
    assert response.status_code == 200
    kept = _kept(response.content.decode())
    assert "被反映人" not in kept and "举报人代号" not in kept and "R-0001" not in kept


def test_an_id_of_a_model_without_a_name_is_shown_as_its_number(inspector):
    # ExtensionFilter's ``petition`` names a Petition, which has no name field: once a FieldError.
    from django.http import QueryDict

    from petitions.filters import ExtensionFilter
    from petitions.models import PetitionExtension
    from web.views.kept_filters import kept_filters

    params = QueryDict("petition=42")
    filterset = ExtensionFilter(params, queryset=PetitionExtension.objects.all())
    filterset.user = inspector
    (kept,) = kept_filters(filterset, shown=set(), params=params)
    assert (kept.name, kept.text, kept.values) == ("petition", "42", ["42"])


def test_a_kept_value_is_escaped_in_the_tag_and_the_hidden_input(client_as, inspector):
    evil = '"><script>alert(1)</script>'
    html = client_as(inspector).get("/petitions/", {"informant_code": evil}).content.decode()
    kept = _kept(html)
    assert "举报人代号" in kept and "<script>" not in kept and "&lt;script&gt;" in kept
