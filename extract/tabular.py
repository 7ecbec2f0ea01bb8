"""The one formula-safe writer of spreadsheets: CSV and Excel, for the command
line and the app alike, by the cell rules of `extract.cells`.
"""
from __future__ import annotations

import io
import re
from typing import IO, Sequence

import numpy as np
import pandas as pd

from .cells import CSV_ENCODING, CSV_LINE_END, ESCAPED_STARTS as _ESCAPED_STARTS, FORMULA_STARTS, neutralise, restore  # noqa: F401  (re-exported)

EXCEL_MAX_ROWS = 1_048_576 - 1  # one row for the header
EXCEL_MAX_CELL = 32_767


def _is_text(series: pd.Series) -> bool:
    return (isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series.dtype)
            or series.dtype == object)


def _map_text(series: pd.Series, starts: tuple[str, ...], fn) -> pd.Series:
    """Apply `fn` to the text cells beginning with one of `starts`, touching no other cell."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        if not pd.api.types.is_string_dtype(cats.dtype) and cats.dtype != object:
            return series
        risky = cats.astype(str).str.startswith(starts)
        if not risky.any():
            return series
        renamed = [fn(c) if r else c for c, r in zip(cats, risky)]
        if len(set(renamed)) < len(renamed):        # two categories became one: merge them
            return series.astype(object).map(lambda v: fn(v) if isinstance(v, str) else v).astype("category")
        return series.cat.rename_categories(renamed)
    if not _is_text(series):
        return series
    as_text = series.astype("string") if series.dtype == object else series
    risky = as_text.str.startswith(starts).to_numpy(dtype=bool, na_value=False)
    if not risky.any():
        return series
    out = series.astype(object).copy()
    out[risky] = [fn(v) for v in out[risky]]
    return out if series.dtype == object else out.astype(series.dtype)


def safe_frame(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The columns (all by default) with every text cell neutralised."""
    columns = list(frame.columns) if columns is None else [c for c in columns if c in frame.columns]
    return pd.DataFrame({c: _map_text(frame[c], _ESCAPED_STARTS, neutralise) for c in columns},
                        index=frame.index)


def restored_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read back from our CSV with every neutralised cell as it was."""
    return pd.DataFrame({c: _map_text(frame[c], ("'",), restore) for c in frame.columns}, index=frame.index)


def _cut(series: pd.Series) -> pd.Series:
    """Text cells cut to what a spreadsheet cell holds (Excel: 32,767 characters, a leading ``'`` included)."""
    limit = EXCEL_MAX_CELL - 1
    texts = pd.Series(series.cat.categories) if isinstance(series.dtype, pd.CategoricalDtype) else series
    if not _is_text(texts) or not (texts.astype("string").str.len() > limit).any():
        return series
    return series.astype(object).map(lambda v: v[:limit] if isinstance(v, str) else v)


def write_csv(frame: pd.DataFrame, handle: IO[str], header: bool = True) -> None:
    """Append rows to an open text file (opened with ``newline=""``), cells made safe and cut to a cell's size."""
    cut = pd.DataFrame({c: _cut(frame[c]) for c in frame.columns}, index=frame.index)
    safe_frame(cut).to_csv(handle, index=False, header=header, lineterminator=CSV_LINE_END)


def to_csv_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bytes:
    """The rows as CSV bytes, UTF-8 with BOM, cells made safe."""
    buffer = io.StringIO()
    write_csv(frame if columns is None else frame[[c for c in columns if c in frame.columns]], buffer)
    return buffer.getvalue().encode(CSV_ENCODING)


# --------------------------------------------------------------------------
# Excel: the sheets' XML written column by column (Arrow string kernels, no Python per cell)
# and streamed into the zip in chunks of rows, so a big table neither waits on a cell-by-cell
# writer nor holds its whole XML in memory. Text is inline (no shared-strings table), cells
# carry no reference (a row's cells are in order; an empty one is ``<c/>``).

_CHUNK_ROWS = 20_000
_EMPTY = "<c/>"
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ILLEGAL_PATTERN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{fffe}\x{ffff}]"
_FORMULA_PATTERN = "^['=+\\-@\\t\\r\\n]"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


def _text_cells(values) -> "pa.Array":
    """Arrow strings → inline-string cells: illegal characters dropped, cut, made safe, escaped."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values, type=pa.string(), from_pandas=True) if not isinstance(values, pa.Array) else values
    arr = pc.replace_substring_regex(arr, _ILLEGAL_PATTERN, "")
    arr = pc.utf8_slice_codeunits(arr, 0, EXCEL_MAX_CELL - 1)
    arr = pc.if_else(pc.match_substring_regex(arr, _FORMULA_PATTERN), pc.binary_join_element_wise("'", arr, ""), arr)
    for old, new in _XML_ESCAPES:
        arr = pc.replace_substring(arr, old, new)
    cells = pc.binary_join_element_wise('<c t="inlineStr"><is><t xml:space="preserve">', arr, "</t></is></c>", "")
    return pc.fill_null(cells, _EMPTY)


def _number_cells(series: pd.Series) -> "pa.Array":
    import pyarrow as pa
    import pyarrow.compute as pc

    if pd.api.types.is_integer_dtype(series.dtype):
        arr = pa.array(series, type=pa.int64(), from_pandas=True)
    else:
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        arr = pa.array(values, type=pa.float64(), mask=~np.isfinite(values))
    cells = pc.binary_join_element_wise("<c><v>", pc.cast(arr, pa.string()), "</v></c>", "")
    return pc.fill_null(cells, _EMPTY)


def _cells(series: pd.Series) -> "pa.Array":
    """One column as cell XML: numbers as numbers, booleans as booleans, everything else as safe text."""
    import pyarrow as pa

    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = series.cat.categories
        if pd.api.types.is_numeric_dtype(cats.dtype):
            return _number_cells(series.astype(cats.dtype))
        per_category = _text_cells(pa.array([str(c) for c in cats], type=pa.string())).to_pylist() + [_EMPTY]
        codes = series.cat.codes.to_numpy()
        return pa.array(np.asarray(per_category, dtype=object)[codes], type=pa.string())
    if pd.api.types.is_bool_dtype(series.dtype):
        flags = series.astype("boolean")
        out = np.where(flags.fillna(False).to_numpy(dtype=bool), '<c t="b"><v>1</v></c>', '<c t="b"><v>0</v></c>')
        out = np.where(flags.isna().to_numpy(), _EMPTY, out)
        return pa.array(out.astype(object), type=pa.string())
    if pd.api.types.is_numeric_dtype(series.dtype):
        return _number_cells(series)
    values = series.astype(object).where(series.notna(), None)
    texts = [None if v is None else v if isinstance(v, str) else _plain_text(v) for v in values]
    return _text_cells(texts)


def _plain_text(value) -> str | None:
    """A non-string object in a text column (a number, a tuple) as its text; NaN as nothing."""
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return repr(value.item() if hasattr(value, "item") else value)
    return str(value)


def _sheet_rows(frame: pd.DataFrame, header: Sequence[str]):
    """The sheet's rows as XML text, a chunk at a time (the header row first)."""
    import pyarrow.compute as pc

    head = _text_cells([str(h) for h in header]).to_pylist()
    yield '<row s="1">' + "".join(c.replace("<c ", '<c s="1" ', 1) for c in head) + "</row>"
    part = frame.iloc[:EXCEL_MAX_ROWS]
    for first in range(0, len(part), _CHUNK_ROWS):
        chunk = part.iloc[first:first + _CHUNK_ROWS]
        if not len(chunk.columns):
            yield "<row/>" * len(chunk)
            continue
        rows = pc.binary_join_element_wise("<row>", *[_cells(chunk[c]) for c in chunk.columns], "</row>", "")
        yield "".join(rows.to_pylist())


def _sheet_xml(frame: pd.DataFrame, header: Sequence[str], widths: Sequence[float]):
    yield (f'{_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView workbookViewId="0">'
           '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/>')
    if widths:
        yield "<cols>" + "".join(f'<col min="{n}" max="{n}" width="{w:.1f}" customWidth="1"/>'
                                 for n, w in enumerate(widths, start=1)) + "</cols>"
    yield "<sheetData>"
    yield from _sheet_rows(frame, header)
    yield "</sheetData></worksheet>"


def _widths(frame: pd.DataFrame, header: Sequence[str]) -> list[float]:
    """Column widths from the header and the first rows' text (CJK characters count double), within 8–60."""
    sample = frame.iloc[:200]
    out = []
    for name, column in zip(header, sample.columns):
        texts = [str(name)] + [str(v) for v in sample[column].astype(object) if not _missing(v)]
        width = max(sum(2 if ord(ch) > 0x2E7F else 1 for ch in t[:60]) for t in texts) + 2
        out.append(float(min(max(width, 8), 60)))
    return out


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or tuple in a cell
        return False


def workbook_bytes(sheets: Sequence[tuple[str, pd.DataFrame]], headers: Sequence[Sequence[str] | None] | None = None) -> bytes:
    """An .xlsx workbook of one or more sheets (title, frame): a bold, frozen header row, then the rows.

    Each sheet holds at most ``EXCEL_MAX_ROWS`` rows; text cells are made safe
    (``neutralise``) and cut to ``EXCEL_MAX_CELL``; numbers stay numbers.
    """
    import zipfile

    headers = list(headers or [None] * len(sheets))
    titles = _sheet_titles([title for title, _ in sheets])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as book:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
                            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                            for n in range(1, len(sheets) + 1))
        book.writestr("[Content_Types].xml", (
            f'{_HEAD}<Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>"))
        book.writestr("_rels/.rels", (
            f'{_HEAD}<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        sheet_list = "".join(f'<sheet name="{_escape_attr(t)}" sheetId="{n}" r:id="rId{n}"/>'
                             for n, t in enumerate(titles, start=1))
        book.writestr("xl/workbook.xml", f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_list}'
                                         "</sheets></workbook>")
        rels = "".join(f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                       for n in range(1, len(sheets) + 1))
        rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        book.writestr("xl/_rels/workbook.xml.rels", f'{_HEAD}<Relationships xmlns="{_PKG}/relationships">{rels}'
                                                    "</Relationships>")
        book.writestr("xl/styles.xml", (
            f'{_HEAD}<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'))
        for n, ((_, frame), header) in enumerate(zip(sheets, headers), start=1):
            header = list(frame.columns) if header is None else list(header)
            with book.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as out:
                for text in _sheet_xml(frame, header, _widths(frame, header)):
                    out.write(text.encode("utf-8"))
    return buffer.getvalue()


def _sheet_titles(titles: Sequence[str]) -> list[str]:
    """Sheet names Excel accepts: no []:*?/\\, at most 31 characters, unique."""
    out: list[str] = []
    for title in titles:
        name = re.sub(r"[\[\]:*?/\\]", "-", str(title)).strip("'")[:31] or "sheet"
        base, k = name, 2
        while name in out:
            suffix = f" ({k})"
            name, k = base[:31 - len(suffix)] + suffix, k + 1
        out.append(name)
    return out


def _escape_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def to_excel_bytes(frame: pd.DataFrame, columns: Sequence[str] | None = None, sheet: str = "mentions") -> bytes:
    """The rows as an .xlsx workbook of one sheet (the first ``EXCEL_MAX_ROWS``), cells made safe."""
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    return workbook_bytes([(sheet, frame)])
