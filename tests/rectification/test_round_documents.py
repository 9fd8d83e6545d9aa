"""The round documents: figures against hand counts, frozen versions, narratives, the 公开 version."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from core.errors import ApplicationError
from rectification.documents import services
from rectification.models import DocumentKind, MeasureReview, MeasureStatus, ProgressUpdate, RoundDocument
from reports.docx.rounds import round_document_docx
from reports.rounds.render import TABLE_HEADERS, render_document
from tests.rectification.factories import MeasureFactory
from tests.rectification.round_docs import make_round


@pytest.fixture
def demo(supervisor):
    return make_round(reviewer=supervisor)


def _count(doc, code):
    return int(doc.figures[code]["text"])


def _ids(doc, code):
    return set(doc.figures[code]["ids"])


def _pks(objs):
    return {o.pk for o in objs}


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += ["\t".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(lines)


def test_report_figures_match_hand_counts(demo, inspector):
    doc = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    m1, m2, m3, m4, m5, m6 = demo.measures
    p1, p2, p3, p4 = demo.problems
    assert {c: _count(doc, c) for c in ("aspects", "problems", "measures", "done", "in_progress", "long_term")} == {
        "aspects": 2, "problems": 4, "measures": 6, "done": 2, "in_progress": 2, "long_term": 2,
    }  # fmt: skip
    assert _ids(doc, "measures") == _pks(demo.measures)
    assert _ids(doc, "done") == _pks([m1, m5])
    assert _ids(doc, "in_progress") == _pks([m2, m6])
    assert _ids(doc, "long_term") == _pks([m3, m4])
    assert _ids(doc, "problems") == _pks(demo.problems)
    assert _ids(doc, "problems_done") == _pks([p2, p3])
    assert doc.figures["team"]["text"] == "市委第三巡察组"
    assert doc.frame["title"] == "中共某区城市管理局党组关于市委第三巡察组巡察反馈意见整改情况的报告"


def test_report_tells_per_aspect_what_was_done_newest_first_and_what_remains(demo, inspector):
    doc = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    text = render_document(doc).plain_text()
    for heading in ("一、整改工作总体情况", "二、反馈问题整改落实情况", "三、尚未完成的整改事项", "四、下一步工作打算"):
        assert heading in text
    # the aspects' own numbers are not doubled: the document numbers them anew
    assert "（一）党的政治建设方面" in text and "1.理论学习不够深入" in text and "（二）全面从严治党方面" in text
    assert "（三）其他问题" in text
    newest, older = text.index("学习制度经党组会审议通过"), text.index("起草了学习制度初稿")
    assert newest < older
    assert "审核销号：佐证材料齐全，同意销号" in text
    remaining = text[text.index("三、尚未完成的整改事项") : text.index("四、下一步工作打算")]
    assert "开展专题研讨" in remaining and "整理归档历年文件" in remaining
    assert "修订党组理论学习中心组学习制度" not in remaining
    assert "已撤销" not in text
    assert "反馈问题4个，制定整改措施6项" in text


def test_plan_has_the_task_table_with_people_and_dates(demo, inspector):
    doc = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.PLAN)
    rendered = render_document(doc)
    assert rendered.attachment.headers == TABLE_HEADERS
    assert len(rendered.attachment.rows) == 6
    first = rendered.attachment.rows[0]
    assert first[1:6] == (
        "理论学习中心组学习以读文件为主",
        "修订党组理论学习中心组学习制度",
        "张建国",
        "办公室",
        "李明华",
    )
    assert any(row[4] == "办公室、执法大队" for row in rendered.attachment.rows)  # lead and co-operating
    assert any(row[6] == "长期坚持" for row in rendered.attachment.rows)
    content = docx_text(round_document_docx(rendered))
    for heading in ("一、总体要求", "二、整改任务", "三、保障措施", "附件：整改任务清单", "（一）加强组织领导"):
        assert heading in content
    document = Document(io.BytesIO(round_document_docx(rendered)))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(TABLE_HEADERS)
    assert len(table.rows) == 1 + 6


def test_leader_report_has_the_same_figures_in_the_leaders_voice(demo, inspector):
    report = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    leader = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.LEADER_REPORT)
    assert leader.figures == report.figures | {"as_of": leader.figures["as_of"]}
    text = docx_text(round_document_docx(render_document(leader)))
    assert "作为党组书记，我坚决扛起巡察整改第一责任人责任" in text
    assert "已完成2项，正在推进2项，长期坚持2项" in text
    assert "中共某区城市管理局党组书记" in text


def test_public_version_has_only_public_problems_and_no_names(demo, inspector):
    doc = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.PUBLIC)
    m1, m2, _m3, _m4, m5, _m6 = demo.measures
    assert _ids(doc, "problems") == _pks([demo.problems[0], demo.problems[2]])
    assert _ids(doc, "measures") == _pks([m1, m2, m5])
    assert (_count(doc, "done"), _count(doc, "in_progress"), _count(doc, "long_term")) == (2, 1, 0)
    text = docx_text(round_document_docx(render_document(doc)))
    for name in demo.names:
        assert name not in text
    assert name not in str(doc.content)  # not even frozen in the version
    for hidden in ("廉政风险防控机制不健全", "档案管理不规范", "建立廉政风险防控清单"):
        assert hidden not in text
    assert "公务接待管理不规范" in text and "办公室" in text  # departments may stay
    assert "相关同志负责印发" in text


def test_public_version_leaves_names_out_of_the_typed_narrative_too(demo, inspector):
    name = demo.names[0]
    services.narrative_save(
        user=inspector, rnd=demo.round, kind=DocumentKind.PUBLIC, data={"preamble": f"由{name}同志牵头整改。"}
    )
    doc = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.PUBLIC)
    text = docx_text(round_document_docx(render_document(doc)))
    assert "由相关同志同志牵头整改" in text and name not in text and name not in str(doc.narrative)
    # the other documents keep the office's words as typed
    services.narrative_save(
        user=inspector, rnd=demo.round, kind=DocumentKind.REPORT, data={"preamble": f"由{name}牵头。"}
    )
    report = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    assert name in docx_text(round_document_docx(render_document(report)))


def test_regenerating_makes_a_new_version_and_keeps_the_old_frozen(demo, inspector):
    first = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    m6 = demo.measures[5]
    m6.status = MeasureStatus.SIGNED_OFF
    m6.save()
    second = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert (_count(first, "done"), _count(second, "done")) == (2, 3)
    assert RoundDocument.objects.filter(round=demo.round, kind=DocumentKind.REPORT).count() == 2


def test_narrative_is_editable_and_goes_into_the_next_version(demo, inspector, supervisor):
    services.narrative_save(
        user=supervisor,
        rnd=demo.round,
        kind="report",
        data={"next_steps": "一、继续抓好整改\n共{{in_progress}}项待完成。"},
    )
    doc = services.document_generate(user=inspector, rnd=demo.round, kind=DocumentKind.REPORT)
    text = render_document(doc).plain_text()
    assert "共2项待完成。" in text
    assert "根据巡察工作安排，市委第三巡察组于" in text  # the preamble kept its default


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"preamble": "共{{nonsense}}项"}, "preamble"),
        ({"safeguards": "x"}, "safeguards"),  # not a field of the report
        ({"preamble": 5}, "preamble"),
        ({"recipient": "甲\n乙"}, "recipient"),
        ({"preamble": "含\x00控制字符"}, "preamble"),
        ({"preamble": "长" * 20001}, "preamble"),
    ],
)
def test_bad_narrative_is_refused_naming_the_field(demo, supervisor, data, field):
    with pytest.raises(ApplicationError) as exc:
        services.narrative_save(user=supervisor, rnd=demo.round, kind="report", data=data)
    assert field in exc.value.detail


def test_unknown_kind_is_refused_naming_the_field(demo, supervisor):
    with pytest.raises(ApplicationError) as exc:
        services.document_generate(user=supervisor, rnd=demo.round, kind="memo")
    assert "kind" in exc.value.detail


@pytest.mark.parametrize("who", ["leader", "office_a", "admin_user"])
def test_only_inspectors_and_supervisors_generate_or_edit(demo, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(ApplicationError):
        services.document_generate(user=user, rnd=demo.round, kind="report")
    with pytest.raises(ApplicationError):
        services.narrative_save(user=user, rnd=demo.round, kind="report", data={"preamble": "x"})
    assert not RoundDocument.objects.exists()


def _queries(user, rnd, kind):
    with CaptureQueriesContext(connection) as ctx:
        services.document_generate(user=user, rnd=rnd, kind=kind)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_generating_costs_the_same_queries_for_60_measures_as_for_20(supervisor, inspector, kind):
    demo = make_round(reviewer=supervisor, extra_measures=14)  # 6 + 14 = 20 measures
    _queries(inspector, demo.round, kind)  # warm: the actor's roles and departments are cached per user
    small = _queries(inspector, demo.round, kind)
    problem = demo.problems[0]
    for n in range(40):  # 60 measures, each with progress and a sign-off
        m = MeasureFactory(problem=problem, order=100 + n, status=MeasureStatus.SIGNED_OFF)
        ProgressUpdate.objects.create(measure=m, text=f"进展{n}")
        MeasureReview.objects.create(measure=m, action=MeasureReview.Action.SIGN_OFF, actor=supervisor)
    assert _queries(inspector, demo.round, kind) == small
    assert small <= 20
