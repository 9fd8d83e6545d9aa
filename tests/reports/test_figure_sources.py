"""人工确认 values are carried everywhere: the web preview, the API preview, a version's top-level and
per-figure flags, the hints, the Excel appendix and the .docx all read one resolved structure
(reports.selectors.report_figures), so they agree on every figure's value and source."""

import datetime as dt
import io
import re

import docx
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx.enum.text import WD_COLOR_INDEX

from reports.metrics import metrics
from reports.models import AnnualReport
from tests.reports.factories import ActivityFactory, demo_year, kind

pytestmark = pytest.mark.django_db

YEAR = 2023  # a past year of records (the tests do not depend on today's date)
LINK = re.compile(
    r'<a href="[^"]*" class="fig(?P<flagged> flagged)?(?P<manual> manual)?" title="(?P<title>[^"]*)"'
    r' data-metric="(?P<code>[a-z0-9_]+)">(?P<text>[^<]*)</a>'
    r'(?P<badge><span class="badge-manual" title="(?P<badge_title>[^"]*)">人工确认</span>)?'
)
MISSING_PREFIX = "请补录记录或人工确认："


def _web(user, name, *args):
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def _paper_links(html):
    """code -> the figure's links in the document (a figure may be printed more than once)."""
    paper = html[html.index('<article class="paper">') : html.index("</article>")]
    links = {}
    for m in LINK.finditer(paper):
        links.setdefault(m["code"], []).append(m.groupdict())
    return links


def _web_hints(html):
    section = html[html.index('<section class="card hints">') :]
    return re.findall(r'<span class="hint-figures">数字</span>([^<]*)</li>', section)


def _missing_labels(hint_texts):
    """The labels the missing-data hint lists, read from its words."""
    for text in hint_texts:
        if MISSING_PREFIX in text:
            return set(text.split(MISSING_PREFIX, 1)[1].rstrip("。").split("、"))
    return set()


def _hint(hints, starts):
    found = [h for h in hints if h["section"] == "figures" and h["text"].startswith(starts)]
    return found[0] if found else None


def _xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content))["指标汇总"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def _docx(content):
    document = docx.Document(io.BytesIO(content))
    return [(p.text, [(r.text, r.font.highlight_color) for r in p.runs]) for p in document.paragraphs]


def _run_in(paragraphs, sentence, run_text):
    """The highlight of the run ``run_text`` in the paragraph containing ``sentence``."""
    for text, runs in paragraphs:
        if sentence in text:
            return [h for t, h in runs if t == run_text]
    raise AssertionError(f"no paragraph with {sentence}")


def _confirm(client, manual_values):
    """The supervisor confirms figures by hand in the year's narrative."""
    response = client.put(reverse("report-narrative", args=[YEAR]), {"manual_values": manual_values}, format="json")
    assert response.status_code == 200, response.data


def _generate(client):
    response = client.post(reverse("report-list"), {"year": YEAR}, format="json")
    assert response.status_code == 201, response.data
    return response.data


def test_a_figure_confirmed_by_hand_reads_the_same_in_all_six_outputs(api_as, supervisor):
    # Given a year of records with no 廉宣墙报 and no 典型案例, and the author confirms 6 墙报 by hand
    demo_year(supervisor, YEAR)
    boss = api_as(supervisor)
    _confirm(boss, {"wall_posters": "6"})

    # 1. the web preview: the value, marked 人工确认 by a visible badge with a title; not 待填
    html = _web(supervisor, "reports:preview", YEAR)
    (posters,) = _paper_links(html)["wall_posters"]
    assert (posters["text"], bool(posters["manual"]), bool(posters["flagged"])) == ("6", True, False)
    assert posters["badge"] and "人工确认" in posters["badge_title"] and "人工确认" in posters["title"]
    assert "【待填：制作廉宣墙报】" not in html
    (cases,) = _paper_links(html)["warning_cases"]
    assert cases["flagged"] and cases["text"] == "【待填：运用曝光典型案例】" and not cases["badge"]
    assert "制作廉宣墙报" not in _missing_labels(_web_hints(html))
    assert "运用曝光典型案例" in _missing_labels(_web_hints(html))

    # 2. the API preview: text and flagged say the same, and the source is "manual"
    preview = {f["code"]: f for f in boss.get(reverse("report-preview"), {"year": YEAR}).data}
    assert [preview["wall_posters"][k] for k in ("text", "flagged", "source")] == ["6", False, "manual"]
    assert [preview["warning_cases"][k] for k in ("text", "flagged", "source")] == ["", True, "missing"]
    assert [preview["party_conduct_meetings"][k] for k in ("text", "flagged", "source")] == ["3", False, "system"]

    # 3. a generated version: top-level flags, per-figure flags (served and saved) and its text
    version = _generate(boss)
    assert "制作“廉宣墙报”6块" in version["text"]
    assert "【待填：制作廉宣墙报】" not in version["flagged"] and "【待填：运用曝光典型案例】" in version["flagged"]
    served = {f["code"]: f for f in version["figures"]}
    assert [served["wall_posters"][k] for k in ("text", "flagged", "source")] == ["6", False, "manual"]
    stored = AnnualReport.objects.get(pk=version["id"]).figures["wall_posters"]
    assert (stored["flagged"], stored["source"], stored["text"]) == (False, "manual", "6")
    flagged_labels = {f["label"] for f in served.values() if f["flagged"]}
    assert flagged_labels == {f["label"] for f in preview.values() if f["flagged"]}

    # 4. the hints: the live ones (narrative API, web) and the version's list the same missing figures;
    # the hand-confirmed one is named as such, never as missing
    narrative_hints = boss.get(reverse("report-narrative", args=[YEAR])).data["hints"]
    for hints in (narrative_hints, version["hints"]):
        assert _missing_labels(h["text"] for h in hints) == flagged_labels
        missing = [h for h in hints if MISSING_PREFIX in h["text"]]
        assert "wall_posters" not in missing[0]["codes"] and "warning_cases" in missing[0]["codes"]
        manual = _hint(hints, "以下1项数字为人工确认")
        assert manual["codes"] == ["wall_posters"] and "制作廉宣墙报（6）" in manual["text"]
    assert _missing_labels(_web_hints(html)) == flagged_labels
    assert any("制作廉宣墙报（6）" in t for t in _web_hints(html))

    # 5. the Excel appendix, read back: the value and a 数据来源 column
    rows = _xlsx_rows(boss.get(reverse("report-xlsx", args=[version["id"]])).content)
    assert (rows["制作廉宣墙报"]["数值"], rows["制作廉宣墙报"]["数据来源"]) == ("6", "人工确认")
    assert (rows["运用曝光典型案例"]["数值"], rows["运用曝光典型案例"]["数据来源"]) == (None, "待填")
    assert (rows["党风廉政建设工作会议"]["数值"], rows["党风廉政建设工作会议"]["数据来源"]) == ("3", "系统")
    assert {label for label, row in rows.items() if row["数据来源"] == "待填"} == flagged_labels

    # 6. the .docx, read back: the hand-confirmed run highlighted turquoise and named in the 附注;
    # a 待填 run yellow; a system figure plain
    paragraphs = _docx(boss.get(reverse("report-docx", args=[version["id"]])).content)
    assert _run_in(paragraphs, "制作“廉宣墙报”6块", "6") == [WD_COLOR_INDEX.TURQUOISE]
    assert _run_in(paragraphs, "【待填：运用曝光典型案例】", "【待填：运用曝光典型案例】") == [WD_COLOR_INDEX.YELLOW]
    assert _run_in(paragraphs, "党风廉政建设工作会议3次", "3") == [None]
    notes = [text for text, _ in paragraphs if text.startswith("（文中青绿色突出显示")]
    assert notes == ["（文中青绿色突出显示的1项数字为人工填写，系统中暂无相应记录：制作廉宣墙报（6）。）"]


def test_system_data_beat_a_manual_value_everywhere(api_as, supervisor):
    # Given 3 meetings on record, and an author who typed 9 by hand (before the records were entered)
    demo_year(supervisor, YEAR)
    boss = api_as(supervisor)
    _confirm(boss, {"party_conduct_meetings": "9"})
    note = "系统已有数据，以系统数据为准（人工确认的“9”未采用）"

    html = _web(supervisor, "reports:preview", YEAR)
    (meetings,) = _paper_links(html)["party_conduct_meetings"]
    assert (meetings["text"], meetings["manual"], meetings["badge"]) == ("3", None, None)
    assert note in meetings["title"]
    assert any("党风廉政建设工作会议（系统数据3，人工确认的“9”未采用）" in t for t in _web_hints(html))

    preview = {f["code"]: f for f in boss.get(reverse("report-preview"), {"year": YEAR}).data}
    version = _generate(boss)
    served = {f["code"]: f for f in version["figures"]}
    for figure in (preview["party_conduct_meetings"], served["party_conduct_meetings"]):
        assert (figure["text"], figure["flagged"], figure["source"]) == ("3", False, "system")
        assert (figure["manual"], figure["superseded"], figure["reason"]) == ("9", True, note)
    assert "党风廉政建设工作会议3次" in version["text"] and "会议9次" not in version["text"]
    superseded = _hint(version["hints"], "以下1项数字系统已有数据")
    assert superseded["codes"] == ["party_conduct_meetings"]
    assert _hint(version["hints"], "以下1项数字为人工确认") is None

    rows = _xlsx_rows(boss.get(reverse("report-xlsx", args=[version["id"]])).content)
    row = rows["党风廉政建设工作会议"]
    assert (row["数值"], row["数据来源"], row["说明"]) == ("3", "系统", note)

    paragraphs = _docx(boss.get(reverse("report-docx", args=[version["id"]])).content)
    assert _run_in(paragraphs, "党风廉政建设工作会议3次", "3") == [None]
    assert not any(text.startswith("（文中青绿色") for text, _ in paragraphs)


def test_editing_a_drafts_manual_values_moves_all_of_the_versions_outputs(api_as, supervisor):
    demo_year(supervisor, YEAR)
    boss = api_as(supervisor)
    version = _generate(boss)
    url = reverse("report-detail", args=[version["id"]])
    assert "【待填：制作廉宣墙报】" in version["flagged"]

    edited = boss.patch(url, {"manual_values": {"wall_posters": "4"}}, format="json").data
    figure = {f["code"]: f for f in edited["figures"]}["wall_posters"]
    assert (figure["text"], figure["flagged"], figure["source"]) == ("4", False, "manual")
    assert "【待填：制作廉宣墙报】" not in edited["flagged"] and "制作“廉宣墙报”4块" in edited["text"]
    assert "制作廉宣墙报" not in _missing_labels(h["text"] for h in edited["hints"])
    stored = AnnualReport.objects.get(pk=version["id"])
    assert stored.figures["wall_posters"]["source"] == "manual"
    assert "制作廉宣墙报" not in _missing_labels(h["text"] for h in stored.hints)
    assert any(h["section"] != "figures" for h in stored.hints)  # the data hints of the generation stay
    html = _web(supervisor, "reports:version", version["id"])
    assert _paper_links(html)["wall_posters"][0]["badge"]

    # taking the value out again turns the figure back into 待填 everywhere
    cleared = boss.patch(url, {"manual_values": {}}, format="json").data
    figure = {f["code"]: f for f in cleared["figures"]}["wall_posters"]
    assert (figure["text"], figure["flagged"], figure["source"]) == ("", True, "missing")
    assert "【待填：制作廉宣墙报】" in cleared["flagged"]
    assert "制作廉宣墙报" in _missing_labels(h["text"] for h in cleared["hints"])


def _assert_figures_and_hints_agree(figures: dict, hints, *, links=None, web_hints=None):
    """For every figure: flagged ⇔ listed in the missing-data hint (by code and by name);
    hand-confirmed ⇔ listed as such; superseded ⇔ listed as such."""
    named: dict[str, set] = {"missing": set(), "manual": set(), "superseded": set()}
    for hint in hints:
        if hint["section"] != "figures":
            continue
        if MISSING_PREFIX in hint["text"]:
            named["missing"] |= set(hint["codes"])
        elif "为人工确认" in hint["text"]:
            named["manual"] |= set(hint["codes"])
        else:
            named["superseded"] |= set(hint["codes"])
    missing_words = _missing_labels(h["text"] for h in hints)
    for code, f in figures.items():
        assert f["flagged"] == (code in named["missing"]) == (f["label"] in missing_words), code
        assert f["flagged"] == (f["source"] == "missing"), code
        assert (f["source"] == "manual") == (code in named["manual"]), code
        assert f["superseded"] == (code in named["superseded"]), code
        for link in (links or {}).get(code, []):  # as the web page prints the figure
            assert bool(link["flagged"]) == f["flagged"] and bool(link["badge"]) == (f["source"] == "manual"), code
    if web_hints is not None:
        assert _missing_labels(web_hints) == missing_words


def test_figures_and_hints_never_contradict_on_demo_like_data(api_as, supervisor):
    demo_year(supervisor, YEAR)
    ActivityFactory(kind=kind("heart-talk"), date=dt.date(YEAR, 6, 1), quantity=14)
    boss = api_as(supervisor)
    manual = {"wall_posters": "6", "heart_talks": "20", "campaign_name": "清风行动", "superior_body": "上级纪委"}
    _confirm(boss, manual)

    preview = {f["code"]: f for f in boss.get(reverse("report-preview"), {"year": YEAR}).data}
    assert list(preview) == list(metrics())
    sources = {f["source"] for f in preview.values()}
    assert sources == {"system", "manual", "missing"}  # the data exercise all three
    html = _web(supervisor, "reports:preview", YEAR)
    live_hints = boss.get(reverse("report-narrative", args=[YEAR])).data["hints"]
    _assert_figures_and_hints_agree(preview, live_hints, links=_paper_links(html), web_hints=_web_hints(html))

    version = _generate(boss)
    served = {f["code"]: f for f in version["figures"]}
    links = _paper_links(_web(supervisor, "reports:version", version["id"]))
    _assert_figures_and_hints_agree(served, version["hints"], links=links)
    # the version's top-level flags name exactly the flagged figures its text prints (besides the frame)
    top = {text.removeprefix("【待填：").removesuffix("】") for text in version["flagged"]}
    labels = {f["label"] for f in served.values()}
    assert {served[code]["label"] for code in links if served[code]["flagged"]} == top & labels
    assert {code: f["flagged"] for code, f in served.items()} == {code: f["flagged"] for code, f in preview.items()}


def test_web_preview_queries_do_not_grow_with_the_records(supervisor, django_assert_max_num_queries):
    client = Client()
    client.force_login(supervisor)
    for _ in range(2):
        demo_year(supervisor, YEAR)
    # the sources' fixed aggregates, the hints' own, the narrative, the profiles and the session:
    # independent of the number of records (an N+1 over activities or figures would exceed it)
    with django_assert_max_num_queries(60) as captured:
        assert client.get(reverse("reports:preview", args=[YEAR])).status_code == 200
    before = len(captured)
    demo_year(supervisor, YEAR)
    with django_assert_max_num_queries(before):
        assert client.get(reverse("reports:preview", args=[YEAR])).status_code == 200
