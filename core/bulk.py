"""The ids a bulk action (a list's checkboxes) posts: read once, bounded, the same everywhere."""

from core.errors import field_error

MAX_BULK = 200


def clean_ids(raw, *, field="ids", noun="整改措施") -> list[int]:
    """Distinct positive ids, in ascending order (the order rows are locked in); 1 to MAX_BULK."""
    if raw is None or isinstance(raw, (str, bytes)):
        raw = [raw] if raw else []
    ids = set()
    for value in raw:
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            raise field_error(field, f"编号“{str(value)[:20]}”无效") from None
        if number <= 0:
            raise field_error(field, f"编号“{number}”无效")
        ids.add(number)
    if not ids:
        raise field_error(field, f"请至少选择一项{noun}", code="required")
    if len(ids) > MAX_BULK:
        raise field_error(field, f"一次最多办理{MAX_BULK}项{noun}，已选{len(ids)}项", code="too_many")
    return sorted(ids)
