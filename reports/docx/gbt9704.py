"""A GB/T 9704-2012 (党政机关公文格式) writer on top of python-docx.

Measurements (rules-and-formats.md §4): A4; margins top 37 mm, left 28 mm, right
26 mm, bottom 35 mm (版心 156 × 225 mm); 22 lines of 28 characters, i.e. a fixed line
pitch of 225 mm / 22 = 28.95 pt (579 twips) on a line-only grid, the 28 characters made by
condensing every 3号 run by 0.25 pt (a character grid is read differently by LibreOffice); title
方正小标宋简体 2号 (22 pt) centred; body 仿宋_GB2312 3号 (16 pt), first line indented two
characters; "一、" headings 黑体, "（一）" headings 楷体_GB2312; page numbers "— N —" in
4号 (14 pt) 宋体 below the text block, odd pages right and even pages left, one
character in from the edge.

The fonts are commercial and usually absent: each run names its East Asian font in
``w:rFonts/@w:eastAsia`` and the document's font table gives Word and LibreOffice an
``altName`` fallback (仿宋, 楷体, 黑体, 宋体) to substitute.

The writer takes plain text or segments (objects with ``text`` and ``flagged``, optionally
``highlight``, a WD_COLOR_INDEX); flagged segments are highlighted yellow for the author, others
in their own ``highlight`` colour if they have one. Nothing here knows about reports,
petitions or recommendations.
"""

import io
import math

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from core.text import storable

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONG = "宋体"
LATIN = "Times New Roman"

# font name -> (altName Word substitutes when the font is missing, panose family)
FALLBACKS = {
    FANGSONG: "仿宋",
    KAITI: "楷体",
    XIAOBIAOSONG: "宋体",
    HEITI: "SimHei",
    SONG: "SimSun",
}

TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
PAGE_NUMBER_PT = 14  # 4号
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TEXT_WIDTH_MM = 156
TEXT_HEIGHT_MM = 225
# Rounded down so that 22 lines never exceed the 225 mm text block (22 × 579 twips = 224.7 mm).
LINE_PITCH_TWIPS = math.floor(TEXT_HEIGHT_MM / 25.4 * 72 * 20 / LINES_PER_PAGE)  # 579
LINE_PITCH = Pt(LINE_PITCH_TWIPS / 20)  # 28.95 pt
# 28 characters a line come from the text itself, not from a character grid: a negative
# docGrid/@w:charSpace is honoured by Word but LibreOffice snaps each 16 pt character to two
# 15.8 pt cells (14 a line). Every 3号 run is condensed by w:spacing (twentieths of a point,
# whole numbers only), rounded away from zero so that 28 always fit: 28 × 15.75 pt = 441 pt of
# the 442.2 pt text width, and a 29th would need 456.75 pt.
CHAR_PITCH_PT = TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE  # 15.79 pt
CHAR_SPACING_TWIPS = math.floor((CHAR_PITCH_PT - BODY_PT) * 20)  # -5, i.e. -0.25 pt

LEVEL_FONTS = {"h1": HEITI, "h2": KAITI, "body": FANGSONG}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


FLAGGED_HIGHLIGHT = WD_COLOR_INDEX.YELLOW


def _text_segments(content):
    """Accept a string, a list of strings or a list of segment-like objects: (text, highlight or None).

    Every text passes through ``storable``: Word cannot hold control characters, and a record
    stored before the input rule must not make the document fail (lxml would raise).
    """
    if content is None:
        return []
    if isinstance(content, str):
        return [(storable(content), None)]
    out = []
    for item in content:
        if isinstance(item, str):
            out.append((storable(item), None))
        elif getattr(item, "flagged", False):
            out.append((storable(item.text), FLAGGED_HIGHLIGHT))
        else:
            out.append((storable(item.text), getattr(item, "highlight", None)))
    return out


def set_run_font(run, east_asia, size_pt, *, bold=False, latin=LATIN):
    """Name the East Asian font explicitly: python-docx's ``font.name`` only sets ascii/hAnsi.

    A 3号 run is condensed to the 28-a-line pitch (see CHAR_SPACING_TWIPS) on the run itself,
    which Word, WPS and LibreOffice all read.
    """
    run.font.size = Pt(size_pt)
    if size_pt == BODY_PT:
        _set_char_spacing(run._element.get_or_add_rPr())
    if bold:
        run.font.bold = True
    run.font.name = latin
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _set_char_spacing(rpr):
    """w:spacing in its schema place inside rPr (python-docx inserts it in sequence)."""
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)
    node = OxmlElement("w:spacing")
    node.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    rpr.insert_element_before(node, *_RPR_AFTER_SPACING)


# CT_RPr children that follow w:spacing (ECMA-376 §17.3.2.28 order).
_RPR_AFTER_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


def _set_chars_indent(paragraph, *, first_line_chars=0, left_chars=0, right_chars=0):
    """Indents in characters (w:firstLineChars etc., hundredths of a character), as Word's own dialog writes them."""
    pf = paragraph.paragraph_format
    pf.first_line_indent = Pt(BODY_PT * first_line_chars) if first_line_chars else None
    pf.left_indent = Pt(BODY_PT * left_chars) if left_chars else None
    pf.right_indent = Pt(BODY_PT * right_chars) if right_chars else None
    if not (first_line_chars or left_chars or right_chars):
        return
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    attrs = {"w:firstLineChars": first_line_chars, "w:leftChars": left_chars, "w:rightChars": right_chars}
    for attr, chars in attrs.items():
        if chars:
            ind.set(qn(attr), str(int(round(chars * 100))))


def _field_run(paragraph, instr, east_asia, size_pt):
    """A complex field (PAGE): begin / instrText / separate / placeholder / end runs, each in the given font."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = paragraph.add_run()
        set_run_font(run, east_asia, size_pt)
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {instr} "
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = "1"
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


class OfficialDocument:
    """Build an official document paragraph by paragraph; ``to_bytes()`` gives the .docx."""

    def __init__(self, *, title_for_properties=""):
        self.doc = Document()
        self._setup_properties(title_for_properties)
        self._setup_defaults()
        self._setup_fonts_table()
        self._setup_section(self.doc.sections[0])

    # --- set-up ----------------------------------------------------------------
    def _setup_properties(self, title):
        props = self.doc.core_properties
        props.author = ""
        props.last_modified_by = ""
        props.title = storable(title)
        props.comments = ""

    def _setup_defaults(self):
        styles = self.doc.styles.element
        rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        rfonts = rpr.find(qn("w:rFonts"))
        for attr in list(rfonts.attrib):
            del rfonts.attrib[attr]
        rfonts.set(qn("w:ascii"), LATIN)
        rfonts.set(qn("w:hAnsi"), LATIN)
        rfonts.set(qn("w:cs"), LATIN)
        rfonts.set(qn("w:eastAsia"), FANGSONG)
        rpr.find(qn("w:sz")).set(qn("w:val"), str(BODY_PT * 2))
        rpr.find(qn("w:szCs")).set(qn("w:val"), str(BODY_PT * 2))
        rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")
        spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), str(LINE_PITCH_TWIPS))
        spacing.set(qn("w:lineRule"), "exact")

        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        normal.font.name = LATIN
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
        _set_char_spacing(normal.element.get_or_add_rPr())
        pf = normal.paragraph_format
        pf.line_spacing = LINE_PITCH  # a Length ⇒ lineRule="exact"
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.widow_control = False
        ppr = normal.element.get_or_add_pPr()
        # No extra space between Chinese and Latin/digits: keeps 28 characters a line.
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            node = OxmlElement(tag)
            node.set(qn("w:val"), "0")
            ppr.append(node)

    def _setup_fonts_table(self):
        part = next(p for p in self.doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
        root = etree.fromstring(part.blob)
        for name, alt in FALLBACKS.items():
            font = etree.SubElement(root, f"{{{W_NS}}}font")
            font.set(f"{{{W_NS}}}name", name)
            alt_el = etree.SubElement(font, f"{{{W_NS}}}altName")
            alt_el.set(f"{{{W_NS}}}val", alt)
            charset = etree.SubElement(font, f"{{{W_NS}}}charset")
            charset.set(f"{{{W_NS}}}val", "86")  # GB2312
            family = etree.SubElement(font, f"{{{W_NS}}}family")
            family.set(f"{{{W_NS}}}val", "modern" if name in (FANGSONG, KAITI, HEITI) else "roman")
            pitch = etree.SubElement(font, f"{{{W_NS}}}pitch")
            pitch.set(f"{{{W_NS}}}val", "fixed" if name in (FANGSONG, KAITI, HEITI) else "variable")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _setup_section(self, section):
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance = Mm(15)
        # The dash line's top sits 7 mm below the text block: 35 - 7 mm minus one 4号 line.
        section.footer_distance = Mm(23)
        # A line-only grid (the exact line spacing gives the same 22 lines without it); no charSpace.
        grid = section._sectPr.find(qn("w:docGrid"))
        for attr in list(grid.attrib):
            del grid.attrib[attr]
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        self.doc.settings.odd_and_even_pages_header_footer = True
        odd = section.footer.paragraphs[0]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        even = section.even_page_footer.paragraphs[0]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        for par, side in ((odd, "right"), (even, "left")):
            par.paragraph_format.first_line_indent = None
            setattr(par.paragraph_format, f"{side}_indent", Pt(PAGE_NUMBER_PT))  # 空一字
            par.paragraph_format.line_spacing = Pt(PAGE_NUMBER_PT * 1.2)
            run = par.add_run("— ")
            set_run_font(run, SONG, PAGE_NUMBER_PT, latin=SONG)
            _field_run(par, "PAGE", SONG, PAGE_NUMBER_PT)
            run = par.add_run(" —")
            set_run_font(run, SONG, PAGE_NUMBER_PT, latin=SONG)

    # --- content -----------------------------------------------------------------
    def _runs(self, paragraph, content, east_asia, size_pt, *, bold=False):
        for text, highlight in _text_segments(content):
            if not text:
                continue
            run = paragraph.add_run(text)
            set_run_font(run, east_asia, size_pt, bold=bold)
            if highlight is not None:
                run.font.highlight_color = highlight
        return paragraph

    def title(self, content):
        """标题: 2号小标宋, centred, no indent; followed by one blank line."""
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        par.paragraph_format.first_line_indent = None
        # Off the line grid: LibreOffice would give each 2号 line two grid lines; Word and WPS
        # already keep the exact 28.95 pt spacing.
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        par._p.get_or_add_pPr().insert_element_before(snap, "w:spacing", "w:ind", "w:jc")
        self._runs(par, content, XIAOBIAOSONG, TITLE_PT)
        self.blank_line()
        return par

    def centered(self, content, *, east_asia=FANGSONG):
        """A centred line in 3号 (e.g. the 发文字号)."""
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._runs(par, content, east_asia, BODY_PT)
        return par

    def recipient(self, content):
        """主送机关: flush left (顶格), ending in a full-width colon."""
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        self._runs(par, content, FANGSONG, BODY_PT)
        return par

    def paragraph(self, content, *, level="body"):
        """A body paragraph, or a heading of level "h1" (黑体) / "h2" (楷体): all indented two characters."""
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _set_chars_indent(par, first_line_chars=2)
        self._runs(par, content, LEVEL_FONTS.get(level, FANGSONG), BODY_PT)
        return par

    def labelled(self, label, content):
        """A "label：value" line in a form-like paper (转办单), the label in 黑体."""
        par = self.doc.add_paragraph()
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        self._runs(par, f"{label}：", HEITI, BODY_PT)
        self._runs(par, content, FANGSONG, BODY_PT)
        return par

    def blank_line(self):
        return self.doc.add_paragraph()

    def signature(self, name, date_text):
        """Unsealed signature (§7.3.5.2): one blank line, the name 右空二字, the date on the next line
        starting two characters right of the name's first character; a date longer than that allows
        is set 右空二字 and the name moved left to keep the two-character step."""
        self.blank_line()
        name_chars = _width_in_chars(_plain(name))
        date_chars = _width_in_chars(date_text)
        right_edge = CHARS_PER_LINE - 2
        name_left = max(0.0, right_edge - name_chars)
        date_left = name_left + 2
        if date_left + date_chars > right_edge:
            date_left = max(2.0, right_edge - date_chars)
            name_left = date_left - 2
        for content, left in ((name, name_left), (date_text, date_left)):
            par = self.doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.LEFT
            _set_chars_indent(par, left_chars=left)
            self._runs(par, content, FANGSONG, BODY_PT)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _plain(content):
    return "".join(text for text, _ in _text_segments(content))


def _width_in_chars(text):
    """Width in full-width characters: ASCII letters and digits count half."""
    return sum(0.5 if ord(ch) < 128 else 1 for ch in text)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (for 一、 and （一） numbering up to 99)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
