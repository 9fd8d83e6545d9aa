"""Saved filters: a user saves the current filters of a list, sees them above that list only, opens and
deletes them; nobody else lists, opens or deletes them; what is saved is bounded user input."""

import pytest
from django.urls import reverse

from organization.roles import Role
from tests.factories import make_user
from web.models import SavedFilter

pytestmark = pytest.mark.django_db


def _save(client, name="我的逾期措施", query="overdue=true&sort=due&page=3", key="measures"):
    return client.post(reverse("web:saved-filter-create"), {"list_key": key, "name": name, "query": query})


def test_save_list_open_and_delete_own_filter(client_as, inspector):
    client = client_as(inspector)
    response = _save(client)
    assert response.status_code == 302 and response["Location"] == "/rectification/measures/?overdue=true&sort=due"
    saved = SavedFilter.objects.get()
    assert (saved.user, saved.list_key, saved.query) == (inspector, "measures", "overdue=true&sort=due")  # no page
    html = client.get(reverse("web:measure-list")).content.decode()
    assert '<a href="?overdue=true&amp;sort=due">我的逾期措施</a>' in html
    assert "我的逾期措施" not in client.get(reverse("web:petition-list")).content.decode()  # other lists: not offered
    response = client.post(reverse("web:saved-filter-delete", args=[saved.pk]))
    assert response.status_code == 302 and not SavedFilter.objects.exists()


def test_another_user_neither_sees_nor_deletes_it(client_as, inspector):
    _save(client_as(inspector))
    saved = SavedFilter.objects.get()
    other = client_as(make_user(Role.INSPECTOR, username="other_inspector"))
    assert "我的逾期措施" not in other.get(reverse("web:measure-list")).content.decode()
    assert other.post(reverse("web:saved-filter-delete", args=[saved.pk])).status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    assert other.get(reverse("web:saved-filter-delete", args=[saved.pk])).status_code == 405  # POST only


@pytest.mark.parametrize(
    ("name", "query", "key", "message"),
    [
        ("", "a=1", "measures", "请填写筛选名称"),
        ("名" * 41, "a=1", "measures", "筛选名称不超过 40 个字"),
        ("名称\x07", "a=1", "measures", "控制字符"),
        ("很长", "q=" + "x" * 2000, "measures", "筛选条件过长（不超过 1000 个字符）"),
        ("查询含控制字符", "q=\x07", "measures", "控制字符"),
        ("未知", "a=1", "users", "列表无效"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client_as, inspector, name, query, key, message):
    client = client_as(inspector)
    response = _save(client, name=name, query=query, key=key)
    assert response.status_code == 302
    page = client.get(response["Location"][:200]).content.decode()
    assert message in page and not SavedFilter.objects.exists()


def test_a_second_filter_of_the_same_name_and_the_limit_are_refused(client_as, inspector):
    client = client_as(inspector)
    _save(client)
    response = _save(client)
    assert "已有名为“我的逾期措施”的筛选" in client.get(response["Location"]).content.decode()
    for i in range(SavedFilter.MAX_PER_LIST - 1):
        _save(client, name=f"筛选{i}")
    response = _save(client, name="多一个")
    assert "最多保存 20 个筛选" in client.get(response["Location"]).content.decode()
    assert SavedFilter.objects.count() == SavedFilter.MAX_PER_LIST


def test_a_saved_query_is_read_again_by_the_list(client_as, inspector):
    """A hand-made saved query (e.g. from before a filter changed) is only a link: the list refuses it."""
    client = client_as(inspector)
    _save(client, name="坏的", query="sort=password")
    response = client.get(reverse("web:measure-list"), {"sort": "password"})
    assert response.status_code == 400 and "排序字段“password”无效" in response.content.decode()


def test_the_administrator_has_no_list_to_save_for(client_as, admin_user):
    response = _save(client_as(admin_user))
    assert response.status_code == 403 and not SavedFilter.objects.exists()
