"""The seams below the interfaces: the pages import no API module, the ledger's rows are the API
list's, the reporter input rules are one set, and a petition's own save computes no date."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.filters import ordering_terms
from petitions import exports
from petitions.filters import DEFAULT_ORDERING, PETITION_ORDERING
from petitions.identity_input import clean_detail, clean_id_number, clean_phone, informant_from
from petitions.models import Kind, Petition
from tests.petitions.factories import accepted, register

ROOT = Path(__file__).resolve().parents[2]
# Below the interfaces: none of these may reach into petitions.api (STYLE.md, "Shape of an app").
CORE_MODULES = ["services", "selectors.py", "filters.py", "exports.py", "permissions.py", "identity_input.py",
                "identity.py", "deadlines.py", "jobs.py", "models"]  # fmt: skip


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _python_files(*parts):
    for part in parts:
        path = ROOT.joinpath(*part.split("/"))
        yield from ([path] if path.suffix == ".py" else sorted(path.rglob("*.py")))


def test_the_pages_import_no_petitions_api_module():
    offenders = [
        (str(path.relative_to(ROOT)), name)
        for path in _python_files("web")
        for name in _imports(path)
        if name.startswith("petitions.api")
    ]
    assert offenders == []


def test_services_selectors_and_rules_import_no_api_module():
    offenders = [
        (str(path.relative_to(ROOT)), name)
        for path in _python_files(*(f"petitions/{m}" for m in CORE_MODULES))
        for name in _imports(path)
        if name.startswith(("petitions.api", "rest_framework", "core.api.jobs"))
    ]
    assert offenders == []


# -- reporter input ----------------------------------------------------------------------------------


def test_the_reporter_rules_clean_or_name_the_field():
    assert clean_phone("+86 139-1234-5678") == "+86 139-1234-5678"
    assert clean_id_number("110101 19900307 663x") == "11010119900307663X"
    assert clean_detail("name", "欧阳") == "欧阳" and clean_detail("phone", "") == ""
    for cleaner, value, field, message in (
        (clean_phone, "12", "phone", "联系电话格式不正确"),
        (clean_id_number, "12-3", "id_number", "证件号码格式不正确"),
        (clean_id_number, "1101011990030766#X", "id_number", "证件号码格式不正确"),
    ):
        with pytest.raises(ApplicationError) as refused:
            cleaner(value)
        assert refused.value.detail == {field: [message]}
    assert informant_from({"name": "欧阳", "phone": "13912345678"}).as_dict() == {
        "name": "欧阳", "phone": "13912345678", "id_number": "", "address": ""
    }  # fmt: skip


def test_the_api_and_the_intake_form_refuse_the_same_details(api_as, inspector):
    from petitions.api.serializers import InformantInputSerializer
    from web.forms.petitions import IntakeForm

    bad = {"phone": "12", "id_number": "12-3"}
    api = InformantInputSerializer(data=bad)
    assert not api.is_valid()
    form = IntakeForm({"received_at": "2026-01-05T09:30", "channel": "phone", "kind": "complaint",
                       "informant_phone": "12", "informant_id_number": "12-3"})  # fmt: skip
    assert not form.is_valid()
    assert [str(e) for e in api.errors["phone"]] == form.errors["informant_phone"] == ["联系电话格式不正确"]
    assert [str(e) for e in api.errors["id_number"]] == form.errors["informant_id_number"] == ["证件号码格式不正确"]


# -- the ledger's rows --------------------------------------------------------------------------------


def test_ordering_is_read_as_the_api_reads_it():
    assert ordering_terms(None, PETITION_ORDERING, DEFAULT_ORDERING) == ["-received_at", "-id"]
    assert ordering_terms("", PETITION_ORDERING, DEFAULT_ORDERING) == ["-received_at", "-id"]
    assert ordering_terms("-next_due, id", PETITION_ORDERING) == ["-next_due", "id"]
    for bad in ("content", "kind,--id", "+id"):  # unknown or malformed terms are refused, naming them
        with pytest.raises(ApplicationError) as refused:
            ordering_terms(bad, PETITION_ORDERING)
        assert "ordering" in refused.value.detail


def test_the_ledger_refuses_an_ordering_the_api_refuses(api_as, inspector):
    assert api_as(inspector).get(reverse("petition-list"), {"ordering": "content"}).status_code == 400
    with pytest.raises(exports.LedgerQueryInvalid) as refused:
        exports.ledger_queryset(user=inspector, query="ordering=content")
    assert "ordering" in refused.value.errors
    exported = api_as(inspector).get(reverse("petition-export"), {"ordering": "content"})
    assert exported.status_code == 400 and "ordering" in exported.json()["detail"]


@pytest.mark.parametrize("query", ["", "kind=complaint", "ordering=-next_due,id", "ordering=kind,-seq&status=accepted"])
def test_the_ledger_holds_the_api_lists_rows_in_its_order(query, api_as, inspector):
    for i in range(3):
        register(inspector, summary=f"登记{i}")
        accepted(inspector, kind=Kind.PETITION if i % 2 else Kind.COMPLAINT, summary=f"受理{i}")
    listed = api_as(inspector).get(f"{reverse('petition-list')}?{query}&page_size=100")
    assert listed.status_code == 200
    ids = [row["id"] for row in listed.json()["results"]]
    assert list(exports.ledger_queryset(user=inspector, query=query).values_list("id", flat=True)) == ids


def test_a_bad_filter_is_refused_not_exported_in_full(inspector):
    with pytest.raises(exports.LedgerQueryInvalid) as refused:
        exports.ledger_queryset(user=inspector, query="overdue=maybe")
    assert "overdue" in refused.value.errors


# -- due dates ------------------------------------------------------------------------------------------


def test_a_petitions_own_save_computes_no_date(inspector):
    petition = register(inspector)
    assert petition.next_due == petition.notify_due is not None  # the service set both
    row = Petition.objects.get(pk=petition.pk)
    row.notify_due = petition.notify_due + dt.timedelta(days=3)
    row.save()
    row.refresh_from_db()
    assert row.next_due == petition.notify_due  # a bare save keeps what it was given
