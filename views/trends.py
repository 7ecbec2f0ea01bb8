"""Trends: one indicator over the years in one unit; a few regions in colour over grey lines for the rest."""
import streamlit as st

from dashboard import charts, measures, notes, tables
from dashboard.fmt import format_value
from dashboard.i18n import t
from dashboard.pages import trends as page
from views import bound, downloads, parts
from views import evidence_panel as panel
from views.words import language, tt

PROVINCE_KEY = "_add_province"


def add_province(regions: dict) -> None:
    """The province picker's callback: its regions join the picked ones (before the picker is drawn)."""
    province = st.session_state.get(PROVINCE_KEY)
    if province:
        current = list(st.session_state.get("regions") or [])
        st.session_state["regions"] = current + [r for r in regions.get(province, []) if r not in current]
        st.session_state[PROVINCE_KEY] = None


def short_province(name) -> str:
    """辽宁省 → 辽宁, 内蒙古自治区 → 内蒙古: enough to group by in a picker's labels."""
    if not isinstance(name, str):
        return ""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def region_label(region, provinces: dict, latest: dict, sort: str, lang: str) -> str:
    """``丹东市（辽宁）``, or with its latest figure when the options are sorted by value."""
    if sort == "value" and region in latest:
        year, value, unit = latest[region]
        return f"{region} · {format_value(value, unit, 'exact', None, lang)} ({year})"
    province = short_province(provinces.get(region))
    return f"{region}（{province}）" if province and lang == "zh" else f"{region} ({province})" if province else str(region)


def read_regions(app, indicator: str, lang: str, box, side_a, side_b) -> list:
    """The region picker: searchable, grouped by province or sorted by latest value; a province adds its regions."""
    frame = app.mentions
    choice = page.region_choice(frame, indicator)
    provinces = parts.provinces_of(frame)
    sort = bound.bound_radio("rsort", list(page.SORTS), "name", label=tt("pick.region_sort"), container=side_a,
                             format_func=lambda s: t(f"pick.sort_{s}", lang), horizontal=True)
    latest = page.latest_values(frame, indicator) if sort == "value" else {}
    options = page.region_order(choice.options, sort, provinces, latest)
    by_province: dict = {}
    for region in options:
        by_province.setdefault(provinces.get(region) or "—", []).append(region)
    if len(by_province) > 1:
        side_b.selectbox(tt("pick.add_province"), [None, *sorted(by_province)], key=PROVINCE_KEY,
                         format_func=lambda p: t("pick.add_province_none", lang) if p is None else
                         f"{p}（{len(by_province[p])}）", on_change=add_province, args=(by_province,))
    return bound.bound_multiselect("regions", options, choice.default, label=tt("pick.regions"), container=box,
                                   placeholder=tt("pick.regions_placeholder"),
                                   format_func=lambda r: region_label(r, provinces, latest, sort, lang))


def read_settings(app, vocab) -> page.TrendSettings:
    lang = language()
    left, right = st.columns([2, 5])
    indicator = parts.indicator_picker(app.mentions, vocab, container=left)
    if indicator is None:
        return page.TrendSettings(None)
    h, s1, s2 = st.columns([2, 3, 2])
    picked = read_regions(app, indicator, lang, right, s1, s2)
    highlight = bound.bound_multiselect("hl", picked, [], label=tt("pick.highlight"), container=h,
                                        max_selections=charts.MAX_HIGHLIGHT, placeholder=tt("pick.highlight_auto"))
    bounds = page.year_bounds(app.mentions, indicator)
    a, b, c = st.columns([2, 3, 2])
    years = bound.bound_year_range("years", bounds, label=tt("pick.years"), container=a) if bounds else None
    unit = page.chart_unit(app.mentions, indicator)
    measure = bound.bound_radio("measure", list(measures.offered(unit.unit)), "level", label=tt("pick.measure"),
                                container=b, format_func=lambda m: t(f"measure.{m}", lang), horizontal=True)
    settings = page.TrendSettings(indicator, tuple(picked), years, True, tuple(highlight), measure)
    base_year = None
    if measure == "index":
        base_years = page.base_year_choice(app.mentions, settings)
        base_year = bound.bound_select("base", base_years, base_years[0] if base_years else None,
                                       label=tt("pick.base_year"), container=b)
    log = bound.bound_toggle("log", False, label=tt("pick.log"), container=c)
    show_targets = bound.bound_toggle("targets", True, label=tt("pick.show_targets"), container=c,
                                      disabled=measure != "level")
    return page.TrendSettings(indicator, tuple(picked), years, show_targets and measure == "level",
                              tuple(highlight), measure, base_year, log)


def chart_notes(settings: page.TrendSettings, trend: page.Trend, lang: str) -> list[str]:
    """What the chart shows and leaves out, under it."""
    said = [notes.coverage_note(trend.coverage, lang)]
    unit = notes.unit_note(trend.unit, lang)
    if unit:
        said.append(unit)
    shown = trend.shown
    if shown is not None and shown.no_base:
        said.append(tt("note.no_base", n=len(shown.no_base), regions=tt("note.list").join(map(str, shown.no_base[:8]))))
    if shown is not None and shown.dropped_targets:
        said.append(tt("note.targets_dropped"))
    if settings.log and not trend.log:
        said.append(tt("note.no_log"))
    greys = trend.cells["region"].nunique() - len(trend.highlight)
    if greys > 0:
        said.append(tt("note.others_grey", n=greys))
    return said


def render(app, vocab, settings: page.TrendSettings, trend: page.Trend) -> None:
    lang = language()
    if trend.hint:
        parts.hint(trend.hint)
        render_periods(app, vocab, trend, lang)
        st.stop()
    fig = parts.figure(charts.trend_chart, app, (settings, lang), trend.cells, settings.indicator,
                       list(settings.regions), vocab, lang,
                       highlight=trend.highlight, colors=parts.colors(app.mentions), measure=trend.measure,
                       base_year=trend.shown.base_year if trend.shown else None, log=trend.log)
    panel.chart(fig, "trend_chart", app, vocab, caption=tt("hint.select_point"))
    for line in chart_notes(settings, trend, lang):
        st.caption(line)
    downloads.chart_data(app, vocab, trend.cells, "trends", settings.indicator,
                         what=fig.layout.title.text, notes=chart_notes(settings, trend, lang))
    if not trend.conflicts.empty:
        st.warning(tt("warn.conflicts", n=trend.n_conflicts))
        # a toggle, not an expander: a closed expander's table is still built and sent on every rerun
        if st.toggle(tt("conflicts.title", n=trend.n_conflicts), key="trend_conflicts_open"):
            panel.table(tables.conflicts_table(trend.conflicts, vocab, lang), "trend_conflicts", app, vocab)
    render_periods(app, vocab, trend, lang)


def render_periods(app, vocab, trend: page.Trend, lang: str) -> None:
    """Figures over several years (累计, 年均, 十三五期间): listed on their own, never drawn as one year."""
    if trend.periods.empty:
        return
    if st.toggle(tt("periods.title", n=len(trend.periods)), key="trend_periods_open"):
        st.caption(tt("periods.caption"))
        panel.table(tables.periods_table(trend.periods, lang), "trend_periods", app, vocab)


parts.header("page.trends", "trends.caption")
parts.run(("indicator", "regions", "rsort", "hl", "years", "measure", "base", "log", "targets"),
          read_settings, page.compute, render)
