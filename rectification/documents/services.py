"""Saving a round document's narrative and generating (freezing) a version from the live ledger."""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core.errors import ApplicationError, field_error, require
from core.history import attribute
from core.text import UNSTORABLE
from rectification.documents import kinds, ledger
from rectification.documents.permissions import can_write
from rectification.models import DocumentKind, InspectionRound, RoundDocument, RoundNarrative

TEXT_MAX_CHARS = 20000
LINE_MAX_CHARS = 100
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
DENIED = "只有纪检干部、纪检负责人可以生成或修改整改文书"


def parse_kind(value) -> DocumentKind:
    try:
        return DocumentKind(value)
    except ValueError:
        choices = "、".join(f"{k.value}（{k.label}）" for k in DocumentKind)
        raise field_error("kind", f"文书类型应为：{choices}") from None


def effective_texts(rnd: InspectionRound, kind) -> dict:
    """The saved texts of the round's document of ``kind``; the default wording for any not saved."""
    kind = DocumentKind(kind)
    defaults = kinds.default_texts(kind, ledger.round_frame(rnd))
    row = RoundNarrative.objects.filter(round=rnd, kind=kind).first()
    saved = row.texts if row else {}
    return {name: saved.get(name, defaults[name]) for name in kinds.field_names(kind)}


def validate_texts(kind, data) -> dict:
    """The kind's fields only; each a storable text within its length, with known placeholders."""
    if not isinstance(data, dict):
        raise ApplicationError("文稿应为“字段: 文字”的对象", code="invalid")
    errors, cleaned = {}, {}
    fields = {f.name: f for f in kinds.FIELDS[DocumentKind(kind)]}
    for name, value in data.items():
        spec = fields.get(name)
        if spec is None:
            errors[name] = [f"{DocumentKind(kind).label}没有此项文稿"]
            continue
        if not isinstance(value, str):
            errors[name] = ["应为文本"]
            continue
        value = value.replace("\r\n", "\n").strip()
        limit = TEXT_MAX_CHARS if spec.multiline else LINE_MAX_CHARS
        if UNSTORABLE.search(value):
            errors[name] = ["含有无法保存到 Word 的控制字符，请删除后再提交"]
        elif len(value) > limit:
            errors[name] = [f"{spec.label}不能超过 {limit} 个字"]
        elif not spec.multiline and "\n" in value:
            errors[name] = [f"{spec.label}应为一行"]
        elif unknown := sorted({c for c in PLACEHOLDER.findall(value) if c not in kinds.FIGURES}):
            errors[name] = [f"未知的数字代码：{'、'.join(unknown)}"]
        else:
            cleaned[name] = value
    if errors:
        raise ApplicationError("文稿有误", code="invalid", detail=errors)
    return cleaned


@transaction.atomic
def narrative_save(*, user, rnd: InspectionRound, kind, data) -> RoundNarrative:
    """Save the texts given; fields left out keep their current (or default) wording."""
    require(can_write(user), DENIED)
    kind = parse_kind(kind)
    cleaned = validate_texts(kind, data)
    current = effective_texts(rnd, kind)
    row = RoundNarrative.objects.select_for_update().filter(round=rnd, kind=kind).first()
    row = row or RoundNarrative(round=rnd, kind=kind)
    row.texts = {**current, **cleaned}
    row.updated_by = user
    attribute(row, user, f"修改{kind.label}文稿")
    row.save()
    return row


def _title(kind, frame) -> str:
    return kinds.TITLES[DocumentKind(kind)].format(org=frame["org"], team=frame["team"])


@transaction.atomic
def document_generate(*, user, rnd: InspectionRound, kind, document_date: dt.date | None = None) -> RoundDocument:
    """Read the round's ledger now and save it, with the narrative, as a new frozen version."""
    require(can_write(user), DENIED)
    kind = parse_kind(kind)
    if rnd.is_archived:
        raise ApplicationError("已归档的巡察轮次不能生成整改文书", code="archived", status=409)
    document_date = document_date or timezone.localdate()
    built = ledger.build(user=user, rnd=rnd, kind=kind, as_of=document_date)
    frame = ledger.round_frame(rnd)
    frame["title"] = _title(kind, frame)
    narrative = effective_texts(rnd, kind)
    if kind == DocumentKind.PUBLIC:  # what the office typed is published too: no names in it either
        scrub = ledger.name_scrubber()
        narrative = {name: scrub(text) for name, text in narrative.items()}
    for _attempt in range(3):
        latest = RoundDocument.objects.filter(round=rnd, kind=kind).aggregate(n=Max("version"))["n"] or 0
        try:
            with transaction.atomic():
                doc = RoundDocument(
                    round=rnd,
                    kind=kind,
                    version=latest + 1,
                    frame=frame,
                    narrative=narrative,
                    figures=built.figures,
                    content={"groups": built.groups},
                    document_date=document_date,
                    generated_by=user,
                )
                attribute(doc, user, f"生成{kind.label}")
                doc.save()
                return doc
        except IntegrityError:  # a concurrent generation took the number: take the next one
            continue
    raise ApplicationError("整改文书生成冲突，请重试", code="conflict", status=409)
