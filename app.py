"""Statistical indicator dashboard for Chinese local-government reports.

    streamlit run app.py                              # the bundled sample (data/sample)
    streamlit run app.py -- --corpus DIR              # a folder of reports, extracted once and cached
    streamlit run app.py -- --table FILE.parquet      # a table made with `python -m extract`

This file only routes: the language switch, sign-in, the data source in the
sidebar, and the pages (views/*.py), each with its own URL path.
"""
import streamlit as st

from views.access import gate, sign_in_panel
from views.loading import source_panel
from views.words import language_picker, tt

st.set_page_config(page_title="指标看板 · Indicator dashboard", page_icon="📊", layout="wide")
language_picker()

PAGES = (
    ("views/trends.py", "page.trends", "home", ":material/show_chart:"),
    ("views/regions.py", "page.regions", "regions", ":material/bar_chart:"),
    ("views/compare.py", "page.compare", "compare", ":material/compare_arrows:"),
    ("views/targets.py", "page.targets", "targets", ":material/flag:"),
    ("views/table.py", "page.table", "table", ":material/table:"),
    ("views/evidence.py", "page.evidence", "evidence", ":material/format_quote:"),
    ("views/review.py", "page.review", "review", ":material/fact_check:"),
    ("views/documents.py", "page.documents", "documents", ":material/description:"),
    ("views/rules.py", "page.rules", "rules", ":material/rule:"),
)
pages = [st.Page(path, title=tt(title), url_path=url, icon=icon, default=n == 0)
         for n, (path, title, url, icon) in enumerate(PAGES)]


def _to_trends() -> None:
    """``/trends`` (the default page is served at ``/``): the same view, its URL parameters kept."""
    st.switch_page(pages[0], query_params=st.query_params.to_dict())


# The default page's own path is unreachable (Streamlit serves it at "/"), so it is named apart
# and "/trends" is a hidden page that leads to it; without it the link gave "Page not found".
page = st.navigation(pages + [st.Page(_to_trends, title=tt("page.trends"), url_path="trends", visibility="hidden")])
gate()
sign_in_panel()
source_panel()
page.run()
