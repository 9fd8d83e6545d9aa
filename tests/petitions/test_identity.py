"""Reporter identity: encrypted at rest, recognised by keyed hash, shown only through the one grant check, logged."""

import datetime as dt
import os
import stat

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from config.env import ConfigError, load_identity_keys
from core.errors import ApplicationError, InvalidTransitionError, PermissionDeniedError
from core.grants import grant
from core.models import AccessGrant, AuditLog
from organization.roles import Role
from petitions import crypto, services
from petitions.identity import Identity, can_view_identity, decrypt_informant, reveal_identity
from petitions.models import IdentityAccessRequest, IdentityViewLog, Informant
from tests.factories import make_user
from tests.petitions.factories import OTHER_REPORTER, REPORTER, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_inspector(db):
    return make_user(Role.INSPECTOR, username="inspector2", person_name="纪检干部乙")


# -- at rest -----------------------------------------------------------------------------------------------


def test_identity_is_stored_as_ciphertext_only(inspector):
    petition = register(inspector)
    informant = Informant.objects.get(pk=petition.informant_id)

    assert REPORTER.name not in informant.name_ct and informant.name_ct.startswith("gAAAA")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_ct, phone_ct, id_number_ct, address_ct FROM petitions_informant")
        raw = " ".join(str(v) for row in cursor.fetchall() for v in row)
    for secret in (REPORTER.name, REPORTER.phone, REPORTER.id_number, REPORTER.address):
        assert secret not in raw
    assert decrypt_informant(informant) == REPORTER


def test_informant_history_keeps_no_ciphertext_or_fingerprint():
    history_fields = {f.name for f in Informant.history.model._meta.get_fields()}
    assert not history_fields & {"name_ct", "phone_ct", "id_number_ct", "address_ct", "phone_hmac", "id_number_hmac"}


# -- repeat reporters --------------------------------------------------------------------------------------


def test_a_returning_reporter_gets_a_row_of_their_own_recognised_by_fingerprint(inspector):
    first = register(inspector)
    same_phone = register(inspector, informant=Identity(name="欧阳测试举报人", phone="+86 139-1234-5678"))
    same_id = register(
        inspector, is_named=False, informant=Identity(id_number="11010119900307663x", phone="010-1234567")
    )
    someone_else = register(inspector, informant=OTHER_REPORTER)

    rows = [first.informant_id, same_phone.informant_id, same_id.informant_id, someone_else.informant_id]
    assert len(set(rows)) == 4  # never reused: each petition keeps what was typed for it
    year = timezone.localtime(first.received_at).year
    assert [Informant.objects.get(pk=pk).code for pk in rows] == [f"R{year}-{n:04d}" for n in (1, 2, 3, 4)]
    assert reveal_identity(user=inspector, petition=same_phone) == Identity(
        name="欧阳测试举报人", phone="+86 139-1234-5678"
    )
    fingerprints = dict(Informant.objects.filter(pk__in=rows).values_list("pk", "phone_hmac"))
    assert fingerprints[first.informant_id] == fingerprints[same_phone.informant_id]
    assert fingerprints[someone_else.informant_id] != fingerprints[first.informant_id]


def test_fingerprints_are_keyed(settings):
    value = crypto.phone_fingerprint("13912345678")
    settings.IDENTITY_HMAC_KEY = "another-key-" + "x" * 40
    assert crypto.phone_fingerprint("13912345678") != value
    assert crypto.normalise_phone("+86 139 1234 5678") == "13912345678"


# -- the one check --------------------------------------------------------------------------------------------


def test_the_registering_officer_sees_the_identity_and_it_is_logged(inspector, rf):
    petition = register(inspector)
    request = rf.get("/")
    request.user = inspector

    identity = reveal_identity(user=inspector, petition=petition, request=request)

    assert identity == REPORTER
    view = IdentityViewLog.objects.get()
    assert (view.user, view.petition, view.basis) == (inspector, petition, IdentityViewLog.Basis.REGISTRAR)
    audit = AuditLog.objects.get(event=AuditLog.Event.IDENTITY_VIEW)
    assert audit.user == inspector and petition.number in audit.target
    assert REPORTER.name not in str(audit.detail) and REPORTER.phone not in str(audit.detail)


def test_every_view_is_logged(inspector):
    petition = register(inspector)
    for _ in range(3):
        reveal_identity(user=inspector, petition=petition)
    assert IdentityViewLog.objects.filter(petition=petition, user=inspector).count() == 3
    assert AuditLog.objects.filter(event=AuditLog.Event.IDENTITY_VIEW).count() == 3


def test_other_staff_leaders_offices_and_admins_do_not_see_it(
    inspector, other_inspector, supervisor, leader, office_a, admin_user, dept_a
):
    from tests.petitions.factories import transferred

    petition = transferred(inspector, dept_a)
    for user in (other_inspector, supervisor, leader, office_a, admin_user):
        assert not can_view_identity(user, petition), user.username
        with pytest.raises(PermissionDeniedError):
            reveal_identity(user=user, petition=petition)
    assert not IdentityViewLog.objects.exists()


def test_an_active_superuser_without_the_grant_does_not_see_it(inspector):
    boss = make_user(Role.INSPECTOR, username="root", person_name="超级用户", superuser=True)
    assert boss.is_superuser and boss.is_active and boss.has_perm("petitions.view_petition")
    petition = register(inspector)

    assert not can_view_identity(boss, petition)
    with pytest.raises(PermissionDeniedError):
        reveal_identity(user=boss, petition=petition)


def test_an_explicit_grant_opens_it_and_revocation_closes_it(inspector, supervisor):
    petition = register(inspector)
    assert not can_view_identity(supervisor, petition)

    grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY, reason="纪检负责人默认授权")
    assert can_view_identity(supervisor, petition)
    reveal_identity(user=supervisor, petition=petition)
    assert IdentityViewLog.objects.get().basis == IdentityViewLog.Basis.GRANT

    AccessGrant.objects.filter(user=supervisor).update(revoked_at=timezone.now())
    assert not can_view_identity(supervisor, petition)


def test_a_grant_does_not_lift_recusal(inspector, supervisor):
    grant(user=supervisor, kind=AccessGrant.Kind.IDENTITY)
    petition = register(inspector, subject_person=supervisor.person)
    assert not can_view_identity(supervisor, petition)


def test_anonymous_petitions_have_nothing_to_show(inspector):
    petition = register(inspector, informant=None, is_named=False)
    assert petition.informant is None
    assert not can_view_identity(inspector, petition)


# -- access requests --------------------------------------------------------------------------------------------


def test_access_request_approved_for_a_limited_time(inspector, other_inspector, supervisor, settings):
    settings.IDENTITY_VIEW_GRANT_HOURS = 24
    petition = register(inspector)

    with pytest.raises(ApplicationError):
        services.identity_request_create(user=other_inspector, petition=petition, reason=" ")
    access = services.identity_request_create(user=other_inspector, petition=petition, reason="核查需要联系举报人")
    assert not can_view_identity(other_inspector, petition)
    with pytest.raises(PermissionDeniedError):
        services.identity_request_approve(user=other_inspector, access_request=access)

    access = services.identity_request_approve(user=supervisor, access_request=access, note="同意")

    assert access.expires_at - access.decided_at == dt.timedelta(hours=24)
    assert reveal_identity(user=other_inspector, petition=petition) == REPORTER
    view = IdentityViewLog.objects.get()
    assert (view.basis, view.access_request) == (IdentityViewLog.Basis.REQUEST, access)
    with pytest.raises(InvalidTransitionError):
        services.identity_request_refuse(user=supervisor, access_request=access, note="晚了")

    with time_machine.travel(timezone.now() + dt.timedelta(hours=25)):
        assert not can_view_identity(other_inspector, petition)
        with pytest.raises(PermissionDeniedError):
            reveal_identity(user=other_inspector, petition=petition)


def test_access_request_refused(inspector, other_inspector, supervisor):
    petition = register(inspector)
    access = services.identity_request_create(user=other_inspector, petition=petition, reason="需要核实")
    access = services.identity_request_refuse(user=supervisor, access_request=access, note="无必要")
    assert access.status == IdentityAccessRequest.Status.REFUSED
    assert not can_view_identity(other_inspector, petition)


def test_access_requests_are_not_for_those_who_can_already_see_or_for_anonymous(inspector):
    with pytest.raises(ApplicationError):
        services.identity_request_create(user=inspector, petition=register(inspector), reason="看看")
    with pytest.raises(ApplicationError):
        services.identity_request_create(
            user=inspector, petition=register(inspector, informant=None, is_named=False), reason="看看"
        )


def test_an_approval_is_for_one_petition_only(inspector, other_inspector, supervisor):
    first, second = register(inspector), register(inspector, informant=OTHER_REPORTER)
    access = services.identity_request_create(user=other_inspector, petition=first, reason="核查")
    services.identity_request_approve(user=supervisor, access_request=access)
    assert can_view_identity(other_inspector, first)
    assert not can_view_identity(other_inspector, second)


def test_leaders_cannot_request(inspector, leader):
    with pytest.raises(PermissionDeniedError):
        services.identity_request_create(user=leader, petition=register(inspector), reason="想看")


def test_view_log_rows_are_append_only(inspector):
    petition = register(inspector)
    reveal_identity(user=inspector, petition=petition)
    view = IdentityViewLog.objects.get()
    with pytest.raises(ApplicationError):
        view.save()
    with pytest.raises(ApplicationError):
        view.delete()


# -- keys -------------------------------------------------------------------------------------------------------


def test_key_rotation_re_encrypts_under_the_new_key(inspector, settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.IDENTITY_ENCRYPTION_KEYS = [old]
    petition = register(inspector)
    before = Informant.objects.get(pk=petition.informant_id).name_ct

    settings.IDENTITY_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_identity_key", stdout=open(os.devnull, "w"))  # noqa: SIM115

    settings.IDENTITY_ENCRYPTION_KEYS = [new]  # the old key is retired
    informant = Informant.objects.get(pk=petition.informant_id)
    assert informant.name_ct != before
    assert decrypt_informant(informant) == REPORTER


def test_a_retired_key_without_rotation_is_a_clear_error(inspector, settings):
    settings.IDENTITY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    petition = register(inspector)
    settings.IDENTITY_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ApplicationError) as exc:
        reveal_identity(user=inspector, petition=petition)
    assert "密钥" in exc.value.message


def test_production_requires_the_keys(tmp_path):
    with pytest.raises(ConfigError, match="IDENTITY_ENCRYPTION_KEYS"):
        load_identity_keys("", "h" * 40, debug=False, data_dir=tmp_path)
    with pytest.raises(ConfigError, match="IDENTITY_HMAC_KEY"):
        load_identity_keys(Fernet.generate_key().decode(), "", debug=False, data_dir=tmp_path)
    with pytest.raises(ConfigError, match="第 2 个密钥无效"):
        load_identity_keys(f"{Fernet.generate_key().decode()},not-a-key", "h" * 40, debug=False, data_dir=tmp_path)
    with pytest.raises(ConfigError, match="过短"):
        load_identity_keys(Fernet.generate_key().decode(), "short", debug=False, data_dir=tmp_path)
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys, hmac_key = load_identity_keys(f" {first} , {second} ", "h" * 40, debug=False, data_dir=tmp_path)
    assert keys == [first, second] and hmac_key == "h" * 40
    assert not list(tmp_path.iterdir())  # nothing generated in production


def test_development_generates_keys_once_with_private_files(tmp_path):
    keys, hmac_key = load_identity_keys("", "", debug=True, data_dir=tmp_path)
    again = load_identity_keys("", "", debug=True, data_dir=tmp_path)
    assert (keys, hmac_key) == again
    Fernet(keys[0])
    for name in ("identity_encryption_key", "identity_hmac_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
