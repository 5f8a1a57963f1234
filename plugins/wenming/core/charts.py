"""Static SVG bar charts, written at build time: readable without JavaScript, fonts or requests.

Why not pygal (3.1, evaluated first): with ``js=[]`` it still embeds an inline ``<script>``
(its ``window.pygal.config``), writes comments with http(s) links (pygal.org, GitHub), a random
uuid4 chart id and the render time into every SVG (so two builds of the same data differ), and
gives the chart no ``<title>``/``role="img"`` for screen readers; its inline CSS fixes colours
and fonts, so the chart ignores the site's dark mode. Cleaning that up means rewriting its
output, which is more code and more fragile than this small generator.

The SVG is meant to be placed inline in the page: bars and text take their colours from the
page (``currentColor`` and CSS classes, with plain fallbacks), each bar has a ``<title>`` that
browsers show on hover or long-press, and the chart has a title and a summary for screen
readers. The exact numbers go into a table beside the chart (see the templates).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Drawn for a phone's width; the browser scales it (CSS caps the width on large screens).
# The labels are 19 units high: on a 360 px phone the chart is drawn about 320 px wide, so they
# are still 16 px at 长辈模式 A++ and larger at standard size (11 units drew them at 10 px).
WIDTH = 360
HEIGHT = 252
LEFT, RIGHT, TOP, BOTTOM = 60, 8, 40, 56
FONT_SIZE = 19
BAR_COLOUR = "#b3261e"  # fallback when the site's stylesheet is missing
GRID_COLOUR = "#d0d0d0"


@dataclass(frozen=True)
class Bar:
    tick: str  # short axis label under the bar, e.g. "3"
    label: str  # full label for the bar's tooltip, e.g. "2026年3月"
    value: float
    group: str | None = None  # written under the first bar of a group, e.g. "2026年"


def nice_scale(maximum: float, max_ticks: int = 5) -> tuple[float, float]:
    """(top, step) of a y axis from 0 covering ``maximum``, with steps of 1, 2 or 5 × 10ⁿ."""
    intervals = max(max_ticks - 1, 1)
    if maximum <= 0:
        return float(intervals), 1.0
    rough = maximum / intervals
    magnitude = 10.0 ** math.floor(math.log10(rough))
    # 2.5 only from 10 up (25, 250…): 0.25 would be shown rounded to one decimal.
    factors = (1, 2, 2.5, 5, 10) if magnitude >= 10 else (1, 2, 5, 10)
    step = next(factor * magnitude for factor in factors if factor * magnitude >= rough)
    return step * math.ceil(maximum / step - 1e-9), step


def _number(value: float) -> str:
    rounded = round(value, 1)
    return f"{int(rounded):,}" if rounded == int(rounded) else f"{rounded:,.1f}"


def bar_chart_svg(bars: Sequence[Bar], title: str, unit: str, chart_id: str, summary: str = "") -> str:
    """An inline ``<svg>`` bar chart with a title, a summary and one ``<title>`` per bar.

    ``chart_id`` makes the element ids unique within the page (letters, digits and hyphens).
    """
    top_value, step = nice_scale(max((bar.value for bar in bars), default=0.0))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height

    def y(value: float) -> float:
        return baseline - plot_height * value / top_value

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="wm-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-size="{FONT_SIZE}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(summary)}</desc>',
        f'<text class="wm-chart-unit" x="2" y="{TOP - 18}" fill="currentColor">'
        f"{escape(unit)}</text>",
    ]
    ticks = round(top_value / step)
    for index in range(ticks + 1):
        value = step * index
        level = _fmt(y(value))
        parts.append(
            f'<line class="wm-chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{level}" y2="{level}" '
            f'stroke="{GRID_COLOUR}" stroke-width="{1 if index == 0 else 0.5}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{_fmt(y(value) + FONT_SIZE * 0.35)}" text-anchor="end" '
            f'fill="currentColor">{_number(value)}</text>'
        )
    slot = plot_width / max(len(bars), 1)
    bar_width = slot * 0.7
    for index, bar in enumerate(bars):
        left = LEFT + slot * index
        centre = _fmt(left + slot / 2)
        if bar.value > 0:
            height = max(baseline - y(bar.value), 0.5)
            parts.append(
                f'<rect class="wm-chart-bar" x="{_fmt(left + (slot - bar_width) / 2)}" y="{_fmt(baseline - height)}" '
                f'width="{_fmt(bar_width)}" height="{_fmt(height)}" fill="{BAR_COLOUR}">'
                f"<title>{escape(bar.label)}：{_number(bar.value)} {escape(unit)}</title></rect>"
            )
        parts.append(
            f'<text x="{centre}" y="{baseline + FONT_SIZE + 4}" text-anchor="middle" fill="currentColor">'
            f"{escape(bar.tick)}</text>"
        )
        if bar.group:
            parts.append(_group_label(bars, index, slot, baseline))
    parts.append("</svg>")
    return "".join(parts)


def _group_label(bars: Sequence[Bar], index: int, slot: float, baseline: float) -> str:
    """A group's label (the year) under its first bar, with a separator where a new group starts.

    The first group is often a short tail (say December alone before a January): its label is
    then right-aligned against the next group's start, running into the empty space under the
    y axis, so the two years never overlap.
    """
    y = _fmt(baseline + 2 * FONT_SIZE + 9)
    left = LEFT + slot * index
    if index > 0:
        separator = (
            f'<line class="wm-chart-grid" x1="{_fmt(left)}" x2="{_fmt(left)}" y1="{_fmt(baseline)}" '
            f'y2="{_fmt(baseline + 2 * FONT_SIZE + 12)}" stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        return separator + (
            f'<text class="wm-chart-group" x="{_fmt(left + 3)}" y="{y}" fill="currentColor">'
            f"{escape(bars[index].group or '')}</text>"
        )
    following = next((later for later in range(1, len(bars)) if bars[later].group), None)
    if following is None:
        return f'<text class="wm-chart-group" x="{_fmt(left + 1)}" y="{y}" fill="currentColor">{escape(bars[0].group or "")}</text>'
    end = LEFT + slot * following - 3
    return (
        f'<text class="wm-chart-group" x="{_fmt(end)}" y="{y}" text-anchor="end" fill="currentColor">'
        f"{escape(bars[0].group or '')}</text>"
    )


def _fmt(value: float) -> str:
    """Coordinates with at most one decimal: smaller files, identical output on every machine."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
