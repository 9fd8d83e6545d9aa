"""纪律检查建议书 through the API: draft → 制发 (numbered) → 回复 (by the target office,
with files) → 办结; who sees and does what."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditLog
from deadlines.models import DeadlineRule
from deadlines.services import due_for
from discipline.models import Recommendation, RecommendationReplyFile
from discipline.services import recommendations as services
from organization.roles import Role
from tests.discipline.factories import draft_recommendation, issued_recommendation
from tests.factories import make_user
from tests.uploads import sample_upload

pytestmark = pytest.mark.django_db
S = Recommendation.Status


def create_body(department, **extra):
    return {
        "title": "关于规范公务接待的纪律检查建议",
        "target_department": department.pk,
        "source": "inspection",
        "problems": "一、无公函接待",
        "causes": "制度执行不严",
        "recommendations": "一、修订接待管理办法",
        **extra,
    }


def url(name, rec=None, **kwargs):
    return reverse(f"recommendation-{name}", kwargs={"pk": rec.pk, **kwargs} if rec else kwargs)


def test_a_letter_is_numbered_when_issued_and_replied_to_by_its_department(
    inspector, supervisor, office_a, dept_a, api_as
):
    staff = api_as(inspector)
    # 起草: a draft has no number
    response = staff.post(url("list"), create_body(dept_a), format="json")
    assert response.status_code == 201, response.json()
    draft = response.json()
    assert (draft["number"], draft["status"], draft["reply_due_date"]) == ("", S.DRAFT, None)
    rec = Recommendation.objects.get(pk=draft["id"])
    # the target office does not see drafts
    assert api_as(office_a).get(url("detail", rec)).status_code == 404
    # 制发: numbered 〔year〕1号, due by the rule (30 日 by default) from the issue date
    response = staff.post(url("issue", rec), {}, format="json")
    assert response.status_code == 200, response.json()
    today = timezone.localdate()
    body = response.json()
    assert body["number"] == f"〔{today.year}〕1号"
    assert body["issued_on"] == today.isoformat()
    assert body["reply_due_date"] == due_for("recommendation-reply", today).date.isoformat()
    assert body["reply_due_date_manual"] is False
    # the office sees it now, replies with a file
    office = api_as(office_a)
    assert office.get(url("detail", rec)).status_code == 200
    upload = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    response = office.post(url("reply", rec), {"reply_text": "已修订制度", "files": [upload]}, format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["replied_on"]) == (S.REPLIED, today.isoformat())
    assert [f["original_name"] for f in body["reply_files"]] == ["整改报告.pdf"]
    # the download goes through the checked view and is logged
    download = office.get(body["reply_files"][0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 reply"
    assert AuditLog.objects.filter(event=AuditLog.Event.DOWNLOAD, user=office_a).exists()
    # 办结 by the 纪检 office
    response = api_as(supervisor).post(url("close", rec), {"note": "整改到位，予以销账"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == S.CLOSED
    rec.refresh_from_db()
    assert (rec.closed_by, rec.close_note) == (supervisor, "整改到位，予以销账")
    assert rec.history.filter(history_user=office_a).exists()


def test_numbers_follow_issue_order_not_draft_order(inspector, api_as):
    first, second = draft_recommendation(inspector), draft_recommendation(inspector)
    client = api_as(inspector)
    assert client.post(url("issue", second), {}, format="json").json()["number"].endswith("〕1号")
    assert client.post(url("issue", first), {}, format="json").json()["number"].endswith("〕2号")


def test_each_office_sees_and_replies_to_its_own_letters_only(inspector, office_a, office_b, dept_a, dept_b, api_as):
    mine = issued_recommendation(inspector, department=dept_a)
    theirs = issued_recommendation(inspector, department=dept_b)
    draft_recommendation(inspector, department=dept_a)
    client = api_as(office_a)
    assert [r["id"] for r in client.get(url("list")).json()["results"]] == [mine.pk]
    assert client.get(url("detail", theirs)).status_code == 404
    response = client.post(url("reply", theirs), {"reply_text": "越权回复"}, format="json")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.ISSUED


def test_offices_cannot_draft_issue_edit_or_close(inspector, office_a, dept_a, api_as):
    rec = issued_recommendation(inspector, department=dept_a)
    client = api_as(office_a)
    assert client.post(url("list"), create_body(dept_a), format="json").status_code == 403
    assert client.patch(url("detail", rec), {"title": "改标题"}, format="json").status_code == 403
    assert (
        client.post(url("reply-due", rec), {"reply_due_date": "2099-01-01", "reason": "x"}, format="json").status_code
        == 403
    )
    services.recommendation_reply(user=office_a, rec=rec, reply_text="已整改")
    assert client.post(url("close", rec), {}, format="json").status_code == 403


def test_leaders_read_issued_letters_and_the_administrator_sees_none(inspector, leader, admin_user, dept_a, api_as):
    issued = issued_recommendation(inspector, department=dept_a)
    draft = draft_recommendation(inspector, department=dept_a)
    assert [r["id"] for r in api_as(leader).get(url("list")).json()["results"]] == [issued.pk]
    assert api_as(leader).get(url("detail", draft)).status_code == 404
    assert api_as(leader).post(url("issue", draft), {}, format="json").status_code == 404
    assert api_as(leader).post(url("close", issued), {}, format="json").status_code == 403
    assert api_as(admin_user).get(url("list")).json()["count"] == 0
    assert api_as(admin_user).get(url("detail", issued)).status_code == 404


@pytest.mark.parametrize(
    ("status", "action", "body"),
    [
        (S.DRAFT, "reply", {"reply_text": "回复"}),
        (S.DRAFT, "close", {}),
        (S.ISSUED, "issue", {}),
        (S.ISSUED, "close", {}),
        (S.REPLIED, "issue", {}),
        (S.REPLIED, "reply", {"reply_text": "再回复"}),
        (S.REPLIED, "reply-due", {"reply_due_date": "2099-01-01", "reason": "延期"}),
        (S.CLOSED, "reply", {"reply_text": "再回复"}),
        (S.CLOSED, "close", {}),
        (S.CLOSED, "issue", {}),
    ],
)
def test_a_step_out_of_order_is_refused(status, action, body, supervisor, api_as):
    rec = draft_recommendation(supervisor)
    if status != S.DRAFT:
        rec = services.recommendation_issue(user=supervisor, rec=rec)
    if status in (S.REPLIED, S.CLOSED):
        rec = services.recommendation_reply(user=supervisor, rec=rec, reply_text="已整改")
    if status == S.CLOSED:
        rec = services.recommendation_close(user=supervisor, rec=rec)
    response = api_as(supervisor).post(url(action, rec), body, format="json")
    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "invalid_transition"
    rec.refresh_from_db()
    assert rec.status == status


def test_an_issued_letter_s_text_is_fixed(inspector, api_as):
    rec = issued_recommendation(inspector)
    response = api_as(inspector).patch(url("detail", rec), {"title": "改"}, format="json")
    assert response.status_code == 409
    assert response.json()["message"] == "建议书已制发，正文不能再修改"  # once "已已制发"
    response = api_as(inspector).post(url("issue", rec), {}, format="json")
    assert response.status_code == 409 and response.json()["message"].startswith("建议书已制发（")
    draft = draft_recommendation(inspector)
    response = api_as(inspector).patch(url("detail", draft), {"title": "关于新标题的纪律检查建议"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "关于新标题的纪律检查建议"


def test_a_letter_s_own_deadline_is_kept_through_rule_changes(inspector, api_as, django_capture_on_commit_callbacks):
    # given one letter with its own reply date and one on the rule
    own_due = timezone.localdate() + dt.timedelta(days=45)
    client = api_as(inspector)
    response = client.post(
        url("list"),
        create_body(issued_recommendation(inspector).target_department, reply_due_date=own_due.isoformat()),
        format="json",
    )
    own = Recommendation.objects.get(pk=response.json()["id"])
    own = services.recommendation_issue(user=inspector, rec=own)
    ruled = issued_recommendation(inspector)
    assert (own.reply_due_date, own.reply_due_date_manual) == (own_due, True)
    # when the administrator changes the rule to 60 日
    rule = DeadlineRule.objects.get(code="recommendation-reply")
    rule.amount = 60
    with django_capture_on_commit_callbacks(execute=True):
        rule.save()
    # then the ruled letter follows, the letter's own date stays
    own.refresh_from_db()
    ruled.refresh_from_db()
    assert own.reply_due_date == own_due
    assert ruled.reply_due_date == due_for("recommendation-reply", ruled.issued_on).date
    assert (ruled.reply_due_date - ruled.issued_on).days >= 60


def test_setting_a_deadline_later_marks_it_as_the_letter_s_own(inspector, api_as):
    rec = issued_recommendation(inspector)
    new_due = rec.reply_due_date + dt.timedelta(days=20)
    response = api_as(inspector).post(
        url("reply-due", rec), {"reply_due_date": new_due.isoformat(), "reason": "主送部门申请延期"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["reply_due_date"], response.json()["reply_due_date_manual"]) == (new_due.isoformat(), True)
    assert "主送部门申请延期" in rec.history.first().history_change_reason
    before = api_as(inspector).post(
        url("reply-due", rec), {"reply_due_date": rec.issued_on.isoformat(), "reason": "x"}, format="json"
    )
    assert before.status_code == 400 and "reply_due_date" in before.json()["detail"]


def test_an_unanswered_letter_past_its_deadline_is_overdue_and_red(inspector, api_as):
    late = issued_recommendation(inspector, issued_on=timezone.localdate() - dt.timedelta(days=60))
    on_time = issued_recommendation(inspector)
    answered = issued_recommendation(inspector, issued_on=timezone.localdate() - dt.timedelta(days=60))
    services.recommendation_reply(user=inspector, rec=answered, reply_text="已回复")
    client = api_as(inspector)
    # replied: the reply deadline stopped with the reply, and the letter is not 已办结 yet: no light
    rows = {r["id"]: (r["overdue"], r["light"]) for r in client.get(url("list")).json()["results"]}
    assert rows == {late.pk: (True, "red"), on_time.pk: (False, "green"), answered.pk: (False, "none")}
    assert [r["id"] for r in client.get(url("list"), {"overdue": "true"}).json()["results"]] == [late.pk]
    assert [r["id"] for r in client.get(url("list"), {"light": "red"}).json()["results"]] == [late.pk]
    assert {r["id"] for r in client.get(url("list"), {"overdue": "false"}).json()["results"]} == {
        on_time.pk,
        answered.pk,
    }


def test_reply_files_are_checked_on_the_way_in_and_out(inspector, office_a, office_b, admin_user, dept_a, api_as):
    rec = issued_recommendation(inspector, department=dept_a)
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = api_as(office_a).post(url("reply", rec), {"reply_text": "回复", "files": [bad]}, format="multipart")
    assert response.status_code == 400 and "files" in response.json()["detail"]
    rec.refresh_from_db()
    assert rec.status == S.ISSUED and not RecommendationReplyFile.objects.exists()
    ok = sample_upload("说明.docx")
    api_as(office_a).post(url("reply", rec), {"reply_text": "回复", "files": [ok]}, format="multipart")
    reply_file = RecommendationReplyFile.objects.get()
    download = reverse("recommendation-reply-file", kwargs={"pk": rec.pk, "file_pk": reply_file.pk})
    assert api_as(office_b).get(download).status_code == 404
    assert api_as(admin_user).get(download).status_code == 404
    assert api_as(inspector).get(download).status_code == 200
    other = issued_recommendation(inspector, department=dept_a)
    wrong_pair = reverse("recommendation-reply-file", kwargs={"pk": other.pk, "file_pk": reply_file.pk})
    assert api_as(inspector).get(wrong_pair).status_code == 404


def test_a_reply_file_is_never_deleted(inspector, office_a, dept_a):
    rec = issued_recommendation(inspector, department=dept_a)
    services.recommendation_reply(
        user=office_a,
        rec=rec,
        reply_text="回复",
        files=[SimpleUploadedFile("a.pdf", b"%PDF", content_type="application/pdf")],
    )
    with pytest.raises(Exception, match="不能删除"):
        RecommendationReplyFile.objects.get().delete()


def test_issuing_with_a_past_date_numbers_in_that_year(inspector):
    last_year = dt.date(timezone.localdate().year - 1, 6, 30)
    rec = issued_recommendation(inspector, issued_on=last_year)
    assert rec.number == f"〔{last_year.year}〕1号"
    assert issued_recommendation(inspector).number == f"〔{last_year.year + 1}〕1号"


def test_the_target_department_reply_date_cannot_precede_the_issue(inspector, office_a, dept_a, api_as):
    rec = issued_recommendation(inspector, department=dept_a, issued_on=timezone.localdate() - dt.timedelta(days=5))
    early = (rec.issued_on - dt.timedelta(days=1)).isoformat()
    response = api_as(office_a).post(url("reply", rec), {"reply_text": "回复", "replied_on": early}, format="json")
    assert response.status_code == 400 and "replied_on" in response.json()["detail"]
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api_as(office_a).post(url("reply", rec), {"reply_text": "回复", "replied_on": future}, format="json")
    assert response.status_code == 400 and "replied_on" in response.json()["detail"]


def test_a_second_office_user_of_the_department_may_reply(inspector, dept_a, api_as):
    colleague = make_user(Role.OFFICE, departments=[dept_a], username="colleague")
    rec = issued_recommendation(inspector, department=dept_a)
    assert api_as(colleague).post(url("reply", rec), {"reply_text": "回复"}, format="json").status_code == 200
