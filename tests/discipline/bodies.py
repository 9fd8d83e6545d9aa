"""Request bodies of the clue workflow actions, shared by the API tests."""

from discipline.models import Clue

D = Clue.Disposal


def members_body(*people):
    return [{"person": p.pk, "opinion": f"{p.name}：同意"} for p in people]


# a valid body of each action; ctx: {"supervisor": user, "panel": [Person, ...]}
ACTION_BODIES = {
    "assign": lambda ctx: {"handler": ctx["supervisor"].pk},
    "propose": lambda ctx: {"disposal": D.PRELIMINARY, "note": "拟办"},
    "discuss": lambda ctx: {"members": members_body(*ctx["panel"])},
    "approve": lambda ctx: {},
    "return": lambda ctx: {"note": "退回重拟"},
    "execute": lambda ctx: {},
    "inquiry-reply": lambda ctx: {},
    "review": lambda ctx: {"note": "复查"},
    "conclude": lambda ctx: {"result": "办结"},
    "feedback": lambda ctx: {"target": "other", "method": "written", "note": "反馈"},
}
