"""批量销号 / 批量退回 / 改派责任人 (rectification.services.bulk): all or nothing, with reasons."""

import pytest

from core.bulk import MAX_BULK
from core.errors import ApplicationError, PermissionDeniedError
from organization.roles import Role
from rectification.models import Measure, MeasureReview, MeasureStatus
from rectification.services.bulk import BulkRefused, measures_bulk, measures_reassign
from tests.factories import PersonFactory, make_user
from tests.rectification.bulk_helpers import submitted_measures
from tests.rectification.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _statuses(measures):
    return [Measure.objects.get(pk=m.pk).status for m in measures]


def test_bulk_sign_off_signs_off_every_measure_with_its_own_review_and_history(supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 3)

    done = measures_bulk(user=supervisor, action="sign_off", measure_ids=[m.pk for m in measures], note="同意")

    assert done == sorted(m.pk for m in measures)
    assert _statuses(measures) == [MeasureStatus.SIGNED_OFF] * 3
    for m in measures:
        review = MeasureReview.objects.get(measure=m, action=MeasureReview.Action.SIGN_OFF)
        assert (review.actor, review.note) == (supervisor, "同意")
        latest = Measure.history.filter(id=m.pk).latest("history_date")
        assert latest.history_user == supervisor


def test_bulk_return_needs_a_reason_and_gives_it_to_each_measure(supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 2)
    ids = [m.pk for m in measures]

    with pytest.raises(ApplicationError) as missing:
        measures_bulk(user=supervisor, action="return", measure_ids=ids, reason="  ")
    assert missing.value.detail == {"reason": ["请填写退回理由"]}

    measures_bulk(user=supervisor, action="return", measure_ids=ids, reason="佐证材料不足")
    assert _statuses(measures) == [MeasureStatus.IN_PROGRESS] * 2
    assert MeasureReview.objects.filter(measure_id__in=ids, action="return", note="佐证材料不足").count() == 2


def test_one_refusal_rolls_back_the_whole_batch_and_names_the_measure_and_reason(supervisor, office_a, dept_a):
    ready = submitted_measures(office_a, dept_a, 2)
    not_submitted = MeasureFactory(
        lead_department=dept_a, content="尚未申请销号的措施", status=MeasureStatus.IN_PROGRESS
    )
    reviews_before = MeasureReview.objects.count()
    history_before = Measure.history.count()

    with pytest.raises(BulkRefused) as refused:
        measures_bulk(user=supervisor, action="sign_off", measure_ids=[*(m.pk for m in ready), not_submitted.pk])

    assert refused.value.status == 409
    assert [r.measure_id for r in refused.value.refusals] == [not_submitted.pk]
    only = refused.value.refusals[0]
    assert only.label == "尚未申请销号的措施"
    assert "当前状态为“推进中”，不能审核销号" in only.reason
    assert _statuses(ready) == [MeasureStatus.SUBMITTED] * 2, "the batch was not rolled back"
    assert MeasureReview.objects.count() == reviews_before
    assert Measure.history.count() == history_before


def test_every_refusal_is_listed_not_just_the_first(office_and_supervisor, office_a, dept_a):
    own = submitted_measures(office_and_supervisor, dept_a, 2)  # submitted by the reviewer: never theirs to review
    other = submitted_measures(office_a, dept_a, 1)

    with pytest.raises(BulkRefused) as refused:
        measures_bulk(user=office_and_supervisor, action="sign_off", measure_ids=[m.pk for m in [*own, *other]])

    reasons = {r.measure_id: r.reason for r in refused.value.refusals}
    assert reasons == {m.pk: "不能审核自己提交的销号申请" for m in own}
    assert _statuses(other) == [MeasureStatus.SUBMITTED]


def test_an_invisible_measure_is_refused_exactly_like_a_missing_one(supervisor, office_a, dept_a, dept_b):
    ready = submitted_measures(office_a, dept_a, 1)
    archived = submitted_measures(office_a, dept_a, 1)[0]
    Measure.objects.filter(pk=archived.pk).update(archived_at=archived.created_at)
    missing = Measure.objects.order_by("-pk").first().pk + 1000

    with pytest.raises(BulkRefused) as refused:
        measures_bulk(user=supervisor, action="sign_off", measure_ids=[ready[0].pk, archived.pk, missing])

    by_id = {r.measure_id: r for r in refused.value.refusals}
    assert set(by_id) == {archived.pk, missing}
    assert by_id[archived.pk].label == f"编号{archived.pk}", "an invisible measure's content leaked"
    assert by_id[archived.pk].reason == by_id[missing].reason == "该整改措施不存在，或您无权查看"
    assert _statuses(ready) == [MeasureStatus.SUBMITTED]


def test_only_reviewers_may_act_in_bulk(inspector, office_a, leader, dept_a, settings):
    measures = submitted_measures(office_a, dept_a, 1)
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = False
    for user in (inspector, office_a, leader):
        with pytest.raises(PermissionDeniedError):
            measures_bulk(user=user, action="sign_off", measure_ids=[measures[0].pk])
    settings.RECTIFICATION_INSPECTOR_CAN_SIGN_OFF = True
    measures_bulk(user=inspector, action="sign_off", measure_ids=[measures[0].pk])
    assert _statuses(measures) == [MeasureStatus.SIGNED_OFF]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "请至少选择一项整改措施"),
        (["abc"], "编号“abc”无效"),
        (["0"], "编号“0”无效"),
        (list(range(1, MAX_BULK + 2)), f"一次最多办理{MAX_BULK}项整改措施，已选{MAX_BULK + 1}项"),
    ],
)
def test_bad_or_too_many_ids_are_a_clear_error_on_the_ids_field(supervisor, ids, message):
    with pytest.raises(ApplicationError) as bad:
        measures_bulk(user=supervisor, action="sign_off", measure_ids=ids)
    assert bad.value.status == 400
    assert bad.value.detail == {"ids": [message]}


def test_exactly_the_bound_is_accepted_and_duplicates_count_once(supervisor, office_a, dept_a):
    measures = submitted_measures(office_a, dept_a, 2)
    ids = [measures[0].pk] * (MAX_BULK + 5) + [str(measures[1].pk)]
    assert measures_bulk(user=supervisor, action="sign_off", measure_ids=ids) == sorted(m.pk for m in measures)


def test_an_unknown_action_is_refused(supervisor):
    with pytest.raises(ApplicationError) as bad:
        measures_bulk(user=supervisor, action="delete", measure_ids=[1])
    assert "action" in bad.value.detail


# -- 改派责任人 ------------------------------------------------------------------------------------


def test_reassign_gives_each_measure_the_new_person_with_attributed_history(inspector, dept_a):
    old = PersonFactory(name="原责任人", departments=[dept_a])
    new = PersonFactory(name="新责任人", departments=[dept_a])
    measures = [MeasureFactory(lead_department=dept_a, responsible_person=old) for _ in range(3)]

    measures_reassign(user=inspector, measure_ids=[m.pk for m in measures], person_id=new.pk)

    for m in measures:
        assert Measure.objects.get(pk=m.pk).responsible_person == new
        latest = Measure.history.filter(id=m.pk).latest("history_date")
        assert latest.history_user == inspector
        assert latest.history_change_reason == "改派责任人：原责任人 → 新责任人"


def test_reassign_to_a_person_of_another_department_is_refused_and_changes_nothing(inspector, dept_a, dept_b):
    outsider = PersonFactory(name="外部门人员", departments=[dept_b])
    measures = [MeasureFactory(lead_department=dept_a) for _ in range(2)]

    with pytest.raises(ApplicationError) as refused:
        measures_reassign(user=inspector, measure_ids=[m.pk for m in measures], person_id=outsider.pk)

    assert refused.value.detail == {"person": ["外部门人员不是受理一处的人员，不能担任该部门措施的责任人"]}
    assert not Measure.objects.filter(responsible_person=outsider).exists()


def test_reassign_refuses_measures_of_several_departments(inspector, dept_a, dept_b):
    person = PersonFactory(departments=[dept_a])
    ids = [MeasureFactory(lead_department=dept_a).pk, MeasureFactory(lead_department=dept_b).pk]
    with pytest.raises(ApplicationError) as refused:
        measures_reassign(user=inspector, measure_ids=ids, person_id=person.pk)
    assert refused.value.detail == {"ids": ["改派责任人时，所选措施须属于同一牵头部门"]}


def test_reassign_is_for_inspectors_and_supervisors_only(office_a, leader, dept_a):
    person = PersonFactory(departments=[dept_a])
    measure = MeasureFactory(lead_department=dept_a)
    for user in (office_a, leader, make_user(Role.ADMIN, username="it")):
        with pytest.raises(PermissionDeniedError):
            measures_reassign(user=user, measure_ids=[measure.pk], person_id=person.pk)


def test_reassign_with_an_archived_measure_lists_it_and_changes_none(supervisor, dept_a):
    person = PersonFactory(name="新责任人", departments=[dept_a])
    live = MeasureFactory(lead_department=dept_a)
    gone = MeasureFactory(lead_department=dept_a)
    Measure.objects.filter(pk=gone.pk).update(archived_at=gone.created_at)

    with pytest.raises(BulkRefused) as refused:
        measures_reassign(user=supervisor, measure_ids=[live.pk, gone.pk], person_id=person.pk)

    assert [r.as_dict() for r in refused.value.refusals] == [
        {"id": gone.pk, "label": f"编号{gone.pk}", "reason": "该整改措施不存在，或您无权查看"}
    ]
    assert Measure.objects.get(pk=live.pk).responsible_person is None


def test_reassign_needs_a_real_active_person(supervisor, dept_a):
    measure = MeasureFactory(lead_department=dept_a)
    retired = PersonFactory(departments=[dept_a], is_active=False)
    cases = (("", "请选择新的责任人"), ("x", "请选择新的责任人"), (retired.pk, "所选责任人不存在或已离职"))
    for value, message in cases:
        with pytest.raises(ApplicationError) as bad:
            measures_reassign(user=supervisor, measure_ids=[measure.pk], person_id=value)
        assert bad.value.detail == {"person": [message]}
