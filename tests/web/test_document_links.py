"""Word downloads linked from the pages: the 纪律检查建议书 and the 转办单, for those allowed only.

The files are the reports app's (``recommendation-docx``, ``transfer-slip-docx``); a page shows
the link exactly to the users whose download the reports app answers, and the others get
neither the page nor the file.
"""

import io

import docx
import pytest
from django.urls import reverse

from tests.discipline.factories import draft_recommendation, issued_recommendation
from tests.petitions.factories import accepted, transferred

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == DOCX
    return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)


def _page_link(client, page_url, testid):
    """The href of the download link on the page, or None when there is none."""
    html = client.get(page_url).content.decode()
    marker = f'data-testid="{testid}"'
    if marker not in html:
        return None
    tag = html[: html.index(marker)]
    return tag[tag.rindex('href="') + 6 :].split('"')[0]


def test_recommendation_page_links_its_word_file_for_those_who_may_download_it(
    client_as, inspector, leader, office_a, office_b, admin_user, dept_a
):
    rec = issued_recommendation(inspector, department=dept_a, title="关于规范公务接待的纪律检查建议")
    page = reverse("web:recommendation-detail", args=[rec.pk])
    file_url = reverse("recommendation-docx", args=[rec.pk])
    for user in (inspector, leader, office_a):
        client = client_as(user)
        assert _page_link(client, page, "recommendation-docx") == file_url, user
        assert "关于规范公务接待的纪律检查建议" in _download(client, file_url)
    # another department and the system administrator get neither the page nor the file
    assert client_as(office_b).get(page).status_code == 404
    assert client_as(office_b).get(file_url).status_code == 404
    assert client_as(admin_user).get(page).status_code == 403
    assert client_as(admin_user).get(file_url).status_code == 404


def test_a_draft_is_downloadable_by_the_discipline_office_only(client_as, inspector, leader, office_a, dept_a):
    rec = draft_recommendation(inspector, department=dept_a)
    page = reverse("web:recommendation-detail", args=[rec.pk])
    file_url = reverse("recommendation-docx", args=[rec.pk])
    assert _page_link(client_as(inspector), page, "recommendation-docx") == file_url
    for user in (leader, office_a):
        assert client_as(user).get(page).status_code == 404
        assert client_as(user).get(file_url).status_code == 404


def test_transfer_slip_is_linked_once_transferred_for_those_who_may_download_it(
    client_as, inspector, leader, office_a, office_b, dept_a
):
    waiting = accepted(inspector)
    assert (
        _page_link(client_as(inspector), reverse("web:petition-detail", args=[waiting.pk]), "transfer-slip-docx")
        is None
    )

    petition = transferred(inspector, dept_a)
    file_url = reverse("transfer-slip-docx", args=[petition.pk])
    for user, page in (
        (inspector, reverse("web:petition-detail", args=[petition.pk])),
        (leader, reverse("web:petition-detail", args=[petition.pk])),
        (office_a, reverse("web:transfer-detail", args=[petition.pk])),
    ):
        client = client_as(user)
        assert _page_link(client, page, "transfer-slip-docx") == file_url, user
        text = _download(client, file_url)
        assert "请核查接线服务态度问题" in text and "欧阳测试举报人" not in text
    # another department gets neither the transfer page nor the slip
    assert client_as(office_b).get(reverse("web:transfer-detail", args=[petition.pk])).status_code == 404
    assert client_as(office_b).get(file_url).status_code == 404
