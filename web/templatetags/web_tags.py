from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from deadlines.light import LONG_TERM_LABEL, Light

register = template.Library()

_LIGHT_TEXT = {
    Light.GREY: "已办结",
    Light.NONE: LONG_TERM_LABEL,
    Light.GREEN: "正常",
    Light.YELLOW: "临期",
    Light.RED: "逾期",
}


@register.simple_tag
def light(value, text=""):
    """A traffic light with a word beside it (colour is never the only signal).

    ``none`` is a light only for a 长期坚持 measure (``deadlines.light.LONG_TERM``); anything
    else without a running deadline shows no light at all, just a dash (never "长期坚持")."""
    if (value or Light.NONE) == Light.NONE and not (text or getattr(value, "long_term", False)):
        return mark_safe(  # noqa: S308 - a constant
            '<span class="no-light muted" data-light="none" title="无期限">—</span>'
        )
    value = str(value)
    label = text or _LIGHT_TEXT.get(value, value)
    return format_html('<span class="light light-{}" data-light="{}">{}</span>', value, value, label)


@register.simple_tag
def progress_bar(done, total):
    """A bar with ``done/total`` beside it; an empty group shows a dash, not 0%."""
    done, total = int(done or 0), int(total or 0)
    if not total:
        return mark_safe('<span class="muted">—</span>')  # noqa: S308 - a constant
    pct = round(100 * done / total)
    return format_html(
        '<span class="bar" role="progressbar" aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100">'
        '<span style="width:{}%"></span></span> <span class="small">{}/{}（{}%）</span>',
        pct,
        pct,
        done,
        total,
        pct,
    )


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters changed (pagination keeps the filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_th(context, key, label):
    """A sortable column header: a link that sorts by ``key`` (again: the other way), the arrow and
    ``aria-sort`` saying how the list is sorted now; the page number is dropped, the filters kept."""
    current = context["request"].GET.get("sort", "")
    if current == key:
        state, arrow, target = "ascending", " ▲", f"-{key}"
    elif current == f"-{key}":
        state, arrow, target = "descending", " ▼", key
    else:
        state, arrow, target = "none", "", key
    href = query_with(context, sort=target, page=None)
    return format_html(
        '<th aria-sort="{}"><a class="sort" href="{}" title="按{}排序">{}{}</a></th>', state, href, label, label, arrow
    )


@register.simple_tag
def page_numbers(page):
    """The page numbers to show: 1 … 4 5 [6] 7 8 … 20 (``Paginator.ELLIPSIS`` for the gaps)."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
