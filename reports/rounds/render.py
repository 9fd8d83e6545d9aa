"""A saved round document → title, 主送, paragraphs (with figure segments), the task table, 落款.

The page, the .docx and the plain text all come from here, so they never disagree. Editable texts
follow the annual report's rules (reports.narrative.render): one paragraph a line, "一、" and
"（一）" lines are headings, ``{{code}}`` inserts a figure of the version.
"""

import re
from dataclasses import dataclass, field

from rectification.documents.ledger import date_text
from rectification.models import DocumentKind
from reports.docx.gbt9704 import chinese_numeral
from reports.narrative.render import H1, H2, PLACEHOLDER, Para, Segment

TABLE_HEADERS = ("序号", "问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限")
PUBLIC_TABLE_HEADERS = ("序号", "问题", "整改措施", "责任部门", "完成时限", "完成情况")
ATTACHMENT = "整改任务清单"


@dataclass
class Table:
    title: str
    headers: tuple
    rows: list = field(default_factory=list)


@dataclass
class RenderedDocument:
    title: str
    recipient: str
    paragraphs: list
    signature: str
    date_text: str
    attachment: Table | None = None

    def plain_text(self) -> str:
        lines = [self.title, self.recipient, *(p.text for p in self.paragraphs), self.signature, self.date_text]
        if self.attachment:
            lines.append(self.attachment.title)
            lines += ["\t".join(self.attachment.headers), *("\t".join(r) for r in self.attachment.rows)]
        return "\n".join(line for line in lines if line)


def _segments(text: str, figures: dict) -> list:
    out, pos = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > pos:
            out.append(Segment(text[pos : match.start()]))
        code = match.group(1)
        figure = figures.get(code)
        if figure is None or not figure.get("text"):
            out.append(Segment(f"【待填：{figure['label'] if figure else code}】", flagged=True))
        else:
            out.append(Segment(figure["text"], code=code if figure.get("model") else None))
        pos = match.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def text_paragraphs(text: str, figures: dict) -> list:
    paras = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        level = "h1" if H1.match(line) else "h2" if H2.match(line) else "body"
        paras.append(Para(level, _segments(line, figures)))
    return paras


class _Builder:
    def __init__(self, doc):
        self.doc = doc
        self.figures = doc.figures
        self.paras: list = []
        self.h1_count = 0

    def h1(self, title):
        self.h1_count += 1
        self.paras.append(Para("h1", [Segment(f"{chinese_numeral(self.h1_count)}、{title}")]))

    def text(self, name):
        self.paras += text_paragraphs(self.doc.narrative.get(name, ""), self.figures)

    def line(self, template, level="body"):
        self.paras.append(Para(level, _segments(template, self.figures)))

    def groups(self, each_problem, *, aspect_counts=False):
        n1 = 0
        n2 = 0
        for group in self.doc.content.get("groups", []):
            if group["level"] == 1:
                n1, n2 = n1 + 1, 0
                self.paras.append(Para("h2", [Segment(f"（{chinese_numeral(n1)}）{heading_text(group['title'])}")]))
            else:
                n2 += 1
                self.paras.append(Para("body", [Segment(f"{n2}.{heading_text(group['title'])}")]))
            if aspect_counts:
                self.paras.append(Para("body", [Segment(_aspect_summary(group))]))
                continue
            for problem in group["problems"]:
                each_problem(problem)


NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])\s*")


def heading_text(title: str) -> str:
    """An aspect's title without the number a ledger wrote into it (the document numbers it anew)."""
    return NUMBERING.sub("", title, count=1) or title


def _aspect_summary(group) -> str:
    measures = [m for p in group["problems"] for m in p["measures"]]
    if not group["problems"]:
        return "该方面的问题列于下述各项。"
    done = sum(1 for m in measures if m["status"] == "done")
    return f"反馈问题{len(group['problems'])}个，制定整改措施{len(measures)}项，已完成{done}项。"


def _progress_words(measure) -> str:
    words = [f"{u['date']}，{u['text'].rstrip('。；;')}" for u in measure["updates"]]
    words += [
        f"{s['date']}{s['action']}{('：' + s['note'].rstrip('。')) if s['note'] else ''}" for s in measure["signoffs"]
    ]
    return "；".join(words)


def _measures_done(b: _Builder):
    def each(problem):
        b.paras.append(Para("body", [Segment(f"问题{problem['order']}：{problem['text']}")]))
        for m in problem["measures"]:
            words = _progress_words(m) or "尚无整改进展记录"
            b.paras.append(
                Para("body", [Segment(f"措施{m['order']}：{m['content']}（{m['status_label']}）。{words}。")])
            )

    return each


def _open_items(b: _Builder):
    groups = b.doc.content.get("groups", [])
    rows = [m for g in groups for p in g["problems"] for m in p["measures"] if m["status"] != "done"]
    if not rows:
        b.paras.append(Para("body", [Segment("反馈问题的整改措施均已完成。")]))
    for m in rows:
        where = m["departments"] or "未指定"
        text = f"{m['code']}：{m['content']}，{m['status_label']}，完成时限：{m['deadline']}，责任部门：{where}。"
        b.paras.append(Para("body", [Segment(text)]))


SUMMARY = (
    "{{team}}反馈问题{{problems}}个，制定整改措施{{measures}}项。截至{{as_of}}，已完成{{done}}项，"
    "正在推进{{in_progress}}项，长期坚持{{long_term}}项；{{problems_done}}个问题已整改到位。"
)


def _plan(b: _Builder):
    b.text("preamble")
    b.h1("总体要求")
    b.text("requirements")
    b.h1("整改任务")
    b.line("对照{{team}}反馈的{{problems}}个问题，制定整改措施{{measures}}项，具体见附件《" + ATTACHMENT + "》。")
    b.groups(None, aspect_counts=True)
    b.h1("保障措施")
    b.text("safeguards")


def _report(b: _Builder):
    b.text("preamble")
    b.h1("整改工作总体情况")
    b.line(SUMMARY)
    b.h1("反馈问题整改落实情况")
    b.groups(_measures_done(b))
    b.h1("尚未完成的整改事项")
    _open_items(b)
    b.h1("下一步工作打算")
    b.text("next_steps")


def _leader(b: _Builder):
    b.h1("履行整改第一责任人职责情况")
    b.text("leader_voice")
    b.h1("整改任务完成情况")
    b.line(SUMMARY)
    b.groups(None, aspect_counts=True)
    b.h1("下一步工作打算")
    b.text("next_steps")


def _public(b: _Builder):
    b.text("preamble")
    b.h1("整改总体进展")
    b.line(
        "本次公开的反馈问题{{problems}}个，整改措施{{measures}}项。截至{{as_of}}，已完成{{done}}项，正在推进{{in_progress}}项，长期坚持{{long_term}}项。"
    )
    b.h1("具体问题整改情况")
    b.groups(_measures_done(b))
    b.h1("下一步工作打算")
    b.text("next_steps")


BODIES = {
    DocumentKind.PLAN: _plan,
    DocumentKind.REPORT: _report,
    DocumentKind.LEADER_REPORT: _leader,
    DocumentKind.PUBLIC: _public,
}


def task_table(doc) -> Table:
    public = doc.kind == DocumentKind.PUBLIC
    rows = []
    for group in doc.content.get("groups", []):
        for p in group["problems"]:
            for m in p["measures"]:
                n = str(len(rows) + 1)
                if public:
                    rows.append((n, p["text"], m["content"], m["departments"], m["deadline"], m["status_label"]))
                else:
                    rows.append((n, p["text"], m["content"], m["leader"], m["departments"], m["person"], m["deadline"]))
    return Table(title=ATTACHMENT, headers=PUBLIC_TABLE_HEADERS if public else TABLE_HEADERS, rows=rows)


def render_document(doc) -> RenderedDocument:
    """``doc`` is a saved ``RoundDocument`` (or anything with kind, frame, narrative, figures, content)."""
    builder = _Builder(doc)
    BODIES[DocumentKind(doc.kind)](builder)
    attachment = task_table(doc) if doc.kind in (DocumentKind.PLAN, DocumentKind.PUBLIC) else None
    return RenderedDocument(
        title=doc.frame.get("title", ""),
        recipient=doc.narrative.get("recipient", ""),
        paragraphs=builder.paras,
        signature=doc.narrative.get("signature", ""),
        date_text=date_text(doc.document_date),
        attachment=attachment,
    )
