"""Importing ledgers: the sample and every layout the issue lists (bad input: test_ledger_import_bad_input)."""

import datetime as dt

import pytest

from organization.models import Department, Person
from rectification.ledger import import_ledger
from rectification.models import (
    Aspect,
    DeadlineKind,
    InspectionRound,
    Measure,
    MeasureReview,
    MeasureStatus,
    Problem,
    ProgressUpdate,
)
from tests.factories import DepartmentFactory, PersonFactory
from tests.rectification.importing import FEEDBACK, SAMPLE, import_into, row_counts
from tests.rectification.sheets import HEADER, basic_rows, row, sheet_bytes

# -- the sample --------------------------------------------------------------------------------------


def test_the_sample_ledger(empty_round, inspector):
    summary = import_into(SAMPLE.read_bytes(), empty_round, inspector)
    assert (summary.aspects, summary.problems, summary.measures) == (3, 5, 8)
    assert [a.title for a in Aspect.objects.order_by("order")] == [
        "党的政治建设方面",
        "全面从严治党方面",
        "巡察整改落实方面",
    ]
    measures = list(Measure.objects.order_by("problem__order", "order").select_related("problem", "lead_department"))
    assert [(m.problem.order, m.deadline_kind, m.due_date) for m in measures] == [
        (1, DeadlineKind.DATE, dt.date(2021, 12, 31)),
        (1, DeadlineKind.LONG_TERM, None),
        (2, DeadlineKind.DATE, dt.date(2021, 11, 30)),
        (3, DeadlineKind.IMMEDIATE, dt.date(2021, 10, 15)),
        (3, DeadlineKind.DATE, dt.date(2022, 3, 31)),
        (3, DeadlineKind.DATE, dt.date(2021, 11, 30)),
        (4, DeadlineKind.DATE, dt.date(2021, 12, 31)),
        (5, DeadlineKind.DATE, dt.date(2022, 1, 15)),
    ]
    assert [m.deadline_text for m in measures][:2] == ["2021年12月底前", "长期坚持"]
    assert measures[-1].remarks == "与本轮整改一并推进"
    assert measures[4].lead_department.name == "热线服务处"
    # the merged problem cell B9:B11 is one problem with three measures
    assert Problem.objects.get(order=3).measures.count() == 3
    assert ProgressUpdate.objects.get().text == "已修订学习计划"
    assert summary.new_departments == ["办公室", "机关纪委", "热线服务处"]
    assert "李静" in summary.new_people and Person.objects.get(name="李静").user is None
    assert Person.objects.get(name="王建国").is_leader


# -- layouts -----------------------------------------------------------------------------------------


def test_two_row_header_with_a_merged_group_caption(empty_round):
    header = (
        ["序号", "存在问题", "整改措施", "责任分工", None, None, "整改时限", "进展情况"],
        [None, None, None, "牵头领导", "责任单位", "具体责任人", None, None],
    )
    data = sheet_bytes(
        [[1, "问题甲", "措施甲", "王建国", "办公室", "李静", "2021年12月底前", "已完成初稿"]],
        header=header,
        merges=(),
    )
    summary = import_into(data, empty_round)
    measure = Measure.objects.select_related("lead_department", "responsible_leader", "responsible_person").get()
    assert summary.measures == 1
    assert (measure.lead_department.name, measure.responsible_leader.name, measure.responsible_person.name) == (
        "办公室",
        "王建国",
        "李静",
    )
    assert measure.progress.get().text == "已完成初稿"


def test_two_row_header_with_real_merges(empty_round):
    """序号/问题/整改措施/完成时限 merged down over both header rows, 责任分工 merged across three."""
    header = (
        ["序号", "问题", "整改措施", "责任分工", None, None, "完成时限"],
        [None, None, None, "责任领导", "责任部门", "责任人", None],
    )
    data = sheet_bytes(
        [
            [1, "问题甲", "措施甲", "王建国", "办公室", "李静", "2021年12月底前"],
            [None, None, "措施乙", "王建国", "财务处", "李静", "长期坚持"],
        ],
        header=header,
        merges=("A-1:A0", "B-1:B0", "C-1:C0", "D-1:F-1", "G-1:G0", "A1:A2", "B1:B2"),
    )
    summary = import_into(data, empty_round)
    assert (summary.problems, summary.measures) == (1, 2)
    assert list(Measure.objects.order_by("order").values_list("lead_department__name", flat=True)) == [
        "办公室",
        "财务处",
    ]


@pytest.mark.parametrize(
    "captions",
    [
        [
            "编号",
            "反馈问题",
            "整改举措",
            "分管领导",
            "责任处室",
            "经办人",
            "完成时间",
            "整改进展情况",
            "整改状态",
            "说明",
        ],
        [
            "序 号",
            "巡察反馈问题",
            "具体措施",
            "牵头领导",
            "牵头部门",
            "具体责任人",
            "整改期限",
            "推进情况",
            "是否完成",
            "备注",
        ],
        [
            "序号",
            "问题清单",
            "措施",
            "责任领导",
            "责任单位（部门）",
            "责任人",
            "完成时限\n（时间节点）",
            "进展",
            "完成情况",
            "备注：",
        ],
    ],
)
def test_header_synonyms(empty_round, captions):
    data = sheet_bytes([row("问题", "措施", seq=1, completion="正在推进")], header=(captions,))
    assert import_into(data, empty_round).measures == 1
    measure = Measure.objects.select_related("lead_department").get()
    assert (measure.lead_department.name, measure.due_date, measure.status) == (
        "办公室",
        dt.date(2021, 12, 31),
        MeasureStatus.IN_PROGRESS,
    )


def test_two_levels_of_sections(empty_round):
    data = sheet_bytes(
        [
            ["一、在贯彻落实党中央决策部署方面"],
            ["（一）落实意识形态工作责任制不到位"],
            row("意识形态专题研究不足", "每半年专题研究一次", seq=1),
            ["（二）理论学习不深入"],
            row("中心组学习流于形式", "修订学习制度", seq=2),
            ["二、在落实全面从严治党战略部署方面"],
            row("公务接待超标准", "清退违规费用", seq=3),
        ]
    )
    import_into(data, empty_round)
    tree = {(a.title, a.parent.title if a.parent else None) for a in Aspect.objects.select_related("parent")}
    assert tree == {
        ("在贯彻落实党中央决策部署方面", None),
        ("落实意识形态工作责任制不到位", "在贯彻落实党中央决策部署方面"),
        ("理论学习不深入", "在贯彻落实党中央决策部署方面"),
        ("在落实全面从严治党战略部署方面", None),
    }
    aspect_of = dict(Problem.objects.values_list("text", "aspect__title"))
    assert aspect_of == {
        "意识形态专题研究不足": "落实意识形态工作责任制不到位",
        "中心组学习流于形式": "理论学习不深入",
        "公务接待超标准": "在落实全面从严治党战略部署方面",
    }


def test_section_numbers_in_their_own_column(empty_round):
    """The layout of rules-and-formats §1.6: 序号 “一” with the heading in the 问题 column."""
    data = sheet_bytes(
        [
            ["一", "在贯彻落实党中央决策部署方面"],
            ["（一）", "意识形态"],
            row("意识形态专题研究不足", "每半年专题研究一次", seq="（一）1", deadline="立行立改并长期坚持"),
        ]
    )
    import_into(data, empty_round)
    aspect = Problem.objects.get().aspect
    assert (aspect.title, aspect.parent.title) == ("意识形态", "在贯彻落实党中央决策部署方面")
    assert Measure.objects.get().deadline_kind == DeadlineKind.IMMEDIATE_LONG_TERM


def test_merged_problem_and_department_cells(empty_round):
    data = sheet_bytes(
        [
            row("问题甲", "措施一", seq=1, dept="财务处"),
            row(None, "措施二", dept=None, leader=None, person=None),
            row(None, "措施三", dept=None, leader=None, person=None),
            row("问题乙", "措施四", seq=2, dept="办公室"),
        ],
        merges=("A1:A3", "B1:B3", "D1:D3", "E1:E3", "F1:F3"),
    )
    import_into(data, empty_round)
    rows = list(
        Measure.objects.order_by("problem__order", "order").values_list(
            "problem__text", "lead_department__name", "responsible_leader__name"
        )
    )
    assert rows == [
        ("问题甲", "财务处", "王建国"),
        ("问题甲", "财务处", "王建国"),
        ("问题甲", "财务处", "王建国"),
        ("问题乙", "办公室", "王建国"),
    ]


def test_problem_text_repeated_instead_of_merged_is_one_problem(empty_round):
    data = sheet_bytes([row("问题甲", "措施一", seq=1), row("问题甲", "措施二", seq=1), row("问题乙", "措施三", seq=2)])
    import_into(data, empty_round)
    assert Problem.objects.count() == 2


def test_note_and_signature_rows_are_ignored(empty_round):
    rows = [
        *basic_rows(),
        [None],
        ["注：1. 完成时限为长期坚持的，每季度报送进展；2. 本表一式两份。"],
        ["填表人：张三            审核人：李四            联系电话：12345"],
        [None, "单位负责人（签字）："],
        ["说明：请于每月5日前报送"],
    ]
    summary = import_into(sheet_bytes(rows), empty_round)
    assert (summary.problems, summary.measures) == (3, 5)
    assert not Person.objects.filter(name__in=["张三", "李四"]).exists()


def test_other_sheets_without_a_header_are_skipped_with_a_note(empty_round):
    data = sheet_bytes(basic_rows(), more={"填表说明": [["本表由各责任部门填写"], ["每月更新"]], "空表": []})
    summary = import_into(data, empty_round)
    assert summary.sheets == ["整改台账"]
    assert [w.sheet for w in summary.warnings] == ["填表说明"]


def test_two_ledger_sheets_import_into_one_round(empty_round):
    data = sheet_bytes(basic_rows(), more={"第二批": [HEADER, row("问题丙", "措施丙", seq=1)]})
    summary = import_into(data, empty_round)
    assert summary.sheets == ["整改台账", "第二批"] and summary.problems == 4


def test_every_deadline_form_in_one_sheet(empty_round):
    forms = [
        (dt.datetime(2021, 11, 30), dt.date(2021, 11, 30)),
        (44561, dt.date(2021, 12, 31)),
        ("2021年12月底前", dt.date(2021, 12, 31)),
        ("2021年底前", dt.date(2021, 12, 31)),
        ("2021年11月", dt.date(2021, 11, 30)),
        ("2022年1月15日前", dt.date(2022, 1, 15)),
        ("2022年3月31日", dt.date(2022, 3, 31)),
        ("2022.3.31", dt.date(2022, 3, 31)),
        ("2022-02-28", dt.date(2022, 2, 28)),
        ("长期坚持", None),
        ("立行立改", dt.date(2021, 10, 15)),
        ("集中整改期内", dt.date(2021, 11, 15)),
        ("反馈后2个月", dt.date(2021, 11, 15)),
        ("立行立改并长期坚持", None),
    ]
    rows = [row(f"问题{i}", f"措施{i}", seq=i, deadline=value) for i, (value, _due) in enumerate(forms, start=1)]
    import_into(sheet_bytes(rows), empty_round)
    got = list(Measure.objects.order_by("problem__order").values_list("due_date", flat=True))
    assert got == [due for _value, due in forms]


def test_status_words_are_historical_facts_recorded_as_imported(empty_round, inspector):
    rows = [
        row("问题1", "措施一", seq=1, completion="已完成"),
        row("问题2", "措施二", seq=2, completion="正在推进"),
        row("问题3", "措施三", seq=3, completion="长期坚持", deadline="长期坚持"),
        row("问题4", "措施四", seq=4, completion="申请销号"),
        row("问题5", "措施五", seq=5, completion="未启动"),
        row("问题6", "措施六", seq=6, progress="已起草制度初稿"),
        row("问题7", "措施七", seq=7, completion="已完成：印发《学习制度》（×办发〔2024〕3号）"),
        row("问题8", "措施八", seq=8),
    ]
    import_into(sheet_bytes(rows), empty_round, inspector)
    statuses = list(Measure.objects.order_by("problem__order").values_list("status", flat=True))
    assert statuses == [
        MeasureStatus.SIGNED_OFF,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.LONG_TERM,
        MeasureStatus.SUBMITTED,
        MeasureStatus.NOT_STARTED,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.SIGNED_OFF,
        MeasureStatus.NOT_STARTED,
    ]
    signed = Measure.objects.get(content="措施一")
    record = signed.history.get()
    assert record.history_user == inspector
    assert "完成情况“已完成”" in record.history_change_reason and "并非销号审核" in record.history_change_reason
    assert not MeasureReview.objects.exists()  # nobody signed anything off
    notes = dict(ProgressUpdate.objects.values_list("measure__content", "text"))
    assert notes == {"措施六": "已起草制度初稿", "措施七": "已完成：印发《学习制度》（×办发〔2024〕3号）"}
    assert all(ProgressUpdate.objects.values_list("is_imported", flat=True))


def test_departments_lead_and_co_operating(empty_round):
    existing = DepartmentFactory(name="财务处")
    header = [*HEADER[:5], "配合部门", *HEADER[5:]]
    data = sheet_bytes(
        [
            [1, "问题甲", "措施一", "王建国", "办公室（牵头）、财务处", "督办处", "李静", "2021年12月底前"],
            [2, "问题乙", "措施二", "王建国", "牵头：财务处；配合：办公室", None, "李静", "2021年12月底前"],
        ],
        header=(header,),
    )
    summary = import_into(data, empty_round)
    one, two = Measure.objects.order_by("problem__order")
    assert one.lead_department.name == "办公室"
    assert sorted(one.co_departments.values_list("name", flat=True)) == ["督办处", "财务处"]
    assert (two.lead_department, list(two.co_departments.values_list("name", flat=True))) == (existing, ["办公室"])
    assert summary.new_departments == ["办公室", "督办处"]
    assert Department.objects.filter(name="财务处").count() == 1


def test_people_are_matched_by_name_and_created_without_login(empty_round, inspector):
    known = PersonFactory(name="王建国", is_leader=True)
    data = sheet_bytes([row("问题", "措施", seq=1, leader="王建国（局长）", person="赵磊、孙丽")])
    summary = import_into(data, empty_round)
    measure = Measure.objects.get()
    assert measure.responsible_leader == known
    assert measure.responsible_person.name == "赵磊" and measure.responsible_person.user is None
    assert summary.new_people == ["赵磊"]
    assert any("多人" in w.reason for w in summary.warnings)


def test_dry_run_writes_nothing(empty_round):
    before = row_counts()
    summary = import_into(sheet_bytes(basic_rows()), empty_round, dry_run=True)
    assert (summary.dry_run, summary.problems, summary.measures) == (True, 3, 5)
    assert summary.new_departments == ["办公室", "受理一处", "督办处"]
    assert row_counts() == before


def test_round_named_on_the_command_line_is_created_with_the_sheets_dates(db):
    summary = import_ledger(
        source=sheet_bytes(basic_rows()), round_name="新的一轮", feedback_date=FEEDBACK, create_missing=True
    )
    rnd = InspectionRound.objects.get(name="新的一轮")
    assert (rnd.inspection_team, rnd.feedback_date, rnd.report_due_date) == (
        "市委第三巡察组",
        FEEDBACK,
        dt.date(2021, 11, 15),
    )
    assert summary.round_id == rnd.pk
