"""One-time form tokens: a web form that creates a record registers it once.

Every rendered create form carries a hidden ``form_token``: a random value signed (Django's
``TimestampSigner``) together with the user's id, valid for ``IDEMPOTENCY_KEY_HOURS`` (24). The
first POST with a token claims it in ``core.IdempotencyKey`` (unique per user and key, the same
store as the API's ``Idempotency-Key``) in the same transaction as the record it creates, and
stores the record's id. A second POST with that token — a double click, 后退 and resubmit, a retry
after a dropped connection, or the same POST racing the first on another connection (it waits on
the key's unique index) — creates nothing and is sent to the record created the first time with
``REPLAYED``. A POST without a token, with a forged one, with another user's, or with one older
than its lifetime is a form error with nothing written; the page then carries a fresh token so
that the user's next 提交 (with what was typed kept) is accepted. A create the service refuses
rolls the claim back, so the corrected form can be sent with the same token.

The token never outlives its claim: a claim is made after the token was issued and is kept as
long as a token is valid, so a replay always finds it.
"""

import datetime as dt
import secrets

from django import forms
from django.contrib import messages
from django.core import signing
from django.shortcuts import redirect
from django.utils.html import format_html

from core.errors import ApplicationError
from core.idempotency import claim_once, key_hours
from web.forms import add_service_error

TOKEN_FIELD = "form_token"
KEY_PREFIX = "web-form:"
FINGERPRINT = "web-form"  # the API compares request digests; a web token is its own proof
REPLAYED = "该表单已提交，未重复登记"
INVALID = "表单校验信息缺失或无效，未登记：请核对下方内容后再次提交"
EXPIRED = "表单打开已超过 {hours} 小时，未登记：请核对下方内容后再次提交"
_SALT = "web.forms.once"


def _signer():
    return signing.TimestampSigner(salt=_SALT)


def new_token(user) -> str:
    """A fresh token for one rendering of a form to ``user``."""
    return _signer().sign(f"{user.pk}.{secrets.token_urlsafe(24)}")


class TokenInput(forms.Widget):
    """The token twice under one name: an empty text input the page does not show (``hidden``
    attribute) that ``static/js/form-token.js`` fills from ``data-form-token``, then a
    ``type=hidden`` input with the same value.

    Pages are ``no-store``, so on 后退 a browser fetches the form again — with a fresh token — and
    then restores what the user had typed into text inputs (the filled twin among them), never a
    ``type=hidden`` value. The first non-empty value wins: the restored token, so the resubmission
    is the replay it is; without script the ``type=hidden`` one. (``autocomplete=off`` would stop
    the restoring, so it is not set.)
    """

    is_hidden = True  # rendered with the form's hidden fields, outside any visible row

    def render(self, name, value, attrs=None, renderer=None):
        value = value or ""
        twin = '<input type="text" name="{}" value="" data-form-token="{}" hidden tabindex="-1" aria-hidden="true">'
        return format_html(twin + '<input type="hidden" name="{}" value="{}">', name, value, name, value)

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return next((v for v in values if v), None)


class FormTokenField(forms.CharField):
    """The hidden token; ``clean`` answers the store key (``web-form:<nonce>``) or a form error."""

    widget = TokenInput

    def __init__(self, *, user, **kwargs):
        self.user = user
        kwargs.setdefault("error_messages", {"required": INVALID})
        kwargs.setdefault("label", "表单校验")
        super().__init__(max_length=200, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            raw = _signer().unsign(value, max_age=dt.timedelta(hours=key_hours()))
        except signing.SignatureExpired:
            raise forms.ValidationError(EXPIRED.format(hours=key_hours()), code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(INVALID, code="invalid") from None
        owner, _, nonce = raw.partition(".")
        if owner != str(self.user.pk) or not nonce:
            raise forms.ValidationError(INVALID, code="invalid")
        return KEY_PREFIX + nonce


def add_form_token(form, user):
    """Give a create ``form`` its one-time token (a fresh one on each rendering of an unbound form)."""
    form.fields[TOKEN_FIELD] = FormTokenField(user=user)
    form.initial[TOKEN_FIELD] = new_token(user)
    return form


def _refuse_token(form, user, message=None):
    """Nothing was written: say so on top, and give the page a fresh token for the next 提交."""
    if message:
        form.add_error(None, message)
    for error in form.errors.pop(TOKEN_FIELD, []):
        form.add_error(None, error)
    form.data = form.data.copy()
    form.data[form.add_prefix(TOKEN_FIELD)] = new_token(user)


def _replay(request, form, claim, url):
    if claim.endpoint != request.path[:200] or claim.object_id is None:
        # A token from another form (only by tampering): refuse rather than guess a record.
        _refuse_token(form, request.user, INVALID)
        return None
    messages.info(request, REPLAYED)
    return redirect(url(claim.object_id))


def create_once(request, form, create, *, success, url):
    """Validate ``form`` (it has ``add_form_token``) and run ``create(cleaned_data)`` — a service
    call answering the created record — once per token.

    ``success`` is the message (or ``obj → message``); ``url`` is ``pk → URL`` of the page to show
    the created record on (also where a replay goes). Answers the redirect, or None with the
    errors (the form's, the token's and the service's) on the form for the page to show again.
    The token is taken out of ``cleaned_data`` before ``create`` sees it.
    """
    if not form.is_valid():
        if TOKEN_FIELD in form.errors:
            _refuse_token(form, request.user)
        return None
    key = form.cleaned_data.pop(TOKEN_FIELD)

    def run():
        obj = create(form.cleaned_data)
        messages.success(request, success(obj) if callable(success) else success)
        return redirect(url(obj.pk)), obj.pk

    try:
        return claim_once(
            user=request.user,
            key=key,
            endpoint=request.path,
            fingerprint=FINGERPRINT,
            create=run,
            replay=lambda claim: _replay(request, form, claim, url),
        )
    except ApplicationError as exc:
        add_service_error(form, exc)
        return None
