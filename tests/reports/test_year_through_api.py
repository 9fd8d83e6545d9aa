"""One year loaded through the API alone, with records in the years either side that must not count.

Every record below is created through the public API (as another system feeding this
one would), with no time travel: the petitions' workflow steps (受理, 直接办理, 办结 with its
outcomes) carry the dates they happened (补录), as the clues' and letters' steps do. Then the
report is generated through the API and all 45 figures are checked in the sentences they sit
in, and in the .docx.
"""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import docx
import pytest
from django.urls import reverse

from organization.models import UnitProfile
from reports.narrative.defaults import BLANKS, PLANS_TEXT, PROBLEMS_TEXT, WORK_TEXT
from reports.narrative.render import PLACEHOLDER
from tests.factories import DepartmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

YEAR = 2023
TZ = ZoneInfo("Asia/Shanghai")


def _ok(response, status=(200, 201)):
    assert response.status_code in ((status,) if isinstance(status, int) else status), response.content.decode()[:800]
    return response.json()


class Loader:
    def __init__(self, api_as, inspector, supervisor):
        self.inspector = api_as(inspector)
        self.supervisor = api_as(supervisor)
        self.supervisor_user = supervisor

    # --- reports' own records -------------------------------------------------------------
    def kinds(self):
        return {k["code"]: k["id"] for k in _ok(self.inspector.get(reverse("activity-kind-list")))}

    def categories(self):
        return {c["name"]: c["id"] for c in _ok(self.inspector.get(reverse("risk-category-list")))}

    def activity(self, kind, date, **extra):
        body = {"kind": self.kinds()[kind], "date": date.isoformat(), "title": f"{kind}{date}", **extra}
        return _ok(self.inspector.post(reverse("activity-list"), body, format="json"), 201)

    def risk(self, category, date, short, sugg):
        body = {
            "date": date.isoformat(),
            "category": self.categories()[category],
            "title": f"{category}风险{date}",
            "shortcoming_count": short,
            "shortcomings": "短板" if short else "",
            "suggestion_count": sugg,
            "suggestions": "建议" if sugg else "",
        }
        return _ok(self.inspector.post(reverse("risk-point-list"), body, format="json"), 201)

    # --- 巡察整改 ----------------------------------------------------------------------------
    def create(self, url_name, body):
        return _ok(self.inspector.post(reverse(url_name), body, format="json"), 201)

    def round(self, team, feedback, *, aspects, problems_per_aspect, measures_per_problem, department):
        name = f"{feedback.year}年{team}巡察"
        rnd = self.create(
            "rectification-round-list", {"name": name, "inspection_team": team, "feedback_date": feedback.isoformat()}
        )
        due = (feedback + dt.timedelta(days=90)).isoformat()
        for a in range(aspects):
            aspect = self.create("rectification-aspect-list", {"round": rnd["id"], "title": f"方面{a + 1}", "order": a})
            for p in range(problems_per_aspect):
                problem = self.create(
                    "rectification-problem-list", {"round": rnd["id"], "aspect": aspect["id"], "text": f"问题{a}-{p}"}
                )
                for m in range(measures_per_problem):
                    measure = {
                        "problem": problem["id"],
                        "content": f"措施{a}-{p}-{m}",
                        "lead_department": department.pk,
                    }
                    self.create("rectification-measure-list", {**measure, "deadline_kind": "date", "due_date": due})
        return rnd

    # --- 信访举报 ----------------------------------------------------------------------------
    def petition_categories(self):
        rows = _ok(self.inspector.get(reverse("petition-category-list")))
        rows = rows["results"] if isinstance(rows, dict) else rows
        return {c["name"]: c["id"] for c in rows}

    def petition(self, received, category=None, **extra):
        body = {
            "received_at": dt.datetime.combine(received, dt.time(10), tzinfo=TZ).isoformat(),
            "channel": "hotline",
            "kind": "complaint",
            "summary": "反映服务问题",
            **extra,
        }
        if category:
            body["category"] = self.petition_categories()[category]
        return _ok(self.inspector.post(reverse("petition-list"), body, format="json"), 201)

    def conclude(self, petition, on, outcomes):
        """受理 and 直接办理 at 9:00 on ``on``, 办结 that day with ``outcomes``: all 补录 through the API."""
        at = dt.datetime.combine(on, dt.time(9), tzinfo=TZ).isoformat()
        for step in ("accept", "handle"):
            _ok(self.inspector.post(reverse(f"petition-{step}", args=[petition["id"]]), {"at": at}, format="json"))
        body = {"result": "已核实处理", "concluded_on": on.isoformat(), "outcomes": outcomes}
        done = _ok(self.inspector.post(reverse("petition-conclude", args=[petition["id"]]), body, format="json"))
        assert dt.datetime.fromisoformat(done["accepted_at"]) == dt.datetime.fromisoformat(at)
        assert done["concluded_on"] == on.isoformat()
        assert [o["decided_on"] for o in done["outcomes"]] == [on.isoformat()] * len(outcomes)
        assert all(e["backfilled"] for e in done["events"] if e["action"] in ("accept", "handle", "conclude"))
        return done

    # --- 建议书与线索 ---------------------------------------------------------------------------
    def recommendation(self, department, issued_on=None):
        rec = _ok(
            self.inspector.post(
                reverse("recommendation-list"),
                {
                    "title": "关于提升话务服务规范的纪律检查建议",
                    "target_department": department.pk,
                    "source": "petition",
                    "problems": "接听不规范",
                    "recommendations": "加强培训",
                },
                format="json",
            ),
            201,
        )
        if issued_on:
            _ok(
                self.inspector.post(
                    reverse("recommendation-issue", args=[rec["id"]]),
                    {"issued_on": issued_on.isoformat()},
                    format="json",
                )
            )
        return rec

    def clue(self, subject, received, approved, disposal, panel):
        clue = _ok(
            self.inspector.post(
                reverse("clue-list"),
                {
                    "received_date": received.isoformat(),
                    "date": received.isoformat(),
                    "source": "other",
                    "subject_person": subject.pk,
                    "summary": "线索",
                },
                format="json",
            ),
            201,
        )
        steps = [
            ("assign", {"handler": self.supervisor_user.pk}),
            ("propose", {"disposal": disposal, "note": "拟办"}),
            ("discuss", {"members": [{"person": p.pk, "opinion": "同意"} for p in panel]}),
            ("approve", {"note": "同意"}),
        ]
        for action, body in steps:
            _ok(
                self.supervisor.post(
                    reverse(f"clue-{action}", args=[clue["id"]]), {**body, "date": approved.isoformat()}, format="json"
                )
            )
        return clue


def d(month, day, year=YEAR):
    return dt.date(year, month, day)


@pytest.fixture
def loaded(api_as, inspector, supervisor, dept_a, dept_b):
    """The year and its neighbours, through the API; returns the expected text of each of the 45 blanks."""
    unit = UnitProfile.load()  # the organization's own profile (no API: it is the installation's set-up)
    unit.name, unit.party_group_name, unit.superior_body = "某市热线局", "某市热线局党组", "新区纪工委监察室"
    unit.save()
    dept_c = DepartmentFactory(name="知识库管理队")
    load = Loader(api_as, inspector, supervisor)
    _ok(
        load.supervisor.patch(
            reverse("report-profile"),
            {
                "unit_short_name": "市热线局",
                "line_of_work": "12345热线",
                "campaign_name": "清风热线",
                "column_name": "廉洁微课堂",
                "system_name": "12345热线",
            },
            format="json",
        )
    )
    # -- activities: the year, and one of every kind the year before and after ------------------
    for year in (YEAR - 1, YEAR + 1):
        for code in load.kinds():
            load.activity(code, d(6, 15, year), quantity=5)
    for m in (2, 6, 11):
        load.activity("party-conduct-meeting", d(m, 20))
    load.activity("superior-report", d(6, 30))
    load.activity("superior-report", d(12, 31))  # the last day still counts
    load.activity("heart-talk", d(1, 1), quantity=10)  # and the first
    load.activity("heart-talk", d(7, 1), quantity=8)
    people = [PersonFactory(name=f"新进公务员{i}") for i in range(3)]
    load.activity("integrity-talk", d(1, 20), persons=[p.pk for p in people])  # 3 persons counted
    load.activity("integrity-talk", d(9, 8), quantity=9)
    load.activity("web-article", d(3, 1), quantity=5)
    load.activity("web-article", d(9, 1), quantity=7)
    load.activity("wall-poster", d(4, 1), quantity=4)
    load.activity("warning-case", d(5, 1), quantity=3)
    for m in range(1, 13):
        load.activity("theory-study", d(m, 26), is_seminar=m % 3 == 0)
    load.activity("history-mobilization", d(4, 9))
    load.activity("history-mobilization", d(3, 5))  # the first of the year is the one the text dates
    load.activity("ideology-meeting", d(6, 24))
    load.activity("ideology-meeting", d(12, 22))
    load.activity("work-info", d(8, 28), quantity=15)
    # -- risk points -------------------------------------------------------------------------------
    for _ in range(3):
        load.risk("工单受理", d(4, 8), 2, 1)
    for _ in range(2):
        load.risk("财务管理", d(4, 9), 1, 2)
        load.risk("转办督办", d(4, 10), 1, 1)  # ties with 财务管理: the categories' order decides
    load.risk("资产管理", d(4, 11), 0, 1)
    for _ in range(5):
        load.risk("资产管理", d(1, 5, YEAR + 1), 3, 3)  # next year's would top the list if counted
    # -- 巡察: this year's round, and rounds fed back the year before and after -----------------
    load.round("市委第五巡察组", d(6, 1, YEAR - 1), aspects=1, problems_per_aspect=1, measures_per_problem=1,
               department=dept_b)  # fmt: skip
    rnd = load.round(
        "市委第三巡察组", d(4, 10), aspects=2, problems_per_aspect=2, measures_per_problem=2, department=dept_a
    )
    first_aspect = _ok(load.inspector.get(reverse("rectification-aspect-list"), {"round": rnd["id"]}))["results"][0]
    child = {"round": rnd["id"], "title": "下级方面", "parent": first_aspect["id"]}  # a 方面 under a 大类: not counted
    _ok(load.inspector.post(reverse("rectification-aspect-list"), child, format="json"), 201)
    load.round("市委第一巡察组", d(3, 1, YEAR + 1), aspects=1, problems_per_aspect=1, measures_per_problem=1,
               department=dept_b)  # fmt: skip
    # -- petitions: 23 in the year over six categories, one escalated, others either side -----------
    counts = {"办事效率": 7, "服务态度": 6, "电话接听": 4, "作风纪律": 3, "业务差错": 2, "违反中央八项规定精神": 1}
    names = list(load.petition_categories())
    assert set(counts) <= set(names), names
    year_petitions = []
    for category, n in counts.items():
        for i in range(n):
            year_petitions.append(load.petition(d(1 + i % 12, 3), category))
    load.petition(d(12, 31), "办事效率")  # received on the last day: counts
    load.petition(d(2, 2), kind="accusation", restricted_reason="superior", summary="")  # 上级管辖件: not ours
    for _ in range(8):
        load.petition(d(12, 31, YEAR - 1), "违反中央八项规定精神")
        load.petition(d(1, 1, YEAR + 1), "违反中央八项规定精神")
    # outcomes: two departments named in the year (one of them twice), others that must not count
    load.conclude(year_petitions[0], d(5, 10), [{"kind": "named_criticism", "department": dept_a.pk}])
    load.conclude(year_petitions[1], d(6, 10), [{"kind": "deadline_improvement", "department": dept_b.pk}])
    load.conclude(year_petitions[2], d(7, 10), [{"kind": "named_criticism", "department": dept_a.pk}])
    load.conclude(year_petitions[3], d(7, 11), [{"kind": "criticism", "department": dept_c.pk}])  # other kind
    late = load.petition(d(12, 20), "办事效率")  # 25 in the year; 办事效率 9
    load.conclude(late, d(1, 5, YEAR + 1), [{"kind": "named_criticism", "department": dept_c.pk}])  # next year
    # -- recommendations: three issued in the year; a draft and the years either side don't count --------
    for on in (d(4, 20), d(5, 12), d(11, 3), d(12, 28, YEAR - 1), d(1, 8, YEAR + 1)):
        load.recommendation(dept_a, on)
    load.recommendation(dept_b)
    # -- clues: one disposal approved in the year, one the year after ------------------------------------
    subject = PersonFactory(name="被反映人")
    panel = [PersonFactory(name=f"委员{i}") for i in range(3)]
    load.clue(subject, d(2, 1), d(2, 20), "talk_inquiry", panel)
    load.clue(subject, d(12, 1), d(1, 10, YEAR + 1), "preliminary", panel)

    return {
        "unit_name": "市热线局",
        "line_of_work": "12345热线",
        "campaign_name": "清风热线",
        "column_name": "廉洁微课堂",
        "system_name": "12345热线",
        "superior_body": "新区纪工委监察室",
        "party_conduct_meetings": "3",
        "superior_reports": "2",
        "heart_talks": "18",
        "integrity_talks": "12",
        "web_articles": "12",
        "wall_posters": "4",
        "warning_cases": "3",
        "recommendations_issued": "3",
        "petitions_handled": "20余件",
        "criticized_departments": "2",
        "risk_category_1": "工单受理",
        "risk_category_2": "财务管理",
        "risk_category_3": "转办督办",
        "risk_shortcomings": "10",
        "risk_suggestions": "10",
        "inspection_team": "市委第三巡察组",
        "inspection_aspects": "2",
        "inspection_problems": "4",
        "inspection_measures": "8",
        "theory_study_sessions": "12",
        "theory_seminars": "4",
        "mobilization_month": "3",
        "mobilization_day": "5",
        "petition_category_1": "办事效率",
        "petition_category_2": "服务态度",
        "petition_category_3": "电话接听",
        "petition_category_4": "作风纪律",
        "petition_category_5": "业务差错",
        "ideology_meetings": "2",
        "work_info": "15",
    }


def _expected_lines(values, report_date):
    def fill(text):
        return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)

    return [
        "中共某市热线局党组关于2023年度落实全面从严治党主体责任情况的报告",
        "新区纪工委监察室：",
        *fill(WORK_TEXT).splitlines(),
        "二、存在问题",
        *fill(PROBLEMS_TEXT).splitlines(),
        "三、下一步工作打算",
        *fill(PLANS_TEXT).splitlines(),
        "中共某市热线局党组",
        report_date,
    ]


def test_the_year_loaded_through_the_api_fills_all_45_blanks(loaded, api_as, inspector, leader):
    # When the report is generated through the API
    response = api_as(inspector).post(
        reverse("report-list"), {"year": YEAR, "report_date": "2024-01-15"}, format="json"
    )
    report = _ok(response, 201)
    figures = {f["code"]: f for f in report["figures"]}
    # Then each of the 45 blanks holds its value, none flagged
    assert len(BLANKS) == 45
    for code in set(BLANKS):
        assert not figures[code]["flagged"], (code, figures[code]["reason"])
        assert figures[code]["text"] == loaded[code], code
    assert report["flagged"] == []
    # ... in exactly the sentences of the example
    expected = _expected_lines(loaded, "2024年1月15日")
    assert report["text"].splitlines() == expected
    text = report["text"]
    for sentence in (
        "局党组今年召开党风廉政建设工作会议3次；向新区纪工委监察室汇报责任落实情况2次；"
        "党组成员与各处（室）、队、所主要负责人开展谈心谈话18人次。",
        "（二）认真履行监督责任，为12345热线提供作风纪律保障",
        "推进“清风热线”工作",
        "推送“廉洁微课堂”网文12篇，制作“廉宣墙报”4块，运用曝光典型案例3个",
        "组织班子成员、新进公务员共12人进行廉政提醒谈话",
        "制发3份《纪律检查建议书》",
        "调查处理信访（问题）线索、电话投诉20余件，对群众反映有服务态度、电话接听问题的2个责任部门给予点名批评和限期改进",
        "按照工单受理、财务管理、转办督办等“八类工作”开展廉政风险点排查，查出制度措施短板10条，梳理可行性意见建议10条",
        "自市委第三巡察组反馈工作开展以来，市热线局坚持把巡视整改",
        "对标2个方面4个问题，举一反三、固强补弱、细化深化，结合实际制定8项工作措施",
        "牢牢把握市热线局首先是政治机关的鲜明本色",
        "制定《市热线局党组理论学习中心组学习计划》",
        "召开党组理论中心组12次，其中专题研讨4次",
        "于3月5日召开市热线局党史学习教育动员会",
        "群众关切的办事效率、服务态度、电话接听、作风纪律、业务差错等问题",
        "召开意识形态工作专题会2次",
        "分析研判12345热线系统意识形态情况",
        "报送工作信息15篇",
        "市热线局党组始终坚守初心使命",
        "关于12345热线工作的重要论述",
        "扎实推进市热线局全面从严治党",
        "为12345热线事业高质量发展提供坚强保障",
    ):
        assert sentence in text, sentence
    assert not re.search("XXX|xxx|【待填", text)
    # ... and the extras
    assert figures["measures_in_progress"]["text"] == "8" and figures["measures_overdue"]["text"] == "8"
    assert figures["completion_rate"]["text"] == "0.0%"
    assert figures["clue_disposal_talk"]["text"] == "1" and figures["clue_disposal_verify"]["flagged"]
    # And the .docx says the same, paragraph by paragraph
    content = api_as(leader).get(reverse("report-docx", args=[report["id"]])).content
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs if p.text]
    assert paragraphs == expected

    # And each figure's records are the year's own
    def records(code):
        return _ok(api_as(inspector).get(reverse("report-figure-records", args=[report["id"], code])))

    assert records("petitions_handled")["counted"] == 25
    assert [row[0] for row in records("criticized_departments")["rows"]] == ["受理一处", "督办处"]
    assert records("recommendations_issued")["counted"] == 3
    assert records("petition_category_1")["counted"] == 9
    assert records("inspection_team")["rows"][0][1] == "市委第三巡察组"
    assert records("mobilization_month")["rows"][0][0] == "2023年3月5日"
    for row in records("petitions_handled")["rows"]:
        assert row[1].startswith("2023年")
