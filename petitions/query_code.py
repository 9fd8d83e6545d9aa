"""查询码: a code a reporter is given at registration to ask about the stage of their petition.

* ``issue``: a new code of ``LENGTH`` characters drawn by ``secrets`` from ``ALPHABET`` (32
  characters, without 0/O/1/I, so it can be read out on the phone): 12 × 5 = 60 bits, shown in
  groups of four (``ABCD-EFGH-JKLM``). Stored twice: Fernet-encrypted (``query_code_ct``, only
  for the printed 受理告知书) and as a keyed fingerprint (``query_code_hmac``) that a lookup
  matches without decrypting anything. Issuing again replaces both, so the old code no longer
  answers. The code itself is in neither the history (``HistoricalPetition`` excludes both
  fields) nor the event log.
* ``lookup``: every call writes a ``QueryCodeLookup`` row, found or not. The answer is only the
  stage, phrased for the public, and the next due date. A wrong code, a closed or archived
  petition, a restricted one and one the asking staff member is recused from (回避) all get the
  same answer (``NOT_FOUND``), so a lookup tells nothing about which codes exist.
* Rate limit: a staff member with ``MAX_MISSES`` lookups that found nothing in the last
  ``MISS_WINDOW`` is refused (429) until the oldest of them leaves the window. The count is read
  from the lookup log itself, so it holds across processes and restarts; at 60 bits, 20 misses an
  hour leave brute force hopeless.
"""

import datetime as dt
import re
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ApplicationError, field_error, require
from core.history import attribute
from core.scoping import visible_to
from petitions import crypto, permissions
from petitions.models import Petition, PetitionEvent, QueryCodeLookup, Status
from petitions.services.common import lock_visible, record

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 12
GROUP = 4
MAX_MISSES = 20
MISS_WINDOW = dt.timedelta(hours=1)

NOT_FOUND = {"found": False, "message": "未查到，请核对查询码", "stage": "", "due": None}

_SEPARATORS = re.compile(r"[\s\-‐‑–—_.·]+")


def generate() -> str:
    """A fresh code, grouped for reading out: ``ABCD-EFGH-JKLM``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(code: str) -> str:
    """Upper case without spaces or dashes (full-width letters folded): " abcd efgh-jklm " → "ABCDEFGHJKLM"."""
    folded = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in (code or ""))
    return _SEPARATORS.sub("", folded).upper()


def _fingerprint(code: str) -> str:
    return crypto.fingerprint("query", normalise(code))


def has_contact(petition) -> bool:
    """The reporter left a phone number or an address (checked on the ciphertexts: nothing is decrypted)."""
    informant = petition.informant
    return informant is not None and bool(informant.phone_ct or informant.address_ct)


def may_issue(user, petition) -> bool:
    return (
        permissions.can_process(user)
        and not petition.is_restricted
        and not petition.is_archived
        and not petition.is_closed
        and has_contact(petition)
    )


def _refuse_unless_issuable(petition):
    if petition.is_restricted:
        raise field_error("issue_query_code", "上级管辖件不发放查询码")
    if petition.is_archived or petition.is_closed:
        raise field_error("issue_query_code", "该信访件已办结或归档，不再发放查询码")
    if not has_contact(petition):
        raise field_error("issue_query_code", "信访人留有联系电话或地址的，才能发放查询码")


def _store_new_code(petition) -> str:
    for _ in range(3):  # a fingerprint clash (2^-60 per pair) draws again rather than failing
        code = generate()
        petition.query_code_ct = crypto.encrypt(code)
        petition.query_code_hmac = _fingerprint(code)
        petition.query_code_issued_at = timezone.now()
        # Only these fields: no version bump, so an edit form open elsewhere stays valid.
        try:
            with transaction.atomic():
                petition.save(update_fields=["query_code_ct", "query_code_hmac", "query_code_issued_at"])
        except IntegrityError:
            continue
        return code
    raise ApplicationError("查询码生成失败，请重试", code="query_code_clash", status=503)


@transaction.atomic
def issue(user, petition) -> str:
    """发放/重新发放查询码 (纪检 staff; a petition with the reporter's contact details, not restricted,
    not closed). Returns the new code — the only time it is returned in clear besides the 受理告知书."""
    require(permissions.can_process(user), "只有纪检干部可以发放查询码")
    petition = lock_visible(user, petition)
    _refuse_unless_issuable(petition)
    again = bool(petition.query_code_hmac)
    action = PetitionEvent.Action.QUERY_CODE_REISSUE if again else PetitionEvent.Action.QUERY_CODE_ISSUE
    # The history row says a code was issued; both code fields are excluded from it.
    attribute(petition, user, action.label)
    code = _store_new_code(petition)
    record(petition, action, user, note="原查询码已作废" if again else "")
    return code


@transaction.atomic
def shown_code(user, petition) -> str:
    """The code in clear for the printed 受理告知书 (纪检 staff who see the petition); each showing is
    recorded in the petition's event log. Empty when none was issued."""
    require(permissions.can_process(user), "只有纪检干部可以打印告知书")
    petition = lock_visible(user, petition)
    if not petition.query_code_ct:
        return ""
    record(petition, PetitionEvent.Action.QUERY_CODE_SHOW, user)
    return crypto.decrypt(petition.query_code_ct)


def _misses_left(user) -> bool:
    since = timezone.now() - MISS_WINDOW
    misses = QueryCodeLookup.objects.filter(user_id=user.pk, found=False, refused=False, at__gte=since).count()
    return misses < MAX_MISSES


def _stage(petition) -> str:
    """The stage in words for the reporter: where it is, and whether a 告知/反馈 is still to come."""
    status = petition.status
    if status == Status.REGISTERED:
        text = "已收到，正在审查是否受理"
    elif status == Status.ACCEPTED:
        text = "已受理"
    elif status in (Status.TRANSFERRED, Status.REPLIED, Status.HANDLING):
        text = "已受理，正在办理"
    elif status == Status.REJECTED:
        text = "不予受理"
    elif status == Status.ESCALATED:
        text = "已报送有管辖权的机关处理"
    else:
        text = "已办结"
    if petition.notify_due and petition.notified_on is None:
        text += "；受理情况将告知您"
    elif petition.notified_on is not None and status not in (Status.REJECTED, Status.ESCALATED, Status.CONCLUDED):
        text += "；已告知受理情况"
    if status == Status.CONCLUDED:
        text += "；处理结果已反馈" if petition.feedback_on else "；处理结果将反馈给您"
    return text


def _answer(petition) -> dict:
    due = petition.next_due or petition.conclude_due
    return {"found": True, "message": "", "stage": _stage(petition), "due": due}


def lookup(user, code, ip=None) -> dict:
    """查询码查询 (纪检 staff): ``{found, message, stage, due}`` — nothing else of the petition.

    Writes one ``QueryCodeLookup`` every time, a refused try too. Refused (429, logged as
    ``refused``, not counted as a miss) while the user is over the miss limit; 400 when nothing
    was typed (nothing to log)."""
    require(permissions.can_process(user), "只有纪检干部可以查询查询码")
    normalised = normalise(code)
    if not normalised:
        raise field_error("code", "请填写查询码")
    answer = _logged_lookup(user, normalised, ip)
    if answer is None:  # raised after the transaction, so the refused try stays logged
        raise ApplicationError(
            f"查询未果次数过多（{int(MISS_WINDOW.total_seconds() // 60)}分钟内{MAX_MISSES}次），请稍后再试",
            code="rate_limited",
            status=429,
        )
    return answer


@transaction.atomic
def _logged_lookup(user, normalised, ip):
    if not _misses_left(user):
        QueryCodeLookup.objects.create(found=False, refused=True, user=user, ip_address=ip)
        return None
    petition = None
    if len(normalised) == LENGTH and set(normalised) <= set(ALPHABET):
        petition = (
            visible_to(Petition, user=user)
            .filter(query_code_hmac=crypto.fingerprint("query", normalised), is_restricted=False)
            .first()
        )
    if petition is not None and (petition.is_archived or petition.is_closed):
        petition = None
    QueryCodeLookup.objects.create(petition=petition, found=petition is not None, user=user, ip_address=ip)
    return dict(NOT_FOUND) if petition is None else _answer(petition)


@transaction.atomic
def petition_register_with_code(*, user, informant=None, issue_query_code=False, **data):
    """登记, and 发放查询码 in the same transaction when asked: (petition, code or "").

    The code is asked for only with the reporter's phone or address; refused (400, nothing
    registered) otherwise."""
    from petitions.services import petition_register

    if issue_query_code and (
        data.get("restricted_reason") or informant is None or not (informant.phone or informant.address)
    ):
        raise field_error("issue_query_code", "填写了信访人联系电话或地址的（上级管辖件除外），才能发放查询码")
    petition = petition_register(user=user, informant=informant, **data)
    return petition, (issue(user, petition) if issue_query_code else "")
