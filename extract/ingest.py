"""Files → documents: the one place that reads files and copes with bad ones.

A ``Document`` holds the decoded text that every later offset refers to. A
file that cannot be read (broken, binary, empty, too large, of a type we do
not read) raises ``IngestError`` from ``read_document``/``read_bytes``, and
becomes a ``Problem`` in ``iter_documents``, which goes on with the next file.
"""
from __future__ import annotations

import codecs
import io
import logging
import os
import re
import zipfile
from pathlib import Path
from typing import Iterable, Iterator, Union

import charset_normalizer
import docx
import docx.opc.exceptions
import pypdf
import pypdf.errors
from bs4 import BeautifulSoup, Comment
from bs4.dammit import EncodingDetector
from docx.text.paragraph import Paragraph

from .model import Document, Problem

log = logging.getLogger(__name__)

FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
SUPPORTED_SUFFIXES = tuple(FORMATS)
MAX_BYTES = 50 * 1024 * 1024
# Files a corpus folder holds beside its documents; read only when named explicitly.
SKIPPED_NAMES = frozenset({"manifest.csv", "readme", "readme.md", "readme.txt"})
# Share of control characters (or U+FFFD) above which decoded "text" is binary.
MAX_CONTROL_SHARE = 0.01

PathLike = Union[str, "os.PathLike[str]"]


class IngestError(ValueError):
    """A file that cannot be read as a document."""

    def __init__(self, doc: str, reason: str, path: str = ""):
        super().__init__(f"{doc}: {reason}")
        self.doc = doc
        self.reason = reason
        self.path = path


def read_document(path: PathLike, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read one file; raises IngestError when it cannot be read as a document."""
    p = Path(path)
    _check_suffix(p.name, str(p))
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise IngestError(p.name, _too_large(size, max_bytes), str(p))
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(p.name, f"cannot read the file: {e.strerror or e}", str(p)) from None
    return read_bytes(p.name, data, max_bytes=max_bytes, path=str(p))


def read_bytes(name: str, data: bytes, *, max_bytes: int = MAX_BYTES, path: str = "") -> Document:
    """Read a document from memory (e.g. a browser upload); the suffix of ``name`` gives its format."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"read_bytes() needs a file name, not {name!r}")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError(f"read_bytes() needs bytes, not {type(data).__name__}")
    doc = name.replace("\\", "/").rsplit("/", 1)[-1]
    fmt = _check_suffix(doc, path)
    data = bytes(data)
    if len(data) > max_bytes:
        raise IngestError(doc, _too_large(len(data), max_bytes), path)
    if not data:
        raise IngestError(doc, "empty file", path)
    reader = {"txt": _read_text, "md": _read_text, "docx": _read_docx, "pdf": _read_pdf, "html": _read_html}[fmt]
    try:
        text, encoding = reader(data)
    except IngestError as e:
        raise IngestError(doc, e.reason, path) from None
    if not text.strip():
        raise IngestError(doc, "empty document: no text, only white space", path)
    return Document(doc=doc, text=text, path=path, fmt=fmt, encoding=encoding)


def list_files(paths: PathLike | Iterable[PathLike], problems: list[Problem] | None = None) -> list[Path]:
    """The files ``iter_documents`` would read, in order (for progress bars and worker pools).

    Folders are walked recursively in sorted order and give only files with
    a supported suffix, skipping hidden files, Office lock files (~$…),
    MANIFEST.csv and README. A file named explicitly is always listed. A path
    that does not exist is a Problem.
    """
    files: list[Path] = []
    seen: set[Path] = set()
    for item in _as_paths(paths):
        if item.is_dir():
            found = sorted(_walk(item))
        elif item.exists():
            found = [item]
        else:
            _record(problems, Problem(item.name, str(item), "no such file or folder"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def iter_documents(
    paths: PathLike | Iterable[PathLike],
    problems: list[Problem] | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> Iterator[Document]:
    """Yield the documents under ``paths`` one at a time; a bad file is appended
    to ``problems`` (or logged as a warning when it is None) and skipped."""
    for f in list_files(paths, problems):
        try:
            yield read_document(f, max_bytes=max_bytes)
        except IngestError as e:
            _record(problems, Problem(e.doc, str(f), e.reason))


# --- files and folders -------------------------------------------------------

def _as_paths(paths: PathLike | Iterable[PathLike]) -> list[Path]:
    if isinstance(paths, (str, os.PathLike)):
        return [Path(paths)]
    if isinstance(paths, (bytes, bytearray)):
        raise ValueError("paths must be str or os.PathLike, not bytes")
    try:
        return [Path(p) for p in paths]
    except TypeError:
        raise ValueError(f"paths must be a path or an iterable of paths, not {paths!r}") from None


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # also keeps out of .git
        for name in names:
            low = name.lower()
            if name.startswith((".", "~$")) or low in SKIPPED_NAMES:
                continue
            if os.path.splitext(low)[1] in SUPPORTED_SUFFIXES:
                yield Path(folder, name)


def _record(problems: list[Problem] | None, problem: Problem) -> None:
    if problems is None:
        log.warning("%s: %s", problem.path or problem.doc, problem.reason)
    else:
        problems.append(problem)


def _check_suffix(name: str, path: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in FORMATS:
        hint = " (save it as .docx)" if suffix == ".doc" else ""
        shown = suffix or "without a suffix"
        raise IngestError(name, f"unsupported file type {shown}{hint}", path)
    return FORMATS[suffix]


def _too_large(size: int, limit: int) -> str:
    return f"file too large: {size / 1e6:.1f} MB, the limit is {limit / 1e6:.1f} MB"


# --- formats -------------------------------------------------------------------
# Each reader takes the file's bytes and returns (text, encoding or None), or
# raises IngestError with doc="" (read_bytes puts the name in).

_BOMS = (  # (mark, codec, name reported); UTF-32 first: its LE mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffd]")
# Labels a page may declare that mean a subset of GB18030 (as in the WHATWG
# encoding standard): decoding with the superset never loses a character.
_GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58", "cp936", "euc-cn"}


def _fail(reason: str) -> IngestError:
    return IngestError("", reason)


def _decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes → (text, codec name): BOM, UTF-8, a declared encoding, then charset-normalizer."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom):].decode(codec)), name
            except UnicodeDecodeError:
                raise _fail(f"not valid {codec.upper()} text, though it starts with its byte-order mark") from None
    if b"\x00" in data:
        # Text with NUL bytes is UTF-16/32 without a byte-order mark, or not text.
        best = charset_normalizer.from_bytes(data).best()
        if best is None or not best.encoding.startswith(("utf_16", "utf_32")):
            raise _fail("binary data, not text (it contains NUL bytes)")
        return _check_text(str(best)), codecs.lookup(best.encoding).name
    try:
        return _check_text(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        codec = "gb18030" if declared.lower() in _GB_LABELS else declared
        try:
            return _check_text(data.decode(codec)), codecs.lookup(codec).name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label is common: let the detector decide
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _fail("not valid text in any known encoding")
    return _check_text(str(best)), codecs.lookup(best.encoding).name


def _check_text(text: str) -> str:
    """Refuse decoded bytes that are mostly control characters: binary, not text."""
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * max(len(text), 1):
        raise _fail("binary data, not text (too many control characters)")
    return text


def _read_text(data: bytes) -> tuple[str, str]:
    # Line ends stay as they are (CRLF too): offsets are into this very string.
    return _decode(data)


def _read_docx(data: bytes) -> tuple[str, None]:
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_docx_block(b) for b in document.iter_inner_content()]
    except (zipfile.BadZipFile, docx.opc.exceptions.PackageNotFoundError):
        raise _fail("broken .docx: not a zip archive") from None
    except Exception as e:  # a damaged archive can fail in many ways; the batch goes on
        raise _fail(f"broken .docx: {type(e).__name__}: {e}") from None
    return "\n".join(blocks), None


def _docx_block(block) -> str:
    """A paragraph's text, or a table as one line per row, cells separated by tabs."""
    if isinstance(block, Paragraph):
        return block.text
    rows = []
    for row in block.rows:
        cells, last = [], None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell is listed once per grid column it spans
                continue
            last = cell._tc
            cells.append(cell.text.replace("\n", " "))
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _read_pdf(data: bytes) -> tuple[str, None]:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            # Many PDFs are encrypted with an empty password only to restrict printing.
            raise _fail("encrypted PDF: it needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except pypdf.errors.DependencyError as e:
        raise _fail(f"encrypted PDF that cannot be decrypted here: {e}") from None
    except pypdf.errors.FileNotDecryptedError:
        raise _fail("encrypted PDF: it needs a password") from None
    except Exception as e:  # pypdf raises many kinds on damaged files; the batch goes on
        raise _fail(f"broken .pdf: {type(e).__name__}: {e}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise _fail("PDF has no text layer (a scan? it needs OCR)")
    return text, None


_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "title", "tr", "ul",
)
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")  # HTML spacing is layout, not content


def _read_html(data: bytes) -> tuple[str, str]:
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    markup, encoding = _decode(data, declared)
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as e:  # lxml copes with nearly anything; keep the batch going if not
        raise _fail(f"broken .html: {type(e).__name__}: {e}") from None
    return _html_text(soup), encoding


def _html_text(soup: BeautifulSoup) -> str:
    """Visible text as a browser lays it out: blocks on their own lines, inline
    elements (<b>, <span>, <a>) run on, so a number and its unit stay together."""
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for s in soup.find_all(string=True):
        if s.find_parent("pre") is None:
            collapsed = _HTML_SPACE.sub(" ", s)
            if collapsed != s:
                s.replace_with(collapsed)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.append("\t")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.append("\n")
    lines = (line.strip(" \t") for line in soup.get_text().split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip("\n")
