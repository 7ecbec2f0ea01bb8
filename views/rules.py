"""Rules: the indicator catalog, and a place to try a pattern (or the whole extractor) on pasted text."""
import pandas as pd
import streamlit as st

from dashboard import evidence as ev
from dashboard import patterns
from dashboard.fmt import format_value, unit_label
from dashboard.indicators import catalog_frame
from dashboard.markdown import escape_md
from views import bound, parts
from views.loading import vocabulary
from views.words import language, tt

bound.keep_params(("rule",))
vocab, lang = vocabulary(), language()
parts.header("page.rules", "rules.caption")

# --- the catalog
if not vocab.ids:
    parts.hint("hint.no_catalog")
    st.stop()
st.dataframe(catalog_frame(vocab, lang), hide_index=True, width="stretch", key="catalog_table")
rule = bound.bound_select("rule", list(vocab.ids), vocab.ids[0], label=tt("pick.rule"),
                      format_func=lambda i: vocab.option_label(i, lang))
indicator = vocab.catalog.indicators[rule]
with st.container(border=True):
    st.markdown(f"**{escape_md(vocab.label(rule, lang, with_unit=False))}** · `{rule}` · "
                f"{tt('col.units')}: {escape_md('、'.join(unit_label(u, lang) for u in indicator.units))}")
    st.caption(tt("rules.patterns"))
    for p in indicator.patterns:
        st.code(p, language=None)
    st.caption(tt("rules.examples"))
    examples = pd.DataFrame({
        tt("col.text"): [e.text for e in indicator.examples],
        tt("col.figure"): [format_value(e.value, e.unit, "exact", None, lang) if e.value is not None else ""
                             for e in indicator.examples],
        tt("col.indicator"): [e.indicator if e.indicator else tt("rules.no_match") for e in indicator.examples],
    })
    st.dataframe(examples, hide_index=True, width="stretch", key="examples_table")

# --- try a pattern
st.subheader(tt("rules.try"))
if "try_pattern" not in st.session_state or st.session_state.get("_try_rule") != rule:
    st.session_state["try_pattern"] = indicator.patterns[0] if indicator.patterns else ""
    st.session_state["try_text"] = "\n".join(e.text for e in indicator.examples)
    st.session_state["_try_rule"] = rule
pattern = st.text_input(tt("rules.pattern"), key="try_pattern", help=tt("rules.pattern_help"))
text = st.text_area(tt("rules.text"), key="try_text", height=140, max_chars=patterns.MAX_TEXT)
timeout = st.slider(tt("rules.timeout"), 0.1, 5.0, patterns.DEFAULT_TIMEOUT, 0.1, key="try_timeout")

try:
    from extract.rules import default_grammar

    number_pattern = default_grammar().pattern.pattern
except Exception:  # the grammar is the extractor's: without it, <N> means "digits"
    number_pattern = r"[0-9０-９.]+"
searched = patterns.expand_placeholders(pattern, number_pattern) if pattern else ""
result = patterns.try_pattern(searched, text, timeout=timeout)
if not pattern:
    parts.hint("rules.empty_pattern")
elif result.error:
    st.error(tt("rules.bad_pattern", error=result.error))
elif result.timed_out:
    st.error(tt("rules.timed_out", seconds=timeout, n=len(result.matches)))
else:
    st.success(tt("rules.matches", n=len(result.matches)) + (" " + tt("rules.truncated") if result.truncated else ""))
if result.matches and text:
    st.html('<div style="line-height:1.9;white-space:pre-wrap">'
            + ev.highlight_spans_html(text, [(m["start"], m["end"]) for m in result.matches]) + "</div>")
    st.dataframe(pd.DataFrame({
        tt("rules.start"): [m["start"] for m in result.matches],
        tt("col.text"): [m["text"] for m in result.matches],
    }), hide_index=True, width="stretch", key="matches_table")

# --- the whole extractor on the same text
with st.expander(tt("rules.extract"), expanded=False):
    if text.strip():
        try:
            from extract.ingest import Document
            from extract.pipeline import run_documents

            found = run_documents([Document(doc="pasted.txt", text=text)]).mentions
        except Exception as exc:
            st.error(tt("rules.extract_failed", error=f"{type(exc).__name__}: {exc}"))
        else:
            rows = found.to_dict("records")
            st.dataframe(pd.DataFrame({
                tt("col.text"): [r["text"] for r in rows],
                tt("col.indicator"): [vocab.label(r["indicator"], lang, with_unit=False) if isinstance(r["indicator"], str) and r["indicator"] else "—" for r in rows],
                tt("col.figure"): [format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang) for r in rows],
                tt("col.kind"): [tt(f"kind.{r['kind']}") if r["kind"] in ("actual", "target") else "" for r in rows],
                tt("col.year"): [r["year"] for r in rows],
                tt("col.label"): [r["label"] for r in rows],
            }), hide_index=True, width="stretch", key="extract_table")
