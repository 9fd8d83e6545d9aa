"""What a reminder or notification may say about a petition (for the reminders app).

Outgoing messages never carry a reporter's identity (not even the pseudonymous code)
nor the petition's content; a department hears only that a 转办件 is due.
"""

from petitions.deadlines import BINDINGS, outstanding
from petitions.models import Petition


def _due_label(field):
    return str(Petition._meta.get_field(field).verbose_name)


def staff_payload(petition) -> dict:
    """For 纪检 staff and leaders: number, kind, category and the earliest outstanding due date."""
    owed = outstanding(petition)
    field, due = owed[0] if owed else (None, None)
    return {
        "petition_id": petition.pk,
        "number": petition.number,
        "kind": petition.get_kind_display(),
        "category": petition.category.name if petition.category_id else "",
        "status": petition.get_status_display(),
        "due_label": _due_label(field) if field else "",
        "due_date": due,
        "due_warning": getattr(petition, f"{field}_warning") if field else "",
        "rule": BINDINGS[field][0](petition) if field else "",
    }


def office_payload(petition) -> dict:
    """For the department a petition was transferred to: the 转办件's number and reply date only."""
    return {
        "petition_id": petition.pk,
        "number": petition.number,
        "kind": "转办件",
        "department": petition.transfer_department.name if petition.transfer_department_id else "",
        "due_label": _due_label("transfer_due"),
        "due_date": petition.transfer_due,
        "due_warning": petition.transfer_due_warning,
        "rule": "transfer-reply",
    }
