"""Issue 15, names and non-empty rounds: every department and person name is matched (exact, alias,
close, none), nothing is created without a decision, confirmed mappings become aliases; a round
that has measures receives only the rows it lacks; the dry run previews the first rows."""

import pytest

from core.errors import ApplicationError
from organization.models import Department, DepartmentAlias, Person, PersonAlias
from rectification.ledger import import_ledger
from rectification.ledger.names import NameDecision, NameDecisions, NamesUndecided
from rectification.models import Aspect, Measure, Problem
from tests.factories import DepartmentFactory, PersonFactory
from tests.rectification.factories import MeasureFactory, ProblemFactory
from tests.rectification.fill_helpers import as_bytes, export
from tests.rectification.importing import SAMPLE, row_counts
from tests.rectification.sheets import basic_rows, row, sheet_bytes


def _run(data, rnd, user, **kwargs):
    return import_ledger(source=data, round=rnd, user=user, **kwargs)


def _by_name(summary):
    return {(m.kind, m.name): m for m in summary.names}


@pytest.fixture
def unit(db):
    """The unit as the sample's authors know it: 纪检监察室 is what the ledger calls 机关纪委."""
    people = {n: PersonFactory(name=n) for n in ("王建国", "李静", "张敏", "陈志强", "赵磊", "孙丽", "周峰")}
    return {
        "office": DepartmentFactory(name="办公室"),
        "jiwei": DepartmentFactory(name="纪检监察室"),
        "hotline": DepartmentFactory(name="热线服务中心"),
        "people": people,
    }


# -- matching ----------------------------------------------------------------------------------------


def test_the_sample_without_decisions_is_refused_and_writes_nothing(unit, empty_round, inspector):
    checked = _run(SAMPLE.read_bytes(), empty_round, inspector, dry_run=True)
    names = _by_name(checked)
    assert names[("department", "办公室")].match == "exact"
    assert names[("department", "热线服务处")].match == "close"
    assert names[("department", "热线服务处")].candidates[0][0] == unit["hotline"]  # same stem: 热线服务
    assert names[("department", "机关纪委")].match == "none"  # only an alias can say it is 纪检监察室
    assert checked.undecided >= 2 and checked.new_departments == []
    before = row_counts()
    with pytest.raises(NamesUndecided) as exc:
        _run(SAMPLE.read_bytes(), empty_round, inspector)
    assert {m.name for m in exc.value.matches} >= {"热线服务处", "机关纪委"}
    assert "未导入任何内容" in exc.value.message and exc.value.code == "names_undecided"
    assert row_counts() == before and not DepartmentAlias.objects.exists()


def test_decisions_map_the_sample_and_are_remembered_for_the_next_import(unit, empty_round, inspector):
    checked = _by_name(_run(SAMPLE.read_bytes(), empty_round, inspector, dry_run=True))
    decisions = NameDecisions(
        {
            key: NameDecision(unit["jiwei"].pk if key == ("department", "机关纪委") else unit["hotline"].pk)
            for key, m in checked.items()
            if m.needs_decision and m.kind == "department"
        }
    )
    decisions.update({key: NameDecision() for key, m in checked.items() if m.needs_decision and m.kind == "person"})
    summary = _run(SAMPLE.read_bytes(), empty_round, inspector, names=decisions)
    assert summary.new_departments == [] and Department.objects.count() == 3
    jiwei = Measure.objects.filter(lead_department=unit["jiwei"])
    assert jiwei.exists() and not Department.objects.filter(name="机关纪委").exists()
    assert DepartmentAlias.objects.get(alias="机关纪委").department == unit["jiwei"]
    assert DepartmentAlias.objects.get(alias="热线服务处").department == unit["hotline"]

    again = _by_name(_run(SAMPLE.read_bytes(), empty_round, inspector, dry_run=True))
    assert again[("department", "机关纪委")].match == "alias"
    assert again[("department", "机关纪委")].target == unit["jiwei"]
    assert not again[("department", "机关纪委")].undecided


def test_an_alias_set_in_admin_matches_by_itself(unit, empty_round, inspector):
    DepartmentAlias.objects.create(alias="督办室", department=unit["office"])
    PersonAlias.objects.create(alias="老王", person=unit["people"]["王建国"])
    data = sheet_bytes([row("问题甲", "措施甲", seq=1, dept="督办室", person="老王", leader="")])
    summary = _run(data, empty_round, inspector)
    measure = Measure.objects.get()
    assert measure.lead_department == unit["office"] and summary.undecided == 0
    assert measure.responsible_person == unit["people"]["王建国"]
    assert _by_name(summary)[("department", "督办室")].match == "alias"


def test_a_close_person_name_needs_a_decision_and_maps_to_the_right_kind(unit, empty_round, inspector):
    data = sheet_bytes([row("问题甲", "措施甲", seq=1, dept="办公室", person="李晶", leader="")])
    match = _by_name(_run(data, empty_round, inspector, dry_run=True))[("person", "李晶")]
    assert match.match == "close" and unit["people"]["李静"] in [c for c, _s in match.candidates]
    assert len(match.candidates) <= 5
    # a department's id given for a person is refused: the person ids are looked up, not any id
    wrong = NameDecisions({("person", "李晶"): NameDecision(10**6)})
    with pytest.raises(ApplicationError, match="不存在"):
        _run(data, empty_round, inspector, names=wrong)
    assert not Measure.objects.exists()
    right = NameDecisions({("person", "李晶"): NameDecision(unit["people"]["李静"].pk)})
    _run(data, empty_round, inspector, names=right)
    assert Measure.objects.get().responsible_person == unit["people"]["李静"]
    assert PersonAlias.objects.get(alias="李晶").person == unit["people"]["李静"]
    assert not Person.objects.filter(name="李晶").exists()


def test_create_explicitly(empty_round, inspector):
    data = sheet_bytes([row("问题甲", "措施甲", seq=1, dept="全新部门", person="全新人员", leader="")])
    decisions = NameDecisions({("department", "全新部门"): NameDecision(), ("person", "全新人员"): NameDecision()})
    summary = _run(data, empty_round, inspector, names=decisions)
    assert summary.new_departments == ["全新部门"] and summary.new_people == ["全新人员"]
    assert Measure.objects.get().lead_department.name == "全新部门"
    assert not DepartmentAlias.objects.exists()  # a new record needs no alias


def test_names_json_is_read_and_bad_values_refused():
    assert NameDecisions.from_data({"department": {"甲": 3, "乙": "create"}}) == {
        ("department", "甲"): NameDecision(3),
        ("department", "乙"): NameDecision(),
    }
    for bad in ({"unit": {}}, {"department": {"甲": "some"}}, {"person": {"甲": True}}, ["x"]):
        with pytest.raises(ApplicationError):
            NameDecisions.from_data(bad)


# -- a round that already has measures ----------------------------------------------------------------


def test_import_into_a_round_with_measures_skips_present_rows_and_appends(empty_round, inspector):
    problem = ProblemFactory(round=empty_round, order=1, text="理论学习中心组学习以读文件为主")
    kept = MeasureFactory(problem=problem, order=1, content="修订中心组学习计划 ")  # spaces do not matter
    other = ProblemFactory(round=empty_round, order=2, text="别的问题")
    summary = _run(sheet_bytes(basic_rows()), empty_round, inspector, create_missing=True)
    assert summary.existing == [{"sheet": "整改台账", "row": 5, "measure_id": kept.pk}]  # row 4 is the section
    assert summary.added == 4
    measures = Measure.objects.filter(problem=problem).order_by("order")
    assert [(m.order, m.content) for m in measures] == [(1, kept.content), (2, "建立研讨材料归档制度")]
    new_problems = Problem.objects.filter(round=empty_round).exclude(pk__in=[problem.pk, other.pk])
    assert sorted(p.order for p in new_problems) == [3, 4]
    # the same file again: everything is present, nothing is added
    again = _run(sheet_bytes(basic_rows()), empty_round, inspector)
    assert (again.added, len(again.existing)) == (0, 5)
    assert Measure.objects.filter(problem__round=empty_round).count() == 5
    assert Aspect.objects.filter(round=empty_round).count() == 2  # matched by title and level, not doubled


# -- preview -------------------------------------------------------------------------------------------


def test_the_dry_run_previews_the_rows_as_they_will_be_stored(unit, empty_round, inspector):
    ProblemFactory(
        round=empty_round,
        text="学习贯彻习近平新时代中国特色社会主义思想不够深入，理论学习中心组学习以读文件为主，研讨不充分。",
    )
    summary = _run(SAMPLE.read_bytes(), empty_round, inspector, dry_run=True)
    assert len(summary.preview) == 8  # the sample's rows (at most 20)
    first = summary.preview[0]
    assert first["aspects"] == ["党的政治建设方面"] and first["problem"].startswith("学习贯彻")
    assert first["deadline"] == {
        "kind": "date",
        "kind_label": "限期完成",
        "date": "2021-12-31",
        "text": "2021年12月底前",
    }
    people = {(p["role"], p["name"]): p["matched"] for p in first["people"]}
    assert people[("责任部门", "办公室")] == "办公室"
    assert people[("责任领导", "王建国")] == "王建国"
    hotline = next(p for r in summary.preview for p in r["people"] if p["name"] == "热线服务处")
    assert hotline["matched"] == "待确认"
    assert not any(r["exists"] for r in summary.preview)
    assert summary.as_dict()["preview"] == summary.preview


def test_the_preview_marks_present_rows(empty_round, inspector):
    problem = ProblemFactory(round=empty_round, order=1, text="理论学习中心组学习以读文件为主")
    MeasureFactory(problem=problem, order=1, content="修订中心组学习计划")
    summary = _run(sheet_bytes(basic_rows()), empty_round, inspector, dry_run=True, create_missing=True)
    assert [r["exists"] for r in summary.preview] == [True, False, False, False, False]
    assert all(p["matched"] == "新建" for r in summary.preview for p in r["people"])


def test_a_fill_in_sheet_imported_into_its_round_is_matched_by_its_hidden_key(empty_round, inspector):
    """The sheet's 措施标识 names the measure even when its text was edited since the export."""
    problem = ProblemFactory(round=empty_round, order=1, text="理论学习中心组学习以读文件为主")
    measure = MeasureFactory(problem=problem, order=1, content="修订中心组学习计划")
    wb, _count = export(inspector, round=empty_round)
    Measure.objects.filter(pk=measure.pk).update(content="修订并执行中心组学习计划")
    summary = _run(as_bytes(wb), empty_round, inspector, create_missing=True)
    assert [e["measure_id"] for e in summary.existing] == [measure.pk]
    assert (summary.added, Measure.objects.filter(problem__round=empty_round).count()) == (0, 1)
