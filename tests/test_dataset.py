"""A table as a dataset folder: hive-style partition folders, one part per
batch, a record per finished batch; what a resumed run skips and redoes; the
folders it refuses; what killed runs left, removed."""
import os
from pathlib import Path

import pyarrow as pa
import pytest

from extract.columnar import Columns, arrow_schema
from extract.dataset import (BatchRecord, DatasetError, DatasetFolder, Input, partition_keys, read_arrow, segment,
                             write_parts)
from test_columnar import edge_mentions, sample_mentions

# (key, value, folder name): values that a folder name cannot hold as they are get %XX, as pyarrow reads them
SEGMENTS = [
    ("province", "辽宁省", "province=辽宁省"),
    ("doc_year", 2021, "doc_year=2021"),
    ("doc_year", None, "doc_year=__HIVE_DEFAULT_PARTITION__"),
    ("unit", "", "unit=__HIVE_DEFAULT_PARTITION__"),
    ("unit", "m/s", "unit=m%2Fs"),
    ("unit", "50%", "unit=50%25"),
    ("label", "a=b", "label=a%3Db"),
    ("label", "..", "label=.."),
    ("label", "line\nbreak", "label=line%0Abreak"),
]


@pytest.mark.parametrize("key, value, name", SEGMENTS, ids=[n for _, _, n in SEGMENTS])
def test_partition_folder_names(key, value, name):
    assert segment(key, value) == name


KEYS = [
    ("doc_year", ("doc_year",)),
    ("province,doc_year", ("province", "doc_year")),
    (" province , kind ", ("province", "kind")),
    ("none", ()),
]
BAD_KEYS = [("sentence", "cannot partition by sentence"), ("value", "cannot partition by value"),
            ("province,province", "named twice"), ("nope", "choose from")]


@pytest.mark.parametrize("text, keys", KEYS)
def test_partition_keys(text, keys):
    assert partition_keys(text) == keys


@pytest.mark.parametrize("text, message", BAD_KEYS)
def test_bad_partition_keys_are_named(text, message):
    with pytest.raises(ValueError, match=message):
        partition_keys(text)


def columns(mentions):
    cols = Columns()
    cols.extend(mentions)
    return cols


def expected_table(mentions):
    table = pa.Table.from_batches([], schema=arrow_schema()) if not mentions else None
    if table is None:
        from extract.columnar import record_batch
        table = pa.Table.from_batches([record_batch(columns(mentions).data)])
    return table.sort_by([("doc", "ascending"), ("start", "ascending"), ("end", "ascending")])


@pytest.mark.parametrize("keys", [(), ("doc_year",), ("province", "doc_year"), ("unit", "region")],
                         ids=["unpartitioned", "by year", "by province and year", "by unit and region (odd values)"])
def test_parts_read_back_as_the_rows_written(tmp_path, keys):
    mentions = sample_mentions() + edge_mentions()
    with DatasetFolder.open(tmp_path / "out", keys, resume=False) as folder:
        half = len(mentions) // 2
        for rows in (mentions[:half], mentions[half:]):
            batch = folder.new_batch()
            folder.commit(BatchRecord(batch, write_parts(columns(rows), folder.root, keys, batch), len(rows)))
    assert read_arrow(tmp_path / "out").equals(expected_table(mentions))


def test_only_recorded_parts_are_read_and_the_rest_removed(tmp_path):
    mentions = sample_mentions()
    with DatasetFolder.open(tmp_path, ("doc_year",), resume=False) as folder:
        done = folder.new_batch()
        folder.commit(BatchRecord(done, write_parts(columns(mentions), tmp_path, ("doc_year",), done)))
        # a run killed after writing a batch's parts but before its record
        orphans = write_parts(columns(mentions[:10]), tmp_path, ("doc_year",), folder.new_batch())
        stale = tmp_path / orphans[0].rsplit("/", 1)[0] / ".part-x.parquet.abcdefgh.part"
        stale.write_bytes(b"half")
    assert read_arrow(tmp_path).num_rows == len(mentions)          # the orphan part is not read
    with DatasetFolder.open(tmp_path, None, resume=True):
        pass
    assert not any((tmp_path / p).exists() for p in orphans) and not stale.exists()
    assert read_arrow(tmp_path).num_rows == len(mentions)


def test_refused_folders_are_named(tmp_path):
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match="not empty and holds no extracted dataset"):
        DatasetFolder.open(tmp_path / "theirs", None, resume=False)
    with DatasetFolder.open(tmp_path / "ours", ("doc_year",), resume=False) as folder:
        with pytest.raises(DatasetError, match="another run is writing"):
            DatasetFolder.open(tmp_path / "ours", None, resume=True)
        folder.commit(BatchRecord(folder.new_batch()))
    with pytest.raises(DatasetError, match="add --resume"):
        DatasetFolder.open(tmp_path / "ours", None, resume=False)
    with pytest.raises(DatasetError, match="written with --partition doc_year"):
        DatasetFolder.open(tmp_path / "ours", ("province",), resume=True)
    with DatasetFolder.open(tmp_path / "ours", None, resume=True) as again:
        assert again.keys == ("doc_year",)


def test_a_resumed_run_skips_what_is_done_and_redoes_a_changed_files_batch(tmp_path):
    files = [tmp_path / f"{name}.txt" for name in "abcde"]
    for f in files:
        f.write_text(f"{f.name}：新增就业300人。", encoding="utf-8")
    out = tmp_path / "out"
    with DatasetFolder.open(out, (), resume=False) as folder:
        for group in (files[:2], files[2:4]):
            folder.commit(BatchRecord(folder.new_batch(), inputs=[Input.of(f) for f in group]))
    files[2].write_text("改过了：新增就业400人。", encoding="utf-8")     # changed: its batch (c, d) is redone
    os.utime(files[0], ns=(1, files[0].stat().st_mtime_ns))            # touched only: a, b still done
    with DatasetFolder.open(out, None, resume=True) as folder:
        todo, already = folder.plan(files)
        assert todo == [f.resolve() for f in files[2:]] and already == 2
        assert len(folder.records) == 1                                # the changed file's batch is gone


def test_a_changed_files_batch_brings_back_files_not_given_again(tmp_path):
    files = [tmp_path / f"{name}.txt" for name in "ab"]
    for f in files:
        f.write_text("新增就业300人。", encoding="utf-8")
    with DatasetFolder.open(tmp_path / "out", (), resume=False) as folder:
        folder.commit(BatchRecord(folder.new_batch(), inputs=[Input.of(f) for f in files]))
    files[0].write_text("新增就业400人。", encoding="utf-8")
    with DatasetFolder.open(tmp_path / "out", None, resume=True) as folder:
        assert folder.plan(files[:1]) == ([files[0].resolve(), files[1].resolve()], 0)


def test_parts_name_their_batch_and_partition(tmp_path):
    parts = write_parts(columns(sample_mentions()), tmp_path, ("doc_year",), "run-00001")
    assert parts and all(Path(p).name == "part-run-00001.parquet" and p.startswith("doc_year=") for p in parts)
    assert write_parts(columns([]), tmp_path, ("doc_year",), "run-00002") == []
