"""The table's columns and dtypes survive CSV and parquet, and a failed write
leaves the old file as it was."""
import pandas as pd
import pytest

from extract.table import COLUMN_NAMES, TableWriter, conform, read_table, to_frame, write_table

ROWS = [
    {"doc": "a.txt", "region": "丹东市", "province": "辽宁省", "region_level": "city", "doc_year": 2021,
     "year": 2020, "kind": "actual", "indicator": "gdp", "label": "地区生产总值", "value": 81560000000.0,
     "high": None, "unit": "元", "qualifier": "exact", "placeholder": False, "text": "815.6亿元",
     "sentence": "地区生产总值815.6亿元。", "start": 10, "end": 17},
    {"doc": "a.txt", "region": None, "province": None, "region_level": None, "doc_year": None,
     "year": None, "kind": "target", "indicator": None, "label": "=SUM(A1)", "value": None,
     "high": None, "unit": "个", "qualifier": "exact", "placeholder": True, "text": "×个",
     "sentence": "覆盖×个街道", "start": 2, "end": 4},
]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_round_trip(tmp_path, suffix):
    frame = to_frame(ROWS)
    write_table(frame, tmp_path / f"t{suffix}")
    pd.testing.assert_frame_equal(read_table(tmp_path / f"t{suffix}"), frame)


def test_columns_are_declared_once_and_in_order():
    assert list(to_frame([]).columns) == list(COLUMN_NAMES)


def test_missing_column_is_named():
    with pytest.raises(ValueError, match="unit"):
        conform(to_frame(ROWS).drop(columns=["unit"]))


def test_an_aborted_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with TableWriter(target) as w:
            w.write(to_frame(ROWS))
            raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("name", ["t.xlsx", "t"])
def test_unknown_suffix_is_refused(tmp_path, name):
    with pytest.raises(ValueError, match=name):
        write_table(to_frame(ROWS), tmp_path / name)
