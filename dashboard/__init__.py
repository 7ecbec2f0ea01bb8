"""The dashboard's data layer: pure pandas and plotly, no streamlit.

A page (``views/*.py``) reads its widgets into the settings its module in
``dashboard/pages/`` declares, computes with that module's functions and
renders what they return with ``charts`` and ``tables``; everything here is
testable without a browser.
"""
