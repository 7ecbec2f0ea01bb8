"""From mentions to cells: one figure per (region, year, indicator, kind).

A report states last year's results and this year's targets, and later
reports repeat or revise them, so a cell can be backed by several mentions.
The cell shows the primary source's value — a result from the next year's
report, a target from that year's own report, else the latest document —
and when the mentions disagree (two different values) the cell is marked as
a conflict and keeps every distinct value with its source. Values are never
summed or averaged.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import filters
from dashboard.memo import per_frame
from dashboard.units import ChartUnit, UnitTable, base_values, converted
from dashboard.units import choose as choose_unit
from extract.model import MENTION_SCHEMA

KEYS: list[str] = ["region", "year", "indicator", "kind"]
# A cell keeps what its source mention says, but for what the cell itself settles.
DROPPED: tuple[str, ...] = ("region_level", "label", "placeholder")
SOURCE_COLUMNS: list[str] = [c for c in MENTION_SCHEMA.names if c not in DROPPED]
SETTLED: list[str] = ["sources", "conflict", "alternatives", "revised"]
CELL_COLUMNS: list[str] = SOURCE_COLUMNS + SETTLED
ALTERNATIVE_COLUMNS: list[str] = ["value", "high", "unit", "qualifier", "doc", "doc_year", "start", "sentence"]


def empty_cells() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype="object") for c in CELL_COLUMNS})
    frame["value"] = frame["value"].astype("float64")
    frame["high"] = frame["high"].astype("float64")
    frame["conflict"] = frame["conflict"].astype(bool)
    frame["revised"] = frame["revised"].astype(bool)
    frame["estimate"] = frame["estimate"].astype(bool)
    frame["sources"] = frame["sources"].astype("int64")
    return frame


def plain(series: pd.Series) -> np.ndarray:
    """A categorical column as Python objects (None for missing), touching only the categories used.

    ``Categorical.astype(object)`` converts every category, which for a million
    distinct sentences costs far more than the few rows asked for.
    """
    codes = series.cat.codes.to_numpy()
    if len(codes) > len(series.cat.categories):  # most categories in use: convert them all once
        return series.astype(object).where(series.notna(), None).to_numpy(dtype=object)
    out = np.full(len(codes), None, dtype=object)
    present = codes >= 0
    if present.any():
        out[present] = series.cat.categories.take(codes[present]).to_numpy(dtype=object)
    return out


def _plain_columns(d: pd.DataFrame) -> pd.DataFrame:
    """Small result frames with plain (non-categorical) columns, easier to plot and format.

    Categorical and string columns become Python objects with None for missing.
    """
    out = d.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Series(plain(out[col]), index=out.index, dtype=object)
        elif isinstance(out[col].dtype, pd.StringDtype):
            s = out[col]
            out[col] = pd.Series(s.astype(object).where(s.notna(), None).to_numpy(dtype=object),
                                 index=out.index, dtype=object)
    return out


def source_columns(frame: pd.DataFrame) -> list[str]:
    """The columns a cell carries from its source: the schema's and any the app frame adds (e.g. corrections)."""
    return [c for c in frame.columns if c not in DROPPED and c not in SETTLED]


def annual(frame: pd.DataFrame) -> np.ndarray:
    """Rows that can make a cell: an indicator, a value, one year (a figure over a span has a ``period``).

    A fresh array each call (callers narrow it in place), computed once per frame.
    """
    return _annual(frame).copy()


@per_frame
def _annual(frame: pd.DataFrame) -> np.ndarray:
    mask = filters.notna(frame["indicator"]) & filters.year_between(frame["year"], None, None)
    mask &= ~np.isnan(frame["value"].to_numpy(dtype="float64", na_value=np.nan))
    if "period" in frame.columns:
        mask &= ~filters.notna(frame["period"])
    return mask


def cells(frame: pd.DataFrame, mask: np.ndarray | None = None, units: UnitTable | None = None) -> pd.DataFrame:
    """One row per (region, year, indicator, kind) among rows with an indicator, one year and a value.

    The cell shows one source: a final figure before an estimate (预计: the
    next report's final figure replaces it), then the primary source (a result
    from the next year's report, a target from that year's own), then the
    latest document. Columns: the chosen source's fields (value, unit,
    qualifier, doc, sentence, start, ...), ``sources`` (mentions behind the
    cell), ``conflict`` (more than one distinct value among the final figures,
    or among the estimates when there is no final one; values compared in
    their dimension's base unit, so 13.6亿斤 and 68万吨 agree),
    ``alternatives`` (for a conflict: each distinct value with its first
    source, as dicts; else an empty tuple) and ``revised`` (an estimate was
    replaced by a final figure).
    """
    base = annual(frame)
    if mask is not None:
        base &= mask
    if not base.any():
        return empty_cells()
    rows = np.flatnonzero(base)
    year = frame["year"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    doc_year = frame["doc_year"].to_numpy(dtype="float64", na_value=np.nan)[rows]
    is_target = filters.equals(frame["kind"], "target")[rows]
    primary = np.where(is_target, doc_year == year, doc_year == year + 1)
    estimate = frame["estimate"].to_numpy(dtype=bool)[rows] if "estimate" in frame.columns else np.zeros(len(rows), bool)
    doc_codes = codes_of(frame["doc"])[rows]
    start = frame["start"].to_numpy()[rows]
    # Final before estimate, primary source first, then the latest document, then document and offset.
    order = np.lexsort((start, doc_codes, -np.nan_to_num(doc_year, nan=-1), (~primary).astype(np.int8),
                        estimate.astype(np.int8)))
    rows, year, estimate = rows[order], year[order], estimate[order]
    key = _cell_key(frame, rows, year)
    _, first, inverse, n_sources = np.unique(key, return_index=True, return_inverse=True, return_counts=True)
    # Only figures of the chosen one's standing (final or estimate) can disagree with it.
    same_standing = estimate == estimate[first][inverse]
    revised = np.bincount(inverse, weights=~same_standing, minlength=len(first)) > 0
    values, dims = base_values(frame["value"].to_numpy(dtype="float64", na_value=np.nan)[rows],
                               frame["unit"].iloc[rows], units)
    highs, _ = base_values(frame["high"].to_numpy(dtype="float64", na_value=np.nan)[rows],
                           frame["unit"].iloc[rows], units)
    pairs = pd.DataFrame({"key": key, "dim": dims, "value": values, "high": highs})
    distinct = ~pairs.duplicated() & same_standing  # first row of each distinct (cell, value), in source order
    n_values = pd.Series(key[distinct]).value_counts()

    chosen = _plain_columns(frame.iloc[rows[first]][source_columns(frame)].reset_index(drop=True))
    chosen["sources"] = n_sources.astype("int64")
    chosen["conflict"] = n_values.reindex(key[first]).to_numpy() > 1
    chosen["revised"] = revised
    alternatives: list = [()] * len(chosen)
    if chosen["conflict"].any():
        # per cell, not per mention: a handful of conflicts among the cells shown
        at = {k: n for n, k in enumerate(key[first])}
        conflicted = set(n_values[n_values > 1].index)
        picks = np.flatnonzero(distinct & np.isin(key, list(conflicted)))
        alt = _plain_columns(frame.iloc[rows[picks]][ALTERNATIVE_COLUMNS])
        grouped: dict = {}
        for k, r in zip(key[picks], alt.itertuples(index=False)):
            grouped.setdefault(k, []).append(dict(zip(ALTERNATIVE_COLUMNS, r)))
        for k, found in grouped.items():
            alternatives[at[k]] = tuple(found)
    chosen["alternatives"] = alternatives
    out = chosen[[c for c in chosen.columns if c not in SETTLED] + SETTLED]
    out["year"] = out["year"].astype("int64")
    if "estimate" in out.columns:
        out["estimate"] = out["estimate"].astype(bool)
    return out.sort_values(["indicator", "region", "kind", "year"], kind="stable").reset_index(drop=True)


def indicator_unit(frame: pd.DataFrame, indicator: str | None, units: UnitTable | None = None) -> ChartUnit:
    """The unit an indicator is charted in (the most used of its dominant dimension), from all its annual figures.

    Taken over every region and year, so the axis does not change unit as the selection changes.
    """
    if not indicator:
        return ChartUnit()
    if units is None:
        return _catalog_unit(frame, indicator)
    rows = filters.equals(frame["indicator"], indicator) & _annual(frame)
    return choose_unit(filters.counts(frame, "unit", rows), units)


@per_frame
def _catalog_unit(frame: pd.DataFrame, indicator: str) -> ChartUnit:
    """``indicator_unit`` with the catalog's units, once per frame and indicator."""
    rows = filters.equals(frame["indicator"], indicator) & _annual(frame)
    return choose_unit(filters.counts(frame, "unit", rows))


def in_unit(frame: pd.DataFrame, mask: np.ndarray, indicator: str | None,
            units: UnitTable | None = None) -> tuple[pd.DataFrame, ChartUnit]:
    """The cells of one indicator's rows within ``mask`` in its chart unit (other dimensions left out), and the unit."""
    unit = indicator_unit(frame, indicator, units)
    mask = mask & filters.equals(frame["indicator"], indicator) & filters.filter_mask(frame, units=unit.units)
    return converted(cells(frame, mask, units), unit), unit


def codes_of(series: pd.Series) -> np.ndarray:
    """Integer codes of a column (category codes, or factorised), missing as -1."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64)
    return pd.factorize(series)[0].astype(np.int64)


def _cell_key(frame: pd.DataFrame, rows: np.ndarray, year: np.ndarray) -> np.ndarray:
    """One int64 per (region, year, indicator, kind) of the given rows."""
    region = codes_of(frame["region"])[rows] + 1  # 0 = no region
    indicator = codes_of(frame["indicator"])[rows] + 1
    kind = codes_of(frame["kind"])[rows] + 1
    y = year.astype(np.int64) - int(year.min())
    n_years = int(y.max()) + 1
    n_ind = int(indicator.max()) + 1
    n_kind = int(kind.max()) + 1
    return ((region * n_years + y) * n_ind + indicator) * n_kind + kind


def conflicts(cell_frame: pd.DataFrame) -> pd.DataFrame:
    """One row per conflicting value: the cell's key, the value and where it is said."""
    rows = []
    for cell in cell_frame[cell_frame["conflict"]].itertuples(index=False):
        for alt in cell.alternatives:
            rows.append({"region": cell.region, "year": cell.year, "indicator": cell.indicator,
                         "kind": cell.kind, **alt})
    return pd.DataFrame(rows, columns=["region", "year", "indicator", "kind", "value", "high", "unit",
                                       "qualifier", "doc", "doc_year", "start", "sentence"])


def default_regions(cell_frame: pd.DataFrame, n: int = 5) -> list[str]:
    """The regions with the most cells (ties by name), for a first view."""
    if cell_frame.empty:
        return []
    counts = cell_frame.groupby("region").size().reset_index(name="n")
    counts = counts.sort_values(["n", "region"], ascending=[False, True])
    return counts["region"].head(n).tolist()


def ranking(cell_frame: pd.DataFrame, year: int, kind: str = "actual") -> pd.DataFrame:
    """Regions ranked by their value in ``year`` (largest first)."""
    d = cell_frame[(cell_frame["year"] == year) & (cell_frame["kind"] == kind)]
    return d.sort_values(["value", "region"], ascending=[False, True], kind="stable").reset_index(drop=True)


def region_year_matrix(cell_frame: pd.DataFrame, kind: str = "actual", field: str = "value") -> pd.DataFrame:
    """Regions × years of one field (value, or any other cell column); regions sorted by name."""
    d = cell_frame[cell_frame["kind"] == kind]
    if d.empty:
        return pd.DataFrame()
    wide = d.pivot(index="region", columns="year", values=field)
    return wide.sort_index().reindex(columns=sorted(wide.columns))


def latest(cell_frame: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per (region, indicator, kind): the cell of ``year``, or the latest year when None."""
    d = cell_frame if year is None else cell_frame[cell_frame["year"] == year]
    d = d.sort_values("year", ascending=False, kind="stable")
    return d.drop_duplicates(["region", "indicator", "kind"], keep="first").reset_index(drop=True)


def shared_indicators(cell_frame: pd.DataFrame, regions: list[str], kind: str = "actual") -> list[str]:
    """Indicators every one of ``regions`` has at least one value for."""
    d = cell_frame[(cell_frame["kind"] == kind) & cell_frame["region"].isin(regions)]
    if d.empty or not regions:
        return []
    per = d.groupby("indicator")["region"].nunique()
    return sorted(per[per >= len(set(regions))].index)


def _status(target: pd.Series, result: pd.Series) -> str:
    """met / missed / pending / no_target / incomparable for one year."""
    if target is None:
        return "no_target"
    if result is None:
        return "pending"
    t_unit, r_unit = target["unit"] or "", result["unit"] or ""
    if t_unit and r_unit and t_unit != r_unit:
        return "incomparable"
    if target["qualifier"] == "under":
        return "met" if result["value"] <= target["value"] else "missed"
    return "met" if result["value"] >= target["value"] else "missed"


PAIR_FIELDS = ("value", "high", "unit", "qualifier", "doc", "doc_year", "start", "sentence", "conflict", "estimate")
PAIR_COLUMNS = [f"{p}_{c}" for p in ("target", "result") for c in PAIR_FIELDS]


def _pair(target, result) -> dict:
    """A target and its result (either may be None) side by side, with the verdict."""
    row = {"status": _status(target, result)}
    for prefix, cell in (("target", target), ("result", result)):
        for col in PAIR_FIELDS:
            row[f"{prefix}_{col}"] = None if cell is None else cell.get(col)
    return row


def _pairs_frame(rows: list[dict], first: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=first + ["status"] + PAIR_COLUMNS)
    for p in ("target", "result"):
        out[f"{p}_value"] = out[f"{p}_value"].astype("float64")
        out[f"{p}_high"] = out[f"{p}_high"].astype("float64")
        # a side that is missing has no source: "" and -1, never NaN in a text or offset column
        out[f"{p}_doc"] = out[f"{p}_doc"].fillna("").astype(object)
        out[f"{p}_start"] = out[f"{p}_start"].fillna(-1).astype("int64")
        out[f"{p}_conflict"] = out[f"{p}_conflict"].fillna(False).astype(bool)
        out[f"{p}_estimate"] = out[f"{p}_estimate"].fillna(False).astype(bool)
    return out


def _by(cells: pd.DataFrame, kind: str, column: str) -> dict:
    return {r[column]: r for r in cells[cells["kind"] == kind].to_dict("records")}


def targets_vs_results(cell_frame: pd.DataFrame, region: str, indicator: str) -> pd.DataFrame:
    """Each year's target beside its result, with met or missed.

    Targets come from that year's report and results from the next year's
    (``cells`` already prefers those sources). A target that is an upper limit
    (``under``) is met by a result at or below it; any other by a result at or
    above its (lower) value. Compare cells in one unit (``units.converted``).
    """
    d = cell_frame[(cell_frame["region"] == region) & (cell_frame["indicator"] == indicator)]
    targets, results = _by(d, "target", "year"), _by(d, "actual", "year")
    rows = [{"year": int(year), **_pair(targets.get(year), results.get(year))}
            for year in sorted(set(targets) | set(results))]
    return _pairs_frame(rows, ["year"])


def targets_across(cell_frame: pd.DataFrame, indicator: str, year: int) -> pd.DataFrame:
    """For one year, each region's target beside its result, ranked: those that did best against their target first.

    ``margin`` says by how much: for a rate (%) the result less the target in
    percentage points, otherwise the result as a share of the target less 100
    (%); for an upper limit, how far below it. Regions without a verdict
    follow (not yet reported, then without a target).
    """
    d = cell_frame[(cell_frame["indicator"] == indicator) & (cell_frame["year"] == year)]
    targets, results = _by(d, "target", "region"), _by(d, "actual", "region")
    rows = [{"region": region, **_pair(targets.get(region), results.get(region))}
            for region in sorted(set(targets) | set(results), key=str)]
    out = _pairs_frame(rows, ["region"])
    out["margin"] = [_margin(r) for r in out.to_dict("records")]
    rank = out["status"].map({"met": 0, "missed": 0, "pending": 1, "incomparable": 2, "no_target": 3})
    out = out.assign(_rank=rank, _m=-out["margin"].fillna(-np.inf), _name=out["region"].astype(str))
    return out.sort_values(["_rank", "_m", "_name"], kind="stable").drop(columns=["_rank", "_m", "_name"]).reset_index(drop=True)


def _margin(row: dict) -> float:
    if row["status"] not in ("met", "missed"):
        return float("nan")
    target, result = row["target_value"], row["result_value"]
    from dashboard.units import is_rate

    if is_rate(row["target_unit"]):
        margin = result - target
    elif target:
        margin = (result / target - 1) * 100
    else:
        return float("nan")
    return -margin if row["target_qualifier"] == "under" else margin


@dataclass(frozen=True)
class TargetSummary:
    """For one indicator and year: how many regions set a target, how many met it, the medians."""

    year: int | None = None
    regions: int = 0  # with a target or a result that year
    with_target: int = 0
    met: int = 0
    missed: int = 0
    pending: int = 0
    median_target: float | None = None  # of the regions that set one
    median_result: float | None = None  # of those that set one and reported a result


def summarise_targets(across: pd.DataFrame, year: int | None) -> TargetSummary:
    status = across["status"]
    with_target = across[status != "no_target"]
    judged = with_target.dropna(subset=["result_value"])

    def median(series: pd.Series) -> float | None:
        return float(series.median()) if len(series.dropna()) else None

    return TargetSummary(year, len(across), len(with_target), int((status == "met").sum()),
                         int((status == "missed").sum()), int((status == "pending").sum()),
                         median(with_target["target_value"]), median(judged["result_value"]))
