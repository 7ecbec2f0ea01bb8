"""Pieces every page uses: its three steps, its title, hints in place of what cannot be shown, the indicator picker."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import streamlit as st

from dashboard import charts, choices
from dashboard.indicators import Indicators
from views.bound import bound_select, keep_params
from views.loading import data, vocabulary
from views.words import language, tt


def run(params: tuple[str, ...], read_settings, compute, render, *, needs_mentions: bool = False,
        shared: bool = True) -> None:
    """A page on the session's data: widgets read into settings, ``compute(mentions, settings)``, rendered.

    ``params``: the page's URL parameters (those other pages left are dropped);
    ``needs_mentions``: a hint instead of the page when the data has no mentions;
    ``shared``: the result is small, so it is cached for every session (see ``computed``).
    """
    keep_params(params)
    app, vocab = data(), vocabulary()
    if needs_mentions and app.mentions.empty:
        stop_with("hint.no_data_loaded")
    settings = read_settings(app, vocab)
    render(app, vocab, settings, computed(compute, app, settings) if shared else compute(app.mentions, settings))


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _computed(module: str, name: str, token: str, key: str, _args: tuple):
    return getattr(importlib.import_module(module), name)(*_args)


@st.cache_resource(show_spinner=False, max_entries=256, ttl=3600)
def _figure(module: str, name: str, token: str, key: str, _args: tuple, _kwargs: dict):
    return getattr(importlib.import_module(module), name)(*_args, **_kwargs)


def figure(build, app, key, *args, **kwargs):
    """``build(*args)`` (a chart), built once for every session showing the same data, settings and language.

    ``key`` (the settings and language the chart depends on) names it with ``app.token``; the figure is
    shared, not copied: st.plotly_chart only reads it. Plotly's validation makes building the costly part.
    """
    if not app.token:
        return build(*args, **kwargs)
    return _figure(build.__module__, build.__qualname__, app.token, repr(key), args, kwargs)


def computed(compute, app, settings, *extra):
    """``compute(app.mentions, settings, *extra)``, computed once for every session with the same data and settings.

    The data is frozen and named by ``app.token``, the settings are a frozen dataclass (its repr is the key),
    so ten sessions changing filters share the work; results come back as copies (st.cache_data).
    """
    if not app.token:
        return compute(app.mentions, settings, *extra)
    return _computed(compute.__module__, compute.__qualname__, app.token, repr(settings),
                     (app.mentions, settings, *extra))


def header(title_key: str, caption_key: str | None = None) -> None:
    st.title(tt(title_key))
    if caption_key:
        st.caption(tt(caption_key))


def hint(key: str, **values) -> None:
    st.info(tt(key, **values), icon=":material/info:")


def stop_with(key: str, **values) -> None:
    """The hint, and nothing more on this page."""
    hint(key, **values)
    st.stop()


def indicator_picker(frame: pd.DataFrame, vocab: Indicators, mask: np.ndarray | None = None,
                     key: str = "indicator", container=None) -> str | None:
    """The indicator picker: indicators with figures, grouped by topic, labels in the UI language."""
    choice = choices.indicators(frame, vocab, mask)
    lang = language()
    return bound_select(key, choice.options, choice.default, label=tt("pick.indicator"),
                        format_func=lambda i: vocab.option_label(i, lang), container=container)


def provinces_of(frame: pd.DataFrame) -> dict:
    """Each region's province (computed once per data set)."""
    return choices.provinces(frame)


def colors(frame: pd.DataFrame) -> dict:
    """Each region's own colour, the same on every page (from all the data's regions)."""
    return charts.region_colors(choices.regions(frame))
