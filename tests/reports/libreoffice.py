"""Render a .docx with LibreOffice headless and measure the GB/T 9704 text block in the PDF.

``measure(pdf_path)`` reads ``pdftotext -bbox-layout`` (one box per word; spaced CJK text comes
out one character a word) and groups the words of each page into lines by their top edge. The
footer (page number) lies below the text block and is left out. Run as a script to print the
measurements of a .docx: ``python -m tests.reports.libreoffice report.docx …``.
"""

import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MM = 72 / 25.4
LEFT = 28 * MM
TOP = 37 * MM
TEXT_WIDTH = 156 * MM
TEXT_BOTTOM = (297 - 35) * MM
BODY_PT = 16
XHTML = "{http://www.w3.org/1999/xhtml}"


def soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdfs(documents: dict[str, bytes], workdir: Path) -> dict[str, Path]:
    """Convert all in one LibreOffice start (it is the slow part), with a private user profile so
    that parallel test workers never share LibreOffice's lock."""
    sources = []
    for name, content in documents.items():
        source = workdir / f"{name}.docx"
        source.write_bytes(content)
        sources.append(str(source))
    profile = (workdir / "profile").as_uri()
    command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(workdir), *sources], check=True, capture_output=True, timeout=300)
    return {name: workdir / f"{name}.pdf" for name in documents}


def width_in_chars(text: str) -> float:
    """Full-width characters count one, ASCII (Latin letters, digits) half."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text if not ch.isspace())


@dataclass
class Line:
    top: float
    x_min: float
    x_max: float
    text: str

    @property
    def indent_chars(self) -> float:
        return (self.x_min - LEFT) / BODY_PT

    @property
    def reaches_right_edge(self) -> bool:
        """Ends within half a character of the text block's right edge: a line the paragraph filled."""
        return self.x_max >= LEFT + TEXT_WIDTH - BODY_PT / 2

    @property
    def chars(self) -> float:
        return width_in_chars(self.text)


def measure(pdf: Path) -> list[list[Line]]:
    """The body lines of each page, top to bottom."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(xml, parser=etree.XMLParser(recover=True))
    pages = []
    for page in root.iter(f"{XHTML}page"):
        rows: dict[int, list] = {}
        for word in page.iter(f"{XHTML}word"):
            top = float(word.get("yMin"))
            if top >= TEXT_BOTTOM:
                continue  # the page number
            word_box = (float(word.get("xMin")), float(word.get("xMax")), word.text or "", top)
            rows.setdefault(round(top), []).append(word_box)
        lines = []
        for _, words in sorted(rows.items()):
            words.sort()
            top = min(w[3] for w in words)
            lines.append(Line(top, words[0][0], max(w[1] for w in words), "".join(w[2] for w in words)))
        pages.append(lines)
    return pages


def render_and_measure(documents: dict[str, bytes]) -> dict[str, list[list[Line]]]:
    with tempfile.TemporaryDirectory() as tmp:
        return {name: measure(pdf) for name, pdf in to_pdfs(documents, Path(tmp)).items()}


def summary(pages: list[list[Line]]) -> str:
    out = [f"pages: {len(pages)}"]
    for n, lines in enumerate(pages, 1):
        widths = Counter(round(line.chars + line.indent_chars) for line in lines)
        full = Counter(round(line.chars + line.indent_chars) for line in lines if line.reaches_right_edge)
        out.append(
            f"page {n}: {len(lines)} lines; chars a line (incl. indent): {dict(widths)}; right-edge: {dict(full)}"
        )
    return "\n".join(out)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(path)
        print(summary(render_and_measure({"doc": Path(path).read_bytes()})["doc"]))
