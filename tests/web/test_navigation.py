"""Every page the issue lists, as each role: reachable from the navigation for the roles that may
use it, 403/404 for the others; every link on those pages opens; and an office user does the
whole job from 我的待办 without meeting another department's item."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from discipline.models import Recommendation
from petitions.models import Status
from rectification.models import MeasureStatus
from reminders.models import Notification
from tests.discipline.factories import issued_recommendation, register_clue
from tests.petitions.factories import transferred
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory
from tests.web.helpers import with_token
from web.nav import NAV

pytestmark = pytest.mark.django_db

EXPECTED_NAV = {
    "inspector": ["工作台", "巡察轮次", "整改措施", "导入台账", "信访件", "登记信访件", "导入12345工单", "转办件",
                  "查询码查询", "信访统计", "问题线索", "纪律检查建议书", "工作记录", "年度报告", "我的任务"],
    "supervisor": ["工作台", "巡察轮次", "整改措施", "导入台账", "信访件", "登记信访件", "导入12345工单", "转办件",
                   "查询码查询", "信访统计", "问题线索", "纪律检查建议书", "工作记录", "年度报告", "我的任务"],
    "leader": ["工作台", "巡察轮次", "整改措施", "信访件", "信访统计", "问题线索", "纪律检查建议书", "年度报告",
               "我的任务"],
    "office_a": ["工作台", "巡察轮次", "整改措施", "转办件", "纪律检查建议书", "我的任务"],
    "admin_user": ["工作台"],
}  # fmt: skip


@pytest.fixture
def work(inspector, supervisor, dept_a, dept_b):
    """Something of each kind for each of two departments."""
    rnd = RoundFactory(name="2021年市委第三巡察组巡察")
    aspect = AspectFactory(round=rnd, title="一、党的政治建设方面")
    mine = MeasureFactory(problem=ProblemFactory(round=rnd, aspect=aspect, text="甲部门的问题"),
                          lead_department=dept_a, content="甲部门牵头的措施")  # fmt: skip
    theirs = MeasureFactory(problem=ProblemFactory(round=rnd, aspect=aspect, text="乙部门的问题"),
                            lead_department=dept_b, content="乙部门牵头的措施")  # fmt: skip
    return {
        "measure": mine,
        "other_measure": theirs,
        "transfer": transferred(inspector, dept_a),
        "other_transfer": transferred(inspector, dept_b),
        "rec": issued_recommendation(inspector, department=dept_a, title="致甲部门的建议书"),
        "other_rec": issued_recommendation(inspector, department=dept_b, title="致乙部门的建议书"),
        "clue": register_clue(inspector, summary="反映某某违规收受礼金"),
    }


def _nav(html):
    nav = html[html.index('<nav class="sidenav"') : html.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


def _links(html):
    """Page links on this site (not the admin, logging out, or API files)."""
    hrefs = {h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', html)}
    return sorted(h for h in hrefs if not h.startswith(("/static/", "/admin/", "/api/", "/accounts/")))


@pytest.mark.parametrize("who", list(EXPECTED_NAV))
def test_each_role_reaches_its_pages_from_the_navigation_and_no_others(request, client_as, who, work):
    client = client_as(request.getfixturevalue(who))
    nav = _nav(client.get("/").content.decode())
    assert [label for _, label in nav if label != "管理后台"] == EXPECTED_NAV[who]
    in_nav = {href for href, _ in nav}
    for item in NAV:
        url = reverse(item.url_name)
        status = client.get(url).status_code
        if url in in_nav:
            assert status == 200, (who, item.label, status)
        else:
            assert status in (403, 404), (who, item.label, status)


@pytest.mark.parametrize("who", ["inspector", "supervisor", "leader", "office_a"])
def test_every_link_on_the_navigation_pages_opens(request, client_as, who, work):
    client = client_as(request.getfixturevalue(who))
    pages = [href for href, _ in _nav(client.get("/").content.decode()) if href != "/admin/"]
    seen, broken = set(pages), []
    for page in pages:
        for link in _links(client.get(page).content.decode()):
            pattern = re.sub(r"\d+", "N", link)
            if link in seen or pattern in seen:
                continue
            seen |= {link, pattern}
            status = client.get(link).status_code
            if status != 200:
                broken.append((page, link, status))
    assert not broken
    assert len(seen) > 2 * len(pages)  # detail pages, filters and pages were followed, not just the menu


def test_an_office_does_its_whole_job_from_my_todo_seeing_only_its_department(client_as, office_a, work):
    client = client_as(office_a)
    Notification.objects.create(user=office_a, title="整改措施即将到期", link=f"/api/v1/measures/{work['measure'].pk}/")
    home = client.get("/").content.decode()
    assert "我的待办" in home
    measure_url = reverse("web:measure-detail", args=[work["measure"].pk])
    transfer_url = reverse("web:transfer-detail", args=[work["transfer"].pk])
    rec_url = reverse("web:recommendation-detail", args=[work["rec"].pk])
    for url in (measure_url, transfer_url, rec_url):
        assert url in home, url
    visited = [home]

    # 整改: progress with an evidence file, then ask for 销号
    evidence = SimpleUploadedFile("学习记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    progress = {"action": "progress", "progress-text": "已修订学习制度", "progress-evidence": evidence}
    assert client.post(measure_url, with_token(office_a, progress, prefix="progress")).status_code == 302
    assert client.post(measure_url, {"action": "submit", "submit-note": "请审核"}).status_code == 302
    work["measure"].refresh_from_db()
    assert work["measure"].status == MeasureStatus.SUBMITTED
    visited.append(client.get(measure_url).content.decode())

    # 转办件: reply material and the reply
    material = SimpleUploadedFile("办理报告.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    attach = with_token(office_a, {"action": "attach", "attach-file": material}, prefix="attach")
    assert client.post(transfer_url, attach).status_code == 302
    assert client.post(transfer_url, {"action": "reply", "reply": "已约谈接线员"}).status_code == 302
    work["transfer"].refresh_from_db()
    assert work["transfer"].status == Status.REPLIED
    visited.append(client.get(transfer_url).content.decode())

    # 建议书: the reply
    assert client.post(rec_url, {"action": "reply", "reply-reply_text": "已完善制度"}).status_code == 302
    work["rec"].refresh_from_db()
    assert work["rec"].status == Recommendation.Status.REPLIED
    visited.append(client.get(rec_url).content.decode())

    # every list an office can open
    for name in ("web:round-list", "web:measure-list", "web:transfer-list", "web:recommendation-list",
                 "web:notification-list"):  # fmt: skip
        visited.append(client.get(reverse(name)).content.decode())
    visited.append(client.get(reverse("web:round-detail", args=[work["measure"].problem.round_id])).content.decode())

    everything = "\n".join(visited)
    for secret in (
        "乙部门牵头的措施",
        "乙部门的问题",
        "致乙部门的建议书",
        work["other_transfer"].number,
        "反映某某违规收受礼金",
    ):
        assert secret not in everything, secret
    # and typing another department's addresses gives nothing
    for url in (
        reverse("web:measure-detail", args=[work["other_measure"].pk]),
        reverse("web:transfer-detail", args=[work["other_transfer"].pk]),
        reverse("web:recommendation-detail", args=[work["other_rec"].pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("web:clue-detail", args=[work["clue"].pk])).status_code == 403
