"""查询码 pages: registration with a code, the 受理告知书, re-issue from the petition page, the lookup page."""

import pytest
from django.urls import reverse

from petitions import query_code, services
from petitions.models import Petition, PetitionEvent, QueryCodeLookup
from tests.factories import make_user
from tests.petitions.factories import REPORTER, accepted
from tests.web.helpers import with_token
from tests.web.test_petition_pages import _intake

pytestmark = pytest.mark.django_db

E = PetitionEvent.Action


def _code_on(page: str) -> str:
    start = page.index('data-testid="notice-code">') + len('data-testid="notice-code">')
    return page[start : page.index("<", start)]


def test_registering_with_a_code_goes_to_the_notice_which_shows_it_and_logs_that(client_as, inspector):
    client = client_as(inspector)
    response = client.post(reverse("web:petition-create"), with_token(inspector, _intake(issue_query_code="on")))
    petition = Petition.objects.get()
    assert response["Location"] == reverse("web:petition-notice", args=[petition.pk])
    page = client.get(response["Location"])
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    code = _code_on(html)
    # Not yet decided: a 登记回执, which promises the decision instead of claiming a 受理.
    assert "登记回执" in html and "受理告知书" not in html and "将在规定期限内决定是否受理" in html
    assert petition.number in html and REPORTER.name not in html
    assert query_code.lookup(inspector, code)["found"] is True
    assert list(petition.events.filter(action__startswith="query_code").values_list("action", flat=True)) == [
        E.QUERY_CODE_ISSUE,
        E.QUERY_CODE_SHOW,
    ]
    services.petition_accept(user=inspector, petition=petition)
    html = client.get(response["Location"]).content.decode()
    assert "受理告知书" in html and "登记回执" not in html and code in html


def test_a_code_without_contact_details_is_refused_beside_the_field(client_as, inspector):
    data = _intake(issue_query_code="on", is_named="", informant_name="", informant_phone="")
    response = client_as(inspector).post(reverse("web:petition-create"), with_token(inspector, data))
    assert response.status_code == 400
    assert "才能发放查询码" in response.content.decode() and not Petition.objects.exists()


def test_reissue_from_the_petition_page(client_as, inspector):
    petition = accepted(inspector)
    client = client_as(inspector)
    detail = client.get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    assert 'data-testid="issue-query-code"' in detail and "发放查询码" in detail
    old = query_code.issue(inspector, petition)
    detail = client.get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    assert "重新发放查询码" in detail and old not in detail
    response = client.post(reverse("web:petition-query-code", args=[petition.pk]))
    assert response["Location"] == reverse("web:petition-notice", args=[petition.pk])
    new = _code_on(client.get(response["Location"]).content.decode())
    assert new != old
    assert query_code.lookup(inspector, old)["found"] is False and query_code.lookup(inspector, new)["found"] is True


def test_leaders_see_no_code_card_and_may_not_print_or_issue(client_as, inspector, leader):
    petition = accepted(inspector)
    query_code.issue(inspector, petition)
    client = client_as(leader)
    detail = client.get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    assert 'data-testid="query-code"' not in detail
    assert client.get(reverse("web:petition-notice", args=[petition.pk])).status_code == 403
    assert client.post(reverse("web:petition-query-code", args=[petition.pk])).status_code == 403
    assert not petition.events.filter(action=E.QUERY_CODE_SHOW).exists()


def test_a_recused_staff_member_gets_404_on_the_notice(client_as, inspector, supervisor):
    petition = accepted(inspector, subject_person=supervisor.person)
    query_code.issue(inspector, petition)
    assert client_as(supervisor).get(reverse("web:petition-notice", args=[petition.pk])).status_code == 404


def test_lookup_page_answers_stage_and_due_only_and_keeps_the_log(
    client_as, inspector, supervisor, django_assert_max_num_queries
):
    petition = accepted(inspector)
    code = query_code.issue(inspector, petition)
    client = client_as(inspector)
    url = reverse("web:query-code-lookup")
    found = client.post(url, {"code": code.lower()}).content.decode()
    assert 'data-testid="lookup-stage"' in found and "已受理" in found
    assert petition.number not in found and petition.summary not in found
    assert code.lower() not in found and code not in found  # the answered code leaves the input
    missed = client.post(url, {"code": query_code.generate()}).content.decode()
    assert "未查到，请核对查询码" in missed
    for _ in range(20):
        QueryCodeLookup.objects.create(user=supervisor, found=False)
    # The page: its log is one query with the users and their persons joined, plus the pager's count,
    # whatever the number of rows (+ session, user, roles and nav reads of any page).
    with django_assert_max_num_queries(14):
        own = client.get(url).content.decode()
    assert own.count("<td>查到</td>") == 1 and own.count("<td>未查到</td>") == 1 and "我的查询记录" in own
    everyone = client_as(supervisor).get(url).content.decode()
    assert everyone.count("<td>未查到</td>") == 21 and "纪检干部甲" in everyone


@pytest.mark.parametrize("who", ["leader", "office_a", "admin_user", "root"])
def test_lookup_page_is_for_discipline_staff_only(request, client_as, who):
    user = make_user(username="root_only", superuser=True) if who == "root" else request.getfixturevalue(who)
    client = client_as(user)
    assert client.get(reverse("web:query-code-lookup")).status_code == 403
    assert client.post(reverse("web:query-code-lookup"), {"code": query_code.generate()}).status_code == 403
    assert not QueryCodeLookup.objects.exists()


def test_lookup_page_stops_after_too_many_misses(client_as, inspector, monkeypatch):
    monkeypatch.setattr(query_code, "MAX_MISSES", 1)
    client = client_as(inspector)
    url = reverse("web:query-code-lookup")
    assert client.post(url, {"code": query_code.generate()}).status_code == 200
    refused = client.post(url, {"code": query_code.generate()})
    assert refused.status_code == 429 and "请稍后再试" in refused.content.decode()
    assert list(QueryCodeLookup.objects.values_list("refused", flat=True).order_by("id")) == [False, True]
    assert "<td>次数过多被拒</td>" in refused.content.decode()
