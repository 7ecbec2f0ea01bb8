"""The UI words in the session's language, and the sidebar switch (``?lang=``) that sets it."""
from __future__ import annotations

import streamlit as st

from dashboard import i18n
from views.bound import bound_radio


def language() -> str:
    """The session's UI language code."""
    return i18n.language(st.session_state.get(i18n.URL_PARAM))


def tt(key: str, **values) -> str:
    """The UI words for ``key`` in the session's language."""
    return i18n.t(key, language(), **values)


def language_picker() -> str:
    """The sidebar language switch."""
    bound_radio(i18n.URL_PARAM, list(i18n.LANGUAGES), i18n.DEFAULT_LANGUAGE,
                label="语言 / Language", format_func=lambda code: i18n.t(f"language.{code}", code),
                container=st.sidebar, horizontal=True)
    localise_streamlit()
    return language()


# Streamlit writes a few words of its own in English and offers no way to change them; where its
# elements have stable test ids, a style sheet puts the UI's words in their place.
_OWN_WORDS = """<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{font-size: 0}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {{
  content: "{upload}"; font-size: 0.875rem}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{content: "{drop}"; font-size: 0.875rem}}
</style>"""


def localise_streamlit() -> None:
    """Streamlit's own English (the uploader's "Upload", "20MB per file") in the UI's language."""
    if language() != "en":
        st.html(_OWN_WORDS.format(upload=tt("streamlit.upload"), drop=tt("streamlit.drop")))
