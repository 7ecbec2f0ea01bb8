"""Rows gathered as columns and written per batch: the CSV is byte for byte
what `extract.tabular.write_csv` writes for the same rows (formula cells
neutralised alike), the parquet holds the same table, in row groups of about
the writer's size, however the rows are cut into batches."""
import dataclasses
import functools
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract import tabular
from extract.columnar import Columns, arrow_schema, csv_text, record_batch
from extract.ingest import read_document
from extract.pipeline import extract_document
from extract.manifest import hint_from_file_name
from extract.table import TableWriter, frame_of

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@functools.lru_cache(maxsize=1)
def _sample():
    return tuple(_read_sample())


def sample_mentions():
    return list(_sample())


def _read_sample():
    out = []
    for path in sorted(SAMPLE.glob("*.txt")):
        out.extend(extract_document(read_document(path), hint_from_file_name(path.name))[1])
    return out


def edge_mentions():
    """Cells that test the writer: formula starts, line breaks, quotes, commas, empty and odd numbers."""
    base = sample_mentions()[0]
    texts = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@x", "\t80万", "\r=1+1", "\n换行", "'=已转义",
             'say "quoted"', "a,b", "", "普通文字"]
    numbers = [None, 0.0, -0.0, 0.1, 1e16, 1.5e-5, 123456789012345678.0, float("nan"), float("inf"), 5.0, -3.1, 808e4]
    return [dataclasses.replace(base, label=t, sentence=t + "。", text=t or "5个", region=None if i % 3 else t,
                                value=v, high=None if i % 2 else v, year=None if i % 4 else 2020,
                                placeholder=bool(i % 2), start=100_000 + i, end=100_005 + i)
            for i, (t, v) in enumerate(zip(texts, numbers))]


def old_csv(mentions) -> bytes:
    """The table as `extract.tabular` writes a frame of it (the writer before batches)."""
    buffer = io.StringIO()
    tabular.write_csv(frame_of(mentions), buffer)
    return buffer.getvalue().encode(tabular.CSV_ENCODING)


ROWS = [
    pytest.param(sample_mentions, id="sample corpus"),
    pytest.param(edge_mentions, id="formula starts, line breaks, quotes, odd numbers"),
    pytest.param(lambda: [], id="no rows: the header alone"),
]


def write_in_batches(path, mentions, size, **kwargs):
    with TableWriter(path, **kwargs) as writer:
        for i in range(0, len(mentions), size):
            cols = Columns()
            cols.extend(mentions[i:i + size])
            writer.write_columns(cols.data)
    return path


@pytest.mark.parametrize("make", ROWS)
@pytest.mark.parametrize("size", [1, 7, 100_000], ids=["row by row", "batches of 7", "one batch"])
def test_csv_is_byte_identical_to_the_frame_writer(tmp_path, make, size):
    mentions = make()
    assert write_in_batches(tmp_path / "t.csv", mentions, size).read_bytes() == old_csv(mentions)


@pytest.mark.parametrize("make", ROWS)
def test_parquet_holds_the_frame_writers_table(tmp_path, make):
    mentions = make()
    table = pq.read_table(write_in_batches(tmp_path / "t.parquet", mentions, 5))
    expected = pa.Table.from_pandas(frame_of(mentions), schema=arrow_schema(), preserve_index=False)
    assert table.equals(expected.replace_schema_metadata(None))


def test_row_groups_are_gathered_to_the_writers_size(tmp_path):
    mentions = sample_mentions()[:230]
    path = write_in_batches(tmp_path / "t.parquet", mentions, 40, row_group_rows=100)
    meta = pq.ParquetFile(path).metadata
    groups = [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
    assert groups == [120, 110]   # three batches of 40 reach 100; the rest closes the file


def test_a_batch_keeps_its_columns_in_order():
    mentions = edge_mentions()
    cols = Columns()
    cols.extend(mentions)
    batch = record_batch(cols.data)
    assert batch.schema.names == list(cols.schema.names) and batch.num_rows == len(mentions)
    assert batch.column("value").null_count == 2          # None and NaN: both empty, as pandas has them
    assert csv_text(cols.data, header=False).count("\r\n") >= len(mentions)
