"""Links between records of different apps, shown only where the viewer may follow them.

A link to something the viewer may not see would tell them it exists (and answer 404): each
tag asks the target's own visibility, so 回避 and the roles decide as they do on its page."""

from django import template

from petitions import selectors as petition_selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def visible_petition(context, petition_id):
    """The id of petition ``petition_id`` when the current user may open it, else None (one query)."""
    request = context.get("request")
    if not petition_id or request is None:
        return None
    visible = petition_selectors.petition_list(user=request.user).filter(pk=petition_id)
    return visible.values_list("pk", flat=True).first()
