"""The shapes that flow through the pipeline, and the tables made of them.

A `Document` is what ingest read; a `Problem` is a file it could not read; a
`Mention` is one figure with everything the table says of it; a
`DocumentRecord` is one row of the documents table. Each table's schema
(column names, pandas dtypes, meaning, example) is derived here from the
dataclass fields, so a column exists in one place only: the extractor, the
writers, the store and the dashboard all take their columns from
`MENTION_SCHEMA`, `DOCUMENT_SCHEMA` and `PROBLEM_SCHEMA`.

No pandas here: the command line must be able to start without it.

>>> [c.name for c in MENTION_SCHEMA][:4]
['doc', 'region', 'province', 'region_level']
>>> column("value").dtype, column("placeholder").dtype
('Float64', 'boolean')
"""
from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Iterable

__all__ = ["Column", "Hint", "Document", "Problem", "Mention", "DocumentRecord", "Schema",
           "MENTION_SCHEMA", "DOCUMENT_SCHEMA", "PROBLEM_SCHEMA", "column"]

# Python type of a field → the pandas dtype of its column (nullable ones throughout,
# so an empty cell is <NA>, never a float NaN in an integer column).
_DTYPE_OF = {str: "string", int: "Int64", float: "Float64", bool: "boolean"}
# pandas dtype → the Arrow type name a parquet file stores it as.
ARROW_TYPES = {"string": "string", "Int64": "int64", "Float64": "float64", "boolean": "bool"}


@dataclass(frozen=True)
class Column:
    """One column of a table, as every writer and reader sees it."""

    name: str
    dtype: str        # pandas dtype: string, Int64, Float64, boolean
    doc: str          # what the column means (README and codebook)
    example: str      # a typical value, as text
    repeats: bool     # few distinct values: stored as a dictionary / categorical
    nullable: bool    # may be empty


def _col(doc: str, example: str = "", repeats: bool = False):
    """A dataclass field that is a table column."""
    return field(metadata={"doc": doc, "example": example, "repeats": repeats})


class Schema(tuple):
    """The columns of one table, in order; `names` and `dtypes` derived once."""

    names: tuple[str, ...]
    dtypes: dict[str, str]

    def __new__(cls, columns: Iterable[Column]):
        self = super().__new__(cls, tuple(columns))
        self.names = tuple(c.name for c in self)
        self.dtypes = {c.name: c.dtype for c in self}
        return self

    def __getitem__(self, key):
        if isinstance(key, str):
            for c in self:
                if c.name == key:
                    return c
            raise KeyError(key)
        return super().__getitem__(key)


def _schema(cls) -> Schema:
    hints = typing.get_type_hints(cls)
    columns = []
    for f in dataclasses.fields(cls):
        if "doc" not in f.metadata:
            continue
        kind = hints[f.name]
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        base = args[0] if args else kind
        if base not in _DTYPE_OF:
            raise TypeError(f"{cls.__name__}.{f.name}: no column type for {kind}")
        columns.append(Column(f.name, _DTYPE_OF[base], f.metadata["doc"], f.metadata["example"],
                              f.metadata["repeats"], nullable=type(None) in typing.get_args(kind)))
    return Schema(columns)


# --------------------------------------------------------------------------
# What ingest gives


@dataclass(frozen=True)
class Hint:
    """What a file name or manifest row says about a document."""

    region: str | None = None
    year: int | None = None
    doctype: str | None = None
    province: str | None = None


@dataclass(frozen=True)
class Document:
    """One document's text as read; every offset downstream refers to ``text``.

    ``notes`` says what ingest repaired to read it, as sentences for the user
    (``"12 bad bytes replaced, 2 NUL bytes dropped"``); empty for a clean file.
    """

    doc: str
    text: str
    path: str = ""
    fmt: str = "txt"
    encoding: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A file that was not read, and why, as a sentence for the user."""

    doc: str = _col("the file's name", "报告.doc", repeats=True)
    path: str = _col("where the file is", "reports/报告.doc")
    reason: str = _col("why it was not read", "unsupported file type .doc (save it as .docx)")


# --------------------------------------------------------------------------
# What extraction gives


@dataclass(frozen=True, slots=True)
class Mention:
    """One figure: a number with its unit, what it counts, where and when, and its source."""

    doc: str = _col("the document's file name", "丹东市_2021_政府工作报告.txt", repeats=True)
    region: str | None = _col("the place the document (or its section) speaks for, official name",
                              "丹东市", repeats=True)
    province: str | None = _col("the province of that place, when known", "辽宁省", repeats=True)
    region_level: str | None = _col("province, city, district or county; empty when unknown",
                                    "city", repeats=True)
    region_code: str | None = _col("the place's 6-digit administrative division code (today's); empty when "
                                   "the division table does not hold the place", "210600", repeats=True)
    doc_year: int | None = _col("the document's own year (title, front matter, first lines, file name)",
                                "2021")
    year: int | None = _col("the single year the figure refers to; empty for a figure over several years "
                            "(see period) or when the text does not say", "2020")
    period: str | None = _col("the span a figure counts over (累计, 年均, 过去五年, 十三五期间), as first-last "
                              "year where the text tells; empty for a one-year figure", "2016-2020", repeats=True)
    kind: str = _col("actual (a result or estimate) or target (planned, required)", "actual", repeats=True)
    estimate: bool = _col("true when the text says the figure is preliminary (预计, 初步核算, 快报): it may be "
                          "revised, and the next year's report gives the final one", "False")
    indicator: str | None = _col("canonical indicator id from the catalog; empty when none fits",
                                 "gdp_growth", repeats=True)
    label: str = _col("the words that say what is counted", "地区生产总值", repeats=True)
    value: float | None = _col("the number in plain units (万/亿 folded in); empty for a placeholder", "6.5")
    high: float | None = _col("the high end of a range; empty otherwise", "")
    unit: str = _col("the measure word, magnitude removed", "%", repeats=True)
    qualifier: str = _col("exact, over, about, under or range", "exact", repeats=True)
    placeholder: bool = _col("true when the number was anonymised (×个, X名) and has no value", "False")
    text: str = _col("the mention exactly as in the document", "6.5%")
    sentence: str = _col("the sentence the mention stands in", "地区生产总值增长6.5%。")
    start: int = _col("offset of the mention's first character in the document text", "1532")
    end: int = _col("offset just past the mention's last character", "1536")


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """One row of the documents table: a document read and what was found of it."""

    doc: str = _col("the document's file name", "丹东市_2021_政府工作报告.txt", repeats=True)
    path: str | None = _col("where the file is; empty for a table read without its files", "corpus/丹东市_2021.txt")
    region: str | None = _col("the place the document speaks for", "丹东市", repeats=True)
    province: str | None = _col("the province of that place", "辽宁省", repeats=True)
    region_level: str | None = _col("province, city, district or county", "city", repeats=True)
    region_code: str | None = _col("the place's 6-digit division code", "210600", repeats=True)
    doc_year: int | None = _col("the document's own year", "2021")
    doctype: str | None = _col("the kind of document, from its name or title", "政府工作报告", repeats=True)
    chars: int | None = _col("length of the text in characters", "52013")
    mentions: int | None = _col("how many mentions were found in it", "412")
    notes: str | None = _col("what reading it repaired (bad bytes replaced, NUL bytes dropped); empty when nothing",
                             "2 bad bytes replaced")


MENTION_SCHEMA: Schema = _schema(Mention)
DOCUMENT_SCHEMA: Schema = _schema(DocumentRecord)
PROBLEM_SCHEMA: Schema = _schema(Problem)


def column(name: str) -> Column:
    """The mention table's column of that name; KeyError when there is none."""
    return MENTION_SCHEMA[name]


def rows_of(records: Iterable, schema: Schema) -> list[tuple]:
    """Records (dataclass instances) as tuples in the schema's column order."""
    get = attrgetter(*schema.names)
    return [get(r) for r in records]
