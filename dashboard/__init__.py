"""The dashboard's data layer: pure pandas and plotly, no streamlit.

Views (``views/*.py``) read settings from widgets, call these functions and
render what they return; everything here is testable without a browser.
"""
