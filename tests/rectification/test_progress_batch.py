"""批量填报进展 (rectification.services.progress_batch): several notes saved at once, all or nothing."""

import pytest
from django.utils import timezone

from core.errors import ApplicationError
from rectification import services
from rectification.models import Measure, MeasureReview, MeasureStatus, ProgressUpdate
from rectification.services.progress import PROGRESS_TEXT_MAX
from rectification.services.progress_batch import (
    MAX_ENTRIES,
    NOT_FOUND,
    NOTE_REASON,
    ProgressBatchRefused,
    ProgressEntry,
    progress_add_many,
)
from tests.concurrency.harness import race
from tests.rectification.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _state():
    """Everything a batch may write, to compare before and after a refusal."""
    measures = list(Measure.objects.order_by("pk").values_list("pk", "status", "version"))
    return measures, ProgressUpdate.objects.count(), MeasureReview.objects.count(), Measure.history.count()


@pytest.fixture
def started(problem, dept_a, office_a):
    """Led by dept_a, in progress with one note (so it may be submitted)."""
    measure = MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门已推进的措施")
    services.progress_add(user=office_a, measure=measure, text="已着手")
    measure.refresh_from_db()
    return measure


def test_notes_on_several_measures_with_one_submit(office_a, measure_a, measure_co, started, today):
    """Given a new measure, a co-operated one and a started one, when office_a saves three notes and
    asks 销号 for the started one, then each gets a note by office_a dated today, the new one is
    started, and the started one is submitted."""
    notes = progress_add_many(
        user=office_a,
        entries=[
            (measure_a.pk, "  已召开专题会  ", False, measure_a.version),
            ProgressEntry(measure_co.pk, "已配合整理材料"),
            (started.pk, "已全部完成", True),
        ],
    )

    assert [n.measure_id for n in notes] == [measure_a.pk, measure_co.pk, started.pk]
    stored = {n.measure_id: n for n in ProgressUpdate.objects.filter(pk__in=[n.pk for n in notes])}
    assert stored[measure_a.pk].text == "已召开专题会"
    assert {n.author_id for n in stored.values()} == {office_a.pk}
    assert {n.date for n in stored.values()} == {today}
    assert stored[measure_a.pk].department_id == measure_a.lead_department_id
    assert stored[measure_co.pk].department_id == office_a.person_obj.departments.get().pk
    history = ProgressUpdate.history.filter(id=stored[measure_a.pk].pk).get()
    assert (history.history_user_id, history.history_change_reason) == (office_a.pk, NOTE_REASON)

    measure_a.refresh_from_db()
    assert (measure_a.status, measure_a.version) == (MeasureStatus.IN_PROGRESS, 2)
    assert measure_a.reviews.get().action == MeasureReview.Action.START
    assert measure_a.history.latest().history_user_id == office_a.pk
    started.refresh_from_db()
    assert (started.status, started.submitted_by_id) == (MeasureStatus.SUBMITTED, office_a.pk)
    measure_co.refresh_from_db()
    assert measure_co.status == MeasureStatus.IN_PROGRESS  # started by its note; not submitted


def test_every_refusal_is_listed_and_nothing_is_written(
    office_a, measure_a, measure_b, measure_co, started, problem, dept_a, supervisor
):
    signed_off = MeasureFactory(problem=problem, lead_department=dept_a, status=MeasureStatus.SIGNED_OFF)
    archived = MeasureFactory(problem=problem, lead_department=dept_a)
    archived.archive()
    submitted = MeasureFactory(problem=problem, lead_department=dept_a, status=MeasureStatus.SUBMITTED)
    stale = MeasureFactory(problem=problem, lead_department=dept_a)
    services.measure_start(user=supervisor, measure=stale)  # version 1 → 2, after the page was read
    long_text = MeasureFactory(problem=problem, lead_department=dept_a)
    control = MeasureFactory(problem=problem, lead_department=dept_a)
    before = _state()

    with pytest.raises(ProgressBatchRefused) as caught:
        progress_add_many(
            user=office_a,
            entries=[
                (measure_a.pk, "   ", False),  # no text
                (measure_b.pk, "另一部门的措施", False),  # not visible to office_a
                (999_999, "不存在的措施", False),
                (measure_co.pk, "配合部门申请销号", True),  # only the lead office submits
                (signed_off.pk, "已销号的措施", False),
                (archived.pk, "已归档的措施", False),
                (submitted.pk, "已申请销号的措施", True),
                (stale.pk, "页面打开后被启动", False, 1),
                (long_text.pk, "长" * (PROGRESS_TEXT_MAX + 1), False),
                (control.pk, "含控制字符\x07", False),
                (started.pk, "第一次", False),
                (started.pk, "第二次", False),  # the same measure twice
            ],
        )

    assert _state() == before
    exc = caught.value
    assert exc.status == 400  # some refusals are about what was typed
    reasons = {r.measure_id: r.reason for r in exc.refusals}
    assert reasons[measure_a.pk] == "请填写进展情况"
    assert reasons[measure_b.pk] == reasons[999_999] == NOT_FOUND  # existence is not revealed
    assert {r.label for r in exc.refusals if r.measure_id == measure_b.pk} == {f"编号{measure_b.pk}"}
    assert reasons[measure_co.pk] == "只有牵头部门的联络员可以申请销号"
    assert reasons[signed_off.pk] == "该措施已销号，不能再填报进展"
    assert reasons[archived.pk] == "该整改措施已归档"
    assert "当前状态为“申请销号”，不能申请销号" in reasons[submitted.pk]
    assert reasons[stale.pk] == (f"该措施在您打开页面后已被修改（纪检组长，{_last_change_time(stale)}），请刷新后重填")
    assert f"超过上限 {PROGRESS_TEXT_MAX} 个字符" in reasons[long_text.pk]
    assert "控制字符（U+0007）" in reasons[control.pk]
    assert reasons[started.pk] == "同一措施在本次填报中出现了多次，请合并为一项"
    assert set(exc.detail) == {str(r.measure_id) for r in exc.refusals}
    assert exc.refusals[0].label.startswith(f"问题{problem.order}-措施{measure_a.order} 甲部门牵头的措施")


def _last_change_time(measure):
    entry = measure.history.order_by("-history_date", "-history_id").first()
    return f"{timezone.localtime(entry.history_date):%Y-%m-%d %H:%M:%S}"


def test_only_state_refusals_answer_409(office_a, problem, dept_a):
    signed_off = MeasureFactory(problem=problem, lead_department=dept_a, status=MeasureStatus.SIGNED_OFF)
    with pytest.raises(ProgressBatchRefused) as caught:
        progress_add_many(user=office_a, entries=[(signed_off.pk, "进展", False)])
    assert caught.value.status == 409
    assert caught.value.detail == {str(signed_off.pk): ["该措施已销号，不能再填报进展"]}


@pytest.mark.parametrize("who", ["inspector", "supervisor", "leader"])
def test_readers_and_reviewers_may_not_report(request, who, measure_a):
    user = request.getfixturevalue(who)
    before = _state()
    with pytest.raises(ProgressBatchRefused) as caught:
        progress_add_many(user=user, entries=[(measure_a.pk, "进展", False)])
    assert [r.reason for r in caught.value.refusals] == ["只有该措施牵头或配合部门的联络员可以填报整改进展"]
    assert _state() == before


def test_a_system_administrator_sees_no_measure(admin_user, measure_a):
    with pytest.raises(ProgressBatchRefused) as caught:
        progress_add_many(user=admin_user, entries=[(measure_a.pk, "进展", False)])
    assert [r.reason for r in caught.value.refusals] == [NOT_FOUND]


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([], "请至少填写一项整改进展"),
        ([(1, "x", False)] * (MAX_ENTRIES + 1), f"一次最多填报{MAX_ENTRIES}项整改措施的进展，请分批保存"),
        ([("1", "x", False)], "措施编号“1”无效"),
        ([(0, "x", False)], "措施编号“0”无效"),
        ([(True, "x", False)], "措施编号“True”无效"),
        (["abc"], "每一项须为（措施编号, 进展, 是否申请销号[, 版本]）"),
        ([(1, "x")], "每一项须为（措施编号, 进展, 是否申请销号[, 版本]）"),
    ],
)
def test_a_malformed_batch_is_a_400(office_a, entries, message):
    with pytest.raises(ApplicationError) as caught:
        progress_add_many(user=office_a, entries=entries)
    assert (caught.value.status, caught.value.message) == (400, message)
    assert caught.value.detail == {"entries": [message]}


def test_a_huge_generator_is_not_read_past_the_limit(office_a):
    def endless():
        n = 0
        while True:
            n += 1
            yield (n, "x", False)

    with pytest.raises(ApplicationError, match=f"一次最多填报{MAX_ENTRIES}项"):
        progress_add_many(user=office_a, entries=endless())


def _measures(n, problem, dept_a, *, started_every=2):
    measures = [MeasureFactory(problem=problem, lead_department=dept_a) for _ in range(n)]
    # Half are in progress, so both the note inserts and the auto-start bulk update run at each size.
    Measure.objects.filter(pk__in=[m.pk for m in measures[::started_every]]).update(status=MeasureStatus.IN_PROGRESS)
    return measures


@pytest.mark.parametrize("n", [4, 40])
def test_notes_take_a_fixed_number_of_queries(n, office_a, problem, dept_a, django_assert_max_num_queries):
    measures = _measures(n, problem, dept_a)
    # savepoint + release (the atomic block), the actor (person, roles, departments, departments
    # headed: 4), the locking read, its co-departments prefetch, the note insert and its history
    # insert, the auto-start bulk update and its history, the START reviews and their history:
    # 14 whatever n is (n ≤ 200, below every batch size).
    with django_assert_max_num_queries(14):
        notes = progress_add_many(user=office_a, entries=[(m.pk, f"进展{m.pk}", False, m.version) for m in measures])
    assert len(notes) == n == ProgressUpdate.objects.filter(measure__in=measures).count()


@pytest.mark.parametrize("submits", [1, 3])
def test_each_submit_costs_its_own_workflow_step(
    submits, office_a, supervisor, problem, dept_a, django_assert_max_num_queries
):
    measures = _measures(10, problem, dept_a, started_every=1)
    for m in measures:
        ProgressUpdate.objects.create(measure=m, text="已有进展", author=office_a)
    # The notes' queries (14 at most), then per 申请销号 measure_submit's own 22, as on the measure page:
    # its lock, the note check, the measure's update and history, the review and its history, the
    # actor and visibility checks of the notice, and the reviewers' reminder and notifications
    # (reminders.workflow: bulk INSERT … SELECT, so not per reviewer). Linear in the submits only.
    with django_assert_max_num_queries(14 + 22 * submits):
        progress_add_many(
            user=office_a,
            entries=[(m.pk, "完成", i < submits) for i, m in enumerate(measures)],
        )
    assert Measure.objects.filter(status=MeasureStatus.SUBMITTED).count() == submits


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class TestTwoBatchesAtOnce:
    """Two batches on the same measure, each on its own connection, both based on the version the
    page showed. Notes are append-only and do not move the version: on a measure in progress both
    are saved as two notes. On a new measure the first note starts it (the version moves), so the
    batch that comes second is refused as stale and writes nothing."""

    def _race(self, office, measure, version):
        def batch(text):
            return lambda: progress_add_many(user=office, entries=[(measure.pk, text, False, version)])

        return race(batch("甲的进展"), batch("乙的进展"), delays=(0, 0.1))

    def test_on_a_measure_in_progress_both_are_appended(self, started, office_a):
        outcomes = self._race(office_a, started, started.version)
        assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
        texts = set(started.progress.values_list("text", flat=True))
        assert {"甲的进展", "乙的进展"} <= texts

    def test_on_a_new_measure_the_second_is_refused_as_stale(self, measure_a, office_a):
        outcomes = self._race(office_a, measure_a, measure_a.version)
        kinds = sorted(o[0] for o in outcomes)
        assert kinds == ["error", "ok"], outcomes
        error = next(o[1] for o in outcomes if o[0] == "error")
        assert isinstance(error, ProgressBatchRefused)
        assert "该措施在您打开页面后已被修改（联络员甲，" in error.refusals[0].reason
        assert measure_a.progress.count() == 1
        measure_a.refresh_from_db()
        assert (measure_a.status, measure_a.version) == (MeasureStatus.IN_PROGRESS, 2)
