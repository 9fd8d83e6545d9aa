"""A round with known aspects, problems and measures in each status, for the round documents' tests.

Counted by hand (the tests assert these numbers):

    一、党的政治建设方面 (A1)
      （一）理论学习不够深入 (A1a)
        P1 (可公开): M1 已销号, M2 推进中 (+ an archived measure, never counted)
    二、全面从严治党方面 (A2)
        P2: M3 长期坚持 (long-term sign-off), M4 长期坚持 (deadline 长期坚持, not started)
        P3 (可公开): M5 已销号
    no aspect: P4: M6 未启动
    an archived problem P5 with a measure: never counted

    问题 4, 措施 6, 已完成 2 (M1, M5), 正在推进 2 (M2, M6), 长期坚持 2 (M3, M4),
    已整改到位的问题 2 (P2, P3), 方面 2 (A1, A2).
    公开: 问题 2 (P1, P3), 措施 3 (M1, M2, M5), 已完成 2, 正在推进 1, 长期坚持 0.
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from rectification.models import DeadlineKind, MeasureReview, MeasureStatus, ProgressUpdate
from tests.factories import DepartmentFactory, PersonFactory
from tests.rectification.factories import AspectFactory, MeasureFactory, ProblemFactory, RoundFactory

LEADER_NAME = "张建国"
PERSON_NAME = "李明华"
MENTIONED_NAME = "王小红"


def make_round(*, reviewer, extra_measures=0):
    today = timezone.localdate()
    rnd = RoundFactory(
        name="2021年市委第三巡察组巡察", inspection_team="市委第三巡察组", inspected_unit="某区城市管理局",
        feedback_date=today - dt.timedelta(days=90), rectification_end=None,
    )  # fmt: skip
    dept = DepartmentFactory(name="办公室")
    dept2 = DepartmentFactory(name="执法大队")
    leader = PersonFactory(name=LEADER_NAME)
    person = PersonFactory(name=PERSON_NAME, departments=[dept])
    PersonFactory(name=MENTIONED_NAME)
    a1 = AspectFactory(round=rnd, title="一、党的政治建设方面", order=1)
    a1a = AspectFactory(round=rnd, parent=a1, title="（一）理论学习不够深入", order=2)
    a2 = AspectFactory(round=rnd, title="二、全面从严治党方面", order=3)
    p1 = ProblemFactory(round=rnd, aspect=a1a, order=1, text="理论学习中心组学习以读文件为主", is_public=True)
    p2 = ProblemFactory(round=rnd, aspect=a2, order=2, text="廉政风险防控机制不健全")
    p3 = ProblemFactory(round=rnd, aspect=a2, order=3, text="公务接待管理不规范", is_public=True)
    p4 = ProblemFactory(round=rnd, aspect=None, order=4, text="档案管理不规范")
    p5 = ProblemFactory(round=rnd, aspect=a2, order=5, text="已撤销的问题")
    p5.archived_at = timezone.now()
    p5.save()
    people = {"responsible_leader": leader, "responsible_person": person, "lead_department": dept}
    due = today + dt.timedelta(days=30)
    m1 = MeasureFactory(
        problem=p1, order=1, content="修订党组理论学习中心组学习制度", status=MeasureStatus.SIGNED_OFF, **people
    )
    m2 = MeasureFactory(problem=p1, order=2, content="开展专题研讨", status=MeasureStatus.IN_PROGRESS, due_date=due,
                        co_departments=[dept2], **people)  # fmt: skip
    archived = MeasureFactory(problem=p1, order=3, content="已撤销的措施", **people)
    archived.archived_at = timezone.now()
    archived.save()
    m3 = MeasureFactory(problem=p2, order=1, content="建立廉政风险防控清单", status=MeasureStatus.LONG_TERM, **people)
    m4 = MeasureFactory(problem=p2, order=2, content="常态化开展廉政教育", deadline_kind=DeadlineKind.LONG_TERM,
                        due_date=None, deadline_text="长期坚持", **people)  # fmt: skip
    m5 = MeasureFactory(
        problem=p3, order=1, content="制定公务接待管理办法", status=MeasureStatus.SIGNED_OFF, lead_department=dept2
    )
    m6 = MeasureFactory(problem=p4, order=1, content="整理归档历年文件", lead_department=dept2)
    MeasureFactory(problem=p5, order=1, content="已撤销问题的措施", lead_department=dept2)
    ProgressUpdate.objects.create(measure=m1, date=today - dt.timedelta(days=40), text="起草了学习制度初稿")
    ProgressUpdate.objects.create(
        measure=m1, date=today - dt.timedelta(days=20), text=f"学习制度经党组会审议通过，{MENTIONED_NAME}负责印发"
    )
    ProgressUpdate.objects.create(measure=m2, date=today - dt.timedelta(days=10), text="已召开专题研讨会一次")
    MeasureReview.objects.create(
        measure=m1, action=MeasureReview.Action.SIGN_OFF, actor=reviewer, note="佐证材料齐全，同意销号"
    )
    MeasureReview.objects.create(measure=m5, action=MeasureReview.Action.SIGN_OFF, actor=reviewer)
    for n in range(extra_measures):
        MeasureFactory(problem=p4, order=10 + n, content=f"补充措施{n}", status=MeasureStatus.IN_PROGRESS, **people)
    return SimpleNamespace(
        round=rnd, aspects=(a1, a1a, a2), problems=(p1, p2, p3, p4), measures=(m1, m2, m3, m4, m5, m6),
        names=(LEADER_NAME, PERSON_NAME, MENTIONED_NAME),
    )  # fmt: skip
