"""Extra evaluation on ../shared (skipped when absent): the seeds scored
against the gold annotations with the shared scorer, held to the issue's
thresholds (F1 ≥ 0.97; qualifier, year, kind ≥ 0.95; indicator ≥ 0.90)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from extract.pipeline import run
from extract.table import frame_of, write_table

SHARED = Path(__file__).resolve().parents[2] / "shared"
pytestmark = [pytest.mark.evaluation,
              pytest.mark.skipif(not (SHARED / "tools" / "score.py").is_file(), reason="shared data absent")]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    out = tmp_path_factory.mktemp("gold") / "seeds.csv"
    write_table(frame_of(run([SHARED / "seeds"]).mentions), out)
    golds = sorted(str(p) for p in (SHARED / "gold").glob("*.gold.csv"))
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), *golds, "--table", str(out)],
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_f1(scored):
    f1 = float(re.search(r"F1 ([0-9.]+)", scored)[1])
    assert f1 >= 0.97, scored


@pytest.mark.parametrize("field,floor", [("qualifier", 0.95), ("year", 0.95), ("kind", 0.95), ("indicator", 0.90)])
def test_agreement(scored, field, floor):
    rate = float(re.search(rf"{field} agrees: \d+/\d+ = ([0-9.]+)", scored)[1])
    assert rate >= floor, scored
