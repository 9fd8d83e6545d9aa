"""Issue 14 in the browser: a measure's 责任人 picked by type-ahead among the chosen department's
people, a refused submit showing the error summary, and 参加人员 chosen in a searchable multi-select."""

import datetime as dt

import pytest

from organization.roles import Role
from rectification.models import Measure
from reports.models import Activity, ActivityKind
from tests.factories import DepartmentFactory, PersonFactory, make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def setting():
    inspector = make_user(Role.INSPECTOR, username="jijian_forms", person_name="纪检干部甲")
    office, duban = DepartmentFactory(name="办公室"), DepartmentFactory(name="督办处")
    people = {
        "吴晓峰": PersonFactory(name="吴晓峰", title="办公室主任", departments=[office]),
        "王建国": PersonFactory(name="王建国", title="局长", is_leader=True, departments=[office]),
        "陈静": PersonFactory(name="陈静", title="督办处处长", departments=[duban]),
        "杨帆": PersonFactory(name="杨帆", title="督办处联络员", departments=[duban]),
    }
    problem = ProblemFactory(round=RoundFactory(feedback_date=dt.date(2021, 9, 15)), text="回访不及时")
    return {"inspector": inspector, "office": office, "duban": duban, "people": people, "problem": problem}


def _open(page, field):
    """Open the type-ahead of ``field`` as a person does: click its box."""
    page.click(f"[data-field='{field}'] .ts-control")


def _options(page, field):
    """The names the type-ahead of ``field`` offers, after typing nothing."""
    _open(page, field)
    page.locator(f"#id_{field}-ts-dropdown .option").first.wait_for()
    names = page.locator(f"#id_{field}-ts-dropdown .option").all_inner_texts()
    page.keyboard.press("Escape")
    return [n for n in names if n.strip() and "未指定" not in n]


def test_type_ahead_offers_the_departments_people_and_saves_the_pick(browser, setting):
    page = browser.login(setting["inspector"])
    page.goto(f"/rectification/problems/{setting['problem'].pk}/measures/new/")
    page.fill("textarea[name=content]", "建立工单回访制度")
    page.select_option("select[name=lead_department]", label="督办处")
    assert sorted(_options(page, "responsible_person")) == ["杨帆（督办处联络员）", "陈静（督办处处长）"]

    _open(page, "responsible_person")
    page.keyboard.type("陈")
    page.locator("#id_responsible_person-ts-dropdown .option:has-text('陈静')").click()
    page.fill("input[name=due_date]", "2021-12-31")
    browser.shot("measure-form-typeahead")
    page.set_viewport_size({"width": 375, "height": 800})
    browser.shot("measure-form-typeahead-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    # Back at desktop width the page lays itself out again over several frames, and a mouse click
    # during that (press here, release where the button has moved to) focuses 保存 without
    # submitting: CI's PostgreSQL run lost one that way. A keyboard user's Enter on the focused
    # button submits wherever the button sits, so the save does not depend on when layout settles.
    page.locator("button:has-text('保存')").press("Enter")

    page.locator("text=已新增整改措施").wait_for()
    measure = Measure.objects.get(content="建立工单回访制度")
    assert measure.lead_department == setting["duban"] and measure.responsible_person == setting["people"]["陈静"]


def test_changing_the_department_drops_a_person_of_the_old_one(browser, setting):
    page = browser.login(setting["inspector"])
    page.goto(f"/rectification/problems/{setting['problem'].pk}/measures/new/")
    page.select_option("select[name=lead_department]", label="办公室")
    assert sorted(_options(page, "responsible_leader")) == ["吴晓峰（办公室主任）", "王建国（局长）"]
    _open(page, "responsible_leader")
    page.locator("#id_responsible_leader-ts-dropdown .option:has-text('王建国')").click()
    assert page.input_value("select[name=responsible_leader]") == str(setting["people"]["王建国"].pk)

    page.select_option("select[name=lead_department]", label="督办处")

    assert page.input_value("select[name=responsible_leader]") == ""
    assert sorted(_options(page, "responsible_leader")) == ["杨帆（督办处联络员）", "陈静（督办处处长）"]


def test_a_refused_submit_shows_the_summary_linking_to_the_fields(browser, setting):
    page = browser.login(setting["inspector"])
    page.goto(f"/rectification/problems/{setting['problem'].pk}/measures/new/")
    page.select_option("select[name=deadline_kind]", "date")
    page.click("button:has-text('保存')")  # no 整改措施, no 完成时限

    summary = page.locator("[data-testid=error-summary]")
    summary.wait_for()
    assert "整改措施：" in summary.inner_text()
    browser.shot("measure-form-error-summary")
    page.set_viewport_size({"width": 375, "height": 800})
    browser.shot("measure-form-error-summary-375")
    summary.locator("a:has-text('整改措施')").click()
    assert page.evaluate("document.activeElement.name") == "content"
    assert not Measure.objects.exists()


def test_participants_are_chosen_in_a_searchable_multi_select(browser, setting):
    kind = ActivityKind.objects.filter(is_active=True).first() or ActivityKind.objects.create(name="谈心谈话")
    page = browser.login(setting["inspector"])
    page.goto("/records/")
    page.select_option("select[name=activity-kind]", str(kind.pk))
    page.fill("input[name=activity-title]", "年度谈心谈话")
    for typed, name in (("陈", "陈静"), ("杨", "杨帆")):
        _open(page, "activity-persons")
        page.keyboard.type(typed)
        page.locator(f"#id_activity-persons-ts-dropdown .option:has-text('{name}')").click()
    browser.shot("records-participants")
    page.set_viewport_size({"width": 375, "height": 800})
    browser.shot("records-participants-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    # One click, straight from the open list, as a person gives it (the box once shrank as it lost
    # focus and moved the button from under the pointer).
    page.click("#activity button:has-text('登记')")
    page.locator("text=已登记工作记录").wait_for()
    activity = Activity.objects.get(title="年度谈心谈话")
    assert set(activity.persons.values_list("name", flat=True)) == {"陈静", "杨帆"}


def test_editing_keeps_a_person_named_before_the_rule(browser, setting):
    """An imported measure may name a 分管领导 outside its department: the edit page keeps that choice
    on load (narrowing drops only on a change of department), so saving another field loses nothing."""
    measure = MeasureFactory(
        problem=setting["problem"], lead_department=setting["office"], responsible_leader=setting["people"]["陈静"],
        content="原措施", due_date=dt.date(2021, 12, 31),
    )  # fmt: skip
    page = browser.login(setting["inspector"])
    page.goto(f"/rectification/measures/{measure.pk}/edit/")
    assert page.input_value("select[name=responsible_leader]") == str(setting["people"]["陈静"].pk)
    page.fill("textarea[name=content]", "原措施（修订）")
    page.click("button:has-text('保存')")

    page.locator("text=已保存整改措施").wait_for()
    measure.refresh_from_db()
    assert measure.content == "原措施（修订）" and measure.responsible_leader == setting["people"]["陈静"]
