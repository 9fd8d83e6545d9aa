"""Turn a narrative template and a year's figures into paragraphs of text and figure segments.

The template is plain text, one paragraph per line. A line starting with "一、" is a
first-level heading (黑体), "（一）" a second-level one (楷体); ``{{code}}`` inserts a
metric. The HTML preview, the .docx and the plain text all render from the result,
so they never disagree.
"""

import re
from dataclasses import dataclass, field

from reports.figures import resolve_figures
from reports.metrics.base import MANUAL, Figure, date_text

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
LEFTOVER = re.compile(r"[Xx]{3,}")
H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^（[一二三四五六七八九十]+）")

PROBLEMS_HEADING = "二、存在问题"
PLANS_HEADING = "三、下一步工作打算"


@dataclass
class Segment:
    text: str
    code: str | None = None  # the metric behind it, if any
    flagged: bool = False  # no data: shown as 【待填：…】 for the author
    manual: bool = False  # a figure the author confirmed by hand (人工确认)
    reason: str = ""
    label: str = ""  # the metric's label, for a figure


@dataclass
class Para:
    level: str  # "h1", "h2" or "body"
    segments: list = field(default_factory=list)

    @property
    def text(self):
        return "".join(s.text for s in self.segments)


@dataclass
class RenderedReport:
    title: list
    recipient: list
    paragraphs: list
    signature: list
    date_text: str

    @property
    def flagged(self):
        parts = [*self.title, *self.recipient, *self.signature]
        parts += [s for p in self.paragraphs for s in p.segments]
        return [s for s in parts if s.flagged]

    @property
    def manual(self):
        """The figures confirmed by hand, in the order they appear."""
        return [s for p in self.paragraphs for s in p.segments if s.manual]

    def plain_text(self):
        lines = ["".join(s.text for s in self.title), "".join(s.text for s in self.recipient)]
        lines += [p.text for p in self.paragraphs]
        lines += ["".join(s.text for s in self.signature), self.date_text]
        return "\n".join(lines)


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text or "")


def unknown_placeholders(text: str, known) -> list[str]:
    return sorted({code for code in placeholders(text) if code not in known})


def _flag(label, reason=""):
    return Segment(text=f"【待填：{label}】", flagged=True, reason=reason)


def _literal(text):
    """Plain text, with any leftover XXX/xxx turned into a visible flag."""
    out = []
    pos = 0
    for m in LEFTOVER.finditer(text):
        if m.start() > pos:
            out.append(Segment(text=text[pos : m.start()]))
        out.append(_flag("原文占位符", "文稿中残留的占位符，请改为实际内容"))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(text=text[pos:]))
    return out


def _figure_segment(code, figures: dict[str, Figure]):
    """A figure as printed: its resolved text (system or 人工确认), or 【待填：…】."""
    figure = figures.get(code)
    if figure is None:
        return _flag(code, "未知的指标")
    if figure.flagged:
        seg = _flag(figure.label, figure.reason)
        seg.code, seg.label = code, figure.label
        return seg
    return Segment(
        text=figure.text, code=code, manual=figure.source == MANUAL, reason=figure.reason, label=figure.label
    )


def render_line(line: str, figures) -> list[Segment]:
    segments = []
    pos = 0
    for m in PLACEHOLDER.finditer(line):
        segments += _literal(line[pos : m.start()])
        segments.append(_figure_segment(m.group(1), figures))
        pos = m.end()
    segments += _literal(line[pos:])
    return segments


def _level(line):
    if H1.match(line):
        return "h1"
    if H2.match(line):
        return "h2"
    return "body"


def render_text(text: str, figures, manual=None) -> list[Para]:
    """Paragraphs of ``text``; ``figures`` are resolved (reports.figures), or resolved here with ``manual``."""
    if manual is not None:
        figures = resolve_figures(figures, manual)
    paras = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if line:
            paras.append(Para(level=_level(line), segments=render_line(line, figures)))
    return paras


def render_report(*, frame: dict, narrative: dict, figures: dict[str, Figure], report_date) -> RenderedReport:
    # Resolving is idempotent: figures already resolved with these manual values stay as they are.
    figures = resolve_figures(figures, narrative.get("manual_values"))
    paragraphs = render_text(narrative.get("work_text", ""), figures)
    paragraphs.append(Para(level="h1", segments=[Segment(text=PROBLEMS_HEADING)]))
    paragraphs += render_text(narrative.get("problems_text", ""), figures)
    paragraphs.append(Para(level="h1", segments=[Segment(text=PLANS_HEADING)]))
    paragraphs += render_text(narrative.get("plans_text", ""), figures)
    title = frame.get("title") or ""
    recipient = frame.get("recipient") or ""
    signature = frame.get("signature") or ""
    missing = "单位信息未填写"
    return RenderedReport(
        title=[Segment(text=title)] if title else [_flag("报告标题（请填写党组名称）", missing)],
        recipient=[Segment(text=f"{recipient}：")] if recipient else [_flag("主送机关", missing), Segment("：")],
        paragraphs=paragraphs,
        signature=[Segment(text=signature)] if signature else [_flag("署名", missing)],
        date_text=date_text(report_date),
    )
