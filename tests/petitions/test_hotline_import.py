"""导入12345工单: real-shaped exports import once, re-import updates, bad files write nothing."""

import pytest

from core.import_issues import LedgerInvalid
from petitions.hotline.fields import ticket_family
from petitions.hotline.importer import HotlineRefused, import_hotline
from petitions.models import Channel, HotlineSource, Informant, Kind, Petition, Satisfaction
from tests.petitions.hotline_helpers import (
    CALLER_NAME,
    CALLER_PHONE,
    HEADERS_A,
    HEADERS_B,
    csv_bytes,
    ticket,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def source(db):
    return HotlineSource.objects.create(name="市12345热线")


def run(source, user, data, name="export.xlsx", **kw):
    return import_hotline(source=source, data=data, file_name=name, user=user, **kw)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("a.xlsx", lambda rows: xlsx_bytes(rows, headers=HEADERS_A)),
        ("b.xlsx", lambda rows: xlsx_bytes(rows, headers=HEADERS_B, title=False)),
        ("utf8.csv", lambda rows: csv_bytes(rows, encoding="utf-8")),
        ("bom.csv", lambda rows: csv_bytes(rows, headers=HEADERS_A, encoding="utf-8-sig")),
        ("gbk.csv", lambda rows: csv_bytes(rows, encoding="gbk")),
    ],
)
def test_an_export_imports_as_hotline_complaints(source, inspector, name, make):
    rows = [ticket(1), ticket(2, satisfaction="不满意", callback="群众表示问题未解决")]
    summary = run(source, inspector, make(rows), name)
    assert summary.counts() == {"new": 2, "updated": 0, "unchanged": 0, "refused": 0}
    first, second = Petition.objects.order_by("ticket_no")
    assert (first.channel, first.kind, first.category.name) == (Channel.HOTLINE, Kind.COMPLAINT, "服务态度")
    assert first.ticket_no == rows[0]["ticket_no"] and first.ticket_source == source
    assert first.ticket_unit == "市政务服务中心" and first.ticket_due.isoformat() == rows[0]["ticket_due"]
    assert (second.satisfaction, second.callback_result) == (Satisfaction.UNSATISFIED, "群众表示问题未解决")
    assert first.is_named and first.informant_id != second.informant_id
    assert sorted(summary.ids) == sorted([first.pk, second.pk])


def test_identity_is_stored_encrypted_only(source, inspector):
    run(source, inspector, xlsx_bytes([ticket(1)]))
    informant = Informant.objects.get()
    assert CALLER_NAME not in informant.name_ct and CALLER_PHONE not in informant.phone_ct
    assert informant.phone_hmac  # the keyed fingerprint repeats are found by
    petition = Petition.objects.get()
    assert CALLER_NAME not in petition.content + petition.summary


def test_reimport_updates_what_changed_and_never_duplicates(source, inspector):
    rows = [ticket(1, satisfaction="", callback=""), ticket(2), ticket(3)]
    run(source, inspector, xlsx_bytes(rows))
    rows[0].update(satisfaction="基本满意", callback="已回访，基本满意", ticket_due="")
    summary = run(source, inspector, csv_bytes(rows, encoding="gbk"), "newer.csv")
    assert summary.counts() == {"new": 0, "updated": 1, "unchanged": 2, "refused": 0}
    assert Petition.objects.count() == 3
    changed = Petition.objects.get(ticket_no=rows[0]["ticket_no"])
    assert (changed.satisfaction, changed.ticket_due) == (Satisfaction.BASIC, None)
    latest = changed.history.latest()
    assert "满意度" in latest.history_change_reason and latest.history_user == inspector
    again = run(source, inspector, csv_bytes(rows, encoding="gbk"), "newer.csv")
    assert again.counts() == {"new": 0, "updated": 0, "unchanged": 3, "refused": 0}


def test_dry_run_counts_and_writes_nothing(source, inspector):
    run(source, inspector, xlsx_bytes([ticket(1)]))
    before = Petition.objects.count(), Informant.objects.count()
    rows = [ticket(1, satisfaction="不满意"), ticket(2), ticket(3, received_at="昨天")]
    summary = run(source, inspector, xlsx_bytes(rows), dry_run=True)
    assert summary.counts() == {"new": 1, "updated": 1, "unchanged": 0, "refused": 1}
    assert [(e["row"], e["column"]) for e in summary.as_dict()["errors"]] == [(6, "来电时间")]
    assert (Petition.objects.count(), Informant.objects.count()) == before
    assert Petition.objects.get().satisfaction == Satisfaction.SATISFIED


@pytest.mark.parametrize(
    ("bad", "column", "reason"),
    [
        ({"received_at": "2026-13-45 10:00"}, "来电时间", "日期不存在"),
        ({"ticket_due": "下周"}, "办理时限", "无法识别"),
        ({"content": ""}, "诉求内容", "请填写诉求内容"),
        ({"content": "a\x0bb"}, "诉求内容", "控制字符"),
        ({"content": "长" * 40000}, "诉求内容", "内容过长"),
        ({"ticket_no": "X" * 65}, "工单编号", "超过 64"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(source, inspector, bad, column, reason):
    rows = [ticket(1), ticket(2, **bad)]
    with pytest.raises(HotlineRefused) as refused:
        run(source, inspector, csv_bytes(rows, headers=HEADERS_A), "x.csv")
    issue = refused.value.issues[0]
    assert (issue.sheet, issue.row, issue.column) == ("CSV", 3, column) and reason in issue.reason
    assert not Petition.objects.exists() and not Informant.objects.exists()


def test_a_ticket_twice_in_the_file_is_refused(source, inspector):
    rows = [ticket(1), ticket(2), ticket(1)]
    with pytest.raises(HotlineRefused) as refused:
        run(source, inspector, xlsx_bytes(rows))
    (issue,) = refused.value.issues
    assert (issue.row, issue.column) == (6, "工单编号") and "第4行" in issue.reason
    assert not Petition.objects.exists()


def test_errors_never_quote_the_caller(source, inspector):
    rows = [ticket(1, name="名" * 101, phone="1" * 51)]
    with pytest.raises(HotlineRefused) as refused:
        run(source, inspector, xlsx_bytes(rows))
    assert {i.column for i in refused.value.issues} == {"来电人", "电话"}
    assert all(i.value == "" for i in refused.value.issues)


def test_unmapped_words_are_listed_and_refused_until_decided(source, inspector, dept_a):
    rows = [ticket(1, category="窗口服务", subject="受理一处"), ticket(2, category="窗口服务", subject="外单位")]
    rows.append(ticket(3, satisfaction="非常满意"))
    summary = run(source, inspector, xlsx_bytes(rows), dry_run=True)
    assert summary.unmapped == {"category": {"窗口服务": 2}, "satisfaction": {"非常满意": 1}, "subject": {"外单位": 1}}
    with pytest.raises(HotlineRefused) as refused:
        run(source, inspector, xlsx_bytes(rows))
    assert refused.value.detail["unmapped"]["category"] == {"窗口服务": 2}
    assert not Petition.objects.exists()
    source.value_map = {
        "category": {"窗口服务": "服务态度"},
        "satisfaction": {"非常满意": Satisfaction.SATISFIED},
        "subject": {"外单位": "-"},
    }
    source.save()
    assert run(source, inspector, xlsx_bytes(rows)).new == 3
    mapped = Petition.objects.get(ticket_no=rows[0]["ticket_no"])
    assert mapped.subject_department == dept_a and mapped.category.name == "服务态度"
    outside = Petition.objects.get(ticket_no=rows[1]["ticket_no"])
    assert outside.subject_department is None and "外单位" in outside.content


def test_a_source_teaches_its_own_headers(source, inspector):
    headers = ["编号", *HEADERS_A[1:]]
    with pytest.raises(LedgerInvalid) as refused:
        run(source, inspector, xlsx_bytes([ticket(1)], headers=headers))
    assert "没有找到12345工单的表头" in refused.value.message
    source.header_map = {"ticket_no": ["编号"]}
    source.save()
    assert run(source, inspector, xlsx_bytes([ticket(1)], headers=headers)).new == 1


def test_a_file_in_neither_encoding_is_one_clear_refusal(source, inspector):
    data = "工单编号,来电时间\n".encode("gbk") + b"\xff\xff\n"  # neither UTF-8 nor GB18030
    with pytest.raises(LedgerInvalid) as refused:
        run(source, inspector, data, "x.csv")
    assert "既不是 UTF-8 也不是 GBK" in refused.value.message


def test_a_binary_file_named_csv_is_refused(source, inspector):
    with pytest.raises(LedgerInvalid) as refused:
        # UTF-16 text (as Excel's "Unicode text" saves it): every ASCII character carries a NUL byte
        run(source, inspector, "工单编号,来电时间\nGD001,2026-01-05\n".encode("utf-16"), "x.csv")
    assert "空字节" in refused.value.message


def test_ticket_family_drops_repeat_and_reminder_suffixes():
    assert ticket_family("GD2026120700012-1") == "GD2026120700012"
    assert ticket_family("GD2026120700012_2") == "GD2026120700012"
    assert ticket_family("GD2026120700012(重复)") == "GD2026120700012"
    assert ticket_family("GD2026120700012-CB1") == "GD2026120700012"
    assert ticket_family("GD2026120700012") == "GD2026120700012"


@pytest.mark.parametrize("role", ["office_a", "leader", "admin_user"])
def test_only_registrars_may_import(source, role, request):
    with pytest.raises(Exception, match="只有纪检干部"):
        run(source, request.getfixturevalue(role), xlsx_bytes([ticket(1)]))


def _queries(source, user, rows, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        run(source, user, csv_bytes(rows), "q.csv")
    return len(captured.captured_queries)


def test_queries_per_row_are_constant(source, inspector, django_assert_max_num_queries):
    # A new ticket costs the registration's own statements: its savepoint (2), two counters (3 each),
    # the informant and its history, the deadline engine's calendar and rule reads (4), the petition,
    # its history and its log — 17, the same for the 10th row as for the 1st.
    ten = _queries(source, inspector, [ticket(n) for n in range(10)], django_assert_max_num_queries, 200)
    twenty = _queries(source, inspector, [ticket(n) for n in range(10, 30)], django_assert_max_num_queries, 400)
    per_row = (twenty - ten) / 10
    assert per_row <= 17, per_row
    # Re-importing: one lookup per batch of 500, nothing per unchanged row.
    rows = [ticket(n) for n in range(30)]
    assert _queries(source, inspector, rows, django_assert_max_num_queries, 15) <= 15
