"""Form plumbing shared by every page: Chinese errors beside their fields, input kept on error.

Pages validate with a Django form (typing, required fields), then call the owning app's
service, which validates the business rules and raises ``ApplicationError``. The service's
``detail`` names fields; ``add_service_error`` puts each message beside the field it
names, and anything else above the form — so a refusal never loses what was typed.
"""

from django import forms
from django.contrib import messages as user_messages

from core.errors import ApplicationError

NO_ARIA_REQUIRED = ("checkbox", "radio")


class WebBoundField(forms.BoundField):
    """Adds ``aria-required`` to the control of a required field, read when the field is drawn (so a
    field a form adds or makes required after ``__init__`` is marked too). The label's * is for the
    eye; the forms are ``novalidate``, so the browser's own ``required`` is not relied on. Check
    boxes and radio groups take no ``aria-required`` per control."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.field.required and not widget.is_hidden and getattr(widget, "input_type", None) not in NO_ARIA_REQUIRED:
            attrs["aria-required"] = "true"
        return attrs


class WebForm(forms.Form):
    """A form whose rows carry ``has-error`` / ``required`` classes for the stylesheet."""

    error_css_class = "has-error"
    required_css_class = "required"
    # Service field names that differ from the form's (service "files" → form "evidence").
    service_field_map: dict = {}
    bound_field_class = WebBoundField

    def add_service_error(self, exc: ApplicationError):
        add_service_error(self, exc)


def add_version_field(form, obj):
    """A hidden ``version`` on an edit page: the version of ``obj`` the user's edit is based on."""
    form.fields["version"] = forms.IntegerField(label="版本", widget=forms.HiddenInput, required=False, min_value=1)
    form.initial["version"] = obj.version
    return form


def _show_conflict(form, exc: ApplicationError):
    """Someone saved the record meanwhile: say who and when, keep what was typed, and move the hidden
    version on so a second 保存 (after the user has compared) is based on the current record."""
    form.add_error(None, exc.message)
    form.add_error(None, "您填写的内容已保留在下方：核对后再次保存将以您的内容为准，也可重新载入最新内容。")
    form.conflict = True
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = exc.detail.get("current_version", "")


def add_service_error(form, exc: ApplicationError):
    """Show a service's refusal on ``form``: field messages beside fields, the rest on top."""
    if exc.code == "stale_version" and "version" in form.fields:
        _show_conflict(form, exc)
        return
    mapping = getattr(form, "service_field_map", {}) or {}
    placed = False
    detail = exc.detail if isinstance(exc.detail, dict) else {}
    for name, messages in detail.items():
        field = mapping.get(name, name)
        if field in form.fields:
            for message in messages if isinstance(messages, list | tuple) else [messages]:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, exc.message)


def submit(request, form, call, success=None) -> bool:
    """Validate ``form`` and run ``call(cleaned_data)`` (a service call). True when it is done
    (``success``, or else what ``call`` returned, queued as a message); False with the errors — the
    form's and the service's — on the form, for the page to show again with what was typed."""
    if not form.is_valid():
        return False
    try:
        result = call(form.cleaned_data)
    except ApplicationError as exc:
        add_service_error(form, exc)
        return False
    user_messages.success(request, success or result)
    return True


class DecisionForm(WebForm):
    """审批意见 on an approval or a refusal (a 延期, a request to see a reporter's identity); the
    services require it for a refusal and name it ``note``."""

    note = forms.CharField(
        label="审批意见", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不予批准时须填写理由",
    )  # fmt: skip


def decide(request, prefix, approve, approved, refused, *, form_class=None, **target):
    """Approve or refuse with the posted ``DecisionForm`` (or ``form_class``) named by ``prefix``.
    ``approved`` and ``refused`` are (service, success message); the service is called with the
    user, the note, the decision's own time when the form asks for it (补录, ``at``) and ``target``.
    None when done, else the form with its errors beside the field and what was typed kept."""
    service, success = approved if approve else refused
    form = (form_class or DecisionForm)(request.POST, prefix=prefix)

    def call(data):
        timed = {"at": data["at"]} if "at" in data else {}
        return service(user=request.user, note=data["note"], **timed, **target)

    return None if submit(request, form, call, success) else form


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (佐证材料); type and size are checked by ``core.files.validate_upload``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
