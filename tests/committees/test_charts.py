"""Server-side chart geometry (committees/charts.py) and the SVG templates that draw it."""

import itertools

import pytest
from django.template.loader import render_to_string

from committees import charts


def test_percent_rounds_half_up_with_integers():
    assert charts.percent(1, 3) == 33
    assert charts.percent(2, 3) == 67
    assert charts.percent(1, 8) == 13  # 12.5 → 13
    assert charts.percent(0, 5) == 0
    assert charts.percent(5, 5) == 100


def test_percent_of_nothing_is_no_rate():
    assert charts.percent(0, 0) is None


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (4, [0, 1, 2, 3, 4]),
        (5, [0, 2, 4, 6]),
        (16, [0, 5, 10, 15, 20]),
        (20, [0, 5, 10, 15, 20]),
        (21, [0, 10, 20, 30]),
        (100, [0, 50, 100]),
        (101, [0, 50, 100, 150]),
    ],
)
def test_axis_ticks_reach_the_maximum_in_nice_steps(maximum, ticks):
    assert charts.axis_ticks(maximum) == ticks


def test_bar_chart_scales_to_the_largest_value():
    chart = charts.bar_chart([("甲", 10), ("乙", 5), ("丙", 0)], id="c", title="T")
    full = chart.plot_right - chart.plot_left
    widths = [row.bar.width if row.bar else 0 for row in chart.bars]
    assert widths[0] == full
    assert widths[1] == full / 2
    assert chart.bars[2].bar is None  # zero draws no bar, but keeps its row and figure
    assert [row.display for row in chart.bars] == ["10", "5", "0"]
    assert chart.rows == [["甲", "10"], ["乙", "5"], ["丙", "0"]]


def test_bar_chart_rows_do_not_overlap_and_fit_the_height():
    chart = charts.bar_chart([(str(n), n) for n in range(1, 6)], id="c", title="T")
    ys = [row.y for row in chart.bars]
    assert all(b - a >= charts.BAR_HEIGHT for a, b in itertools.pairwise(ys))
    assert ys[-1] + charts.BAR_HEIGHT <= chart.height


def test_bar_chart_of_nothing_is_empty():
    chart = charts.bar_chart([], id="c", title="T")
    assert chart.is_empty
    assert chart.bars == []


def test_long_labels_are_shortened_in_the_picture_not_in_the_table():
    label = "临江区委办公室督查科第一组"  # 13 wide characters: 169 units at 13 px, the column has 122
    chart = charts.bar_chart([(label, 1)], id="c", title="T")
    drawn = chart.bars[0].short_label
    assert drawn == label[:8] + "…"
    assert charts.text_width(drawn) <= charts.BAR_LABEL_WIDTH - 10
    assert chart.rows[0][0] == label


def test_latin_labels_fit_more_characters_than_chinese_ones():
    assert charts.short_label("Not transferred") == "Not transferred"  # 15 narrow characters fit
    assert charts.short_label("已立项登记") == "已立项登记"
    assert charts.short_label("Closed and archived by the office").endswith("…")


def test_rate_chart_exactly_one_third():
    chart = charts.rate_chart([("甲", 1, 3)], id="c", title="T")
    row = chart.bars[0]
    assert row.display == "33%"
    assert row.bar.width == round((chart.plot_right - chart.plot_left) / 3, 1)
    assert row.track.width == chart.plot_right - chart.plot_left
    assert chart.rows == [["甲", "33%", "1/3"]]


def test_rate_chart_all_and_none_on_time():
    chart = charts.rate_chart([("全部", 4, 4), ("无", 0, 4)], id="c", title="T")
    assert chart.bars[0].bar.width == chart.plot_right - chart.plot_left
    assert chart.bars[0].display == "100%"
    assert chart.bars[1].bar is None
    assert chart.bars[1].display == "0%"


def test_rate_chart_without_anything_due_shows_no_rate():
    row = charts.rate_chart([("甲", 0, 0)], id="c", title="T").bars[0]
    assert row.bar is None
    assert row.display == "—"


def test_stacked_columns_add_up_to_their_totals():
    chart = charts.stacked_chart(
        ["2026-10", "2026-11"], [("登记", [2, 1]), ("交办", [3, 0])], id="c", title="T", total_heading="合计"
    )
    october, november = chart.columns
    assert (october.total, november.total) == (5, 1)
    # Segments are stacked from the baseline up without gaps or overlap.
    assert october.segments[0].y + october.segments[0].height == pytest.approx(chart.baseline, abs=0.1)
    assert october.segments[1].y + october.segments[1].height == pytest.approx(october.segments[0].y, abs=0.1)
    # Heights are proportional to the values on the axis (top tick 6 for a maximum of 5).
    assert chart.ticks[-1].value == 6
    plot_height = chart.baseline - chart.ticks[-1].position
    assert sum(s.height for s in october.segments) == pytest.approx(plot_height * 5 / 6, abs=0.2)
    assert [s.label for s in november.segments] == ["登记"]  # a zero segment is not drawn
    assert chart.rows == [["2026-10", "2", "3", "5"], ["2026-11", "1", "0", "1"]]
    assert chart.head == ["", "登记", "交办", "合计"]


def test_stacked_legend_leaves_out_series_that_are_zero_everywhere():
    chart = charts.stacked_chart(["1月"], [("甲", [1]), ("乙", [0])], id="c", title="T")
    assert [entry.label for entry in chart.legend] == ["甲"]


def test_month_chart_line_points_follow_the_column_tops():
    chart = charts.month_chart([("9月", 0), ("10月", 2), ("11月", 4)], id="c", title="T", kind="line")
    points = [tuple(map(float, p.split(","))) for p in chart.line_points.split()]
    assert [y for _x, y in points] == [column.top for column in chart.columns]
    assert points[0][1] == chart.baseline  # zero sits on the baseline
    assert points[2][1] < points[1][1] < points[0][1]
    assert chart.template == "includes/charts/line.html"


def test_month_chart_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        charts.month_chart([("9月", 1)], id="c", title="T", kind="pie")


def test_palette_has_enough_contrast_against_the_white_card():
    """WCAG 2.1 1.4.11: graphical objects need 3:1 against their background."""
    for colour in (*charts.PALETTE, charts.ON_TIME, charts.LATE):
        assert charts.contrast_ratio(colour, "#ffffff") >= 3, colour


def test_contrast_ratio_of_black_on_white_is_21():
    assert charts.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)


@pytest.mark.parametrize(
    "chart",
    [
        charts.bar_chart(
            [("甲", 3), ("乙", 1)], id="chart-a", title="标题", label_heading="单位", value_heading="件数"
        ),
        charts.rate_chart([("甲", 1, 3)], id="chart-a", title="标题"),
        charts.stacked_chart(["10月"], [("甲", [1])], id="chart-a", title="标题"),
        charts.month_chart([("10月", 1)], id="chart-a", title="标题"),
        charts.month_chart([("10月", 1)], id="chart-a", title="标题", kind="line"),
    ],
    ids=lambda chart: chart.kind,
)
def test_templates_draw_an_accessible_svg_with_a_data_table(chart):
    html = render_to_string(chart.template, {"chart": chart})
    assert 'role="img"' in html
    assert f'aria-label="标题: {chart.summary}"' in html
    assert "<title>标题</title>" in html
    assert "<details" in html and "<table>" in html
    assert "style=" not in html  # colours as SVG attributes: nothing for a strict CSP to block
    for row in chart.rows:
        assert f'<th scope="row">{row[0]}</th>' in html
