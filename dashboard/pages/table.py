"""Table and download: every mention, filtered, searched and sorted; and what the downloaded files are called."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import export
from dashboard import filters as sel
from dashboard.i18n import t
from dashboard.indicators import Indicators

SHOWN = 2000  # rows sent to the browser; downloads hold them all
SORTS = ("region", "doc_year", "year", "indicator", "value", "doc", "kind")
KINDS = ("actual", "target")
NO_INDICATOR = "_none"  # the "no indicator" choice


@dataclass(frozen=True)
class TableSettings:
    query: str = ""
    indicators: tuple[str, ...] = ()  # () for any; NO_INDICATOR for rows without one
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    years: tuple[int, int] | None = None  # None: every year, rows without one included
    sort: str = "region"
    descending: bool = False


@dataclass(frozen=True, eq=False)
class Selection:
    rows: pd.DataFrame  # every selected row: the download
    shown: pd.DataFrame  # sorted, at most SHOWN
    hint: str | None = None  # shown instead of the table; the downloads stay


def indicator_choice(frame: pd.DataFrame, vocab: Indicators) -> list[str]:
    """The indicators in the data, by topic, then "no indicator"."""
    return vocab.order(sel.counts(frame, "indicator").index) + [NO_INDICATOR]


def region_choice(frame: pd.DataFrame) -> list[str]:
    return sel.distinct(frame, "region")


def year_filter(years: tuple[int, int] | None, bounds: tuple[int, int] | None) -> tuple[int, int] | None:
    """The years to filter by: None while the range is the whole of ``bounds``.

    >>> year_filter((2020, 2024), (2020, 2024)) is None
    True
    >>> year_filter((2021, 2024), (2020, 2024))
    (2021, 2024)
    """
    if years is None or bounds is None or tuple(years) == tuple(bounds):
        return None
    return tuple(years)


def _indicator_mask(frame: pd.DataFrame, chosen) -> np.ndarray:
    wanted = [i for i in chosen if i != NO_INDICATOR]
    mask = sel.isin(frame["indicator"], wanted) if wanted else np.zeros(len(frame), bool)
    if NO_INDICATOR in chosen:
        mask |= ~sel.notna(frame["indicator"])
    return mask


def compute(frame: pd.DataFrame, settings: TableSettings) -> Selection:
    """One mask over the whole frame; the first SHOWN rows sorted."""
    mask = sel.filter_mask(frame, regions=settings.regions, kinds=settings.kinds, query=settings.query)
    if settings.indicators:
        mask &= _indicator_mask(frame, settings.indicators)
    if settings.years is not None:
        mask &= sel.year_between(frame["year"], *settings.years)
    rows = frame[mask]
    shown = sel.sort_rows(rows, settings.sort, settings.descending, limit=SHOWN)
    return Selection(rows, shown, hint="hint.no_rows" if rows.empty else None)


def selection_file_name(settings: TableSettings, source: str, rows: int, lang: str) -> str:
    """The selection's CSV file name, saying what is in it.

    >>> selection_file_name(TableSettings(indicators=("gdp",), regions=("丹东市",)), "sample", 12, "zh")
    '指标表_筛选_sample_gdp_丹东市_12行.csv'
    """
    more = t("file.more", lang)
    parts = [source]
    if settings.indicators:
        parts.append(export.list_part([t("table.no_indicator", lang) if i == NO_INDICATOR else i
                                       for i in settings.indicators], more))
    if settings.regions:
        parts.append(export.list_part(settings.regions, more))
    if settings.kinds:
        parts.append("+".join(t(f"kind.{k}", lang) for k in settings.kinds))
    if settings.years is not None:
        parts.append(f"{settings.years[0]}-{settings.years[1]}")
    if settings.query:
        parts.append(t("file.search", lang, q=settings.query[:20]))
    parts.append(t("file.rows", lang, n=rows))
    return export.file_name(t("file.selection", lang), parts, "csv")


def all_file_name(source: str, rows: int, lang: str) -> str:
    """The whole table's CSV file name."""
    return export.file_name(t("file.all", lang), [source, t("file.rows", lang, n=rows)], "csv")
