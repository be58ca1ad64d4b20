"""Charts drawn on the server as SVG: they need no script, print, and read the same with JavaScript off.

Each chart carries a ``<title>`` and a text description, and colours come from classes in the
dashboard's stylesheet (no inline styles, so the pages keep a strict Content-Security-Policy).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup, escape

#: PLOVER quad classes, the colour family of each event type on the timeline
QUAD = {
    "AGREE": "vcoop", "CONSULT": "vcoop", "SUPPORT": "vcoop", "CONCEDE": "vcoop",
    "COOPERATE": "mcoop", "AID": "mcoop", "RETREAT": "mcoop",
    "REQUEST": "vconf", "ACCUSE": "vconf", "REJECT": "vconf", "THREATEN": "vconf", "SANCTION": "vconf",
    "PROTEST": "mconf", "MOBILIZE": "mconf", "COERCE": "mconf", "ASSAULT": "mconf",
}  # fmt: skip


def sparkline(trend: dict[str, Any] | None, width: int = 120, height: int = 28) -> Markup:
    """Weekly counts as bars, with the baseline weekly rate as a dashed line."""
    if not trend:
        return Markup('<span class="muted">no dates</span>')
    weeks: list[int] = trend["weeks"]
    baseline = trend.get("baseline_per_week")
    top = max([*weeks, baseline or 0, 1])
    step = width / len(weeks)
    bars = []
    for i, count in enumerate(weeks):
        h = round(count / top * (height - 2), 1)
        over = baseline is not None and count > baseline
        bars.append(f'<rect class="bar{" over" if over else ""}" x="{i * step + 1:.1f}" y="{height - h:.1f}" '
                    f'width="{step - 2:.1f}" height="{h}"/>')  # fmt: skip
    line = ""
    if baseline is not None:
        y = height - round(baseline / top * (height - 2), 1)
        line = f'<line class="baseline" x1="0" x2="{width}" y1="{y}" y2="{y}"/>'
    said = (f"violent events per week in its countries, {trend['from']} to {trend['to']}: "
            f"{', '.join(map(str, weeks))}; baseline {baseline if baseline is not None else 'unknown'} a week")  # fmt: skip
    return Markup(
        f'<svg class="spark" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{escape(said)}</title>{''.join(bars)}{line}</svg>"
    )


def timeline_chart(data: dict[str, Any], width: int = 960, height: int = 260) -> Markup:
    """Stacked bars of events per bin by type, with the process's dates and status changes as rules."""
    if not data["from"]:
        return Markup('<p class="muted">No dated events.</p>')
    first, last = date.fromisoformat(data["from"]), date.fromisoformat(data["to"])
    span = max(1, (last - first).days + 1)
    left, right, top_pad, bottom = 40, 10, 24, 24
    plot_w, plot_h = width - left - right, height - top_pad - bottom

    def x(day: str) -> float:
        return left + (date.fromisoformat(day) - first).days / span * plot_w

    bin_days = {"day": 1, "week": 7, "month": 30}[data["bucket"]]
    bar_w = max(1.0, plot_w * bin_days / span - 1)
    top = max([sum(b["counts"].values()) for b in data["bins"]] + [1])
    parts = []
    for b in data["bins"]:
        y = top_pad + plot_h
        for kind in data["types"]:
            n = b["counts"].get(kind, 0)
            if not n:
                continue
            h = n / top * plot_h
            y -= h
            parts.append(f'<rect class="t-{QUAD.get(kind, "other")}" x="{x(b["at"]):.1f}" y="{y:.1f}" '
                         f'width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(b["at"])}: {n} {escape(kind)}</title></rect>')  # fmt: skip
    by_day: dict[str, list[dict[str, Any]]] = {}
    for mark in data["marks"]:
        by_day.setdefault(mark["at"], []).append(mark)
    for i, (day, marks) in enumerate(sorted(by_day.items())):
        mx = x(day)
        kinds = " ".join(f"m-{escape(m['label'])}" for m in marks)
        label = f"{', '.join(m['label'] for m in marks)} {day}"
        anchor, tx = ("end", mx - 3) if mx > width * 0.7 else ("start", mx + 3)
        parts.append(f'<line class="mark {kinds}" x1="{mx:.1f}" x2="{mx:.1f}" y1="{top_pad}" y2="{top_pad + plot_h}"/>'
                     f'<text class="marklabel" x="{tx:.1f}" y="{10 + (i % 2) * 11}" text-anchor="{anchor}">{escape(label)}</text>')  # fmt: skip
    axis = (f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}"/>'
            f'<text class="ticklabel" x="{left}" y="{height - 6}">{escape(data["from"])}</text>'
            f'<text class="ticklabel" x="{width - right}" y="{height - 6}" text-anchor="end">{escape(data["to"])}</text>'
            f'<text class="ticklabel" x="{left - 6}" y="{top_pad + 8}" text-anchor="end">{top}</text>'
            f'<text class="ticklabel" x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>')  # fmt: skip
    said = f"events per {data['bucket']} by type, {data['from']} to {data['to']}"
    return Markup(
        f'<svg class="timeline" role="img" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(said)}</title>{axis}{''.join(parts)}</svg>"
    )
