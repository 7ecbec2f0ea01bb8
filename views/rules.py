"""Rules: the indicator catalog, and a place to try a pattern (or the whole extractor) on pasted text."""
import streamlit as st

from dashboard import evidence as ev
from dashboard import bounded, patterns, tables
from dashboard.fmt import unit_label
from dashboard.indicators import catalog_frame
from dashboard.markdown import escape_md
from dashboard.pages import rules as page
from views import bound, parts
from views.loading import vocabulary
from views.words import language, tt

TRIED_KEY = "_try_rule"  # the rule whose pattern and examples fill the trial's fields
EXTRACTED_KEY = "_extracted"  # (text, mentions, error) of the last run of the extractor


def read_rule(vocab) -> str:
    return bound.bound_select("rule", list(vocab.ids), vocab.ids[0], label=tt("pick.rule"),
                              format_func=lambda i: vocab.option_label(i, language()))


def read_trial(rule: str, indicator) -> page.RuleSettings:
    """The trial's pattern, text and timeout; a newly picked rule fills them with its own."""
    if "try_pattern" not in st.session_state or st.session_state.get(TRIED_KEY) != rule:
        st.session_state["try_pattern"], st.session_state["try_text"] = page.first_try(indicator)
        st.session_state[TRIED_KEY] = rule
    pattern = st.text_input(tt("rules.pattern"), key="try_pattern", help=tt("rules.pattern_help"))
    text = st.text_area(tt("rules.text"), key="try_text", height=140, max_chars=patterns.MAX_TEXT)
    timeout = st.slider(tt("rules.timeout"), 0.1, 5.0, patterns.DEFAULT_TIMEOUT, 0.1, key="try_timeout")
    return page.RuleSettings(rule, pattern, text, timeout)


def render_rule(vocab, rule: str, indicator) -> None:
    lang = language()
    with st.container(border=True):
        st.markdown(f"**{escape_md(vocab.label(rule, lang, with_unit=False))}** · `{rule}` · "
                    f"{tt('col.units')}: {escape_md('、'.join(unit_label(u, lang) for u in indicator.units))}")
        st.caption(tt("rules.patterns"))
        for p in indicator.patterns:
            st.code(p, language=None)
        st.caption(tt("rules.examples"))
        st.dataframe(tables.examples_table(indicator, lang), hide_index=True, width="stretch", key="examples_table")


def render_trial(settings: page.RuleSettings, trial: page.Trial) -> None:
    result = trial.result
    if trial.outcome == "empty":
        parts.hint("rules.empty_pattern")
    elif trial.outcome == "error":
        st.error(tt("rules.bad_pattern", error=result.error))
    elif trial.outcome == "timed_out":
        st.error(tt("rules.timed_out", seconds=settings.timeout, n=len(result.matches)))
    else:
        st.success(tt("rules.matches", n=len(result.matches)) + (" " + tt("rules.truncated") if result.truncated else ""))
    if result.matches and settings.text:
        st.html('<div style="line-height:1.9;white-space:pre-wrap">'
                + ev.highlight_spans_html(settings.text, [(m["start"], m["end"]) for m in result.matches]) + "</div>")
        st.dataframe(tables.matches_table(result.matches, language()), hide_index=True, width="stretch",
                     key="matches_table")


def render_extraction(vocab, text: str) -> None:
    """The whole extractor on the same text, only when asked (a paste costs nothing until then)."""
    st.subheader(tt("rules.extract"))
    asked = st.button(tt("rules.extract_run"), key="run_extractor", disabled=not text.strip(),
                      icon=":material/play_arrow:")
    done = st.session_state.get(EXTRACTED_KEY)
    if asked:
        with st.spinner(tt("rules.extracting")):
            done = (text, *page.run_extractor(text))
        st.session_state[EXTRACTED_KEY] = done
    if done is None or done[0] != text:
        st.caption(tt("rules.extract_note", seconds=f"{bounded.UPLOAD_LIMITS.seconds:g}"))
        return
    _, found, error = done
    if error:
        st.error(tt(error, seconds=f"{bounded.UPLOAD_LIMITS.seconds:g}", mb=bounded.UPLOAD_LIMITS.memory_mb)
                 if error.startswith("rules.") else tt("rules.extract_failed", error=error))
    else:
        st.dataframe(tables.extracted_table(found, vocab, language()), hide_index=True, width="stretch",
                     key="extract_table")


bound.keep_params(("rule",))
vocab = vocabulary()
parts.header("page.rules", "rules.caption")
if not vocab.ids:
    parts.stop_with("hint.no_catalog")
st.dataframe(catalog_frame(vocab, language()), hide_index=True, width="stretch", key="catalog_table")
rule = read_rule(vocab)
indicator = vocab.catalog.indicators[rule]
render_rule(vocab, rule, indicator)
st.subheader(tt("rules.try"))
settings = read_trial(rule, indicator)
render_trial(settings, page.compute(settings, page.number_pattern()))
render_extraction(vocab, settings.text)
