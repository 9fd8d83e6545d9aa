"""批量填报进展 page (web.views.progress_grid): an office's measures, one 保存 for several notes."""

import pytest
from django.urls import reverse

from rectification import services
from rectification.models import Measure, MeasureStatus, ProgressUpdate
from rectification.services.progress import PROGRESS_TEXT_MAX
from rectification.services.progress_batch import NOT_FOUND
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.web.helpers import with_token

pytestmark = pytest.mark.django_db
URL = reverse("web:progress-grid")


def _row(m, text="", submit=False, version=None):
    data = {f"version-{m.pk}": version or m.version, f"text-{m.pk}": text}
    if submit:
        data[f"submit-{m.pk}"] = "on"
    return data


def _post(client, user, *rows, ids, url=URL, **extra):
    data = {"m": [m.pk if hasattr(m, "pk") else m for m in ids]}
    for row in rows:
        data.update(row)
    return client.post(url, with_token(user, {**data, **extra}))


def _written():
    return ProgressUpdate.objects.count(), list(Measure.objects.order_by("pk").values_list("status", "version"))


@pytest.fixture
def problem(db):
    return ProblemFactory(round=RoundFactory(name="2021年市委第三巡察组巡察"), text="理论学习中心组学习以读文件为主")


@pytest.fixture
def measure_a(problem, dept_a):
    return MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门牵头的措施")


@pytest.fixture
def measure_b(problem, dept_b):
    return MeasureFactory(problem=problem, lead_department=dept_b, content="乙部门牵头的措施")


@pytest.fixture
def measure_co(problem, dept_a, dept_b):
    return MeasureFactory(
        problem=problem, lead_department=dept_b, co_departments=[dept_a], content="乙牵头甲配合的措施"
    )


@pytest.fixture
def started(problem, dept_a, office_a):
    measure = MeasureFactory(problem=problem, lead_department=dept_a, content="甲部门已推进的措施")
    services.progress_add(user=office_a, measure=measure, text="第一次进展：已制定方案")
    measure.refresh_from_db()
    return measure


def test_an_office_sees_only_its_own_measures(client_as, office_a, measure_a, measure_b, measure_co, started):
    page = client_as(office_a).get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-measure="{measure_a.pk}"' in html and f'data-measure="{measure_co.pk}"' in html
    assert f'data-measure="{measure_b.pk}"' not in html and measure_b.content not in html
    assert "第一次进展：已制定方案" in html  # 最新进展
    # Lead office: 申请销号 offered; co-operating only: not.
    assert f'name="submit-{measure_a.pk}"' in html and f'name="submit-{measure_co.pk}"' not in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_signed_off_measures_are_left_out_and_submitted_ones_are_read_only(client_as, office_a, problem, dept_a):
    signed_off = MeasureFactory(problem=problem, lead_department=dept_a, status=MeasureStatus.SIGNED_OFF)
    submitted = MeasureFactory(problem=problem, lead_department=dept_a, status=MeasureStatus.SUBMITTED)
    html = client_as(office_a).get(URL).content.decode()
    assert f'data-measure="{signed_off.pk}"' not in html
    assert f'data-measure="{submitted.pk}"' in html and f'name="text-{submitted.pk}"' not in html
    assert "已申请销号，等待纪检部门审核" in html


@pytest.mark.parametrize("who", ["inspector", "supervisor", "leader", "admin_user"])
def test_the_other_roles_are_refused_with_403(request, client_as, who, measure_a):
    """Only 责任部门联络员 report progress (rectification.permissions): a 403 page that says so, and a
    post writes nothing."""
    user = request.getfixturevalue(who)
    client = client_as(user)
    page = client.get(URL)
    assert page.status_code == 403
    assert "只有责任部门联络员可以批量填报整改进展" in page.content.decode()
    assert _post(client, user, _row(measure_a, "进展"), ids=[measure_a]).status_code == 403
    assert ProgressUpdate.objects.count() == 0


def test_the_list_and_the_office_home_link_to_the_grid(client_as, office_a, inspector):
    link = 'data-testid="progress-grid-link"'
    assert link in client_as(office_a).get(reverse("web:measure-list")).content.decode()
    assert link in client_as(office_a).get(reverse("home")).content.decode()
    assert link not in client_as(inspector).get(reverse("web:measure-list")).content.decode()


def test_filter_by_round(client_as, office_a, measure_a, dept_a):
    other = MeasureFactory(problem=ProblemFactory(round=RoundFactory(name="另一轮")), lead_department=dept_a)
    html = client_as(office_a).get(URL, {"round": measure_a.problem.round_id}).content.decode()
    assert f'data-measure="{measure_a.pk}"' in html and f'data-measure="{other.pk}"' not in html
    bad = client_as(office_a).get(URL, {"light": "purple"})
    assert bad.status_code == 400 and f'data-measure="{measure_a.pk}"' not in bad.content.decode()


def test_save_several_with_one_submit(client_as, office_a, measure_a, measure_co, started):
    client = client_as(office_a)
    page = _post(
        client,
        office_a,
        _row(measure_a, "已召开专题会"),
        _row(measure_co, ""),  # left empty: ignored
        _row(started, "已全部完成", submit=True),
        ids=[measure_a, measure_co, started],
        url=f"{URL}?round={measure_a.problem.round_id}",
    )
    assert page.status_code == 302 and page.url == f"{URL}?round={measure_a.problem.round_id}"
    assert "已保存 2 项进展，申请销号 1 项" in client.get(page.url).content.decode()
    assert set(ProgressUpdate.objects.filter(author=office_a).values_list("measure_id", "text")) >= {
        (measure_a.pk, "已召开专题会"),
        (started.pk, "已全部完成"),
    }
    assert not measure_co.progress.exists()
    started.refresh_from_db()
    assert started.status == MeasureStatus.SUBMITTED


def test_the_same_post_twice_saves_once(client_as, office_a, started):
    client = client_as(office_a)
    data = with_token(office_a, {"m": [started.pk], **_row(started, "只保存一次")})
    assert client.post(URL, data).status_code == 302
    again = client.post(URL, data)
    assert again.status_code == 302
    assert started.progress.filter(text="只保存一次").count() == 1


def test_a_stale_row_is_refused_with_who_and_nothing_is_written(client_as, office_a, supervisor, measure_a, started):
    version = measure_a.version
    services.measure_start(user=supervisor, measure=measure_a)  # after the page was loaded
    before = _written()
    page = _post(
        client_as(office_a),
        office_a,
        _row(measure_a, "基于旧页面的进展", version=version),
        _row(started, "这一行本可保存"),
        ids=[measure_a, started],
    )
    html = page.content.decode()
    assert page.status_code == 409
    assert _written() == before
    assert "该措施在您打开页面后已被修改（纪检组长，" in html and "请刷新后重填" in html
    assert f'<tr data-measure="{measure_a.pk}" class="refused">' in html
    assert f'<tr data-measure="{started.pk}">' in html  # not refused itself
    assert "基于旧页面的进展" in html and "这一行本可保存" in html  # typed texts kept
    assert f'name="version-{measure_a.pk}" value="{version}"' in html  # refused again until reloaded


def test_a_submit_tick_without_text_is_refused_on_its_row(client_as, office_a, started):
    page = _post(client_as(office_a), office_a, _row(started, "", submit=True), ids=[started])
    assert page.status_code == 400
    assert "请填写进展情况" in page.content.decode()
    started.refresh_from_db()
    assert started.status == MeasureStatus.IN_PROGRESS


def test_nothing_filled_is_a_400(client_as, office_a, measure_a):
    page = _post(client_as(office_a), office_a, _row(measure_a, "   "), ids=[measure_a])
    assert page.status_code == 400 and "请至少在一行填写本次进展" in page.content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [("长" * (PROGRESS_TEXT_MAX + 1), f"超过上限 {PROGRESS_TEXT_MAX} 个字符"), ("含\x00空字符", "空字符（NUL")],
)
def test_hostile_text_is_refused_on_its_row(client_as, office_a, measure_a, started, text, message):
    before = _written()
    page = _post(
        client_as(office_a), office_a, _row(measure_a, text), _row(started, "正常进展"), ids=[measure_a, started]
    )
    assert page.status_code == 400
    assert message in page.content.decode()
    assert _written() == before


def test_unknown_and_other_departments_ids_are_refused_alike(client_as, office_a, measure_b, started):
    before = _written()
    data = {**_row(measure_b, "他部门"), "text-999999": "不存在", "version-999999": "1", **_row(started, "正常")}
    page = _post(client_as(office_a), office_a, data, ids=[measure_b, 999_999, started])
    html = page.content.decode()
    assert page.status_code == 409
    assert html.count(NOT_FOUND) == 2
    assert measure_b.content not in html
    assert _written() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"m": ["abc"]}, "编号“abc”无效"),
        ({"m": ["1"], "version-1": "x", "text-1": "进展"}, "版本号须为正整数"),
        ({"m": [str(n) for n in range(1, 300)]}, "一次最多办理200项整改措施"),
    ],
)
def test_malformed_posts_are_a_clear_400(client_as, office_a, measure_a, data, message):
    page = client_as(office_a).post(URL, with_token(office_a, data))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_ten_thousand_fields_are_a_400(client_as, office_a, measure_a):
    data = with_token(office_a, {f"text-{n}": "x" for n in range(10_000)} | {"m": [measure_a.pk]})
    page = client_as(office_a).post(URL, data)
    assert page.status_code == 400
    assert ProgressUpdate.objects.count() == 0


def test_a_post_without_its_token_writes_nothing(client_as, office_a, measure_a):
    page = client_as(office_a).post(URL, {"m": [measure_a.pk], **_row(measure_a, "无校验")})
    assert page.status_code == 400
    assert "表单校验信息缺失或无效" in page.content.decode()
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("n", [5, 45])
def test_the_page_takes_a_fixed_number_of_queries(
    n, client_as, office_a, problem, dept_a, django_assert_max_num_queries
):
    for _ in range(n):
        m = MeasureFactory(problem=problem, lead_department=dept_a)
        ProgressUpdate.objects.create(measure=m, text="已有进展", author=office_a)
    client = client_as(office_a)
    # session and user (2), the actor (4), the count, the list's saved-filter read (list_page), the
    # light window, the page's rows, their co-departments and extensions (prefetched), the newest
    # note of every row (one query), the bell's unread count, the top bar's person, the round
    # choices of the filter, and the session's save (3): 19 for 5 rows as for 45.
    with django_assert_max_num_queries(19):
        page = client.get(URL)
    assert page.content.decode().count('name="m"') == n
