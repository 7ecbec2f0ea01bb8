"""End to end on the bundled sample (data/sample, written for this project):
every figure its author listed in EXPECTED.csv comes out with the right
indicator, kind, year and value, and every region keeps its province."""
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from extract.model import DOCUMENT_SCHEMA
from extract.pipeline import run
from extract.table import frame_of

SAMPLE = Path(__file__).parents[1] / "data" / "sample"


@pytest.fixture(scope="module")
def extraction():
    out = run([SAMPLE], manifest=SAMPLE / "MANIFEST.csv")
    return SimpleNamespace(mentions=frame_of(out.mentions), documents=frame_of(out.documents, DOCUMENT_SCHEMA),
                           problems=out.problems)


EXPECTED = pd.read_csv(SAMPLE / "EXPECTED.csv")


@pytest.mark.parametrize("row", EXPECTED.to_dict("records"),
                         ids=[f"{r.file}:{r.indicator}:{r.kind}" for r in EXPECTED.itertuples()])
def test_expected_figure_is_extracted(extraction, row):
    t = extraction.mentions
    hit = t[(t["doc"] == row["file"]) & (t["indicator"] == row["indicator"]) & (t["kind"] == row["kind"])
            & (t["year"] == row["year"]) & ((t["value"] - row["value"]).abs() <= 1e-6 * abs(row["value"]) + 1e-9)]
    assert len(hit) >= 1


def test_every_document_is_read_and_has_region_and_province(extraction):
    assert not extraction.problems
    assert len(extraction.documents) == len(list(SAMPLE.glob("*.txt")))
    assert extraction.documents["province"].notna().all()
    assert extraction.mentions["region"].notna().all()


def test_offsets_slice_the_document(extraction):
    from extract.ingest import read_document
    texts = {p.name: read_document(p).text for p in SAMPLE.glob("*.txt")}
    for r in extraction.mentions.itertuples():
        assert texts[r.doc][r.start:r.end] == r.text
