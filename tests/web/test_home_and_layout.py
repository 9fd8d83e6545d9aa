"""工作台 by role, navigation by role, CSRF, Chinese for an English browser, vendored assets."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from rectification import services
from tests.petitions.factories import transferred
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures(dept_a, dept_b):
    rnd = RoundFactory()
    a = MeasureFactory(problem=ProblemFactory(round=rnd), lead_department=dept_a, content="甲部门的措施")
    b = MeasureFactory(problem=ProblemFactory(round=rnd), lead_department=dept_b, content="乙部门的措施")
    return a, b


def test_office_lands_on_my_todo_with_only_its_department(client_as, office_a, inspector, dept_a, dept_b, measures):
    transferred(inspector, dept_a, summary="甲部门转办件")
    transferred(inspector, dept_b, summary="乙部门转办件")
    html = client_as(office_a).get("/").content.decode()
    assert "我的待办" in html and "甲部门的措施" in html
    assert "乙部门的措施" not in html
    assert "统计图表" not in html
    nav = html[html.index('class="sidenav"') :]
    assert "转办件" in nav and "导入台账" not in nav and "登记信访件" not in nav


def test_supervisor_sees_submitted_measures_to_review(client_as, office_a, supervisor, measures):
    measure = measures[0]
    services.progress_add(user=office_a, measure=measure, text="已完成")
    measure.refresh_from_db()
    services.measure_submit(user=office_a, measure=measure)
    html = client_as(supervisor).get("/").content.decode()
    assert "待审核销号的整改措施" in html and "甲部门的措施" in html


def test_leader_dashboard_charts_count_the_visible_records(client_as, leader, measures, dept_a):
    html = client_as(leader).get("/").content.decode()
    assert "统计图表" in html and "echarts.common.min.js" in html
    data = json.loads(html.split('<script id="chart-data" type="application/json">')[1].split("</script>")[0])
    assert data["completion"]["labels"] == [dept_a.name, measures[1].lead_department.name]
    assert data["completion"]["series"][0]["data"] == [0, 0]
    assert len(data["months"]["labels"]) == 12


def test_home_query_count_is_fixed(client_as, supervisor, office_a, inspector, dept_a,
                                   django_assert_max_num_queries):  # fmt: skip
    rnd = RoundFactory()
    for _ in range(15):
        MeasureFactory(problem=ProblemFactory(round=rnd), lead_department=dept_a)
        transferred(inspector, dept_a)
    supervisor_client, office_client = client_as(supervisor), client_as(office_a)
    # Each module's box is a count per number (total, red, yellow: the linked lists' own filters),
    # each section its rows (+ prefetches) and, unless a box has it, its count; with the lights'
    # policy/calendar/rules once each, the round picker, the charts (3), the petitions' 按期办结率 and
    # 满意度 (1 aggregate), session and actor: a fixed number however many items there are
    # (tests/web/test_dashboard_counts.py pins it exactly).
    with django_assert_max_num_queries(50):
        assert supervisor_client.get("/").status_code == 200
    with django_assert_max_num_queries(34):
        assert office_client.get("/").status_code == 200


def test_pages_need_login_and_forms_need_csrf(office_a, measures):
    anonymous = Client()
    assert anonymous.get(reverse("web:measure-list"))["Location"].startswith("/accounts/login/")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(office_a)
    response = strict.post(reverse("web:measure-detail", args=[measures[0].pk]), {"action": "start"})
    assert response.status_code == 403


def test_an_english_browser_still_gets_chinese(client_as, office_a, measures):
    client = client_as(office_a)
    response = client.post(
        reverse("web:measure-detail", args=[measures[0].pk]), {"action": "progress"}, HTTP_ACCEPT_LANGUAGE="en-US"
    )
    assert "该字段是必填项。" in response.content.decode()


def test_vendored_assets_are_served_locally_with_their_licences():
    for path in ("vendor/htmx/htmx.min.js", "vendor/htmx/LICENSE", "vendor/echarts/echarts.common.min.js",
                 "vendor/echarts/LICENSE", "vendor/echarts/NOTICE"):  # fmt: skip
        assert finders.find(path), path


def test_no_page_template_loads_anything_from_another_host():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for template in list((root / "web" / "templates").rglob("*.html")) + [root / "templates" / "base.html"]:
        text = template.read_text()
        assert "//cdn" not in text and 'src="http' not in text and 'href="http' not in text, template


@pytest.mark.parametrize(
    "url_name",
    ["web:measure-list", "web:petition-list", "web:transfer-list", "web:clue-list", "web:recommendation-list"],
)
def test_every_filter_drop_down_offers_all_first(client_as, inspector, url_name):
    html = client_as(inspector).get(reverse(url_name)).content.decode()
    form = html[html.index('class="filters"') : html.index("</form>", html.index('class="filters"'))]
    firsts = re.findall(r'<select name="(\w+)"[^>]*>\s*<option value="[^"]*"[^>]*>([^<]*)<', form)
    assert firsts and all(label == "全部" for _, label in firsts), firsts


def test_signing_out_returns_to_the_sign_in_page(client_as, inspector):
    client = client_as(inspector)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(response["Location"]).content.decode()
    assert "登录" in page and "Django" not in page
    assert client.get("/").status_code == 302  # signed out


def test_one_menu_entry_is_active_the_most_specific(client_as, inspector):
    page = client_as(inspector).get(reverse("web:petition-create")).content.decode()
    active = re.findall(r'<a href="([^"]+)" class="active"', page)
    assert active == [reverse("web:petition-create")]
