"""Mentions gathered as columns, a chunk of documents at a time, and those
columns as CSV text or an Arrow record batch.

This is the table stage's fast path: no DataFrame per document. The CSV is
byte-identical to `extract.tabular.write_csv` of the same rows (pandas writes
through the same `csv` module: floats as ``repr``, NA as an empty cell,
booleans as True/False), with every text cell neutralised the same way.

>>> from extract.model import Schema, column
>>> two = Schema([column("label"), column("value")])
>>> csv_text({"label": ["=1+1", "人数"], "value": [5.0, float("nan")]}, two)
"label,value\\r\\n'=1+1,5.0\\r\\n人数,\\r\\n"
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from operator import attrgetter
from typing import Iterable, Sequence

from .cells import CSV_LINE_END, ESCAPED_STARTS as _ESCAPED, neutralise
from .model import ARROW_TYPES, MENTION_SCHEMA, Schema


class Columns:
    """Rows of one table as one list per column, in the schema's order."""

    def __init__(self, schema: Schema = MENTION_SCHEMA):
        self.schema = schema
        self.data: dict[str, list] = {name: [] for name in schema.names}
        self._get = attrgetter(*schema.names)

    def extend(self, records: Iterable) -> None:
        """Append records (model dataclasses)."""
        rows = [self._get(r) for r in records]
        if rows:
            for values, name in zip(zip(*rows), self.schema.names):
                self.data[name].extend(values)

    def __len__(self) -> int:
        return len(self.data[self.schema.names[0]])

    def take(self, index: Sequence[int]) -> dict[str, list]:
        """The rows at these positions, as columns."""
        return {name: [values[i] for i in index] for name, values in self.data.items()}


def _safe(values: list, dtype: str) -> list:
    """One column as a CSV cell list: text neutralised, NaN empty as pandas writes it."""
    if dtype == "string":
        return [neutralise(v) if v.__class__ is str and v.startswith(_ESCAPED) else v for v in values]
    if dtype == "Float64":
        return [None if v is not None and v != v else v for v in values]
    return values


def csv_text(columns: dict[str, list], schema: Schema = MENTION_SCHEMA, header: bool = True) -> str:
    """Columns as CSV text (CRLF line ends, cells made safe), optionally with the header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    if header:
        writer.writerow(schema.names)
    writer.writerows(zip(*(_safe(columns[c.name], c.dtype) for c in schema)))
    return out.getvalue()


@lru_cache(maxsize=None)
def arrow_schema(schema: Schema = MENTION_SCHEMA):
    """The table's Arrow schema: each column's pandas dtype as the Arrow type parquet stores."""
    import pyarrow as pa

    return pa.schema([(c.name, ARROW_TYPES[c.dtype]) for c in schema])


def record_batch(columns: dict[str, list], schema: Schema = MENTION_SCHEMA, names: Sequence[str] | None = None):
    """Columns as an Arrow record batch with the schema's types (``names``: only these columns)."""
    import pyarrow as pa

    full = arrow_schema(schema)
    fields = [full.field(n) for n in (names if names is not None else schema.names)]
    arrays = [pa.array(_safe(columns[f.name], schema.dtypes[f.name]) if f.type == pa.float64()
                       else columns[f.name], type=f.type) for f in fields]
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields))
