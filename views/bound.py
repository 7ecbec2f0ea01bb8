"""Widgets whose value lives in the URL, so a view can be shared as a link.

A widget's first value comes from the URL (when valid), else from what the
user last chose on any page this session, else the default; after each widget
the URL is updated, with defaults left out so links stay short. Validation is
done by the pure parsers in ``dashboard.urlstate``: unknown or malformed
parameters give the default, never an error; a blank one (``regions=``) is a
choice the user cleared.

Why not Streamlit 1.67's own ``bind="query-params"``: checked, it writes the
option's *label* (``format_func``'s text) into the URL and accepts only that
(``?indicator=资金``, not ``funds``), so a link made in Chinese opens on the
default in English and breaks whenever a label changes (a unit, a value in a
region's label); a bound parameter cannot be removed through
``st.query_params`` (each page drops the others' parameters), and a choice a
page does not offer has no fallback remembered for the next page.
"""
from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from dashboard import i18n, urlstate

MEMORY_KEY = "_remembered"
FORCED_KEY = "_fallbacks"
GLOBAL_PARAMS = (i18n.URL_PARAM,)


def _raw_param(key: str):
    if key not in st.query_params:
        return None
    values = st.query_params.get_all(key)
    return values[0] if len(values) == 1 else values


def _memory() -> dict:
    return st.session_state.setdefault(MEMORY_KEY, {})


def _forced() -> dict:
    """Per key, a value a page had to fall back to because the user's choice is not offered there."""
    return st.session_state.setdefault(FORCED_KEY, {})


def _seed(key: str, valid: Callable[[object], bool], from_url: Callable[[object], object], default) -> None:
    """Give a widget its value before it is drawn: the current one, else the URL's, the remembered one, the default.

    A value a page only fell back to (the remembered choice was not among its
    options) gives way to the remembered choice on the next page that offers it.
    """
    forced = _forced()
    current = st.session_state.get(key)
    fallback = key in forced and forced[key] == current
    if key in st.session_state and valid(current) and not fallback:
        # Written back on purpose: a value another page's widget left behind counts only
        # when set through the Session State API; otherwise the new widget starts at its default.
        st.session_state[key] = current
        return
    remembered = _memory().get(key)
    raw = _raw_param(key)
    value = from_url(raw) if raw is not None else None
    if value is not None and valid(value) and not (key in forced and forced[key] == value):
        forced.pop(key, None)
    elif remembered is not None and valid(remembered):
        value = remembered
        forced.pop(key, None)
    elif fallback and valid(current):
        value = current
    else:
        value = default
        if remembered is not None:
            forced[key] = value  # keep the user's choice in memory for pages that offer it
    st.session_state[key] = value


def _publish(key: str, value, default) -> None:
    """Remember the choice for other pages and put it in the URL (defaults left out)."""
    forced = _forced()
    if key in forced and forced[key] != value:
        del forced[key]  # the user chose here
    if key not in forced:
        _memory()[key] = value
    text = None if value == default else urlstate.serialise(value)
    current = st.query_params.get(key) if key in st.query_params else None
    if text is None:
        if current is not None:
            del st.query_params[key]
    elif current != text or len(st.query_params.get_all(key)) > 1:
        st.query_params[key] = text


def _bound_choice(widget, key: str, options: Sequence, default, *, label: str, format_func=str, **kwargs):
    """A one-of-many widget whose value is in the URL (unknown values fall back to the default)."""
    if default not in options:
        default = options[0]
    _seed(key, lambda v: v in options, lambda raw: urlstate.choice(raw, options, None), default)
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    _publish(key, value, default)
    return value


def bound_select(key: str, options: Sequence, default, *, label: str, format_func=str, container=None, **kwargs):
    """A selectbox whose value is in the URL; None when there are no options."""
    container = container or st
    options = list(options)
    if not options:
        container.selectbox(label, [], key=f"{key}__empty", disabled=True, **kwargs)
        return None
    return _bound_choice(container.selectbox, key, options, default, label=label, format_func=format_func, **kwargs)


def bound_radio(key: str, options: Sequence, default, *, label: str, format_func=str, container=None, **kwargs):
    """Radio buttons whose value is in the URL."""
    container = container or st
    return _bound_choice(container.radio, key, list(options), default, label=label, format_func=format_func, **kwargs)


def bound_multiselect(key: str, options: Sequence, default: Sequence, *, label: str, format_func=str,
                      max_selections: int | None = None, container=None, **kwargs) -> list:
    """A multiselect whose values are in the URL (``key=a,b``); choices no longer offered are dropped."""
    container = container or st
    options = list(options)
    default = [d for d in default if d in options][: max_selections or None]

    def valid(v) -> bool:
        return isinstance(v, list) and all(x in options for x in v) and (
            max_selections is None or len(v) <= max_selections)

    if key in st.session_state and isinstance(st.session_state[key], list) and not valid(st.session_state[key]):
        kept = [x for x in st.session_state[key] if x in options][: max_selections or None]
        st.session_state[key] = kept if kept else list(default)
    _seed(key, valid, lambda raw: [] if urlstate.is_blank(raw) else (
        urlstate.choices(raw, options, [], max_selections) or None), list(default))
    # Streamlit's bulk action is labelled in English only ("Select all"): offered in the English UI
    kwargs.setdefault("select_all", i18n.language(st.session_state.get(i18n.URL_PARAM)) == "en")
    value = container.multiselect(label, options, key=key, format_func=format_func,
                                  max_selections=max_selections, **kwargs)
    _publish(key, list(value), list(default))
    return list(value)


def bound_year_range(key: str, bounds: tuple[int, int], *, label: str, container=None) -> tuple[int, int]:
    """A year-range slider, ``key=2020-2024`` in the URL; one year of data needs no slider."""
    container = container or st
    lo, hi = bounds
    if lo == hi:
        return lo, hi

    def valid(v) -> bool:
        return isinstance(v, tuple) and len(v) == 2 and lo <= v[0] <= v[1] <= hi

    if key in st.session_state and isinstance(st.session_state[key], (tuple, list)) and not valid(tuple(st.session_state[key])):
        a, b = st.session_state[key][0], st.session_state[key][-1]
        clamped = (max(lo, min(int(a), hi)), max(lo, min(int(b), hi)))
        st.session_state[key] = clamped if clamped[0] <= clamped[1] else (lo, hi)
    elif key in st.session_state and isinstance(st.session_state[key], list):
        st.session_state[key] = tuple(st.session_state[key])
    _seed(key, valid, lambda raw: urlstate.year_range(raw, bounds, None) if raw else None, (lo, hi))
    value = tuple(int(v) for v in container.slider(label, min_value=lo, max_value=hi, key=key, step=1))
    _publish(key, value, (lo, hi))
    return value


def bound_text(key: str, *, label: str, container=None, **kwargs) -> str:
    """A text input whose text is in the URL, cut to ``urlstate.MAX_TEXT``."""
    container = container or st
    _seed(key, lambda v: isinstance(v, str), lambda raw: urlstate.text(raw), "")
    value = container.text_input(label, key=key, max_chars=urlstate.MAX_TEXT, **kwargs)
    value = urlstate.text(value)
    _publish(key, value, "")
    return value


def bound_toggle(key: str, default: bool, *, label: str, container=None, **kwargs) -> bool:
    """A toggle, ``key=1`` or ``key=0`` in the URL."""
    container = container or st
    _seed(key, lambda v: isinstance(v, bool), lambda raw: urlstate.flag(raw, default), default)
    value = bool(container.toggle(label, key=key, **kwargs))
    _publish(key, value, default)
    return value


def keep_params(keys: Sequence[str]) -> None:
    """Drop URL parameters another page left behind, so a copied link holds only this view."""
    wanted = set(keys) | set(GLOBAL_PARAMS)
    for key in list(st.query_params.keys()):
        if key not in wanted:
            del st.query_params[key]
