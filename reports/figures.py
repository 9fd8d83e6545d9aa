"""Where each figure of a report comes from: the system's records, the author's hand, or nowhere yet.

``resolve_figures`` is the one rule every output reads (the web preview, the API, a saved
version's figures and flags, the hints, the Excel appendix, the .docx):

- the system has data → the system's figure (系统); a value the author confirmed by hand is kept
  but marked ``superseded`` and not used ("系统一旦有数据即以系统数据为准");
- no data, a value confirmed by hand → that value, marked 人工确认 (``source == "manual"``);
- no data, nothing confirmed → 待填 (``flagged``).

It is pure and idempotent: a saved version is resolved again with its own (editable) manual
values, so removing a manual value turns the figure back into 待填.
"""

from dataclasses import replace

from reports.metrics.base import MANUAL, MISSING, SYSTEM, Figure

SOURCE_LABELS = {SYSTEM: "系统", MANUAL: "人工确认", MISSING: "待填"}
MANUAL_TITLE = "人工确认：系统中没有记录支撑，由作者据线下数据填写"


def superseded_note(manual_value: str) -> str:
    return f"系统已有数据，以系统数据为准（人工确认的“{manual_value}”未采用）"


def resolve_figure(figure: Figure, manual_value: str = "") -> Figure:
    manual_value = str(manual_value or "").strip()
    if figure.source == SYSTEM:
        return replace(
            figure,
            flagged=False,
            manual=manual_value,
            superseded=bool(manual_value),
            reason=superseded_note(manual_value) if manual_value else "",
        )
    # no system data: ``reason`` keeps why not, whether or not the author filled the gap
    if manual_value:
        return replace(figure, source=MANUAL, flagged=False, text=manual_value, manual=manual_value, superseded=False)
    return replace(figure, source=MISSING, flagged=True, text="", manual="", superseded=False)


def resolve_figures(figures: dict[str, Figure], manual_values: dict | None) -> dict[str, Figure]:
    manual_values = manual_values or {}
    return {code: resolve_figure(f, manual_values.get(code, "")) for code, f in figures.items()}


def source_label(figure: Figure) -> str:
    return SOURCE_LABELS[figure.source]
