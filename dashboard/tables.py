"""Tables as shown on the pages: localised column names, figures formatted.

Each function returns the display frame; where rows lead to evidence, the
mention's ``doc`` and ``start`` ride along in the columns named by
``KEY_COLUMNS`` (the view hides them; ``dashboard.selection`` maps a selected
row back).
"""
from __future__ import annotations

import pandas as pd

from dashboard.fmt import format_value, unit_label
from dashboard.i18n import t
from dashboard.indicators import Indicators
from dashboard.units import is_rate

KEY_COLUMNS = ("_doc", "_start")


def _kind(kind, lang: str) -> str:
    return t(f"kind.{kind}", lang) if kind in ("actual", "target") else ""


def _qualifier(q, lang: str) -> str:
    return t(f"qualifier.{q}", lang) if q in ("exact", "over", "about", "under", "range") else ""


def _blank(values) -> list:
    """Text for a table: a missing value is blank (Streamlit draws None and NaN as "None")."""
    return ["" if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in values]


def year_text(year, period) -> str:
    """The year a figure is of, or the span it counts over (2016–2020), or blank; never "None".

    >>> year_text(2020, None), year_text(None, "2016-2020"), year_text(float("nan"), None)
    ('2020', '2016–2020', '')
    """
    if year is not None and not pd.isna(year):
        return str(int(year))
    if isinstance(period, str) and period:
        return period.replace("-", "–")
    return ""


def mentions_table(rows: pd.DataFrame, vocab: Indicators, lang: str) -> pd.DataFrame:
    """The mentions (already filtered, sorted and capped) for the table page."""
    records = rows.to_dict("records")
    out = pd.DataFrame({
        t("col.region", lang): _blank(rows["region"].astype(object)),
        t("col.doc_year", lang): [year_text(r["doc_year"], None) for r in records],
        t("col.year", lang): [year_text(r["year"], r.get("period")) for r in records],
        t("col.kind", lang): [_kind(r["kind"], lang) for r in records],
        t("col.indicator", lang): [vocab.label(r["indicator"], lang, with_unit=False) if isinstance(r["indicator"], str) else ""
                                   for r in records],
        t("col.label", lang): _blank(rows["label"].astype(object)),
        t("col.figure", lang): [format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang)
                                + (f" · {t('col.estimate', lang)}" if r.get("estimate") else "") for r in records],
        t("col.value", lang): rows["value"].tolist(),
        t("col.unit", lang): [unit_label(r["unit"], lang) for r in records],
        t("col.qualifier", lang): [_qualifier(r["qualifier"], lang) for r in records],
        t("col.text", lang): _blank(rows["text"].astype(object)),
        t("col.sentence", lang): _blank(rows["sentence"].astype(object)),
        t("col.doc", lang): _blank(rows["doc"].astype(object)),
        "_doc": rows["doc"].astype(object).tolist(),
        "_start": rows["start"].tolist(),
    })
    return out


def compare_table(latest_cells: pd.DataFrame, regions: list[str], vocab: Indicators,
                  lang: str) -> tuple[pd.DataFrame, dict]:
    """Indicators as rows, ``regions`` as columns; each cell the figure with its year.

    ``latest_cells``: one cell per region and indicator (``cells.latest``) of those regions.
    Returns the display frame and ``{(row, region): (doc, start)}`` for evidence.
    """
    ids = vocab.order(latest_cells["indicator"].unique())
    by_key = {(r["indicator"], r["region"]): r for r in latest_cells.to_dict("records")}
    rows, keys = [], {}
    for n, indicator in enumerate(ids):
        row = {t("col.indicator", lang): vocab.label(indicator, lang)}
        for region in regions:
            cell = by_key.get((indicator, region))
            if cell is None:
                row[region] = "—"
                continue
            figure = format_value(cell["value"], cell["unit"], cell["qualifier"], cell["high"], lang)
            row[region] = f"{'⚠ ' if cell['conflict'] else ''}{figure} ({cell['year']})"
            keys[(n, region)] = (cell["doc"], int(cell["start"]))
        rows.append(row)
    columns = [t("col.indicator", lang)] + list(regions)
    return pd.DataFrame(rows, columns=columns), keys


def targets_table(tvr: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Year, target, result, status and both sources."""
    records = tvr.to_dict("records")

    def figure(r, p):
        return format_value(r[f"{p}_value"], r[f"{p}_unit"], r[f"{p}_qualifier"], r[f"{p}_high"], lang)

    def conflict(r, p):
        return "⚠ " if r[f"{p}_conflict"] else ""

    return pd.DataFrame({
        t("col.year", lang): [r["year"] for r in records],
        t("kind.target", lang): [conflict(r, "target") + figure(r, "target") for r in records],
        t("kind.actual", lang): [conflict(r, "result") + figure(r, "result") for r in records],
        t("col.status", lang): [t(f"status.{r['status']}", lang) for r in records],
        t("col.target_source", lang): [r["target_doc"] or "" for r in records],
        t("col.result_source", lang): [r["result_doc"] or "" for r in records],
    })


def conflicts_table(conflict_rows: pd.DataFrame, vocab: Indicators, lang: str) -> pd.DataFrame:
    """Each conflicting value with its source, for the list under a chart."""
    records = conflict_rows.to_dict("records")
    return pd.DataFrame({
        t("col.region", lang): [r["region"] for r in records],
        t("col.year", lang): [r["year"] for r in records],
        t("col.indicator", lang): [vocab.label(r["indicator"], lang, with_unit=False) for r in records],
        t("col.kind", lang): [_kind(r["kind"], lang) for r in records],
        t("col.figure", lang): [format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang) for r in records],
        t("col.doc", lang): [r["doc"] for r in records],
        t("col.sentence", lang): [r["sentence"] for r in records],
        "_doc": [r["doc"] for r in records],
        "_start": [r["start"] for r in records],
    })


def documents_table(documents: pd.DataFrame, problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The documents with their figure counts and problems (a document may have several)."""
    issues = problems.dropna(subset=["doc"]).groupby("doc")["reason"].agg(lambda r: "；".join(map(str, r)))
    docs = documents.copy()
    known = set(docs["doc"].dropna())
    # a file that could not be read at all has a problem but no document row
    extra = problems[~problems["doc"].isin(known)].drop_duplicates("doc")
    if not extra.empty:
        docs = pd.concat([docs, pd.DataFrame({"doc": extra["doc"], "path": extra["path"]})], ignore_index=True)
    def text(col):  # unknown shows as blank, not "None"
        return [v if isinstance(v, str) else "" for v in docs[col].astype(object)]

    return pd.DataFrame({
        t("col.doc", lang): text("doc"),
        t("col.region", lang): text("region"),
        t("col.province", lang): text("province"),
        t("col.doc_year", lang): [year_text(y, None) for y in docs["doc_year"]],
        t("col.doctype", lang): text("doctype"),
        t("col.chars", lang): docs["chars"].tolist(),
        t("col.mentions", lang): docs["mentions"].tolist(),
        t("col.problems", lang): [issues.get(d, "") for d in docs["doc"]],
    })


def problems_table(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The files that could not be read, or read only in part, and why."""
    return pd.DataFrame({t("col.doc", lang): problems["doc"], t("col.path", lang): problems["path"],
                         t("col.reason", lang): problems["reason"]})


def examples_table(indicator, lang: str) -> pd.DataFrame:
    """A catalog rule's example sentences with the figure and indicator each must give."""
    examples = indicator.examples
    return pd.DataFrame({
        t("col.text", lang): [e.text for e in examples],
        t("col.figure", lang): [format_value(e.expect["value"], e.expect.get("unit", ""), "exact", None, lang)
                                if e.expect.get("value") is not None else "" for e in examples],
        t("col.indicator", lang): [e.expect.get("indicator") or t("rules.no_match", lang) for e in examples],
    })


def matches_table(matches: list[dict], lang: str) -> pd.DataFrame:
    """A tried pattern's matches: where each starts and what it matched."""
    return pd.DataFrame({t("rules.start", lang): [m["start"] for m in matches],
                         t("col.text", lang): [m["text"] for m in matches]})


def extracted_table(mentions: pd.DataFrame, vocab: Indicators, lang: str) -> pd.DataFrame:
    """What the whole extractor found in a pasted text."""
    records = mentions.to_dict("records")
    return pd.DataFrame({
        t("col.text", lang): [r["text"] for r in records],
        t("col.indicator", lang): [vocab.label(r["indicator"], lang, with_unit=False)
                                   if isinstance(r["indicator"], str) and r["indicator"] else "—" for r in records],
        t("col.figure", lang): [format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang) for r in records],
        t("col.kind", lang): [_kind(r["kind"], lang) for r in records],
        t("col.year", lang): [year_text(r["year"], r.get("period")) for r in records],
        t("col.label", lang): [r["label"] for r in records],
    })


def periods_table(periods: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Figures over several years (累计, 年均, 十三五期间): region, span, kind, figure and source."""
    records = periods.to_dict("records")
    return pd.DataFrame({
        t("col.region", lang): [r["region"] or "" for r in records],
        t("col.period", lang): [r["period"] or "" for r in records],
        t("col.kind", lang): [_kind(r["kind"], lang) + (f" · {t('col.estimate', lang)}" if r["estimate"] else "")
                              for r in records],
        t("col.figure", lang): [format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang) for r in records],
        t("col.doc", lang): [r["doc"] for r in records],
        t("col.sentence", lang): [r["sentence"] or "" for r in records],
        "_doc": [r["doc"] for r in records],
        "_start": [r["start"] for r in records],
    })


def targets_across_table(across: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Regions ranked against their targets: target, result, verdict, margin and both sources."""
    records = across.to_dict("records")

    def figure(r, p):
        return ("⚠ " if r[f"{p}_conflict"] else "") + format_value(
            r[f"{p}_value"], r[f"{p}_unit"], r[f"{p}_qualifier"], r[f"{p}_high"], lang)

    def margin(r):
        m = r["margin"]
        if m is None or pd.isna(m):
            return ""
        suffix = ("个百分点" if lang == "zh" else " pp") if is_rate(r["target_unit"]) else "%"
        return f"{'+' if m > 0 else ''}{m:.1f}{suffix}"

    judged = [r["status"] in ("met", "missed") for r in records]
    return pd.DataFrame({
        t("col.rank", lang): [n + 1 if ok else None for n, ok in enumerate(judged)],
        t("col.region", lang): [r["region"] for r in records],
        t("kind.target", lang): [figure(r, "target") for r in records],
        t("kind.actual", lang): [figure(r, "result") for r in records],
        t("col.status", lang): [t(f"status.{r['status']}", lang) for r in records],
        t("col.margin", lang): [margin(r) for r in records],
        t("col.target_source", lang): [r["target_doc"] or "" for r in records],
        t("col.result_source", lang): [r["result_doc"] or "" for r in records],
        "_doc": [r["result_doc"] or r["target_doc"] for r in records],
        "_start": [r["result_start"] if r["result_doc"] else r["target_start"] for r in records],
    }).astype({t("col.rank", lang): "Int64"})


def kept_table(uploads, lang: str) -> pd.DataFrame:
    """The uploads the store keeps: name, where they belong, figures, who kept them and when.

    Names are shown as text (a dataframe never renders HTML), ``<script>`` and all.
    """
    uploads = list(uploads)

    def text(values):
        return [v if isinstance(v, str) else "" for v in values]

    return pd.DataFrame({
        t("col.doc", lang): [u.doc for u in uploads],
        t("col.region", lang): text(u.region for u in uploads),
        t("col.province", lang): text(u.province for u in uploads),
        t("col.doc_year", lang): [u.year for u in uploads],
        t("col.doctype", lang): text(u.doctype for u in uploads),
        t("col.mentions", lang): [u.mentions for u in uploads],
        t("col.uploaded_as", lang): [u.name for u in uploads],
        t("col.kept_by", lang): [u.added_by for u in uploads],
        t("col.kept_at", lang): [u.added_at.strftime("%Y-%m-%d %H:%M") if u.added_at else "" for u in uploads],
    })


def corrections_table(corrections, describe, lang: str) -> pd.DataFrame:
    """Corrections with who, when and why, and the figure they belong to (``_doc``/``_start`` for evidence)."""
    rows = list(corrections)
    return pd.DataFrame({
        t("col.doc", lang): [c.doc for c in rows],
        t("col.text", lang): [c.mention_text for c in rows],
        t("col.change", lang): [describe(c.changes) for c in rows],
        t("col.note", lang): [c.note for c in rows],
        t("col.author", lang): [c.author for c in rows],
        t("col.made_at", lang): [c.made_at.strftime("%Y-%m-%d %H:%M") for c in rows],
        "_doc": [c.doc for c in rows],
        "_start": [c.start for c in rows],
    })


def review_table(rows: pd.DataFrame, vocab: Indicators, lang: str) -> pd.DataFrame:
    """Figures to review: why, what and where, the largest first (``_doc``/``_start`` for evidence)."""
    records = rows.to_dict("records")

    def text(v):
        return v if isinstance(v, str) else ""

    return pd.DataFrame({
        t("col.reason", lang): [t(f"review.reason.{r['reason']}", lang) for r in records],
        t("col.region", lang): [text(r["region"]) for r in records],
        t("col.year", lang): [r["year"] if r["year"] is not pd.NA else None for r in records],
        t("col.period", lang): [text(r["period"]) for r in records],
        t("col.kind", lang): [_kind(r["kind"], lang) for r in records],
        t("col.indicator", lang): [vocab.label(r["indicator"], lang, with_unit=False) if isinstance(r["indicator"], str)
                                   else "" for r in records],
        t("col.label", lang): [text(r["label"]) for r in records],
        t("col.figure", lang): [format_value(r["value"], r["unit"], r["qualifier"], r["high"], lang) for r in records],
        t("col.sentence", lang): [text(r["sentence"]) for r in records],
        t("col.doc", lang): [text(r["doc"]) for r in records],
        "_doc": [r["doc"] for r in records],
        "_start": [r["start"] for r in records],
    })
