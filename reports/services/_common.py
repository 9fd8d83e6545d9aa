from django.utils import timezone

from core.errors import field_error


def check_not_future(field, value, label):
    if value is not None and value > timezone.localdate():
        raise field_error(field, f"{label}不能晚于今天")


def apply_fields(obj, data, fields):
    changed = []
    for name in fields:
        if name in data and getattr(obj, name) != data[name]:
            setattr(obj, name, data[name])
            changed.append(name)
    return changed
