"""Charts: functions from cell frames (``dashboard.cells``) to plotly figures.

A chart draws every cell it is given: the page has chosen them (indicator,
regions, years, kind) before. Names passed beside the frame only label and
order what is drawn. Values are divided by one magnitude per axis (亿, 万 …) named in the axis
title; hover texts carry the exact figure the Chinese way, with qualifier,
unit, region, year and source document. Every point carries
``customdata = [doc, start]`` so a selected point leads to its evidence.
"""
from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.fmt import axis_scale, axis_title, format_number, format_value
from dashboard.i18n import t
from dashboard.indicators import Indicators
from dashboard.units import is_rate

# Qualitative colours for highlighted regions; grey is kept for the rest.
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#393b79", "#ad494a", "#637939",
)
GREY = "#c4c4c4"
MAX_HIGHLIGHT = 8  # coloured lines a trend chart can tell apart; the rest are grey
LABEL_GAP = 0.075  # labels at line ends kept this share of the value range apart (a line of text on a 460 px chart)
STATUS_COLORS = {"met": "#2ca02c", "missed": "#d62728", "pending": "#9e9e9e",
                 "no_target": "#1f77b4", "incomparable": "#ff7f0e"}
FONT = "WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def region_colors(regions) -> dict[str, str]:
    """Each region's own colour: its place among all the data's regions (by name) in the palette.

    Computed from every region of the data, so a region has the same colour on every page.
    """
    names = sorted({r for r in regions if isinstance(r, str)})
    return {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(names)}


def colors_for(names, base: dict[str, str] | None = None) -> dict[str, str]:
    """A colour per name, in the order given: its own (``base``) unless an earlier name took it, then the next free one.

    >>> colors_for(["甲", "乙"], {"甲": PALETTE[1], "乙": PALETTE[1]}) == {"甲": PALETTE[1], "乙": PALETTE[2]}
    True
    """
    base = base or {}
    out: dict[str, str] = {}
    used: set[str] = set()
    for n, name in enumerate(dict.fromkeys(names)):
        wanted = base.get(name, PALETTE[n % len(PALETTE)])
        if wanted in used and len(used) < len(PALETTE):
            start = PALETTE.index(wanted) if wanted in PALETTE else 0
            wanted = next(PALETTE[(start + k) % len(PALETTE)] for k in range(1, len(PALETTE) + 1)
                          if PALETTE[(start + k) % len(PALETTE)] not in used)
        out[name] = wanted
        used.add(wanted)
    return out


def _layout(fig: go.Figure, title: str, height: int = 460) -> go.Figure:
    fig.update_layout(
        title={"text": _esc(title)},
        font={"family": FONT},
        height=height,
        margin={"l": 60, "r": 20, "t": 60, "b": 90},
        hoverlabel={"font": {"family": FONT}, "align": "left"},
        # below the plot: a legend on top collides with the title when regions are many
        legend={"orientation": "h", "yanchor": "top", "y": -0.16, "xanchor": "left", "x": 0},
    )
    return fig


def in_order(present, order) -> list:
    """The values present, those named in ``order`` first (in that order), the rest by name.

    >>> in_order(["乙县", "丙县", "甲县"], ["甲县", "丁县"])
    ['甲县', '丙县', '乙县']
    """
    present = set(present)
    first = [v for v in dict.fromkeys(order or ()) if v in present]
    return first + sorted(present - set(first), key=lambda v: (v is None, str(v)))  # a cell may lack a region


def _region_colors(named, drawn, base: dict[str, str] | None = None) -> dict[str, str]:
    """A colour per region, those named (picked) first: a region keeps its colour while its data comes and goes."""
    return colors_for(list(dict.fromkeys([*named, *drawn])), base)


def _unit(cells: pd.DataFrame, vocab: Indicators, indicator: str) -> str:
    """The unit most of the cells are in; the catalog's when they say none."""
    unit = cells["unit"].dropna().mode()
    return unit.iloc[0] if len(unit) else vocab.unit_of.get(indicator, "")


def _titled(vocab: Indicators, indicator: str, lang: str, axis_unit: str) -> str:
    """The indicator's name with the unit its axis is drawn in (万人, not 人, when scaled)."""
    label = vocab.label(indicator, lang, with_unit=False)
    if not axis_unit:
        return label
    return f"{label}（{axis_unit}）" if lang == "zh" else f"{label} ({axis_unit})"


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=_esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, "", height=240)


def _stated(cell, lang: str) -> str | None:
    """The figure as the text stated it, when the chart shows it converted (68万吨 from 13.6亿斤)."""
    unit, stated = cell.get("unit"), cell.get("stated_unit")
    if not isinstance(stated, str) or stated == unit:
        return None
    return format_value(cell.get("stated_value"), stated, cell.get("qualifier"), cell.get("stated_high"), lang)


def hover_text(cell, lang: str, vocab: Indicators | None = None, with_indicator: bool = False,
               shown: str | None = None) -> str:
    """Region · year, kind and figure, what is special about it, source document; a conflict lists every value.

    ``cell``: a dict; ``shown``: what the line draws when it is not the figure (an index, a change).
    """
    get = cell.get
    lines = [f"<b>{_esc(get('region'))}</b> · {get('year')}"]
    if with_indicator and vocab is not None:
        lines.append(_esc(vocab.label(get("indicator"), lang)))
    figure = format_value(get("value"), get("unit"), get("qualifier"), get("high"), lang)
    stated = _stated(cell, lang)
    if stated:
        figure += t("hover.stated", lang, figure=stated)
    lines.append(f"{t('kind.' + str(get('kind')), lang)}: <b>{_esc(figure)}</b>")
    if shown:
        lines.append(_esc(shown))
    if get("estimate"):
        lines.append(f"◌ {t('hover.estimate', lang)}")
    elif get("revised"):
        lines.append(t("hover.revised", lang))
    if get("corrected") is True:
        lines.append(f"✎ {t('hover.corrected', lang)}")
    lines.append(f"{t('hover.source', lang)}: {_esc(get('doc'))}")
    alternatives = get("alternatives") or ()
    if get("conflict") and alternatives:
        lines.append(f"⚠ {t('hover.conflict', lang)}:")
        for alt in alternatives:
            alt_figure = format_value(alt["value"], alt["unit"], alt["qualifier"], alt["high"], lang)
            lines.append(f"  {_esc(alt_figure)} — {_esc(alt['doc'])}")
    return "<br>".join(lines)


def _scaled(values: pd.Series, divisor: float) -> list:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v / divisor for v in values]


def _with_gaps(part: list[dict], years: list[int]) -> tuple[list, list[dict | None]]:
    """The years from a line's first to its last, each with its cell or None: a missing year is a gap."""
    by_year = {int(c["year"]): c for c in part}
    span = [y for y in years if min(by_year) <= y <= max(by_year)]
    return span, [by_year.get(y) for y in span]


def spread(ys: list[float], gap: float) -> list[float]:
    """Label positions at least ``gap`` apart, each crowd centred on its lines' ends (order kept).

    >>> spread([1.0, 1.1, 5.0], 1.0)
    [0.55, 1.55, 5.0]
    """
    if len(ys) < 2 or gap <= 0:
        return list(ys)
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    groups: list[list[float]] = []  # runs of labels that would overlap, as their lines' ends

    def bounds(group):
        centre = sum(group) / len(group)
        half = gap * (len(group) - 1) / 2
        return centre - half, centre + half

    for i in order:
        groups.append([ys[i]])
        while len(groups) > 1 and bounds(groups[-1])[0] - bounds(groups[-2])[1] < gap:
            groups[-2:] = [groups[-2] + groups[-1]]
    placed = [bounds(g)[0] + n * gap for g in groups for n in range(len(g))]
    out = [0.0] * len(ys)
    for k, i in enumerate(order):
        out[i] = round(placed[k], 10)
    return out


def _measure_axis(measure: str, unit: str, lang: str, word: str, base_year) -> str:
    if measure == "index":
        return t("axis.index", lang, year=base_year)
    if measure == "change":
        return t("axis.change_pp" if is_rate(unit) else "axis.change_pct", lang)
    return axis_title(unit, lang, word)


def _shown_line(measure: str, y, unit: str, lang: str) -> str | None:
    """What the line draws, for the hover: ``指数 110.0`` or ``比上年 +10%``."""
    if measure == "index":
        return f"{t('measure.index', lang)}: {y:.1f}"
    if measure == "change":
        sign = "+" if y > 0 else ""
        return f"{t('measure.change', lang)}: {sign}{format_number(y, lang)}{'个百分点' if is_rate(unit) and lang == 'zh' else (' pp' if is_rate(unit) else '%')}"
    return None


def _grey_hover(cell: dict, lang: str) -> str:
    """A grey line's point: region, year and figure (the whole story once the region is highlighted)."""
    figure = format_value(cell.get("value"), cell.get("unit"), cell.get("qualifier"), cell.get("high"), lang)
    marks = (" ◌" if cell.get("estimate") else "") + (" ⚠" if cell.get("conflict") else "")
    return f"{_esc(cell.get('region'))} · {cell.get('year')}: {_esc(figure)}{marks}"


def _legend_key(fig: go.Figure, lang: str, kinds: set, estimates: bool, conflicts: bool, grey: bool) -> None:
    """Legend entries that say what the line styles and markers mean (regions are labelled at their lines)."""
    keys = []
    if "actual" in kinds:
        keys.append((t("kind.actual", lang), {"mode": "lines+markers", "line": {"color": "#444", "width": 2.5},
                                               "marker": {"symbol": "circle", "color": "#444"}}))
    if "target" in kinds:
        keys.append((t("kind.target", lang), {"mode": "lines", "line": {"color": "#444", "dash": "dash"}}))
    if estimates:
        keys.append((t("legend.estimate", lang), {"mode": "markers", "marker": {
            "symbol": "circle-open", "size": 9, "color": "#444", "line": {"width": 2}}}))
    if conflicts:
        keys.append((t("legend.conflict", lang), {"mode": "markers", "marker": {"symbol": "x", "size": 11,
                                                                                "color": "#444"}}))
    if grey:
        keys.append((t("legend.others", lang), {"mode": "lines", "line": {"color": GREY, "width": 1.5}}))
    for name, style in keys:
        fig.add_trace(go.Scatter(x=[None], y=[None], name=_esc(name), hoverinfo="skip", showlegend=True,
                                 meta={"key": True}, **style))


def trend_chart(cells: pd.DataFrame, indicator: str, regions: list[str], vocab: Indicators, lang: str, *,
                highlight: list[str] | None = None, colors: dict[str, str] | None = None,
                measure: str = "level", base_year: int | None = None, log: bool = False) -> go.Figure:
    """Lines by year: a few regions in colour, labelled at their line ends, the rest grey.

    Results solid, targets dashed (highlighted regions only); a missing year
    is a gap in the line; an estimate is a hollow marker, a conflict ✕.
    ``cells``: one indicator's, in one unit, with ``y`` (what is drawn: see
    ``dashboard.measures``) or else ``value``; ``regions`` orders them;
    ``highlight``: the regions in colour (at most ``MAX_HIGHLIGHT``; by default
    all when they are that few, else the first in ``regions``); ``colors``:
    each region's own colour (``region_colors``).
    """
    if cells.empty:
        return empty_figure(t("hint.no_data", lang))
    cells = cells.assign(y=cells["y"] if "y" in cells.columns else cells["value"])
    order = in_order(cells["region"], regions)
    if highlight is None:
        highlight = order[:MAX_HIGHLIGHT]
    coloured = [r for r in dict.fromkeys(highlight) if r in set(order)][:MAX_HIGHLIGHT]
    others = [r for r in order if r not in set(coloured)]
    unit = _unit(cells, vocab, indicator)
    divisor, word = axis_scale(cells["y"], lang) if measure == "level" else (1.0, "")
    log = bool(log) and bool((cells["y"] > 0).all())
    palette = colors_for(coloured, colors)
    years = list(range(int(cells["year"].min()), int(cells["year"].max()) + 1))
    fig = go.Figure(_validate=False)  # its traces are built here, of known properties; the layout is still checked
    ends = []
    lines: dict = {}  # (region, kind) -> its cells, as dicts (one conversion, not one per line)
    for c in cells.drop(columns=[x for x in ("sentence", "text") if x in cells.columns]).to_dict("records"):
        lines.setdefault((c["region"], c["kind"]), []).append(c)  # (region, x, y) of each coloured line's last point

    def trace(region: str, kind: str, grey: bool) -> None:
        part = lines.get((region, kind))
        if not part:
            return
        xs, slots = _with_gaps(part, years)
        color = GREY if grey else palette[region]
        symbols = ["x" if c and c["conflict"] else "circle-open" if c and (c.get("estimate") or kind == "target")
                   else "circle" for c in slots]
        fig.add_trace(dict(  # a plain dict, not validated trace by trace: twenty regions' lines on every rerun
            type="scatter", x=xs, y=[None if c is None else c["y"] / divisor for c in slots],
            mode="lines+markers", connectgaps=False,
            name=f"{_esc(region)} · {t('kind.' + kind, lang)}", legendgroup=region, showlegend=False,
            line={"color": color, "dash": "dash" if kind == "target" else "solid",
                  "width": 1.2 if grey else 2.5 if kind == "actual" else 1.8},
            marker={"symbol": symbols, "color": color,
                    "size": [0 if c is None else (5 if grey else 12 if c["conflict"] else 8) for c in slots],
                    "line": {"width": 1 if grey else 2, "color": color}},
            hovertext=["" if c is None else (_grey_hover(c, lang) if grey else
                                              hover_text(c, lang, shown=_shown_line(measure, c["y"], unit, lang)))
                       for c in slots],
            hovertemplate="%{hovertext}<extra></extra>",
            customdata=[["", -1, kind] if c is None else [c["doc"], int(c["start"]), c["kind"]] for c in slots],
            meta={"region": region, "kind": kind, "grey": grey},
            opacity=0.8 if grey else 1.0,
        ))
        if not grey:
            last = next(c for c in reversed(slots) if c is not None)
            ends.append((region, int(last["year"]), last["y"] / divisor, kind))

    has_results = set(cells.loc[cells["kind"] == "actual", "region"])
    for region in others:  # grey first, under the coloured lines; a region with targets only shows them
        trace(region, "actual" if region in has_results else "target", grey=True)
    for region in coloured:
        for kind in ("actual", "target"):
            trace(region, kind, grey=False)
    _label_ends(fig, ends, palette, log)
    _legend_key(fig, lang, set(cells.loc[cells["region"].isin(coloured), "kind"]),
                bool(cells.get("estimate", pd.Series(False, index=cells.index)).astype(bool).any()),
                bool(cells["conflict"].any()), bool(others))
    fig.update_xaxes(title=t("axis.year", lang), dtick=1, tickformat="d")
    axis = _measure_axis(measure, unit, lang, word, base_year)
    fig.update_yaxes(title=axis, type="log" if log else "linear",
                     rangemode="tozero" if measure == "level" and not log and (cells["y"] >= 0).all() else "normal")
    if measure == "level":
        title = _titled(vocab, indicator, lang, axis)
    else:
        title = f"{vocab.label(indicator, lang, with_unit=False)} · {axis}"
    fig = _layout(fig, title)
    longest = max((len(str(r)) for r, *_ in ends), default=0)
    fig.update_layout(margin={"r": 30 + 14 * longest})
    return fig


def _label_ends(fig: go.Figure, ends: list, palette: dict, log: bool) -> None:
    """Each coloured line's region written at its last point, labels kept apart."""
    firsts = {}
    for region, x, y, kind in ends:  # one label per region: at its results' end, else its targets'
        if region not in firsts or (kind == "actual" and firsts[region][3] != "actual"):
            firsts[region] = (region, x, y, kind)
    if not firsts:
        return
    labels = list(firsts.values())
    ys = [math.log10(y) if log else y for _, _, y, _ in labels]
    every = [math.log10(v) if log else v for tr in fig.data for v in (tr.y or ()) if v is not None and (not log or v > 0)]
    gap = (max(every) - min(every)) * LABEL_GAP if every and max(every) > min(every) else 0.0
    for (region, x, _, _), y in zip(labels, spread(ys, gap)):
        fig.add_annotation(x=x, y=y, text=f"<b>{_esc(region)}</b>", showarrow=False, xanchor="left", xshift=7,
                           font={"color": palette[region], "size": 12}, name=str(region))


def ranking_chart(ranked: pd.DataFrame, indicator: str, year: int, vocab: Indicators, lang: str) -> go.Figure:
    """Horizontal bars of regions for one year, largest on top."""
    if ranked.empty:
        return empty_figure(t("hint.no_data", lang))
    divisor, word = axis_scale(ranked["value"], lang)
    unit = _unit(ranked, vocab, indicator)
    rows = ranked.to_dict("records")[::-1]  # plotly draws the first bar at the bottom
    labels = [("⚠ " if r["conflict"] else "") + format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang)
              for r in rows]
    fig = go.Figure(go.Bar(
        x=_scaled(pd.Series([r["value"] for r in rows]), divisor),
        y=[_esc(r["region"]) for r in rows],
        orientation="h",
        text=[_esc(x) for x in labels],
        textposition="auto",
        marker={"color": ["#d62728" if r["conflict"] else "#1f77b4" for r in rows]},
        hovertext=[hover_text(r, lang) for r in rows],
        hovertemplate="%{hovertext}<extra></extra>",
        customdata=[[r["doc"], int(r["start"]), r["kind"]] for r in rows],
    ))
    fig.update_xaxes(title=axis_title(unit, lang, word))
    title = f"{_titled(vocab, indicator, lang, axis_title(unit, lang, word))} · {year}"
    return _layout(fig, title, height=max(320, 28 * len(rows) + 120))


def heatmap_chart(cells: pd.DataFrame, indicator: str, vocab: Indicators, lang: str, kind: str = "actual",
                  regions: list[str] | None = None) -> go.Figure:
    """Regions × years, coloured by value, each cell labelled with its figure.

    ``cells``: one indicator's, of one ``kind``; ``regions`` orders the rows (e.g. as
    ranked), the rest follow by name.
    """
    if cells.empty:
        return empty_figure(t("hint.no_data", lang))
    regions = in_order(cells["region"], regions)
    years = sorted(int(y) for y in cells["year"].unique())
    r_at = {r: n for n, r in enumerate(regions)}
    y_at = {y: n for n, y in enumerate(years)}
    divisor, word = axis_scale(cells["value"], lang)
    z = np.full((len(regions), len(years)), np.nan)
    text = [["" for _ in years] for _ in regions]
    hover = [["" for _ in years] for _ in regions]
    custom = [[["", -1, kind] for _ in years] for _ in regions]
    for c in cells.to_dict("records"):
        i, j = r_at[c["region"]], y_at[int(c["year"])]
        z[i, j] = c["value"] / divisor
        text[i][j] = ("⚠" if c["conflict"] else "") + _esc(format_value(c["value"], c["unit"], c["qualifier"], c["high"], lang))
        hover[i][j] = hover_text(c, lang)
        custom[i][j] = [c["doc"], int(c["start"]), kind]
    unit = _unit(cells, vocab, indicator)
    fig = go.Figure(go.Heatmap(
        z=z, x=[str(y) for y in years], y=[_esc(r) for r in regions],
        text=text, texttemplate="%{text}", hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>", customdata=custom,
        colorscale="Blues", colorbar={"title": {"text": _esc(axis_title(unit, lang, word))}},
        xgap=2, ygap=2,
    ))
    fig.update_xaxes(title=t("axis.year", lang), type="category")
    fig.update_yaxes(autorange="reversed")
    title = f"{_titled(vocab, indicator, lang, axis_title(unit, lang, word))} · {t('kind.' + kind, lang)}"
    return _layout(fig, title, height=max(320, 30 * len(regions) + 140))


def wrap(text: str, width: int) -> str:
    """A title broken into lines of about ``width`` characters (at spaces; CJK anywhere), joined by <br>.

    >>> wrap("Urban per-capita disposable income (yuan)", 20)
    'Urban per-capita<br>disposable income<br>(yuan)'
    """
    if len(text) <= width:
        return text
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    lines, line = [], ""
    for word in words:
        candidate = f"{line}{joiner}{word}" if line else word
        if len(candidate) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return "<br>".join(lines)


def small_multiples(cells: pd.DataFrame, indicators: list[str], regions: list[str], vocab: Indicators,
                    lang: str, columns: int = 3, colors: dict[str, str] | None = None) -> go.Figure:
    """One small trend chart per indicator (own scale), one line per region.

    ``cells``: of one kind; ``indicators`` orders the panels and ``regions`` the
    legend and colours, the rest follow by name.
    """
    if cells.empty:
        return empty_figure(t("hint.no_shared", lang))
    indicators = in_order(cells["indicator"], indicators)
    order = in_order(cells["region"], regions)
    columns = max(1, min(columns, len(indicators)))
    rows = math.ceil(len(indicators) / columns)
    scales = {i: axis_scale(cells.loc[cells["indicator"] == i, "value"], lang) for i in indicators}
    units = {i: _unit(cells[cells["indicator"] == i], vocab, i) for i in indicators}
    width = 22 if lang == "zh" else 34  # a third of the page; longer titles ran into their neighbours
    titles = [wrap(_esc(_titled(vocab, i, lang, axis_title(units[i], lang, scales[i][1]))), width)
              for i in indicators]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                        vertical_spacing=min(0.16, 0.7 / rows), horizontal_spacing=0.08)
    fig.update_annotations(font={"size": 12})
    colors = _region_colors(regions, order, colors)
    in_legend: set = set()
    for n, indicator in enumerate(indicators):
        row, col = n // columns + 1, n % columns + 1
        divisor = scales[indicator][0]
        for region in order:
            part = cells[(cells["indicator"] == indicator) & (cells["region"] == region)].sort_values("year")
            if part.empty:
                continue
            fig.add_trace(go.Scatter(
                x=part["year"].tolist(), y=_scaled(part["value"], divisor), mode="lines+markers",
                name=_esc(region), legendgroup=region, showlegend=region not in in_legend,
                line={"color": colors[region]},
                marker={"symbol": ["x" if c else "circle" for c in part["conflict"]],
                        "size": [11 if c else 7 for c in part["conflict"]]},
                hovertext=[hover_text(c, lang, vocab, with_indicator=True) for c in part.to_dict("records")],
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=[[c["doc"], int(c["start"]), c["kind"]] for c in part.to_dict("records")],
            ), row=row, col=col)
            in_legend.add(region)
    fig.update_xaxes(dtick=1, tickformat="d")
    return _layout(fig, t("compare.multiples", lang), height=max(320, 260 * rows + 80))


STATUSES = ("met", "missed", "pending", "incomparable")
TARGET_COLOR, TARGET_EDGE = "#bdbdbd", "#616161"


def _side_text(r: dict, prefix: str, lang: str) -> str:
    value = r[f"{prefix}_value"]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return format_value(value, r[f"{prefix}_unit"], r[f"{prefix}_qualifier"], r[f"{prefix}_high"], lang)


def _pair_hover(r: dict, name: str, year, lang: str) -> str:
    """Target, result, verdict and both sources of one region and year."""
    lines = [f"<b>{_esc(name)}</b> · {year}"]
    for prefix, kind in (("target", "target"), ("result", "actual")):
        figure = _side_text(r, prefix, lang) or "—"
        flags = (" ◌" if r.get(f"{prefix}_estimate") else "") + (" ⚠" if r.get(f"{prefix}_conflict") else "")
        lines.append(f"{t('kind.' + kind, lang)}: <b>{_esc(figure)}</b>{flags}")
        if r[f"{prefix}_doc"]:
            lines.append(f"  {t('hover.source', lang)}: {_esc(r[f'{prefix}_doc'])}")
    lines.append(f"{t('col.status', lang)}: {t('status.' + r['status'], lang)}")
    return "<br>".join(lines)


def _pair_unit(tvr: pd.DataFrame, vocab: Indicators, indicator: str) -> str:
    for col in ("target_unit", "result_unit"):
        known = tvr[col].dropna()
        if len(known):
            return known.iloc[0]
    return vocab.unit_of.get(indicator, "")


def _pair_traces(fig: go.Figure, records: list[dict], where: list, divisor: float, lang: str, horizontal: bool,
                 label) -> None:
    """The targets (grey) and the results, one trace per verdict, so each legend swatch is its bars' colour."""
    def bar(rows, prefix: str, name: str, color: dict, kind: str) -> None:
        places = [where[i] for i, _ in rows]
        values = _scaled(pd.Series([r[f"{prefix}_value"] for _, r in rows], dtype="float64"), divisor)
        fig.add_trace(go.Bar(
            **({"y": places, "x": values, "orientation": "h"} if horizontal else {"x": places, "y": values}),
            name=_esc(name), marker=color,
            text=[_esc(_side_text(r, prefix, lang)) for _, r in rows], textposition="outside",
            hovertext=[_pair_hover(r, *label(r), lang) for _, r in rows], hovertemplate="%{hovertext}<extra></extra>",
            customdata=[[r[f"{prefix}_doc"] or "", int(r[f"{prefix}_start"]) if r[f"{prefix}_doc"] else -1, kind]
                        for _, r in rows], meta={"status": name if prefix == "result" else "target"},
            offsetgroup=prefix, legendgroup=prefix,
        ))

    indexed = list(enumerate(records))
    with_target = [(i, r) for i, r in indexed if not _missing(r["target_value"])]
    if with_target:
        bar(with_target, "target", t("kind.target", lang), {"color": TARGET_COLOR, "line": {"color": TARGET_EDGE, "width": 1}},
            "target")
    for status in STATUSES + ("no_target",):
        rows = [(i, r) for i, r in indexed if r["status"] == status and not _missing(r["result_value"])]
        if rows:
            bar(rows, "result", t(f"legend.result_{status}", lang), {"color": STATUS_COLORS[status]}, "actual")


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def targets_chart(tvr: pd.DataFrame, region: str, indicator: str, vocab: Indicators, lang: str) -> go.Figure:
    """Per year: the target (grey) beside the result (green met, red missed, grey not judged)."""
    if tvr.empty:
        return empty_figure(t("hint.no_data", lang))
    divisor, word = axis_scale(pd.concat([tvr["target_value"], tvr["result_value"]]), lang)
    unit = _pair_unit(tvr, vocab, indicator)
    records = tvr.to_dict("records")
    fig = go.Figure()
    _pair_traces(fig, records, [r["year"] for r in records], divisor, lang, False, lambda r: (region, r["year"]))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("axis.year", lang), dtick=1, tickformat="d")
    fig.update_yaxes(title=axis_title(unit, lang, word))
    return _layout(fig, f"{region} · {_titled(vocab, indicator, lang, axis_title(unit, lang, word))}")


def targets_across_chart(across: pd.DataFrame, indicator: str, year: int, vocab: Indicators, lang: str) -> go.Figure:
    """For one year, each region's result (coloured by verdict) beside its target (grey), best against target on top."""
    shown = across[across["status"] != "no_target"]
    if shown.empty:
        return empty_figure(t("hint.no_targets_year", lang, year=year))
    divisor, word = axis_scale(pd.concat([shown["target_value"], shown["result_value"]]), lang)
    unit = _pair_unit(shown, vocab, indicator)
    records = shown.to_dict("records")[::-1]  # plotly draws the first bar at the bottom
    fig = go.Figure()
    _pair_traces(fig, records, [_esc(r["region"]) for r in records], divisor, lang, True,
                 lambda r: (r["region"], year))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title=axis_title(unit, lang, word))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[_esc(r["region"]) for r in records])
    title = f"{_titled(vocab, indicator, lang, axis_title(unit, lang, word))} · {year}"
    return _layout(fig, title, height=max(320, 34 * len(records) + 160))
