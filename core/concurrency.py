"""Optimistic concurrency: every editable record carries a ``version``.

An edit names the version it was based on (the API's ``version`` field or ``If-Match``
header, the web forms' hidden field). The service reloads the row under a lock
(``select_for_update``), refuses a stale version with a 409 naming who changed the record
last and when (from its history), writes only the changed fields and bumps the version in
the same transaction. Workflow steps lock the row too and bump the version through
``save_versioned``, so an edit based on the state before a step is refused instead of
silently undoing it.
"""

from django.db import models
from django.utils import timezone

from core.errors import ApplicationError


class VersionedModel(models.Model):
    """Abstract base: ``version`` starts at 1 and grows by one with every saved change."""

    version = models.PositiveIntegerField("版本", default=1, editable=False)

    class Meta:
        abstract = True


class StaleVersionError(ApplicationError):
    status = 409

    def __init__(self, message, *, current):
        super().__init__(message, code="stale_version", detail={"version": [message], "current_version": current})


def _user_label(user) -> str:
    """The person's name where the account has one, else the account's name."""
    if user is None:
        return "系统"
    person = getattr(user, "person", None)
    return getattr(person, "name", "") or user.get_full_name() or user.username


def last_change(obj) -> str:
    """“X于Y” for the record's latest history entry ("他人" when it has no history)."""
    history = getattr(obj, "history", None)
    entry = history.select_related("history_user__person").order_by("-history_date", "-pk").first() if history else None
    if entry is None:
        return "他人"
    who, when = history_entry_parts(entry)
    return f"{who}于{when}"


def history_entry_parts(entry) -> tuple[str, str]:
    """(who, when) of one history entry, as the stale-edit messages name them (local time)."""
    when = timezone.localtime(entry.history_date)
    return _user_label(entry.history_user), f"{when:%Y-%m-%d %H:%M:%S}"


_NOT_SHOWN = {"version", "updated_at", "modified_at"}


def changed_since(obj, version) -> list[str]:
    """The names (verbose, as the forms show them) of the fields that differ between the record
    as it was at ``version`` and as it is now, read from its history; [] when either is missing."""
    history = getattr(obj, "history", None)
    if history is None:
        return []
    entries = history.order_by("-history_date", "-pk")
    then, now = entries.filter(version=version).first(), entries.first()
    if then is None or now is None:
        return []
    names = []
    for change in now.diff_against(then).changes:
        if change.field in _NOT_SHOWN:
            continue
        field = next((f for f in obj._meta.concrete_fields if f.name == change.field), None)
        if field is not None:  # else a history-only column, not a field a user edits
            names.append(str(field.verbose_name))
    return names


def check_version(obj, version) -> None:
    """Refuse an edit based on ``version`` when the locked ``obj`` has moved on (None: no check)."""
    if version is None or version == obj.version:
        return
    label = obj._meta.verbose_name
    changed = changed_since(obj, version)
    what = f"改动了{'、'.join(f'“{name}”' for name in changed)}；" if changed else ""
    raise StaleVersionError(
        f"该{label}已被{last_change(obj)}修改（{what}当前版本 {obj.version}，您编辑的是版本 {version}），"
        "请重新载入后再修改",
        current=obj.version,
    )


def lock_for_edit(queryset_or_model, pk, version=None):
    """The row ``pk`` reloaded with ``select_for_update``, its version checked."""
    manager = getattr(queryset_or_model, "objects", queryset_or_model)
    obj = manager.select_for_update().get(pk=pk)
    check_version(obj, version)
    return obj


def save_versioned(obj, fields=None) -> None:
    """Save ``obj`` (only ``fields`` when given) with its version bumped by one.

    The caller holds the row's lock, so the Python increment is atomic; ``updated_at`` is
    included when the model has it so ``auto_now`` still applies.
    """
    obj.version += 1
    if fields is None:
        obj.save()
        return
    names = list(dict.fromkeys([*fields, "version"]))
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields) and "updated_at" not in names:
        names.append("updated_at")
    obj.save(update_fields=names)


def parse_version(value, *, field="version"):
    """A version from a client: a positive integer, or a 400 naming ``field``."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isdigit() or int(text) < 1 or int(text) > 2**31 - 1:
        message = "版本号须为正整数"
        raise ApplicationError(message, code="invalid", detail={field: [message]})
    return int(text)


def request_version(request, data: dict):
    """The version an API edit is based on: ``version`` in the body, else the ``If-Match`` header.

    Pops ``version`` from ``data``. Both given and different is a 400.
    """
    body = data.pop("version", None)
    header = parse_version(request.headers.get("If-Match"), field="If-Match")
    if body is not None and header is not None and body != header:
        message = "请求体中的 version 与 If-Match 不一致"
        raise ApplicationError(message, code="invalid", detail={"version": [message]})
    return body if body is not None else header
