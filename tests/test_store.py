"""The store stage: where the data comes from, the extraction cache, uploads and kept files."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd
import pytest

from bench.synthetic import row, table
from extract import store
from extract.table import COLUMN_NAMES, write_table

SAMPLE = store.SAMPLE_DIR


# --------------------------------------------------------------------------
# Where from: (argv, environ) -> (kind, path, data_dir, cache_dir)

HOME = {"HOME": "/home/u", "XDG_DATA_HOME": "/home/u/.local/share"}
DATA = Path("/home/u/.local/share/report-dashboard")
ARGS = [
    ([], HOME, ("sample", SAMPLE, DATA)),
    # a corpus is never written to: the data folder stays the user's own
    (["--corpus", "/c"], HOME, ("corpus", Path("/c"), DATA)),
    (["--table", "/t.parquet"], HOME, ("table", Path("/t.parquet"), DATA)),
    (["--corpus", "/c", "--data-dir", "/d"], {}, ("corpus", Path("/c"), Path("/d"))),
    ([], {"DASHBOARD_CORPUS": "/e", **HOME}, ("corpus", Path("/e"), DATA)),
    ([], {"DASHBOARD_TABLE": "/t.csv", "DASHBOARD_DATA_DIR": "/d"}, ("table", Path("/t.csv"), Path("/d"))),
    ([], {"XDG_DATA_HOME": "/xdg"}, ("sample", SAMPLE, Path("/xdg/report-dashboard"))),
    # a test runner's own arguments are ignored
    (["tests/test_app.py", "-q", "-k", "x", "--co"], HOME, ("sample", SAMPLE, DATA)),
]


@pytest.mark.parametrize("argv, environ, expected", ARGS)
def test_source_from_args(argv, environ, expected):
    src = store.source_from_args(argv, environ)
    assert (src.kind, src.path, src.data_dir) == expected


def test_both_corpus_and_table_is_an_error():
    with pytest.raises(ValueError, match="not both"):
        store.source_from_args(["--corpus", "/c", "--table", "/t.csv"], {})


@pytest.mark.parametrize("environ, expected", [
    ({"DASHBOARD_CACHE_DIR": "/x"}, Path("/x")),
    ({"DASHBOARD_CACHE_DIR": "none"}, None),
    ({"XDG_CACHE_HOME": "/xdg"}, Path("/xdg/report-dashboard")),
])
def test_cache_dir(environ, expected):
    assert store.source_from_args([], environ).cache_dir == expected


# (argv, environ): a data or cache folder that is the corpus or inside it
INSIDE_THE_CORPUS = [
    (["--corpus", "/c", "--data-dir", "/c"], {}),
    (["--corpus", "/c", "--data-dir", "/c/kept"], {}),
    (["--corpus", "/c/", "--data-dir", "/c/./x/../y"], {}),
    (["--corpus", "/c", "--data-dir", "/d", "--cache-dir", "/c/.cache"], {}),
    ([], {"DASHBOARD_CORPUS": "/home/u", "HOME": "/home/u", "XDG_DATA_HOME": "/home/u/.local/share"}),
]


@pytest.mark.parametrize("argv, environ", INSIDE_THE_CORPUS)
def test_nothing_is_written_into_the_corpus(argv, environ):
    with pytest.raises(ValueError, match="inside the corpus folder"):
        store.source_from_args(argv, environ)


@pytest.mark.parametrize("data_dir", ["/cd", "/d", "/"])
def test_a_data_folder_beside_or_above_the_corpus_is_fine(data_dir):
    assert store.source_from_args(["--corpus", "/c", "--data-dir", data_dir], {}).data_dir == Path(data_dir)


def test_a_linked_data_folder_into_the_corpus_is_refused(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "corpus")
    with pytest.raises(ValueError, match="inside the corpus"):
        store.source_from_args(["--corpus", str(tmp_path / "corpus"), "--data-dir", str(tmp_path / "link")], {})


def test_folders_and_collections(tmp_path):
    assert store.Source("sample", SAMPLE, tmp_path).folders() == [SAMPLE]
    assert store.Source("corpus", tmp_path, tmp_path / "d").folders() == [tmp_path]
    assert store.Source("table", tmp_path / "t.csv", tmp_path).folders() == []
    assert store.Source("sample", SAMPLE, tmp_path).collection == "sample"
    assert store.Source("corpus", tmp_path / "x" / "..", tmp_path).collection == f"corpus:{tmp_path}"
    assert store.Source("table", Path("t.csv"), tmp_path).collection == f"table:{Path.cwd() / 't.csv'}"


# --------------------------------------------------------------------------
# Tables


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_load_table(tmp_path, suffix):
    path = tmp_path / f"t{suffix}"
    write_table(table([row(doc="a.txt", start=1), row(doc="a.txt", start=9), row(doc="b.txt", region="乙县")]), path)
    ds = store.load(store.Source("table", path, tmp_path))
    assert list(ds.mentions.columns) == list(COLUMN_NAMES) and len(ds.mentions) == 3
    docs = ds.documents.set_index("doc")
    assert docs.loc["a.txt", "mentions"] == 2 and docs.loc["b.txt", "region"] == "乙县"
    assert docs["path"].isna().all() and ds.problems.empty
    assert list(ds.documents["doc"]) == ["a.txt", "b.txt"]


def test_parquet_table_reads_repeating_strings_as_categoricals(tmp_path):
    from dashboard.frame import prepare_mentions

    rows = [row(doc="b.txt", start=1, indicator=""), row(doc="a.txt", start=9, text="6.5%"), row(doc="a.txt", region="乙县")]
    write_table(table(rows), tmp_path / "t.parquet")
    write_table(table(rows), tmp_path / "t.csv")
    fast = store.load_table(tmp_path / "t.parquet").mentions
    assert isinstance(fast["region"].dtype, pd.CategoricalDtype) and isinstance(fast["text"].dtype, pd.StringDtype)
    a = prepare_mentions(fast)
    b = prepare_mentions(store.load_table(tmp_path / "t.csv").mentions)
    for col in a.columns:  # the same values either way
        assert a[col].astype(object).where(a[col].notna(), None).tolist() == \
            b[col].astype(object).where(b[col].notna(), None).tolist(), col


def test_parquet_table_without_a_column_names_it(tmp_path):
    path = tmp_path / "t.parquet"
    table([row()]).drop(columns=["sentence"]).to_parquet(path)
    with pytest.raises(ValueError, match="sentence"):
        store.load_table(path)


@pytest.mark.parametrize("name, content, match", [
    ("missing.parquet", None, "no such file"),
    ("broken.parquet", b"not parquet", "broken.parquet"),
    ("table.xlsx", b"x", "csv or .parquet"),
    ("empty.csv", b"", "empty.csv"),
    ("columns.csv", "a,b\n1,2\n".encode(), "lacks column"),
])
def test_bad_tables_raise_value_error_naming_the_file(tmp_path, name, content, match):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=match):
        store.load_table(path)


# --------------------------------------------------------------------------
# Folders and the cache


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "甲县_2021_政府工作报告.txt").write_text(
        "甲县2021年政府工作报告\n一、2020年工作回顾\n全县地区生产总值增长6.5%，城镇新增就业5600人。\n"
        "二、2021年工作安排\n地区生产总值增长7%左右。\n", encoding="utf-8")
    (folder / "乙县_2022_政府工作报告.txt").write_text(
        "乙县2022年政府工作报告\n过去一年，全县地区生产总值增长5.8%。\n", encoding="utf-8")
    (folder / "MANIFEST.csv").write_text(
        "file,region,province,year\n甲县_2021_政府工作报告.txt,甲县,甲省,2021\n乙县_2022_政府工作报告.txt,乙县,乙省,2022\n",
        encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a docx")
    return folder


def test_corpus_is_extracted_then_cached(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    src = store.Source("corpus", corpus, corpus, tmp_path / "cache")
    first = store.load(src)
    assert not first.cached and len(first.mentions) >= 3
    assert set(first.documents["doc"]) == {"甲县_2021_政府工作报告.txt", "乙县_2022_政府工作报告.txt"}
    assert "broken.docx" in set(first.problems["doc"])
    assert set(first.documents["province"]) == {"甲省", "乙省"}  # from the manifest
    second = store.load(src)
    assert second.cached
    pd.testing.assert_frame_equal(first.mentions, second.mentions)
    pd.testing.assert_frame_equal(first.documents, second.documents)
    assert second.problems["doc"].tolist() == first.problems["doc"].tolist()


def test_a_changed_file_invalidates_the_cache(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    src = store.Source("corpus", corpus, corpus, tmp_path / "cache")
    store.load(src)
    path = corpus / "乙县_2022_政府工作报告.txt"
    path.write_text(path.read_text(encoding="utf-8") + "城镇新增就业4200人。\n", encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    again = store.load(src)
    assert not again.cached and "4200人" in set(again.mentions["text"])


def test_a_new_file_invalidates_the_cache(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    src = store.Source("corpus", corpus, corpus, tmp_path / "cache")
    store.load(src)
    (corpus / "丙县_2022_政府工作报告.txt").write_text("全县发展党员45名。", encoding="utf-8")
    assert not store.load(src).cached


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing", "a file"])
def test_a_broken_cache_is_rebuilt_and_rewritten(tmp_path, damage):
    corpus = write_corpus(tmp_path / "corpus")
    src = store.Source("corpus", corpus, tmp_path / "data", tmp_path / "cache")
    store.load(src)
    [folder] = [p for p in (tmp_path / "cache").iterdir() if p.name.startswith("extraction-")]
    part = folder / "mentions.parquet"
    if damage == "garbage":
        part.write_bytes(b"garbage")
    elif damage == "truncated":
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    elif damage == "missing":
        part.unlink()
    else:
        import shutil

        shutil.rmtree(folder)
        folder.write_bytes(b"not a folder")
    again = store.load(src)
    assert not again.cached and len(again.mentions) >= 3
    third = store.load(src)  # healed: the next start reads the cache again
    assert third.cached and len(third.mentions) == len(again.mentions)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [folder.name]  # nothing left beside it


def test_folder_signature_notices_added_changed_and_removed_files(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    src = store.Source("corpus", corpus, tmp_path / "data")
    first = store.folder_signature(src)
    assert store.folder_signature(src) == first
    (corpus / "丙县_2022_政府工作报告.txt").write_text("全县发展党员45名。", encoding="utf-8")
    added = store.folder_signature(src)
    path = corpus / "甲县_2021_政府工作报告.txt"
    path.write_text(path.read_text(encoding="utf-8") + "。", encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    changed = store.folder_signature(src)
    (corpus / "丙县_2022_政府工作报告.txt").unlink()
    removed = store.folder_signature(src)
    assert len({first, added, changed, removed}) == 4


def test_folder_signature_of_a_table_follows_its_file(tmp_path):
    path = tmp_path / "t.csv"
    write_table(table([row()]), path)
    src = store.Source("table", path, tmp_path / "data")
    before = store.folder_signature(src)
    write_table(table([row(), row(start=9)]), path)
    assert store.folder_signature(src) != before


def test_no_cache_dir_means_no_cache(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    src = store.Source("corpus", corpus, corpus, None)
    assert not store.load(src).cached and not store.load(src).cached


def test_a_missing_corpus_folder_raises(tmp_path):
    with pytest.raises(ValueError, match="no such folder"):
        store.load(store.Source("corpus", tmp_path / "nope", tmp_path, None))


def test_a_broken_manifest_is_a_problem_not_a_failure(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "MANIFEST.csv").write_text("region,year\n甲县,x\n", encoding="utf-8")
    ds = store.load(store.Source("corpus", corpus, corpus, None))
    assert "MANIFEST.csv" in set(ds.problems["doc"]) and len(ds.documents) == 2


def test_the_sample_opens_fast_the_second_time(tmp_path):
    src = store.Source("sample", SAMPLE, tmp_path / "no_uploads", tmp_path / "cache")
    first = store.load(src)
    started = time.perf_counter()
    second = store.load(src)
    assert second.cached and time.perf_counter() - started < 1.0
    assert len(first.documents) >= 30 and len(first.mentions) > 500 and first.problems.empty
    assert first.mentions["province"].notna().all()


# --------------------------------------------------------------------------
# Uploads


@pytest.mark.parametrize("name, taken, expected", [
    ("a.txt", [], "a.txt"),
    ("a.txt", ["a.txt"], "a (2).txt"),
    ("a.txt", ["a.txt", "a (2).txt"], "a (3).txt"),
    ("报告.docx", ["报告.docx"], "报告 (2).docx"),
    ("noext", ["noext"], "noext (2)"),
])
def test_free_name(name, taken, expected):
    assert store.free_name(name, taken) == expected


@pytest.mark.parametrize("raw, expected", [
    ("a.txt", "a.txt"), ("../../etc/passwd.txt", "passwd.txt"), ("C:\\x\\y.txt", "y.txt"),
    (".hidden.txt", "hidden.txt"), ("a\x00b.txt", "ab.txt"), ("", "upload.txt"), ("..", "upload.txt"),
    ("/etc/cron.d/x.txt", "x.txt"), ("<script>alert(1)</script>.txt", "script>.txt"),
    ("<b>报告</b>.txt", "b>.txt"), ("a" * 300 + ".docx", "a" * 115 + ".docx"), ("\x00\x00", "upload.txt"),
])
def test_safe_name(raw, expected):
    assert store.safe_name(raw) == expected


GOOD = ("甲县_2023_政府工作报告.txt", "2022年，全县地区生产总值增长6.5%，城镇新增就业5600人。".encode())
# (name, data, words the problem should contain)
BAD = [
    ("binary.txt", bytes(range(256)) * 20, ""),
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n ", "empty"),
    ("broken.docx", b"PK\x03\x04 nope", ""),
    ("broken.pdf", b"%PDF-1.4 nope", ""),
    ("macro.exe", b"MZ", "unsupported"),
    ("big.txt", b"a" * 2048, "limit"),
]


@pytest.mark.parametrize("name, data, words", BAD, ids=[b[0] for b in BAD])
def test_a_bad_upload_is_a_problem_naming_it_and_the_rest_load(name, data, words):
    ds = store.extract_uploads([(name, data), GOOD], max_bytes=1024)
    assert ds.problems["doc"].tolist() == [name]
    assert words in ds.problems["reason"].iloc[0]
    assert list(ds.texts) == [GOOD[0]] and len(ds.mentions) >= 2
    assert set(ds.mentions["doc"]) == {GOOD[0]}


def test_upload_names_already_used_get_a_suffix():
    ds = store.extract_uploads([GOOD, GOOD], taken={GOOD[0]})
    assert list(ds.texts) == ["甲县_2023_政府工作报告 (2).txt", "甲县_2023_政府工作报告 (3).txt"]
    assert set(ds.documents["doc"]) == set(ds.texts)


def test_upload_offsets_point_into_the_kept_text():
    ds = store.extract_uploads([GOOD])
    text = ds.texts[GOOD[0]]
    for m in ds.mentions.itertuples():
        assert text[m.start:m.end] == m.text


def test_no_uploads():
    ds = store.extract_uploads([])
    assert ds.mentions.empty and ds.documents.empty and ds.problems.empty and list(ds.mentions.columns) == list(COLUMN_NAMES)
