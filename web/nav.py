"""The navigation, by role: each entry names the roles that may use the page it links to.

An entry whose URL name is not installed (an app not present) is left out, so the
navigation never links to a page that does not exist.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from organization.roles import Role

STAFF = (Role.INSPECTOR, Role.SUPERVISOR)
READERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)
EVERYONE = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER, Role.OFFICE)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple
    section: str = ""


NAV = (
    NavItem("工作台", "home", EVERYONE + (Role.ADMIN,)),
    NavItem("巡察轮次", "web:round-list", EVERYONE, "巡察整改"),
    NavItem("整改措施", "web:measure-list", EVERYONE, "巡察整改"),
    NavItem("导入台账", "web:ledger-import", STAFF, "巡察整改"),
    NavItem("信访件", "web:petition-list", READERS, "信访举报"),
    NavItem("登记信访件", "web:petition-create", STAFF, "信访举报"),
    NavItem("导入12345工单", "web:hotline-import", STAFF, "信访举报"),
    NavItem("转办件", "web:transfer-list", (Role.OFFICE,) + STAFF, "信访举报"),
    NavItem("查询码查询", "web:query-code-lookup", STAFF, "信访举报"),
    NavItem("信访统计", "web:petition-statistics", READERS, "信访举报"),
    NavItem("问题线索", "web:clue-list", READERS, "信访举报"),
    NavItem("纪律检查建议书", "web:recommendation-list", EVERYONE, "信访举报"),
    NavItem("工作记录", "web:records", STAFF, "记录与报告"),
    NavItem("年度报告", "reports:index", READERS, "记录与报告"),
    NavItem("我的任务", "web:job-list", EVERYONE, "记录与报告"),
)


def nav_for(actor, current_path=""):
    """[(section, [(label, url, active)])] for the actor's roles, in NAV order."""
    entries = []
    for item in NAV:
        if not actor.has_role(*item.roles):
            continue
        try:
            entries.append((item, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    # One entry is active: the longest URL the page is under (登记信访件 /petitions/new/, not also 信访件).
    matches = [url for _, url in entries if (current_path == url if url == "/" else current_path.startswith(url))]
    current = max(matches, key=len, default=None)
    sections: dict[str, list] = {}
    for item, url in entries:
        sections.setdefault(item.section, []).append((item.label, url, url == current))
    return list(sections.items())
