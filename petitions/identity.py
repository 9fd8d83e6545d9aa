"""Who may see a reporter's identity — the one check — and every place an identity is read or written.

``can_view_identity(user, petition)`` is the only gate. It reads, itself:
1. the petition's visibility for the user (so 回避, offices and system administrators are out);
2. the user being the receiving officer who registered the petition;
3. an active ``core.AccessGrant`` of kind IDENTITY (the supervisor by default);
4. an approved, unexpired ``IdentityAccessRequest`` of that user for that petition.
It never consults ``is_superuser``, ``is_staff`` or ``has_perm``.

``reveal_identity`` is the only decryption of a stored identity; each call writes an
``IdentityViewLog`` row and a security-log IDENTITY_VIEW event. It decrypts only the row of
the petition asked about: identity rows are per petition (``identity_create``), so no right
on one petition can reach the reporter of another.
"""

from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import log_event
from core.errors import PermissionDeniedError
from core.grants import has_grant
from core.models import AccessGrant, AuditLog
from core.scoping import visible_to
from petitions import crypto
from petitions.models import IdentityAccessRequest, IdentityViewLog, Informant, Petition
from petitions.numbering import Series, allocate, informant_code


@dataclass(frozen=True)
class Identity:
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""

    def as_dict(self):
        return asdict(self)

    @property
    def is_empty(self):
        return not any((self.name, self.phone, self.id_number, self.address))


def identity_basis(user, petition):
    """(basis, access_request) when ``user`` may see the reporter of ``petition``; None otherwise."""
    if user is None or not user.is_authenticated or not user.is_active or petition.informant_id is None:
        return None
    if not visible_to(Petition, user=user).filter(pk=petition.pk).exists():
        return None
    if petition.registered_by_id == user.pk:
        return IdentityViewLog.Basis.REGISTRAR, None
    if has_grant(user, AccessGrant.Kind.IDENTITY):
        return IdentityViewLog.Basis.GRANT, None
    request = (
        IdentityAccessRequest.objects.filter(
            petition=petition,
            requested_by=user,
            status=IdentityAccessRequest.Status.APPROVED,
            expires_at__gt=timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )
    if request is not None:
        return IdentityViewLog.Basis.REQUEST, request
    return None


def can_view_identity(user, petition) -> bool:
    return identity_basis(user, petition) is not None


def decrypt_informant(informant: Informant) -> Identity:
    """Plain decryption without any check or record — only for ``reveal_identity`` and key rotation tests."""
    return Identity(
        name=crypto.decrypt(informant.name_ct),
        phone=crypto.decrypt(informant.phone_ct),
        id_number=crypto.decrypt(informant.id_number_ct),
        address=crypto.decrypt(informant.address_ct),
    )


@transaction.atomic
def reveal_identity(*, user, petition, request=None) -> Identity:
    """The reporter of ``petition`` in clear, for a user allowed to see it; recorded every time."""
    basis = identity_basis(user, petition)
    if basis is None:
        raise PermissionDeniedError("您没有查看该信访件举报人身份的授权，可提出查看申请", code="identity_denied")
    basis_code, access_request = basis
    # The row of the petition asked about, read through the petition itself.
    informant = Informant.objects.get(petitions__pk=petition.pk)
    IdentityViewLog.objects.create(
        petition=petition,
        informant=informant,
        user=user,
        basis=basis_code,
        access_request=access_request,
        ip_address=(request.META.get("REMOTE_ADDR") or None) if request is not None else None,
    )
    log_event(
        AuditLog.Event.IDENTITY_VIEW,
        user=user,
        request=request,
        target=f"信访件 {petition.number}",
        basis=str(basis_code),
        informant=informant.code,
    )
    return decrypt_informant(informant)


def identity_create(identity: Identity, *, user, year: int) -> Informant:
    """A new identity row for one petition, with a new pseudonymous code.

    Never reuses an earlier row, whatever the phone or ID number: a registrar who types a
    known number must learn nothing about who filed before. The keyed fingerprints are
    stored so that repeats can be flagged (``petitions.selectors.suspected_repeats``).
    Call inside the registering transaction (it allocates a reporter code).
    """
    seq = allocate(Series.INFORMANT, year)
    return Informant.objects.create(
        code=informant_code(year, seq),
        year=year,
        seq=seq,
        name_ct=crypto.encrypt(identity.name),
        phone_ct=crypto.encrypt(identity.phone),
        id_number_ct=crypto.encrypt(identity.id_number),
        address_ct=crypto.encrypt(identity.address),
        phone_hmac=crypto.phone_fingerprint(identity.phone),
        id_number_hmac=crypto.id_number_fingerprint(identity.id_number),
        created_by=user,
    )


def identity_allowed_q(user, prefix=""):
    """A Q over Petition (under ``prefix``) for the petitions whose reporter ``user`` may see,
    on top of their visibility — the same rules as ``identity_basis``, as one filter."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    named = Q(**{f"{prefix}informant__isnull": False})
    if has_grant(user, AccessGrant.Kind.IDENTITY):
        return named
    approved = IdentityAccessRequest.objects.filter(
        requested_by=user, status=IdentityAccessRequest.Status.APPROVED, expires_at__gt=timezone.now()
    ).values("petition_id")
    return named & (Q(**{f"{prefix}registered_by_id": user.pk}) | Q(**{f"{prefix}pk__in": approved}))


def erase_identity(informant: Informant):
    """Blank a petition's stored identity (报送上级: nothing of it may stay); the code remains."""
    for field in ("name_ct", "phone_ct", "id_number_ct", "address_ct", "phone_hmac", "id_number_hmac"):
        setattr(informant, field, "")
    informant._change_reason = "报送上级，不留存身份信息"
    informant.save()


def rotate_all(*, batch_size=500) -> int:
    """Re-encrypt every stored identity under the first key; returns how many reporters changed."""
    changed = 0
    fields = ("name_ct", "phone_ct", "id_number_ct", "address_ct")
    with transaction.atomic():
        for informant in Informant.objects.select_for_update().order_by("pk").iterator(chunk_size=batch_size):
            for field in fields:
                setattr(informant, field, crypto.rotate(getattr(informant, field)))
            informant._change_reason = "更换加密密钥"
            informant.save(update_fields=list(fields))
            changed += 1
    return changed
