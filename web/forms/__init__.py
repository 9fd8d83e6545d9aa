"""Form plumbing shared by every page: Chinese errors beside their fields, input kept on error.

Pages validate with a Django form (typing, required fields), then call the owning app's
service, which validates the business rules and raises ``ApplicationError``. The service's
``detail`` names fields; ``add_service_error`` puts each message beside the field it
names, and anything else above the form — so a refusal never loses what was typed.
"""

from django import forms

from core.errors import ApplicationError


class WebForm(forms.Form):
    """A form whose rows carry ``has-error`` / ``required`` classes for the stylesheet."""

    error_css_class = "has-error"
    required_css_class = "required"
    # Service field names that differ from the form's (service "files" → form "evidence").
    service_field_map: dict = {}

    def add_service_error(self, exc: ApplicationError):
        add_service_error(self, exc)


def add_service_error(form, exc: ApplicationError):
    """Show a service's refusal on ``form``: field messages beside fields, the rest on top."""
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
