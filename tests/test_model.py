"""One model, one schema: every table's columns come from `extract.model`,
and no production module spells a column list of its own (so a column added
to the model reaches every writer, reader and view, or a test here fails)."""
import ast
from pathlib import Path

import pandas as pd
import pytest

from dashboard.frame import prepare_mentions
from extract import store, tabular
from extract.model import DOCUMENT_SCHEMA, MENTION_SCHEMA, PROBLEM_SCHEMA, Mention
from extract.table import arrow_schema, frame_of, read_table, write_table

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = [p for d in ("extract", "dashboard", "views") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]
MENTION = Mention(doc="a.txt", region="丹东市", province="辽宁省", region_level="city", region_code="210600",
                  doc_year=2021, year=2020, period=None, estimate=True,
                  kind="actual", indicator="gdp_growth", label="地区生产总值", value=-3.0, high=None, unit="%",
                  qualifier="exact", placeholder=False, text="-3%", sentence="地区生产总值增长-3%。", start=8, end=11)


def _literal_lists(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List)) and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            yield node.lineno, [e.value for e in node.elts]


@pytest.mark.parametrize("schema", [MENTION_SCHEMA, DOCUMENT_SCHEMA], ids=["mentions", "documents"])
@pytest.mark.parametrize("path", PRODUCTION, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_restates_the_columns(path, schema):
    # a purposeful choice of a few columns (what a search reads) is fine; a copy of the list is not
    names = set(schema.names)
    for line, items in _literal_lists(path):
        restated = len(set(items) & names) >= 0.7 * len(names)
        assert not restated, f"{path.name}:{line} lists the columns itself: {items}"


def test_every_column_has_a_meaning_and_an_example_type():
    for schema in (MENTION_SCHEMA, DOCUMENT_SCHEMA, PROBLEM_SCHEMA):
        for c in schema:
            assert c.doc and c.dtype in ("string", "Int64", "Float64", "boolean"), c


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_every_column_survives_a_file(tmp_path, suffix):
    frame = frame_of([MENTION])
    write_table(frame, tmp_path / f"t{suffix}")
    back = read_table(tmp_path / f"t{suffix}")
    assert list(back.columns) == list(MENTION_SCHEMA.names)
    pd.testing.assert_frame_equal(back, frame)


def test_every_column_reaches_the_parquet_schema_the_store_and_the_app(tmp_path):
    assert arrow_schema().names == list(MENTION_SCHEMA.names)
    write_table(frame_of([MENTION]), tmp_path / "t.parquet")
    assert list(store.read_parquet_fast(tmp_path / "t.parquet").columns) == list(MENTION_SCHEMA.names)
    assert list(prepare_mentions(frame_of([MENTION])).columns) == list(MENTION_SCHEMA.names)


def test_every_column_reaches_the_downloads():
    header = tabular.to_csv_bytes(frame_of([MENTION])).decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == list(MENTION_SCHEMA.names)


def test_a_column_is_typed_from_its_field():
    assert MENTION_SCHEMA["year"].dtype == "Int64" and MENTION_SCHEMA["year"].nullable
    assert MENTION_SCHEMA["start"].dtype == "Int64" and not MENTION_SCHEMA["start"].nullable
    assert MENTION_SCHEMA["kind"].repeats and not MENTION_SCHEMA["sentence"].repeats
