"""One axis, one unit: the unit a chart of an indicator is drawn in, and figures converted to it.

The catalog (``extract/data/units.yaml``) gives every unit a dimension and a
factor (how many of the dimension's base unit one of it is: 1 斤 = 0.5 公斤,
1 吨 = 1000 公斤). For an indicator a chart uses the most used unit of its
dominant dimension (the dimension most of its figures are in); figures in
another unit of that dimension are converted, figures of another dimension
(人次 beside 名, 美元 beside 元) are left out and counted, never drawn on
the same axis. A unit the catalog does not know measures only itself.

>>> table = UnitTable({"吨": "mass", "斤": "mass", "公斤": "mass"}, {"吨": 1000, "斤": 0.5, "公斤": 1})
>>> unit = choose({"吨": 3, "斤": 1, "%": 1}, table)
>>> unit.unit, unit.factors["斤"], dict(unit.left_out)
('吨', 0.0005, {'%': 1})
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class UnitTable:
    """Each unit's dimension and factor (base units of its dimension per one of it)."""

    dimension_of: Mapping[str, str] = field(default_factory=dict)
    factor_of: Mapping[str, float] = field(default_factory=dict)

    def dimension(self, unit: object) -> str:
        """The unit's dimension; a unit the catalog does not know is its own (an empty unit too)."""
        unit = unit if isinstance(unit, str) else ""
        return self.dimension_of.get(unit, unit)

    def factor(self, unit: object) -> float:
        return float(self.factor_of.get(unit, 1.0)) if isinstance(unit, str) else 1.0


def unit_table(catalog) -> UnitTable:
    """The units of a catalog (``extract.catalog.Catalog``; duck-typed, so tests can fake one)."""
    units = getattr(catalog, "units", {}) or {}
    return UnitTable({name: u.dimension for name, u in units.items()},
                     {name: float(u.factor) for name, u in units.items()})


@functools.lru_cache(maxsize=1)
def default_units() -> UnitTable:
    """The extractor's catalog's units; an empty table (every unit its own) when it cannot be loaded."""
    try:
        from extract.catalog import load_catalog

        return unit_table(load_catalog())
    except Exception:  # the app still charts, one unit per axis, without conversions
        return UnitTable()


@dataclass(frozen=True)
class ChartUnit:
    """The unit an axis is drawn in, how the other units of its dimension convert, and what is left out."""

    unit: str = ""
    dimension: str = ""
    factors: Mapping[str, float] = field(default_factory=dict)  # unit -> multiply by this for the chart unit
    left_out: Mapping[str, int] = field(default_factory=dict)  # unit of another dimension -> figures left out

    @property
    def units(self) -> list[str]:
        """The units drawn (converted to ``unit``)."""
        return list(self.factors)

    @property
    def n_left_out(self) -> int:
        return int(sum(self.left_out.values()))

    @property
    def converts(self) -> bool:
        """True when some figures are in another unit than the chart's."""
        return any(u != self.unit for u in self.factors)


def choose(unit_counts, table: UnitTable | None = None) -> ChartUnit:
    """The chart unit for figures in these units (``{unit: how many}``, a Series too).

    The dominant dimension has the most figures; its most used unit is the
    chart's (ties: the unit whose name sorts first, so the choice is stable).
    """
    table = table or default_units()
    counts = {("" if not isinstance(u, str) else u): int(n) for u, n in dict(unit_counts).items() if n}
    if not counts:
        return ChartUnit()
    by_dimension: dict[str, int] = {}
    for unit, n in counts.items():
        by_dimension[table.dimension(unit)] = by_dimension.get(table.dimension(unit), 0) + n
    dimension = min(by_dimension, key=lambda d: (-by_dimension[d], d))
    members = {u: n for u, n in counts.items() if table.dimension(u) == dimension}
    unit = min(members, key=lambda u: (-members[u], u))
    base = table.factor(unit)
    factors = {u: table.factor(u) / base for u in sorted(members, key=lambda u: (-members[u], u))}
    left_out = {u: n for u, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if u not in members}
    return ChartUnit(unit, dimension, factors, left_out)


def converted(cells: pd.DataFrame, chart: ChartUnit) -> pd.DataFrame:
    """The cells in the chart unit: value and high converted, the unit the chart's; other dimensions dropped.

    The figure as the text stated it stays in ``stated_value``, ``stated_high``
    and ``stated_unit`` (hover texts say "68万吨, stated 13.6亿斤").
    """
    out = cells[cells["unit"].isin(chart.units)].copy() if len(cells) else cells.copy()
    factor = out["unit"].map(chart.factors).astype("float64").to_numpy() if len(out) else np.ones(0)
    out["stated_value"] = out["value"].astype("float64")
    out["stated_high"] = out["high"].astype("float64")
    out["stated_unit"] = out["unit"]
    out["value"] = out["stated_value"].to_numpy() * factor
    out["high"] = out["stated_high"].to_numpy() * factor
    out["unit"] = chart.unit
    return out


def base_values(values: np.ndarray, units: pd.Series, table: UnitTable | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each figure in its dimension's base unit, and a code per dimension (for comparing figures).

    ``units``: a categorical (or any) column; values compare equal when they
    state the same quantity (13.6亿斤 and 68万吨), to ten significant digits.
    """
    table = table or default_units()
    if isinstance(units.dtype, pd.CategoricalDtype):
        cats = list(units.cat.categories)
        codes = units.cat.codes.to_numpy()
    else:
        codes, uniques = pd.factorize(units)
        cats = list(uniques)
    dims = [table.dimension(c) for c in cats]
    dim_ids = {d: n for n, d in enumerate(dict.fromkeys(dims))}
    cat_factor = np.array([table.factor(c) for c in cats] + [1.0])  # the last one for missing (-1)
    cat_dim = np.array([dim_ids[d] for d in dims] + [len(dim_ids)], dtype=np.int64)
    return significant(np.asarray(values, dtype="float64") * cat_factor[codes]), cat_dim[codes]


def significant(values: np.ndarray, digits: int = 10) -> np.ndarray:
    """Values rounded to ``digits`` significant digits (0 and NaN unchanged), so conversions compare equal.

    >>> significant(np.array([680000000.0000001, 0.1 + 0.2, 0.0])).tolist()
    [680000000.0, 0.3, 0.0]
    """
    values = np.asarray(values, dtype="float64")
    out = values.copy()
    nonzero = np.flatnonzero(np.isfinite(values) & (values != 0))
    if len(nonzero):
        decimals = (digits - 1 - np.floor(np.log10(np.abs(values[nonzero])))).astype(np.int64)
        for d in np.unique(decimals):  # a few orders of magnitude: one vectorised rounding each
            at = nonzero[decimals == d]
            out[at] = np.round(values[at], int(d))
    return out


def is_rate(unit: object) -> bool:
    """Percent and percentage points: a change is a difference, not a ratio, and an index means nothing."""
    return isinstance(unit, str) and (unit in ("%", "‰") or unit.endswith("百分点"))

