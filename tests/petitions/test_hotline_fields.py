"""The 12345 fields of a petition: registered by hand (工单编号 optional, never twice), shown, filtered."""

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from petitions.hotline.importer import import_hotline
from petitions.models import HotlineSource, Petition
from tests.petitions.factories import register
from tests.petitions.hotline_helpers import ticket, xlsx_bytes

pytestmark = pytest.mark.django_db
LIST = "/api/v1/petitions/"


@pytest.fixture
def imported(inspector):
    source = HotlineSource.objects.create(name="市12345热线")
    rows = [ticket(1, satisfaction="不满意"), ticket(2, satisfaction="满意"), ticket(3, satisfaction="")]
    import_hotline(source=source, data=xlsx_bytes(rows), file_name="a.xlsx", user=inspector)
    register(inspector, summary="来信，无工单")
    return rows


def test_registration_takes_an_optional_ticket_no_once(inspector):
    petition = register(inspector, ticket_no=" GD001-1 ")
    assert (petition.ticket_no, petition.ticket_family) == ("GD001-1", "GD001")
    assert register(inspector).ticket_no == ""
    with pytest.raises(ApplicationError) as refused:
        register(inspector, ticket_no="GD001-1")
    assert "ticket_no" in refused.value.detail


def test_api_filters_on_ticket_no_satisfaction_and_having_one(imported, inspector, api_as):
    client = api_as(inspector)

    def numbers(**query):
        response = client.get(LIST, query)
        assert response.status_code == 200, response.content
        return {row["ticket_no"] for row in response.json()["results"]}

    first = imported[0]["ticket_no"]
    assert numbers(ticket_no=first) == {first}
    assert numbers(ticket_no_contains=first[-3:].lower()) == {first}
    assert numbers(satisfaction="unsatisfied") == {first}
    assert numbers(has_ticket="true") == {r["ticket_no"] for r in imported}
    assert numbers(has_ticket="false") == {""}
    assert client.get(LIST, {"satisfaction": "很好"}).status_code == 400


def test_the_detail_shows_the_work_order(imported, inspector, client, api_as):
    petition = Petition.objects.get(ticket_no=imported[0]["ticket_no"])
    client.force_login(inspector)
    page = client.get(reverse("web:petition-detail", args=[petition.pk])).content.decode()
    assert petition.ticket_no in page and "不满意" in page and "市政务服务中心" in page
    body = api_as(inspector).get(f"{LIST}{petition.pk}/").json()
    assert (body["satisfaction_display"], body["ticket_unit"]) == ("不满意", "市政务服务中心")


def test_the_list_page_filters_on_them(imported, inspector, client, django_assert_max_num_queries):
    client.force_login(inspector)
    url = reverse("web:petition-list")
    page = client.get(url).content.decode()
    assert 'name="ticket_no_contains"' in page and 'name="satisfaction"' in page and 'name="has_ticket"' in page
    # The list's queries do not grow with the rows: a page of 4 petitions, as of 1.
    with django_assert_max_num_queries(25):
        response = client.get(url, {"satisfaction": "unsatisfied"})
    listed = [p.ticket_no for p in response.context["page"]]
    assert listed == [imported[0]["ticket_no"]]
    listed = [p.ticket_no for p in client.get(url, {"has_ticket": "false"}).context["page"]]
    assert listed == [""]
