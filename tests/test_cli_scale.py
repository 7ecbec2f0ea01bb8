"""The command line at scale: a dataset folder holds the same rows as one
table file, however many workers or whichever scheduler; a run killed
half-way and resumed gives the same rows again, none twice; the app's
--table reads the folder."""
import os
import shutil
import signal

import pandas as pd
import pytest

from extract import store
from extract.__main__ import main
from extract.dataset import MANIFEST_DIR
from extract.table import conform
from test_cli_faults import SAMPLE, one_line, start, wait_for


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scale") / "reports"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.csv"))
    return folder


@pytest.fixture(scope="module")
def single(reports, tmp_path_factory):
    """The reference: one process, one parquet file."""
    out = tmp_path_factory.mktemp("single") / "t.parquet"
    assert main([str(reports), "--out", str(out), "--quiet"]) == 0
    return rows(out)


def rows(path) -> pd.DataFrame:
    """A table as the app reads it, in a fixed order, categories as plain text."""
    frame = store.load_table(path).mentions
    frame = conform(frame.astype({c: "string" for c in frame.columns
                                  if isinstance(frame[c].dtype, pd.CategoricalDtype)}))
    return frame.sort_values(["doc", "start", "end"], kind="stable").reset_index(drop=True)


RUNS = [
    pytest.param([], id="one process"),
    pytest.param(["--workers", "2", "--batch-mb", "0.02"], id="two workers, small batches"),
    pytest.param(["--partition", "province,doc_year"], id="by province and year"),
    pytest.param(["--partition", "none"], id="unpartitioned"),
]


@pytest.mark.parametrize("args", RUNS)
def test_a_dataset_folder_holds_the_single_files_rows(reports, single, tmp_path, args, capsys):
    assert main([str(reports), "--out", f"{tmp_path}/ds/", "--quiet", *args]) == 0
    pd.testing.assert_frame_equal(rows(tmp_path / "ds"), single)
    assert f"-> {tmp_path}/ds/" in capsys.readouterr().err


def test_a_finished_folder_needs_resume_and_then_has_nothing_to_do(reports, single, tmp_path, capsys):
    out = f"{tmp_path}/ds/"
    assert main([str(reports), "--out", out, "--quiet"]) == 0
    capsys.readouterr()
    assert main([str(reports), "--out", out, "--quiet"]) == 2
    assert "add --resume" in one_line(capsys.readouterr().err)
    assert main([str(reports), "--out", out, "--quiet", "--resume"]) == 0
    assert "0 documents read (33 done before)" in capsys.readouterr().err
    pd.testing.assert_frame_equal(rows(tmp_path / "ds"), single)


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_run_stopped_half_way_and_resumed_gives_the_same_rows(reports, single, tmp_path, signum):
    out = tmp_path / "ds"
    run = start([reports, "--out", f"{out}/", "--quiet", "--batch-mb", "0.01"])
    wait_for(lambda: len(list((out / MANIFEST_DIR).glob("batch-*.json"))) >= 2, run)
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    if signum == signal.SIGINT:
        assert run.returncode == 130 and "rerun with --resume to finish" in one_line(err)
    done = len(list((out / MANIFEST_DIR).glob("batch-*.json")))
    assert 2 <= done and len(rows(out)) < len(single)        # stopped half-way: some rows, not all
    assert main([str(reports), "--out", f"{out}/", "--quiet", "--resume"]) == 0
    pd.testing.assert_frame_equal(rows(out), single)
    assert not [p for p in out.rglob(".*") if p.suffix == ".part"]


def test_a_changed_input_is_extracted_again_on_resume(reports, single, tmp_path):
    corpus = tmp_path / "reports"
    shutil.copytree(reports, corpus)
    out = f"{tmp_path}/ds/"
    assert main([str(corpus), "--out", out, "--quiet"]) == 0
    changed = next(f for f in sorted(corpus.glob("*.txt")) if f.read_bytes().decode("utf-8", "ignore").isprintable()
                   or True)
    changed.write_bytes(changed.read_bytes().replace(b"\n", b"\n\n", 1))     # an offset moves: new rows
    os.utime(changed)
    assert main([str(corpus), "--out", out, "--quiet", "--resume"]) == 0
    again = tmp_path / "again.parquet"
    assert main([str(corpus), "--out", str(again), "--quiet"]) == 0
    pd.testing.assert_frame_equal(rows(tmp_path / "ds"), rows(again))


def test_the_dask_local_cluster_gives_the_same_rows(reports, single, tmp_path):
    pytest.importorskip("distributed")
    assert main([str(reports), "--out", f"{tmp_path}/ds/", "--quiet", "--scheduler", "local", "--workers", "2",
                 "--batch-mb", "0.05"]) == 0
    pd.testing.assert_frame_equal(rows(tmp_path / "ds"), single)
    assert main([str(reports), "--out", str(tmp_path / "t.csv"), "--quiet", "--scheduler", "local"]) == 0
    pd.testing.assert_frame_equal(rows(tmp_path / "t.csv").drop(columns=["label"]), single.drop(columns=["label"]))


def test_an_unreachable_scheduler_is_one_line(reports, tmp_path, capsys):
    pytest.importorskip("distributed")
    assert main([str(reports), "--out", str(tmp_path / "t.csv"), "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "--scheduler tcp://127.0.0.1:9: cannot reach the scheduler" in one_line(capsys.readouterr().err)
    assert not (tmp_path / "t.csv").exists()
