"""填报表 pages: download the sheet, upload it, preview old → new, confirm — who may, and nothing partial."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectification import services
from rectification.models import Measure, MeasureStatus, ProgressUpdate
from tests.factories import make_user
from tests.rectification.factories import MeasureFactory, ProblemFactory, RoundFactory
from tests.web.fill_sheet import as_bytes, book, cell, fill, measure_texts

pytestmark = pytest.mark.django_db

CONFIRM = ">确认保存</button>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def rnd():
    return RoundFactory(name="2021年市委第三巡察组巡察")


@pytest.fixture
def measure_a(rnd, dept_a):
    return MeasureFactory(problem=ProblemFactory(round=rnd, text="理论学习不深入"), lead_department=dept_a,
                          content="甲部门牵头的措施")  # fmt: skip


@pytest.fixture
def measure_a2(rnd, dept_a):
    return MeasureFactory(problem=ProblemFactory(round=rnd, text="制度执行不严"), lead_department=dept_a,
                          content="甲部门的第二项措施")  # fmt: skip


@pytest.fixture
def measure_b(rnd, dept_b):
    return MeasureFactory(problem=ProblemFactory(round=rnd, text="乙部门的问题"), lead_department=dept_b,
                          content="乙部门牵头的措施")  # fmt: skip


def _download(client, **params):
    response = client.get(reverse("web:fill-download"), params)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def _upload(client, content, name="填报表.xlsx"):
    return client.post(reverse("web:fill-upload"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def _token(html):
    return html.split('name="token" value="')[1].split('"')[0]


# -- who may use the pages ------------------------------------------------------------------------


def test_offices_and_the_jijian_office_open_the_pages_leaders_and_admins_are_refused(
    client_as, office_a, inspector, supervisor, leader, admin_user, measure_a
):
    for user in (office_a, inspector, supervisor):
        client = client_as(user)
        page = client.get(reverse("web:fill-upload"))
        assert page.status_code == 200
        assert "完成情况选“已完成”即提交申请销号" in page.content.decode()
        assert client.get(reverse("web:fill-download")).status_code == 200
    for user in (leader, admin_user):  # leaders write nothing; the system administrator sees no case content
        client = client_as(user)
        assert client.get(reverse("web:fill-upload")).status_code == 403
        assert client.get(reverse("web:fill-download")).status_code == 403
        assert client.post(reverse("web:fill-confirm"), {"token": "x"}).status_code == 403


def test_a_round_or_department_the_user_may_not_see_answers_404(client_as, office_a, inspector, dept_b, measure_b):
    client = client_as(office_a)
    other_round = measure_b.problem.round  # the office has no measure in it
    assert client.get(reverse("web:fill-download"), {"round": other_round.pk}).status_code == 404
    assert client.get(reverse("web:fill-download"), {"department": dept_b.pk}).status_code == 404
    assert client.get(reverse("web:fill-download"), {"round": "abc"}).status_code == 404
    assert client_as(inspector).get(reverse("web:fill-download"), {"round": 999999}).status_code == 404


def test_the_buttons_show_on_the_measure_list_and_round_page_for_those_who_may_fill(
    client_as, office_a, inspector, leader, measure_a, dept_b
):
    rnd = measure_a.problem.round
    office_list = client_as(office_a).get(reverse("web:measure-list"), {"round": rnd.pk}).content.decode()
    assert 'data-testid="fill-bar"' in office_list and f'name="round" value="{rnd.pk}"' in office_list
    assert "填报部门" not in office_list  # an office downloads its own rows, no department to choose
    staff_round = client_as(inspector).get(reverse("web:round-detail", args=[rnd.pk])).content.decode()
    assert "下载填报表" in staff_round and "填报部门" in staff_round and dept_b.name in staff_round
    assert 'data-testid="fill-bar"' not in client_as(leader).get(reverse("web:measure-list")).content.decode()


# -- download -------------------------------------------------------------------------------------


def test_an_offices_sheet_holds_only_its_rows_and_the_jijian_office_picks_a_department(
    client_as, office_a, inspector, dept_b, measure_a, measure_b
):
    response = client_as(office_a).get(reverse("web:fill-download"), {"round": measure_a.problem.round_id})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    texts = measure_texts(book(b"".join(response.streaming_content)))
    assert texts == ["甲部门牵头的措施"]
    staff = client_as(inspector)
    assert set(measure_texts(book(_download(staff)))) == {"甲部门牵头的措施", "乙部门牵头的措施"}
    assert measure_texts(book(_download(staff, department=dept_b.pk))) == ["乙部门牵头的措施"]


# -- upload, preview, confirm ---------------------------------------------------------------------


def test_preview_shows_old_and_new_then_confirm_writes_the_notes_and_asks_for_sign_off(
    client_as, office_a, measure_a, measure_a2
):
    services.progress_add(user=office_a, measure=measure_a, text="已召开专题会议")
    client = client_as(office_a)
    wb = book(_download(client))
    fill(wb, "甲部门牵头的措施", progress="已修订学习制度并印发")
    fill(wb, "甲部门的第二项措施", progress="整改全部完成", completion="已完成")
    notes_before = ProgressUpdate.objects.count()

    response = _upload(client, as_bytes(wb))
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "变更 <b>2</b> 行，未变化 <b>0</b> 行，申请销号 <b>1</b> 项" in html
    assert "原：已召开专题会议" in html and "新增：已修订学习制度并印发" in html
    assert reverse("web:measure-detail", args=[measure_a.pk]) in html
    assert CONFIRM in html and ProgressUpdate.objects.count() == notes_before  # the preview writes nothing

    response = client.post(reverse("web:fill-confirm"), {"token": _token(html)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:measure-list")
    assert "已保存填报表：2 项整改措施更新了进展，1 项已申请销号" in response.content.decode()
    texts = set(ProgressUpdate.objects.filter(measure__in=[measure_a, measure_a2]).values_list("text", flat=True))
    assert {"已修订学习制度并印发", "整改全部完成"} <= texts
    assert Measure.objects.get(pk=measure_a2.pk).status == MeasureStatus.SUBMITTED
    assert Measure.objects.get(pk=measure_a.pk).status == MeasureStatus.IN_PROGRESS

    again = client.post(reverse("web:fill-confirm"), {"token": _token(html)}, follow=True)  # a token is used once
    assert "填报预览已失效" in again.content.decode()
    assert ProgressUpdate.objects.count() == notes_before + 2


def test_refusals_are_listed_with_400_and_nothing_is_written(client_as, office_a, measure_a, measure_a2):
    client = client_as(office_a)
    wb = book(_download(client))
    fill(wb, "甲部门牵头的措施", progress="写了进展", completion="差不多了")
    cell(wb, "甲部门的第二项措施", "B", "改过的问题")  # a structure column
    fill(wb, "甲部门的第二项措施", progress="也写了进展")
    response = _upload(client, as_bytes(wb))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="import-errors"' in html and "差不多了" in html and "改过的问题" in html
    assert CONFIRM not in html
    assert not ProgressUpdate.objects.exists()


def test_a_change_made_after_the_preview_refuses_the_confirm_and_writes_nothing(client_as, office_a, measure_a):
    client = client_as(office_a)
    wb = book(_download(client))
    fill(wb, "甲部门牵头的措施", progress="填报表里的进展")
    html = _upload(client, as_bytes(wb)).content.decode()
    services.progress_add(user=office_a, measure=measure_a, text="在页面上另外写的进展")  # meanwhile
    response = client.post(reverse("web:fill-confirm"), {"token": _token(html)})
    assert response.status_code == 400
    assert "已有变动" in response.content.decode()
    assert list(ProgressUpdate.objects.values_list("text", flat=True)) == ["在页面上另外写的进展"]


def test_an_unknown_token_says_the_preview_expired(client_as, office_a):
    response = client_as(office_a).post(reverse("web:fill-confirm"), {"token": "nope"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:fill-upload")
    assert "填报预览已失效，请重新上传填报表" in response.content.decode()


def test_a_sheet_sent_back_unchanged_says_so_and_offers_no_confirm(client_as, office_a, measure_a, measure_a2):
    client = client_as(office_a)
    response = _upload(client, _download(client))
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有需要保存的变更" in html and "变更 <b>0</b> 行，未变化 <b>2</b> 行" in html
    assert CONFIRM not in html and 'name="token"' not in html


def test_not_an_excel_file_is_refused_beside_the_field(client_as, office_a):
    response = _upload(client_as(office_a), b"hello", name="x.txt")
    assert response.status_code == 400 and "请上传 Excel .xlsx 文件" in response.content.decode()


def test_an_office_cannot_change_another_departments_row_by_uploading_the_staff_sheet(
    client_as, office_a, inspector, measure_b
):
    wb = book(_download(client_as(inspector)))
    fill(wb, "乙部门牵头的措施", progress="甲部门替乙部门写的进展")
    response = _upload(client_as(office_a), as_bytes(wb))
    assert response.status_code == 400 and "措施标识无法识别" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_preview_query_count_does_not_grow_with_rows(client_as, rnd, dept_a, django_assert_max_num_queries):
    office = make_user("office", departments=[dept_a])
    texts = []
    for i in range(30):
        texts.append(f"措施{i:02d}：落实整改")
        MeasureFactory(problem=ProblemFactory(round=rnd), lead_department=dept_a, content=texts[-1])
    client = client_as(office)
    wb = book(_download(client))
    for text in texts[:20]:
        fill(wb, text, progress=f"{text}的进展")
    content = as_bytes(wb)
    # session + user + actor (2) + the backend's check (measures with their latest notes, co-departments,
    # in chunks of many rows) + session save + the bell's count: fixed, whatever the number of rows.
    with django_assert_max_num_queries(16):
        response = _upload(client, content)
    assert response.status_code == 200 and "变更 <b>20</b> 行" in response.content.decode()
