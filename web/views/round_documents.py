"""The round's own documents (整改文书): generate, preview with drill-down, download, edit the narrative.

纪检干部 and 纪检负责人 generate and edit; 领导 read and download; offices and the system
administrator get 403 (the documents are the unit's reports, not an office's). The round itself is
read through ``rectification.selectors.round_get`` (404 when invisible).
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.audit import log_event
from core.errors import ApplicationError
from core.models import AuditLog
from organization.roles import Role
from rectification import selectors
from rectification.documents import kinds
from rectification.documents import selectors as doc_selectors
from rectification.documents import services as doc_services
from rectification.documents.permissions import can_read, can_write
from reports.docx.rounds import round_document_docx
from reports.rounds.drill import figure_records
from reports.rounds.render import render_document
from web.forms import WebForm
from web.permissions import require_roles

READERS = (Role.INSPECTOR, Role.SUPERVISOR, Role.LEADER)
WRITERS = (Role.INSPECTOR, Role.SUPERVISOR)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 100


def documents_card(request, rnd):
    """The round page's 整改文书 card, or None for a user who may not read the documents."""
    if not can_read(request.user):
        return None
    return {"kinds": doc_selectors.documents_by_kind(user=request.user, rnd=rnd), "can_write": can_write(request.user)}


def _kind(value):
    try:
        return doc_services.parse_kind(value)
    except ApplicationError:
        raise Http404 from None


@require_roles(WRITERS)
@require_POST
def generate(request, pk, kind):
    rnd = selectors.round_get(user=request.user, pk=pk)
    try:
        doc = doc_services.document_generate(user=request.user, rnd=rnd, kind=_kind(kind))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("web:round-detail", kwargs={"pk": rnd.pk}) + "#documents")
    messages.success(request, f"已生成{doc}")
    return redirect("web:round-document", pk=doc.pk)


def _segments(doc, segments):
    return [
        {
            "text": s.text,
            "flagged": s.flagged,
            "url": reverse("web:round-document-figure", kwargs={"pk": doc.pk, "code": s.code}) if s.code else "",
            "title": doc.figures.get(s.code, {}).get("label", "") if s.code else "",
        }
        for s in segments
    ]


@require_roles(READERS)
@require_GET
def document_detail(request, pk):
    doc = doc_selectors.document_get(user=request.user, pk=pk)
    rnd = selectors.round_get(user=request.user, pk=doc.round_id)
    rendered = render_document(doc)
    paragraphs = [{"level": p.level, "segments": _segments(doc, p.segments)} for p in rendered.paragraphs]
    figures = [
        {"code": code, **f, "url": reverse("web:round-document-figure", kwargs={"pk": doc.pk, "code": code})}
        for code, f in doc.figures.items()
        if f.get("model")
    ]
    others = doc_selectors.document_list(user=request.user, rnd=rnd).filter(kind=doc.kind)
    return render(
        request,
        "web/rectification/round_document.html",
        {
            "doc": doc,
            "round": rnd,
            "rendered": rendered,
            "paragraphs": paragraphs,
            "figures": figures,
            "versions": others,
            "can_write": can_write(request.user),
        },  # fmt: skip
    )


@require_roles(READERS)
@require_GET
def document_docx(request, pk):
    doc = doc_selectors.document_get(user=request.user, pk=pk)
    content = round_document_docx(render_document(doc))
    log_event(AuditLog.Event.EXPORT, request=request, target=str(doc))
    response = HttpResponse(content, content_type=DOCX)
    filename = f"{doc.round.name}-{doc.get_kind_display()}（第{doc.version}版）.docx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_roles(READERS)
@require_GET
def document_figure(request, pk, code):
    doc = doc_selectors.document_get(user=request.user, pk=pk)
    figure = doc.figures.get(code)
    if not figure or not figure.get("model"):
        raise Http404
    result = figure_records(user=request.user, figure=figure)
    page = Paginator(result.queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/records.html",
        {
            "title": f"{doc} · {figure['label']}（生成时统计的记录）",
            "figure": figure,
            "result": result,
            "page": page,
            "rows": [result.columns.row(o) for o in page.object_list],
            "visible": page.paginator.count,
            "back_url": reverse("web:round-document", kwargs={"pk": doc.pk}),
        },  # fmt: skip
    )


class NarrativeForm(WebForm):
    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in kinds.FIELDS[kind]:
            widget = forms.Textarea(attrs={"rows": 8}) if spec.multiline else forms.TextInput
            self.fields[spec.name] = forms.CharField(label=spec.label, widget=widget, required=False, strip=False)


@require_roles(WRITERS)
@require_http_methods(["GET", "POST"])
def narrative_edit(request, pk, kind):
    rnd = selectors.round_get(user=request.user, pk=pk)
    kind = _kind(kind)
    form = NarrativeForm(request.POST or None, kind=kind, initial=doc_services.effective_texts(rnd, kind))
    if request.method == "POST" and form.is_valid():
        try:
            doc_services.narrative_save(user=request.user, rnd=rnd, kind=kind, data=form.cleaned_data)
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"已保存{kind.label}文稿，重新生成后生效")
            return redirect(reverse("web:round-detail", kwargs={"pk": rnd.pk}) + "#documents")
    codes = "、".join(f"{{{{{code}}}}}（{label}）" for code, label in kinds.FIGURES.items())
    return render(
        request,
        "web/rectification/round_narrative.html",
        {"form": form, "round": rnd, "kind": kind, "codes": codes},
        status=400 if request.method == "POST" else 200,
    )
