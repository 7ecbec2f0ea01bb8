"""How a run is cut into batches for its workers, and what a worker process
loads before its first document: the two things that decide how well a run
scales with workers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.model import Hint
from extract.pipeline import MIN_BATCH_BYTES, FileJob, batches

MB = 1_000_000
ROOT = Path(__file__).resolve().parents[1]


def jobs(*sizes: int) -> list[FileJob]:
    return [FileJob(f"r{i:04d}.txt", Hint(), size) for i, size in enumerate(sizes)]


CASES = [
    # (what, sizes of the files, max bytes a batch, workers)
    ("a corpus of equal reports, two workers", [200_000] * 300, MB, 2),
    ("a corpus of equal reports, one process", [200_000] * 300, MB, 1),
    ("reports of mixed sizes, eight workers", [30_000, 700_000, 120_000, 2_500_000, 40_000] * 40, MB, 8),
    ("a small corpus", [50_000] * 10, MB, 2),
    ("a dataset folder's large batches", [300_000] * 400, 16 * MB, 2),
]


@pytest.mark.parametrize("what, sizes, most, slots", CASES, ids=[c[0] for c in CASES])
def test_every_file_is_in_one_batch_in_order(what, sizes, most, slots):
    files = jobs(*sizes)
    assert [j for batch in batches(files, most, slots) for j in batch] == files


@pytest.mark.parametrize("what, sizes, most, slots", CASES, ids=[c[0] for c in CASES])
def test_no_batch_passes_its_bound_unless_one_file_does(what, sizes, most, slots):
    for batch in batches(jobs(*sizes), most, slots):
        assert len(batch) == 1 or sum(j.size for j in batch) <= most


@pytest.mark.parametrize("slots", [2, 4])
def test_batches_shrink_as_the_end_nears_so_the_workers_finish_together(slots):
    cut = [sum(j.size for j in b) for b in batches(jobs(*[100_000] * 1000), 16 * MB, slots)]
    assert cut[0] > 4 * cut[-1]                       # large while much remains …
    assert cut[-1] <= 2 * MIN_BATCH_BYTES             # … small at the end
    assert cut == sorted(cut, reverse=True)
    # the last batches each worker takes are a small share of the whole
    assert sum(cut[-slots:]) < 0.05 * sum(cut)


def test_a_file_larger_than_the_bound_is_a_batch_alone():
    cut = batches(jobs(100_000, 5 * MB, 100_000), MB, 1)
    assert [len(b) for b in cut] == [1, 1, 1]


def test_a_small_corpus_still_gives_every_worker_several_batches():
    assert len(batches(jobs(*[50_000] * 40), MB, 2)) >= 8


def test_a_worker_starts_without_the_table_and_document_libraries():
    """A worker process imports the pipeline; pandas, pyarrow and the docx/pdf/HTML
    readers load only when a frame, a parquet batch or such a file needs them
    (together they were most of a worker's start-up)."""
    heavy = ("pandas", "pyarrow", "docx", "pypdf", "bs4", "lxml")
    code = ("import sys, extract.pipeline; "
            f"print(' '.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def test_a_worker_with_a_stamp_compiles_only_the_patterns_its_figures_need(tmp_path):
    """The numeral vocabulary's examples compile every numeral pattern; once a pass of
    them is stamped for this code and data, a new process skips them and compiles a
    pattern only when a figure needs it: plain figures need neither the long numeral
    forms nor the mention grammar's percent-in-words and fraction readers."""
    code = ("import json, sys, extract.numerals as n; "
            "from extract.pipeline import default_extractor, extract_document; "
            "from extract.model import Document; "
            "info, ms = extract_document(Document(doc='x.txt', text=sys.argv[1])); "
            "g = default_extractor().grammar; "
            "print(json.dumps([n._compiled.cache_info().currsize, len(n._SOURCES), "
            "'_fraction_reader' in vars(g), [m.value for m in ms]]))")
    env = {**os.environ, "EXTRACT_CACHE_DIR": str(tmp_path)}

    def run(text):
        out = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True,
                             env=env, cwd=ROOT)
        return json.loads(out.stdout)

    plain = "全县地区生产总值增长6.5%，培训干部1200人次。"
    first, then = run(plain), run(plain)
    assert first[0] == first[1]            # no stamp yet: the examples ran, every numeral pattern compiled
    assert then[0] < then[1] and not then[2]   # stamped: only what these figures need
    assert then[3] == first[3] == [6.5, 1200.0]
    # a fraction in words still reads, its reader compiled when the text first needs it
    fraction = run("约三分之一的村集体经济收入超过10万元。")
    assert fraction[2] and fraction[3][0] == pytest.approx(1 / 3, abs=1e-6)
