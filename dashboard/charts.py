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

from dashboard.fmt import axis_scale, axis_title, format_value
from dashboard.i18n import t
from dashboard.indicators import Indicators

PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
)
STATUS_COLORS = {"met": "#2ca02c", "missed": "#d62728", "pending": "#9e9e9e",
                 "no_target": "#9e9e9e", "incomparable": "#ff7f0e"}
FONT = "WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def colors_for(names) -> dict[str, str]:
    """A stable colour per name, in the order given."""
    return {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(names)}


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


def _region_colors(named, drawn) -> dict[str, str]:
    """A colour per region, those named (picked) first: a region keeps its colour while its data comes and goes."""
    return colors_for(list(dict.fromkeys([*named, *drawn])))


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


def hover_text(cell, lang: str, vocab: Indicators | None = None, with_indicator: bool = False) -> str:
    """Region · year, kind and figure, source document; a conflict lists every value (``cell``: a dict)."""
    get = cell.get
    lines = [f"<b>{_esc(get('region'))}</b> · {get('year')}"]
    if with_indicator and vocab is not None:
        lines.append(_esc(vocab.label(get("indicator"), lang)))
    figure = format_value(get("value"), get("unit"), get("qualifier"), get("high"), lang)
    lines.append(f"{t('kind.' + str(get('kind')), lang)}: <b>{_esc(figure)}</b>")
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


def trend_chart(cells: pd.DataFrame, indicator: str, regions: list[str], vocab: Indicators, lang: str) -> go.Figure:
    """Lines by year, one colour per region; results solid, targets dashed; conflicts marked ✕.

    ``cells``: one indicator's; ``regions`` gives the legend's order and colours.
    """
    if cells.empty:
        return empty_figure(t("hint.no_data", lang))
    divisor, word = axis_scale(cells["value"], lang)
    unit = _unit(cells, vocab, indicator)
    order = in_order(cells["region"], regions)
    colors = _region_colors(regions, order)
    fig = go.Figure()
    for region in order:
        for kind, dash, symbol in (("actual", "solid", "circle"), ("target", "dash", "circle-open")):
            part = cells[(cells["region"] == region) & (cells["kind"] == kind)].sort_values("year")
            if part.empty:
                continue
            symbols = ["x" if c else symbol for c in part["conflict"]]
            fig.add_trace(go.Scatter(
                x=part["year"].tolist(),
                y=_scaled(part["value"], divisor),
                mode="lines+markers",
                name=f"{_esc(region)} · {t('kind.' + kind, lang)}",
                legendgroup=region,
                line={"color": colors[region], "dash": dash, "width": 2.5 if kind == "actual" else 1.8},
                marker={"symbol": symbols, "size": [13 if c else 8 for c in part["conflict"]],
                        "color": colors[region], "line": {"width": 2, "color": colors[region]}},
                hovertext=[hover_text(c, lang) for c in part.to_dict("records")],
                hovertemplate="%{hovertext}<extra></extra>",
                customdata=[[c["doc"], int(c["start"]), c["kind"]] for c in part.to_dict("records")],
                meta={"region": region, "kind": kind},
            ))
    fig.update_xaxes(title=t("axis.year", lang), dtick=1, tickformat="d")
    fig.update_yaxes(title=axis_title(unit, lang, word), rangemode="tozero" if (cells["value"] >= 0).all() else "normal")
    return _layout(fig, _titled(vocab, indicator, lang, axis_title(unit, lang, word)))


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


def small_multiples(cells: pd.DataFrame, indicators: list[str], regions: list[str], vocab: Indicators,
                    lang: str, columns: int = 3) -> go.Figure:
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
    titles = [_esc(_titled(vocab, i, lang, axis_title(vocab.unit_of.get(i, ""), lang, scales[i][1])))
              for i in indicators]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                        vertical_spacing=min(0.12, 0.6 / rows), horizontal_spacing=0.07)
    colors = _region_colors(regions, order)
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


def targets_chart(tvr: pd.DataFrame, region: str, indicator: str, vocab: Indicators, lang: str) -> go.Figure:
    """Per year: the target (grey) beside the result (green met, red missed)."""
    if tvr.empty:
        return empty_figure(t("hint.no_data", lang))
    values = pd.concat([tvr["target_value"], tvr["result_value"]])
    divisor, word = axis_scale(values, lang)
    unit = vocab.unit_of.get(indicator, "")
    for col in ("target_unit", "result_unit"):
        known = tvr[col].dropna()
        if len(known):
            unit = known.iloc[0]
            break
    years = tvr["year"].tolist()
    fig = go.Figure()

    def texts(prefix: str):
        out = []
        for r in tvr.to_dict("records"):
            if r[f"{prefix}_value"] is None or (isinstance(r[f"{prefix}_value"], float) and math.isnan(r[f"{prefix}_value"])):
                out.append("")
                continue
            out.append(format_value(r[f"{prefix}_value"], r[f"{prefix}_unit"], r[f"{prefix}_qualifier"],
                                    r[f"{prefix}_high"], lang))
        return out

    def hovers(prefix: str, kind: str):
        out = []
        for r, figure in zip(tvr.to_dict("records"), texts(prefix)):
            lines = [f"<b>{_esc(region)}</b> · {r['year']}", f"{t('kind.' + kind, lang)}: <b>{_esc(figure or '—')}</b>"]
            if r[f"{prefix}_doc"]:
                lines.append(f"{t('hover.source', lang)}: {_esc(r[f'{prefix}_doc'])}")
            lines.append(f"{t('col.status', lang)}: {t('status.' + r['status'], lang)}")
            out.append("<br>".join(lines))
        return out

    def custom(prefix: str, kind: str):
        return [[r[f"{prefix}_doc"] or "", int(r[f"{prefix}_start"]) if r[f"{prefix}_doc"] else -1, kind]
                for r in tvr.to_dict("records")]

    fig.add_trace(go.Bar(
        x=years, y=_scaled(tvr["target_value"], divisor), name=t("kind.target", lang),
        marker={"color": "#bdbdbd", "line": {"color": "#616161", "width": 1}},
        text=[_esc(x) for x in texts("target")], textposition="outside",
        hovertext=hovers("target", "target"), hovertemplate="%{hovertext}<extra></extra>",
        customdata=custom("target", "target"),
    ))
    fig.add_trace(go.Bar(
        x=years, y=_scaled(tvr["result_value"], divisor), name=t("kind.actual", lang),
        marker={"color": [STATUS_COLORS.get(s, "#9e9e9e") for s in tvr["status"]]},
        text=[_esc(x) for x in texts("result")], textposition="outside",
        hovertext=hovers("result", "actual"), hovertemplate="%{hovertext}<extra></extra>",
        customdata=custom("result", "actual"),
    ))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title=t("axis.year", lang), dtick=1, tickformat="d")
    fig.update_yaxes(title=axis_title(unit, lang, word))
    return _layout(fig, f"{region} · {_titled(vocab, indicator, lang, axis_title(unit, lang, word))}")
