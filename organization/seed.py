"""Demo unit: a municipal 12345 hotline bureau, its departments, people and one login per role."""

from django.contrib.auth import get_user_model

from core.models import AccessGrant
from core.seed import register_seeder
from organization.models import Department, Membership, Person, UnitProfile
from organization.roles import GROUP_NAMES, Role, assign_roles

DEMO_PASSWORD = "Demo@12345xc"

DEPARTMENTS = [
    # name, kind, order
    ("办公室", Department.Kind.OFFICE, 10),
    ("机关党委（人事处）", Department.Kind.PARTY, 20),
    ("纪检组", Department.Kind.OFFICE, 30),
    ("财务处", Department.Kind.OFFICE, 40),
    ("受理一处", Department.Kind.OFFICE, 50),
    ("受理二处", Department.Kind.OFFICE, 60),
    ("督办处", Department.Kind.OFFICE, 70),
    ("知识库管理队", Department.Kind.TEAM, 80),
    ("信息技术所", Department.Kind.STATION, 90),
]

PEOPLE = [
    # name, title, is_leader, departments, head_of
    ("王建国", "局长、党组书记", True, ["办公室", "机关党委（人事处）"], None),
    ("李红梅", "副局长、党组成员", True, ["受理一处", "受理二处"], None),
    ("赵志刚", "副局长、党组成员", True, ["督办处", "知识库管理队"], None),
    ("孙立新", "纪检组长、党组成员", True, ["纪检组"], "纪检组"),
    ("周敏", "纪检干部", False, ["纪检组"], None),
    ("吴晓峰", "办公室主任", False, ["办公室"], "办公室"),
    ("郑丽", "受理一处处长", False, ["受理一处"], "受理一处"),
    ("冯涛", "受理二处处长", False, ["受理二处"], "受理二处"),
    ("陈静", "督办处处长", False, ["督办处"], "督办处"),
    ("褚亮", "财务处处长", False, ["财务处"], "财务处"),
    ("卫国强", "知识库管理队队长", False, ["知识库管理队"], "知识库管理队"),
    ("蒋鹏", "信息技术所所长", False, ["信息技术所"], "信息技术所"),
    ("沈洁", "机关党委专职副书记", False, ["机关党委（人事处）"], "机关党委（人事处）"),
    ("韩雪", "受理一处联络员", False, ["受理一处"], None),
    ("杨帆", "督办处联络员", False, ["督办处"], None),
    ("何平", "信息技术工程师", False, ["信息技术所"], None),
]

# role, username, person name, first_name shown
LOGINS = [
    (Role.INSPECTOR, "jijian", "周敏"),
    (Role.SUPERVISOR, "zuzhang", "孙立新"),
    (Role.OFFICE, "shouli1", "韩雪"),
    (Role.OFFICE, "duban", "杨帆"),
    (Role.LEADER, "lingdao", "李红梅"),
    (Role.ADMIN, "xitong", "何平"),
]


@register_seeder(10, "组织机构、人员与演示账号")
def seed_organization(ctx):
    User = get_user_model()
    departments = {}
    for name, kind, order in DEPARTMENTS:
        departments[name], _ = Department.objects.get_or_create(name=name, defaults={"kind": kind, "order": order})
    people = {}
    for name, title, is_leader, dept_names, head_of in PEOPLE:
        person, _ = Person.objects.get_or_create(name=name, defaults={"title": title, "is_leader": is_leader})
        people[name] = person
        for dept_name in dept_names:
            Membership.objects.get_or_create(person=person, department=departments[dept_name])
        if head_of and departments[head_of].head_id != person.pk:
            departments[head_of].head = person
            departments[head_of].save(update_fields=["head"])
    unit = UnitProfile.load()
    if not unit.principal_leader_id:
        unit.name = "某市12345政务服务便民热线管理局"
        unit.party_group_name = "某市12345政务服务便民热线管理局党组"
        unit.superior_body = "新区纪工委监察室"
        unit.principal_leader = people["王建国"]
        unit.save()
    for role, username, person_name in LOGINS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD, first_name=person_name)
            assign_roles(user, role)
            person = people[person_name]
            person.user = user
            person.save(update_fields=["user"])
        ctx.logins.append((GROUP_NAMES[role], username, DEMO_PASSWORD))
    supervisor = User.objects.get(username="zuzhang")
    # The supervisor holds the identity grant by default (DOMAIN.md §1); the system
    # administrator deliberately holds none.
    if not AccessGrant.objects.filter(user=supervisor, kind=AccessGrant.Kind.IDENTITY).exists():
        AccessGrant.objects.create(user=supervisor, kind=AccessGrant.Kind.IDENTITY, reason="纪检负责人默认授权")
    ctx.data["departments"] = departments
    ctx.data["people"] = people
