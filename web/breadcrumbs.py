"""Breadcrumbs of the detail pages (web/templates/web/_breadcrumbs.html).

A crumb is a link only where the viewer may open it: the page's roles (as the views'
``require_roles``) and, for a record, its visibility function — an office may see a measure of
its department but, say, not the petition a clue came from. Otherwise the crumb is plain text,
or left out where even its name would say more than the viewer may see (a clue's petition).
The last crumb is the page itself, never a link.
"""

from dataclasses import dataclass

from django.urls import reverse

from core.scoping import actor_for, visible_to
from organization.roles import Role
from web.nav import EVERYONE, READERS, STAFF


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""


def _link(actor, roles, label, url_name, *args):
    return Crumb(label, reverse(url_name, args=args) if actor.has_role(*roles) else "")


def _visible(user, model, pk):
    return pk is not None and visible_to(model, user=user).filter(pk=pk).exists()


def round_crumbs(user, rnd):
    actor = actor_for(user)
    return [_link(actor, EVERYONE, "巡察轮次", "web:round-list"), Crumb(rnd.name)]


def measure_crumbs(user, measure):
    """巡察轮次 › the round › 方面 (› 方面) › 问题 › the measure; aspects and problems have no page of their own."""
    from rectification.models import InspectionRound

    actor = actor_for(user)
    problem = measure.problem
    rnd = problem.round
    crumbs = [_link(actor, EVERYONE, "巡察轮次", "web:round-list")]
    if actor.has_role(*EVERYONE) and _visible(user, InspectionRound, rnd.pk):
        crumbs.append(Crumb(rnd.name, reverse("web:round-detail", args=[rnd.pk])))
    else:
        crumbs.append(Crumb(rnd.name))
    aspect = problem.aspect
    if aspect is not None:
        if aspect.parent_id:
            crumbs.append(Crumb(aspect.parent.title))
        crumbs.append(Crumb(aspect.title))
    crumbs.append(Crumb(_short(problem.text)))
    crumbs.append(Crumb(_short(measure.content)))
    return crumbs


def petition_crumbs(user, petition):
    actor = actor_for(user)
    return [_link(actor, READERS, "信访件", "web:petition-list"), Crumb(petition.number)]


def transfer_crumbs(user, petition):
    actor = actor_for(user)
    return [_link(actor, (Role.OFFICE,) + STAFF, "转办件", "web:transfer-list"), Crumb(petition.number)]


def clue_crumbs(user, clue):
    """问题线索 › the petition it came from (only if the viewer may see that petition) › the clue."""
    from petitions.models import Petition

    actor = actor_for(user)
    crumbs = [_link(actor, READERS, "问题线索", "web:clue-list")]
    petition_id = clue.source_petition_id
    number = None
    if petition_id is not None:  # one query: the number only where the viewer may see the petition
        number = visible_to(Petition, user=user).filter(pk=petition_id).values_list("number", flat=True).first()
    if number is not None:
        url = reverse("web:petition-detail", args=[petition_id]) if actor.has_role(*READERS, Role.OFFICE) else ""
        crumbs.append(Crumb(f"来源信访件 {number}", url))
    crumbs.append(Crumb(clue.number))
    return crumbs


def recommendation_crumbs(user, rec):
    """纪律检查建议书 › the department it is addressed to (no page of its own) › the letter."""
    actor = actor_for(user)
    crumbs = [_link(actor, EVERYONE, "纪律检查建议书", "web:recommendation-list")]
    if rec.target_department_id:
        crumbs.append(Crumb(rec.target_department.name))
    crumbs.append(Crumb(rec.number or "建议书（未编号）"))
    return crumbs


def _short(text, limit=20):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
