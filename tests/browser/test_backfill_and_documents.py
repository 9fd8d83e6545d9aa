"""Issue 16 in the browser: a step entered with its own time is shown 补录; the round's documents are
generated, previewed and downloaded from the round page by staff and read by the leader; a past
year's 信访台账 is uploaded, checked and imported."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from organization.roles import Role
from petitions.models import Petition, Status
from rectification.models import RoundDocument
from tests.factories import make_user
from tests.petitions.factories import register
from tests.petitions.past_import_helpers import day, workbook_bytes
from tests.petitions.past_import_helpers import row as sheet_row
from tests.rectification.round_docs import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_accept_a_petition_with_the_time_it_happened_and_see_it_marked(browser):
    inspector = make_user(Role.INSPECTOR, username="jijian_backfill", person_name="纪检干部丙")
    received = timezone.localtime() - dt.timedelta(days=10)
    petition = register(inspector, summary="热线接听不及时", received_at=received)
    page = browser.login(inspector)
    page.goto(f"/petitions/{petition.pk}/")
    step = page.locator("details[data-step=accept]")
    if step.get_attribute("open") is None:  # the first step is open already
        step.locator("summary").click()
    when = (received + dt.timedelta(days=1)).replace(hour=9, minute=30)
    step.locator("input[name=accept-at]").fill(when.strftime("%Y-%m-%dT%H:%M"))
    step.locator("button:has-text('受理')").click()
    mark = page.locator(".timeline [data-testid=backfill-mark]").first
    mark.wait_for()
    who = inspector.get_full_name() or inspector.username  # as the timeline names its users
    assert mark.inner_text().startswith(f"补录 · {who} 于 {timezone.localdate():%Y-%m-%d}")
    browser.shot("petition-accept-backfilled")
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED and timezone.localtime(petition.accepted_at) == when.replace(
        second=0, microsecond=0
    )


def test_round_documents_from_the_round_page(browser):
    supervisor = make_user(Role.SUPERVISOR, username="fuze_docs", person_name="纪检负责人丁")
    demo = make_round(reviewer=supervisor)
    inspector = make_user(Role.INSPECTOR, username="jijian_docs", person_name="纪检干部戊")
    page = browser.login(inspector)
    page.goto(f"/rectification/rounds/{demo.round.pk}/")
    card = page.locator("[data-testid=round-documents]")
    card.wait_for()
    browser.shot("round-documents-card")
    card.locator("tr[data-kind=plan] button:has-text('生成新版本')").click()
    page.locator("text=已生成").first.wait_for()
    browser.shot("round-plan-preview")
    with page.expect_download() as info:
        page.locator("a:has-text('下载')").first.click()
    content = Path(info.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "整改方案" in text and "附件：整改任务清单" in text
    assert RoundDocument.objects.filter(round=demo.round, kind="plan").count() == 1

    leader = make_user(Role.LEADER, username="lingdao_docs", person_name="领导己")
    page = browser.login(leader)
    page.goto(f"/rectification/rounds/{demo.round.pk}/")
    card = page.locator("[data-testid=round-documents]")
    card.wait_for()
    assert card.locator("button:has-text('生成新版本')").count() == 0
    assert card.locator("a:has-text('下载 .docx')").count() == 1
    browser.shot("round-documents-leader")


def test_import_a_past_year_of_petitions_through_the_page(browser, tmp_path):
    inspector = make_user(Role.INSPECTOR, username="jijian_import", person_name="纪检干部庚")
    path = tmp_path / "信访台账.xlsx"
    path.write_bytes(
        workbook_bytes([sheet_row(1, day(2, 3)), sheet_row(2, day(3, 4), 状态="已受理", 受理日期=day(3, 5))])
    )
    page = browser.login(inspector)
    page.goto("/petitions/")
    page.locator("a:has-text('导入往年信访件')").click()
    page.set_input_files("input[type=file]", str(path))
    page.locator("button:has-text('上传并检查')").click()
    page.locator("[data-testid=import-preview]").wait_for()
    browser.shot("past-import-preview")
    assert not Petition.objects.exists()  # the check writes nothing
    page.locator("button:has-text('确认导入')").click()
    page.locator("text=导入").first.wait_for()
    browser.shot("past-import-done")
    assert Petition.objects.count() == 2
    accepted = Petition.objects.get(status=Status.ACCEPTED)
    assert timezone.localdate(accepted.accepted_at) == day(3, 5)
