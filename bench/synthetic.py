"""Synthetic mention tables for the tests: hand-written rows with defaults, and made ones of any size.

A made table is built with numpy in one go (a million rows in about a second),
shaped like the extractor's output: regions in provinces, one report per region
and year holding last year's results and this year's targets, a few
indicator-less mentions, and a few deliberate conflicts (the same cell stated
twice with different values).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from extract.table import COLUMN_NAMES, conform

INDICATORS: dict[str, tuple[str, float]] = {  # id -> (unit, typical value)
    "people_trained": ("人次", 16000), "training_sessions": ("期", 40), "collective_income": ("元", 2.5e6),
    "members_recruited": ("名", 300), "cadres_promoted": ("名", 60), "households_linked": ("户", 4000),
    "issues_resolved": ("件", 1200), "talents_recruited": ("名", 500), "party_organizations": ("个", 900),
    "funds": ("元", 8e7), "gdp": ("元", 3e10), "gdp_growth": ("%", 6.5), "budget_revenue": ("元", 2e9),
    "urban_income": ("元", 40000), "rural_income": ("元", 18000), "new_urban_jobs": ("人", 5000),
}
PROVINCES = ("甲省", "乙省", "丙省", "丁省")


def region_names(n: int) -> list[str]:
    """``n`` distinct fictional county names: 县1, 县2 … written in Chinese numerals' stead."""
    stems = "青禾苜川萤驼铃鹤汀砂柳云溪石桥松岭梅湾桂岸枫林竹海"
    names = []
    for i in range(n):
        a, b = stems[i % len(stems)], stems[(i // len(stems)) % len(stems)]
        names.append(f"{a}{b}{i}县")
    return names


def mentions(rows: int = 1000, regions: int = 20, years: tuple[int, int] = (2019, 2024), seed: int = 0,
             conflicts: float = 0.01, unassigned: float = 0.1) -> pd.DataFrame:
    """A conformed mentions table of about ``rows`` rows."""
    rng = np.random.default_rng(seed)
    names = np.array(region_names(regions), dtype=object)
    provinces = np.array([PROVINCES[i % len(PROVINCES)] for i in range(regions)], dtype=object)
    ids = np.array(list(INDICATORS), dtype=object)
    units = np.array([INDICATORS[i][0] for i in ids], dtype=object)
    typical = np.array([INDICATORS[i][1] for i in ids])
    first, last = years

    r = rng.integers(0, regions, rows)
    doc_year = rng.integers(first + 1, last + 2, rows)
    is_target = rng.random(rows) < 0.35
    year = np.where(is_target, doc_year, doc_year - 1)
    k = rng.integers(0, len(ids), rows)
    growth = 1 + 0.06 * (year - first)
    region_size = 0.5 + (r % 7) / 4
    # The same cell (region, year, indicator, kind) always gets the same value, so
    # repeated mentions agree; only the twins below disagree.
    cell = ((r * 100 + (year - first)) * 100 + k) * 2 + is_target
    noise = (np.sin(cell * 12.9898) * 43758.5453) % 1.0
    value = np.round(typical[k] * growth * region_size * (0.9 + 0.2 * noise), 2)
    value = np.where(units[k] == "%", np.round(3 + 6 * noise, 1), value)
    indicator = ids[k].copy()
    indicator[rng.random(rows) < unassigned] = None
    qualifier = rng.choice(np.array(["exact", "over", "about", "under"], dtype=object), rows, p=[0.7, 0.15, 0.1, 0.05])
    doc = np.array([f"{n}_{y}_政府工作报告.txt" for n, y in zip(names[r], doc_year)], dtype=object)
    start = rng.integers(0, 50_000, rows) * 20
    text = np.array([f"{v:g}{u}" for v, u in zip(value, units[k])], dtype=object)
    sentence = np.array([f"全年完成{t}。" for t in text], dtype=object)
    frame = pd.DataFrame({
        "doc": doc, "region": names[r], "province": provinces[r], "region_level": "county",
        "doc_year": doc_year, "year": year, "kind": np.where(is_target, "target", "actual"),
        "indicator": indicator, "label": "全年完成", "value": value, "high": np.nan, "unit": units[k],
        "qualifier": qualifier, "placeholder": False, "text": text, "sentence": sentence,
        "start": start, "end": start + np.array([len(t) for t in text]),
    })
    # Make offsets unique per document, as a real extraction's are.
    frame = frame.drop_duplicates(["doc", "start"]).reset_index(drop=True)
    n_conflicts = int(len(frame) * conflicts)
    if n_conflicts:
        twins = frame.sample(n_conflicts, random_state=seed).copy()
        twins["value"] = twins["value"] * 1.1
        twins["start"] = twins["start"] + 7  # another sentence of the same document
        twins["end"] = twins["end"] + 7
        frame = pd.concat([frame, twins], ignore_index=True)
    return conform(frame.reindex(columns=list(COLUMN_NAMES)))


def row(**fields) -> dict:
    """One mention as a dict with plausible defaults, for hand-written test tables."""
    base = {
        "doc": "甲县_2021_政府工作报告.txt", "region": "甲县", "province": "甲省", "region_level": "county",
        "doc_year": 2021, "year": 2020, "kind": "actual", "indicator": "gdp", "label": "地区生产总值",
        "value": 1.2e9, "high": None, "unit": "元", "qualifier": "exact", "placeholder": False,
        "text": "12亿元", "sentence": "地区生产总值12亿元。", "start": 0, "end": 4,
    }
    base.update(fields)
    return base


def trained(region, year, value, kind="actual", **fields) -> dict:
    """People trained (``row``): a result from the next year's report, a target from that year's own."""
    doc_year = fields.pop("doc_year") if "doc_year" in fields else year + (kind == "actual")
    return row(region=region, province=fields.pop("province", "甲省"), year=year, doc_year=doc_year, kind=kind,
               indicator="people_trained", value=value, unit="人次", text=f"{value:g}人次",
               doc=fields.pop("doc", f"{region}_{doc_year}_组织工作总结.txt"),
               sentence=fields.pop("sentence", f"全年培训党员干部{value:g}人次。"), **fields)


def trained_panel() -> list[dict]:
    """Three places' people trained, 2020–2022, results and targets, with one conflict
    (乙县 2021 restated otherwise by a later report): the tests' common small panel."""
    return [
        trained("甲县", 2020, 16000, qualifier="over", start=10),
        trained("甲县", 2021, 18000, start=10),
        trained("甲县", 2021, 17000, kind="target", start=50),
        trained("甲县", 2022, 20000, kind="target", start=50),
        trained("乙县", 2020, 9000, start=10),
        trained("乙县", 2021, 9500, start=10),
        trained("乙县", 2021, 9900, start=80, doc="乙县_2023_组织工作总结.txt"),
        trained("乙县", 2021, 9000, kind="target", start=50),
        trained("丙市", 2021, 30000, province="乙省", start=10),
    ]


def table(rows) -> pd.DataFrame:
    """Hand-written rows (see ``row``) as a conformed mentions table."""
    from extract.table import to_frame

    return to_frame(rows)
