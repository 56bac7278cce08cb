"""Charts drawn on the server: series in, drawable geometry out.

Pure functions, no database: a page (or a panel) computes its figures with its own selectors and
hands them here; ``templates/includes/charts/*.html`` draw the result as inline SVG – no
JavaScript, no CDN, so the charts work on an intranet without internet. Each chart carries what
assistive technology needs: a title, a one-line summary for ``aria-label`` and a data table
(``head``/``rows``) that the templates put in a ``<details>`` below the picture.

Counts are integers and rates are exact fractions (``on_time / total``), rounded only for display.
Coordinates are SVG user units of a ``viewBox``; the SVG scales to its container.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

#: Series colours: each has a contrast of at least 3:1 against the white card (WCAG 2.1, 1.4.11
#: non-text contrast), and neighbours differ in hue and lightness.
PALETTE = (
    "#1e40af",  # blue
    "#b45309",  # amber
    "#1e6b34",  # green
    "#8c1d17",  # dark red
    "#6d28d9",  # violet
    "#0f766e",  # teal
    "#be185d",  # pink
    "#57534e",  # stone
)
#: The 100 % track behind a rate bar: decorative only, the bar and its figure carry the value.
TRACK = "#e5e7eb"
INK = "#1f2328"
GRID = "#d8dee4"
LATE = "#8c1d17"
ON_TIME = "#1e6b34"

LABEL_FONT_SIZE = 13  # the bar labels' font-size in the templates


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def text_width(text: str, font_size: float = LABEL_FONT_SIZE) -> float:
    """Estimated drawn width: a full em for CJK (wide) characters, about 0.6 em for the rest."""
    return sum(font_size if unicodedata.east_asian_width(c) in "WF" else font_size * 0.6 for c in text)


def short_label(label: str, width: float | None = None, font_size: float = LABEL_FONT_SIZE) -> str:
    """The label as drawn left of a bar: cut with "…" when wider than the label column (the data
    table keeps the full text). SVG text does not wrap."""
    label = str(label)
    width = BAR_LABEL_WIDTH - 10 if width is None else width
    if text_width(label, font_size) <= width:
        return label
    while label and text_width(label + "…", font_size) > width:
        label = label[:-1]
    return label + "…"


def percent(numerator: int, denominator: int) -> int | None:
    """Whole percent, rounded half up with integers (1/3 → 33, 2/3 → 67, 1/8 → 13); None for 0/0."""
    if denominator <= 0:
        return None
    return (200 * numerator + denominator) // (2 * denominator)


def nice_step(value: int, ticks: int = 4) -> int:
    """A step of 1, 2 or 5 × 10ⁿ so that ``ticks`` steps reach at least ``value`` (counts: ≥ 1)."""
    if value <= ticks:
        return 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if multiple * magnitude >= raw:
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def axis_ticks(maximum: int, ticks: int = 4) -> list[int]:
    """Tick values from 0 to the first step multiple at or above ``maximum`` (at least one step)."""
    step = nice_step(maximum, ticks)
    top = max(step, -(-maximum // step) * step)
    return list(range(0, top + 1, step))


def _r(value: float) -> float:
    return round(value, 1)


def relative_luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --------------------------------------------------------------------------- geometry types


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str = ""
    display: str = ""


@dataclass(frozen=True)
class Tick:
    value: int
    position: float
    """y of a horizontal grid line (column charts)."""


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


@dataclass(frozen=True)
class BarRow:
    """One horizontal bar with its label and figure, at ``y``."""

    label: str
    short_label: str
    display: str
    y: float
    bar: Rect | None
    track: Rect | None = None
    value_x: float = 0
    """x where the figure is written: after the bar (bar charts) or after the track (rates)."""


@dataclass(frozen=True)
class Column:
    """One column (a month), stacked from the baseline up."""

    label: str
    total: int
    x: float
    width: float
    segments: list[Rect]
    top: float
    """y of the column's top, where its total is written."""

    @property
    def center(self) -> float:
        return _r(self.x + self.width / 2)

    @property
    def total_y(self) -> float:
        return _r(self.top - 4)


@dataclass
class Chart:
    """What a chart template needs: the picture's geometry, and the same figures as a table."""

    kind: str
    id: str
    title: str
    width: int
    height: int
    summary: str
    head: list[str]
    rows: list[list[str]]
    bars: list[BarRow] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    plot_left: float = 0
    plot_right: float = 0
    baseline: float = 0
    line_points: str = ""

    @property
    def label_x(self) -> float:
        """Right edge of the row labels / tick labels, just left of the plot."""
        return self.plot_left - 6

    @property
    def axis_label_y(self) -> float:
        """Baseline of the category labels under the columns."""
        return self.baseline + 16

    @property
    def template(self) -> str:
        return f"includes/charts/{self.kind}.html"

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _summary(pairs: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{label}: {value}" for label, value in pairs)


# --------------------------------------------------------------------------- horizontal bars

BAR_WIDTH = 480
BAR_LABEL_WIDTH = 132
BAR_VALUE_WIDTH = 84
BAR_HEIGHT = 18
BAR_GAP = 10
BAR_TOP = 4


def _bar_layout(count: int) -> tuple[float, float, int]:
    plot_left = BAR_LABEL_WIDTH
    plot_width = BAR_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_WIDTH
    height = BAR_TOP * 2 + count * (BAR_HEIGHT + BAR_GAP) - (BAR_GAP if count else 0)
    return plot_left, plot_width, max(height, BAR_HEIGHT)


def bar_chart(
    series: Sequence[tuple[str, int]], *, id: str, title: str, label_heading: str = "", value_heading: str = ""
) -> Chart:
    """Horizontal bars, one per (label, count), scaled to the largest count; zero draws nothing."""
    plot_left, plot_width, height = _bar_layout(len(series))
    largest = max((value for _label, value in series), default=0)
    rows = []
    for index, (label, value) in enumerate(series):
        y = BAR_TOP + index * (BAR_HEIGHT + BAR_GAP)
        width = plot_width * value / largest if largest else 0
        bar = Rect(plot_left, y, _r(width), BAR_HEIGHT, colour(0), str(label), str(value)) if value > 0 else None
        rows.append(BarRow(str(label), short_label(label), str(value), y, bar, value_x=_r(plot_left + width + 5)))
    return Chart(
        kind="bar",
        id=id,
        title=str(title),
        width=BAR_WIDTH,
        height=height,
        summary=_summary([(row.label, row.display) for row in rows]),
        head=[str(label_heading), str(value_heading)],
        rows=[[row.label, row.display] for row in rows],
        bars=rows,
        plot_left=plot_left,
        plot_right=plot_left + plot_width,
    )


def rate_chart(
    series: Sequence[tuple[str, int, int]],
    *,
    id: str,
    title: str,
    label_heading: str = "",
    rate_heading: str = "",
    count_heading: str = "",
) -> Chart:
    """Percentage bars for (label, met, total): the bar is ``met / total`` of the full track.

    A row with total 0 shows "—" and no bar: no rate is not a rate of 0 %.
    """
    plot_left, plot_width, height = _bar_layout(len(series))
    rows = []
    for index, (label, met, total) in enumerate(series):
        y = BAR_TOP + index * (BAR_HEIGHT + BAR_GAP)
        rate = percent(met, total)
        track = Rect(plot_left, y, plot_width, BAR_HEIGHT, TRACK)
        value_x = plot_left + plot_width + 6
        if rate is None:
            rows.append(BarRow(str(label), short_label(label), "—", y, None, track, value_x))
            continue
        width = plot_width * Fraction(met, total)
        display = f"{rate}%"
        bar = Rect(plot_left, y, _r(float(width)), BAR_HEIGHT, ON_TIME, str(label), display) if met else None
        rows.append(BarRow(str(label), short_label(label), display, y, bar, track, value_x))
    return Chart(
        kind="rate",
        id=id,
        title=str(title),
        width=BAR_WIDTH,
        height=height,
        summary=_summary([(row.label, row.display) for row in rows]),
        head=[str(label_heading), str(rate_heading), str(count_heading)],
        rows=[[row.label, row.display, f"{met}/{total}"] for row, (_l, met, total) in zip(rows, series, strict=True)],
        bars=rows,
        plot_left=plot_left,
        plot_right=plot_left + plot_width,
    )


# --------------------------------------------------------------------------- columns by month

COLUMN_WIDTH = 480
COLUMN_HEIGHT = 200
AXIS_WIDTH = 34
AXIS_BOTTOM = 26
COLUMN_TOP = 14
COLUMN_FILL = 0.6  # share of a slot the column takes


def _column_layout(count: int, maximum: int) -> tuple[float, float, float, list[int]]:
    ticks = axis_ticks(maximum)
    plot_left = AXIS_WIDTH
    plot_width = COLUMN_WIDTH - AXIS_WIDTH - 4
    slot = plot_width / count if count else plot_width
    return plot_left, slot, COLUMN_HEIGHT - AXIS_BOTTOM, ticks


def stacked_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    id: str,
    title: str,
    category_heading: str = "",
    total_heading: str = "",
) -> Chart:
    """Columns per category (e.g. month), each stacked from the series (e.g. states) in order.

    ``series`` is [(name, [count per category])]; a series that is zero everywhere stays out of
    the legend but keeps its column in the table.
    """
    totals = [sum(values[i] for _name, values in series) for i in range(len(categories))]
    plot_left, slot, baseline, ticks = _column_layout(len(categories), max(totals, default=0))
    plot_height = baseline - COLUMN_TOP
    top_value = ticks[-1]
    width = slot * COLUMN_FILL
    columns = []
    for i, label in enumerate(categories):
        x = plot_left + slot * i + (slot - width) / 2
        y = baseline
        segments = []
        for index, (name, values) in enumerate(series):
            value = values[i]
            if value <= 0:
                continue
            height = plot_height * value / top_value
            y -= height
            segments.append(Rect(_r(x), _r(y), _r(width), _r(height), colour(index), str(name), str(value)))
        columns.append(Column(str(label), totals[i], _r(x), _r(width), segments, _r(y)))
    legend = [LegendEntry(str(name), colour(index)) for index, (name, values) in enumerate(series) if any(values)]
    return Chart(
        kind="stacked",
        id=id,
        title=str(title),
        width=COLUMN_WIDTH,
        height=COLUMN_HEIGHT,
        summary=_summary([(str(label), str(total)) for label, total in zip(categories, totals, strict=True)]),
        head=[str(category_heading), *(str(name) for name, _values in series), str(total_heading)],
        rows=[
            [str(label), *(str(values[i]) for _name, values in series), str(totals[i])]
            for i, label in enumerate(categories)
        ],
        columns=columns,
        ticks=[Tick(value, _r(baseline - plot_height * value / top_value)) for value in ticks],
        legend=legend,
        plot_left=plot_left,
        plot_right=COLUMN_WIDTH - 4,
        baseline=baseline,
    )


def month_chart(
    series: Sequence[tuple[str, int]],
    *,
    id: str,
    title: str,
    label_heading: str = "",
    value_heading: str = "",
    kind: str = "column",
) -> Chart:
    """A small column (``kind="column"``) or line (``kind="line"``) chart of one count by month."""
    if kind not in ("column", "line"):
        raise ValueError(f"unknown month chart kind {kind!r}")
    chart = stacked_chart(
        [label for label, _value in series],
        [(value_heading, [value for _label, value in series])],
        id=id,
        title=title,
        category_heading=label_heading,
        total_heading=value_heading,
    )
    chart.kind = kind
    chart.head = [str(label_heading), str(value_heading)]
    chart.rows = [[str(label), str(value)] for label, value in series]
    chart.legend = []
    chart.line_points = " ".join(f"{c.center},{c.top}" for c in chart.columns)
    return chart
