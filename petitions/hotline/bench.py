"""Bench cases hotline.import and hotline.reimport (registered by petitions.bench).

Setup writes one real-shaped 12345 export to a temporary .xlsx (XlsxWriter, constant_memory):
variant A headers under the two title rows a provincial platform puts above them, N work orders
(100,000 at scale 1) received over the last 300 days as date cells, callers from a pool of N/3
phones, four categories, the three 满意度 words and a blank, one ticket in twenty a follow-up
(``…-1``) of an earlier one; plus the HotlineSource and an inspector.

* hotline.import — run: ``runs.import_file`` (what ``import_hotline`` the command and, through
  ``runs.run``, the worker use): the HotlineImport record, every row checked, each new ticket
  registered through ``petition_register`` (number, encrypted reporter with its code, due dates,
  history, timeline event), rolled back after each round so each round imports the same file into
  the same database. The repeat suggestion that follows a commit is not part of it (it never runs:
  nothing commits; petitions.repeat_suggest measures it).
  Floor: calamine reads the sheet (the reader the import uses), the cells are turned into Informant
  rows — name and phone encrypted with Fernet and their keyed fingerprints, as ``identity_create``
  does — and Petition rows with the same facts (category, 工单族, summary, 满意度, 办理时限), and the
  two lists are bulk-inserted (5,000 a statement). No numbering counters, no due dates, no history
  rows, no events, no per-row checks, no header search: what the import adds to that is its own work.
* hotline.reimport — setup imports the file once; run: ``import_file`` of the same file again (every
  ticket unchanged), rolled back. Floor: calamine reads the sheet, one query fetches the stored
  tickets by 工单编号 (one array / JSON parameter) and Python compares the updatable fields.
"""

import atexit
import datetime as dt
import json
import random
import shutil
import tempfile
from pathlib import Path

import xlsxwriter
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from python_calamine import CalamineWorkbook

from core.bench import BenchCase, register
from organization.models import Person
from organization.roles import Role, assign_roles
from petitions import crypto
from petitions.hotline import fields as F
from petitions.hotline.rows import summary_of
from petitions.hotline.runs import import_file
from petitions.models import Category, Channel, HotlineImport, HotlineSource, Informant, Kind, Petition, Satisfaction
from petitions.numbering import informant_code, petition_number

HEADERS = ["工单编号", "来电时间", "来电人", "联系电话", "诉求内容", "诉求类型"]
HEADERS += ["被投诉对象", "承办单位", "办理时限", "回访结果", "满意度"]
CATEGORIES = ["服务态度", "电话接听", "办事效率", "业务差错"]
SATISFACTION = ["满意", "基本满意", "不满意", ""]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
FLOOR_YEAR = 1990  # the floor's numbers, apart from anything the system numbers
BATCH = 5000


def _write_export(path, rows):
    rng = random.Random(17)  # noqa: S311 - synthetic data, not a secret
    now = timezone.localtime().replace(second=0, microsecond=0)
    start = now - dt.timedelta(days=300)
    step = dt.timedelta(days=299) / max(rows, 1)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("工单明细")
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["12345政务服务便民热线工单导出"])
    sheet.write_row(1, 0, [f"导出时间：{now:%Y-%m-%d %H:%M}"])
    sheet.write_row(2, 0, HEADERS)
    numbers: list[str] = []
    follow_ups: dict[str, int] = {}
    for i in range(rows):
        received = (start + step * i).replace(tzinfo=None)
        if i % 20 == 19 and numbers:
            original = numbers[rng.randrange(len(numbers))]
            follow_ups[original] = follow_ups.get(original, 0) + 1
            number = f"{original}-{follow_ups[original]}"
        else:
            number = f"GD{received:%Y%m%d}{i:06d}"
            numbers.append(number)
        caller = rng.randrange(max(rows // 3, 1))
        values = [
            number,
            None,
            f"{SURNAMES[caller % len(SURNAMES)]}某{caller}",
            f"139{caller:08d}",
            f"第{i}号来电：反映窗口工作人员态度生硬、办事推诿，要求核实处理并回复。",
            CATEGORIES[i % len(CATEGORIES)],
            "",
            "市政务服务中心",
            None,
            "已回访" if i % 4 != 3 else "",
            SATISFACTION[i % len(SATISFACTION)],
        ]
        r = i + 3
        sheet.write_row(r, 0, values)
        sheet.write_datetime(r, 1, received, moment)
        sheet.write_datetime(r, 8, received.replace(hour=0, minute=0) + dt.timedelta(days=10), day)
    book.close()


def _setup(rows, *, imported=False):
    user = get_user_model().objects.create_user(username=f"bench-hotline-{imported:d}", password=None)
    Person.objects.create(name="基准12345导入人", user=user)
    assign_roles(user, Role.INSPECTOR)
    source = HotlineSource.objects.create(name=f"基准12345热线{imported:d}")
    # A temporary file, as the command reads one; the bench has no teardown, so it goes when the process ends.
    folder = tempfile.mkdtemp(prefix="bench-hotline-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "12345工单导出.xlsx"
    _write_export(path, rows)
    ctx = {"rows": rows, "path": path, "user": user, "source": source}
    if imported:
        imp = import_file(source=source, path=path, user=user)
        assert imp.state == HotlineImport.State.DONE, imp.errors[:3]
    return ctx


def _import_file(ctx):
    """The system's import of the file, rolled back: (petitions of the source, the import's counts)."""
    with transaction.atomic():
        imp = import_file(source=ctx["source"], path=ctx["path"], user=ctx["user"])
        assert imp.state == HotlineImport.State.DONE, imp.errors[:3]
        stored = Petition.objects.filter(ticket_source=ctx["source"]).count()
        transaction.set_rollback(True)
    return stored, imp.counts


def _import_run(ctx):
    stored, counts = _import_file(ctx)
    assert counts["new"] == ctx["rows"], counts
    return stored


def _reimport_run(ctx):
    stored, counts = _import_file(ctx)
    return stored, counts["unchanged"]


def _read(path):
    """The sheet's work orders as calamine gives them: {header: column} and the value rows."""
    with path.open("rb") as handle:
        sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_name("工单明细")
        rows = sheet.to_python(skip_empty_area=False)
    return {h: i for i, h in enumerate(rows[2])}, rows[3:]


def _aware(value):
    return timezone.make_aware(value) if isinstance(value, dt.datetime) else value


def _day(value):
    return value.date() if isinstance(value, dt.datetime) else value


def _import_floor(ctx):
    col, rows = _read(ctx["path"])
    user, source = ctx["user"], ctx["source"]
    categories = dict(Category.objects.values_list("name", "pk"))
    satisfaction = {label: value for value, label in Satisfaction.choices}
    now = timezone.now()
    informants, petitions = [], []
    for seq, values in enumerate(rows, 1):
        name, phone = values[col["来电人"]], str(values[col["联系电话"]])
        informants.append(
            Informant(
                code=informant_code(FLOOR_YEAR, seq),
                year=FLOOR_YEAR,
                seq=seq,
                name_ct=crypto.encrypt(name),
                phone_ct=crypto.encrypt(phone),
                phone_hmac=crypto.phone_fingerprint(phone),
                id_number_hmac=crypto.id_number_fingerprint(""),
                created_by=user,
            )
        )
        number, content = values[col["工单编号"]], values[col["诉求内容"]]
        petitions.append(
            Petition(
                year=FLOOR_YEAR,
                seq=seq,
                number=petition_number(FLOOR_YEAR, seq),
                received_at=_aware(values[col["来电时间"]]),
                channel=Channel.HOTLINE,
                kind=Kind.COMPLAINT,
                is_named=True,
                category_id=categories[values[col["诉求类型"]]],
                summary=summary_of(content),
                content=content,
                ticket_no=number,
                ticket_family=F.ticket_family(number),
                ticket_source=source,
                ticket_unit=values[col["承办单位"]],
                callback_result=values[col["回访结果"]],
                satisfaction=satisfaction.get(values[col["满意度"]], ""),
                ticket_due=_day(values[col["办理时限"]]),
                registered_by=user,
                registered_at=now,
            )
        )
    with transaction.atomic():
        Informant.objects.bulk_create(informants, batch_size=BATCH)
        for petition, informant in zip(petitions, informants, strict=True):
            petition.informant_id = informant.pk
        Petition.objects.bulk_create(petitions, batch_size=BATCH)
        stored = Petition.objects.filter(ticket_source=source).count()
        transaction.set_rollback(True)
    return stored


def _reimport_floor(ctx):
    col, rows = _read(ctx["path"])
    satisfaction = {label: value for value, label in Satisfaction.choices}
    wanted = {}
    for values in rows:
        wanted[values[col["工单编号"]]] = (
            "",  # 工单状态: not in variant A
            values[col["回访结果"]],
            satisfaction.get(values[col["满意度"]], ""),
            _day(values[col["办理时限"]]),
        )
    table = Petition._meta.db_table
    columns = "ticket_no, ticket_status, callback_result, satisfaction, ticket_due"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns} FROM {table} WHERE ticket_no = ANY(%s)", [list(wanted)])  # noqa: S608
        else:
            sql = f"SELECT {columns} FROM {table} WHERE ticket_no IN (SELECT value FROM json_each(%s))"  # noqa: S608
            cursor.execute(sql, [json.dumps(list(wanted))])
        found = cursor.fetchall()
    unchanged = 0
    for ticket_no, status, callback, sat, due in found:
        if isinstance(due, str):  # SQLite's raw cursor answers text
            due = dt.date.fromisoformat(due)
        unchanged += wanted[ticket_no] == (status, callback, sat, due)
    return len(found), unchanged


def _same_petitions(ctx, run_result, floor_result):
    assert run_result == floor_result == ctx["rows"], (run_result, floor_result, ctx["rows"])


def _same_reimport(ctx, run_result, floor_result):
    # Every ticket found once (no duplicate petitions) and every one unchanged, by both.
    assert run_result == floor_result == (ctx["rows"], ctx["rows"]), (run_result, floor_result, ctx["rows"])


register(
    BenchCase(
        name="hotline.import",
        description="12345 export of N work orders imported (checks, registration); floor: calamine + bulk insert",
        size=100_000,
        min_rows=200,
        setup=_setup,
        run=_import_run,
        floor=_import_floor,
        check=_same_petitions,
    )
)
register(
    BenchCase(
        name="hotline.reimport",
        description="the same export imported again (all unchanged); floor: calamine + one lookup, compared",
        size=100_000,
        min_rows=200,
        setup=lambda rows: _setup(rows, imported=True),
        run=_reimport_run,
        floor=_reimport_floor,
        check=_same_reimport,
    )
)
