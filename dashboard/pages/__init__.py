"""One module a page: its settings (a small frozen dataclass), what its widgets offer, what it computes.

A page reads its widgets into settings, calls ``compute(frame, settings)`` and
renders the result; a result's ``hint`` (an i18n key) says why there is
nothing to show. All of it is pure: no streamlit, testable on a small frame.
"""
