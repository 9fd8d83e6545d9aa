"""Who may answer for a measure: its 责任人 and 责任领导 are people of its 牵头部门.

A department's people are its members (``Membership``) and its head. The page narrows the
choices as the department changes, but only this check counts: whatever a browser or an API
client sends, a person of another department is refused, naming the field.
"""

from core.errors import ApplicationError
from organization.models import Department, Membership

# (field, label) in the order the form shows them.
PEOPLE_FIELDS = (("responsible_leader", "责任领导"), ("responsible_person", "责任人"))
ASSIGNMENT_FIELDS = ("lead_department", *(name for name, _label in PEOPLE_FIELDS))


def department_people_ids(department: Department) -> set[int]:
    """The ids of the department's members and of its head (one query)."""
    ids = set(Membership.objects.filter(department=department).values_list("person_id", flat=True))
    if department.head_id:
        ids.add(department.head_id)
    return ids


def check_assignment(measure) -> None:
    """Refuse a 责任人 or 责任领导 who is not of ``measure.lead_department``; with no 牵头部门
    anyone may be named. Both fields are checked, so one refusal names every wrong choice."""
    department = measure.lead_department
    named = [(name, label, getattr(measure, name)) for name, label in PEOPLE_FIELDS]
    named = [(name, label, person) for name, label, person in named if person is not None]
    if department is None or not named:
        return
    allowed = department_people_ids(department)
    detail = {
        name: [f"{label}“{person.name}”不是牵头部门“{department.name}”的人员，请从该部门的人员中选择"]
        for name, label, person in named
        if person.pk not in allowed
    }
    if detail:
        first = next(iter(detail.values()))[0]
        raise ApplicationError(first, code="not_in_department", detail=detail)
