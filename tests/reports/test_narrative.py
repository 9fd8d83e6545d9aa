"""The default wording reproduces the example; the renderer never leaves an XXX behind."""

import re
from pathlib import Path

from reports.metrics import metrics
from reports.metrics.base import Figure
from reports.narrative.defaults import BLANKS, PLANS_TEXT, PROBLEMS_TEXT, WORK_TEXT
from reports.narrative.render import PLACEHOLDER, render_report, render_text

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "annual-report-example.txt"  # ../shared/reference
# Where the default deliberately differs from the example (see reports/narrative/defaults.py).
CORRECTIONS = [("短板XXX次条", "短板XXX条"), ("制定 XXX项", "制定XXX项"), ("向新区纪工委监察室汇报", "向XXX汇报")]


def _default_full_text():
    return "\n".join([WORK_TEXT, "二、存在问题", PROBLEMS_TEXT, "三、下一步工作打算", PLANS_TEXT])


def test_default_has_the_45_blanks_in_order_each_a_registered_metric():
    codes = [c for c in PLACEHOLDER.findall(_default_full_text()) if c != "superior_body"]
    assert tuple(codes) == BLANKS and len(codes) == 45
    assert set(codes) <= set(metrics())
    assert not [c for c in codes if metrics()[c].extra]


def test_default_reproduces_the_example_wording():
    example = EXAMPLE.read_text(encoding="utf-8")
    for before, after in CORRECTIONS:
        example = example.replace(before, after)
    example = "\n".join(line.strip() for line in example.splitlines() if line.strip())
    example = example.replace("xxx", "XXX")
    ours = _default_full_text().replace("{{petitions_handled}}", "XXX余件")
    ours = ours.replace("{{inspection_team}}", "XXX巡察组")
    ours = PLACEHOLDER.sub("XXX", ours)
    assert ours == example


def _fig(code, text, flagged=False, label="标签"):
    return Figure(code=code, label=label, unit="", value=text, text=text, flagged=flagged, reason="无")


def test_render_levels_figures_flags_and_leftovers():
    figures = {"a": _fig("a", "4"), "b": _fig("b", "", flagged=True, label="墙报")}
    paras = render_text("一、总体\n（一）分项\n召开{{a}}次，墙报{{b}}块，另有XXX项和xxx篇。\n\n", figures)
    assert [p.level for p in paras] == ["h1", "h2", "body"]
    body = paras[2]
    assert body.text == "召开4次，墙报【待填：墙报】块，另有【待填：原文占位符】项和【待填：原文占位符】篇。"
    assert [s.code for s in body.segments if s.code] == ["a", "b"]
    assert sum(s.flagged for s in body.segments) == 3
    assert not re.search("[Xx]{3}", body.text)


def test_manual_value_fills_only_a_flagged_figure():
    figures = {"a": _fig("a", "4"), "b": _fig("b", "", flagged=True)}
    (para,) = render_text("{{a}}/{{b}}", figures, manual={"a": "9", "b": "6"})
    assert para.text == "4/6"
    assert [s.manual for s in para.segments if s.code] == [False, True]


def test_frame_without_profile_is_flagged():
    import datetime as dt

    rendered = render_report(frame={}, narrative={}, figures={}, report_date=dt.date(2024, 1, 5))
    assert rendered.plain_text().splitlines()[0] == "【待填：报告标题（请填写党组名称）】"
    assert rendered.date_text == "2024年1月5日"
    assert len(rendered.flagged) == 3
