"""Files → documents: the one place that reads files and copes with bad ones.

A ``Document`` holds the decoded text that every later offset refers to. A
file that cannot be read (broken, binary, empty, too large, expanding past a
limit, of a type we do not read) raises ``IngestError`` from
``read_document``/``read_bytes``, and becomes a ``Problem`` in
``iter_documents``, which goes on with the next file. A file that is text but
for a few bad or NUL bytes is read, and its ``Document.notes`` say what was
repaired.

Every reader is bounded twice: by the file's size and by what it expands to
(zip members, PDF pages, HTML elements and depth, characters of text), see
``Limits``; the message names the limit that was hit.
"""
from __future__ import annotations

import codecs
import errno
import io
import logging
import os
import re
import stat
import threading
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Union

import charset_normalizer

# The docx, pdf and HTML readers are imported by the reader that needs them: a
# worker that meets only text files starts without them (a fifth of its start-up).
from .model import Document, Problem

log = logging.getLogger(__name__)

FORMATS = {".txt": "txt", ".md": "md", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html"}
SUPPORTED_SUFFIXES = tuple(FORMATS)
# Files a corpus folder holds beside its documents; read only when named explicitly.
SKIPPED_NAMES = frozenset({"manifest.csv", "readme", "readme.md", "readme.txt"})
# Share of control characters above which decoded "text" is binary.
MAX_CONTROL_SHARE = 0.01
# Share of damage (bad bytes replaced, NUL bytes dropped) a text may have and
# still be read: scraped pages carry a few stray bytes; binary data far more.
MAX_DAMAGE_SHARE = 0.05

PathLike = Union[str, "os.PathLike[str]"]


@dataclass(frozen=True)
class Limits:
    """How much one file may hold and expand to. Each bounds memory and time
    whatever the file contains; the message names the one that was hit."""

    bytes: int = 50 * 1024 * 1024      # the file itself
    # Characters of text: ~3 MB of Chinese, 40 times the longest report in the
    # corpus; extraction of the densest text this long stays under 1 GB.
    chars: int = 1_000_000
    unzipped: int = 150_000_000        # a .docx's members, declared sizes summed
    zip_xml: int = 60_000_000          # of which XML, which is parsed into a tree
    zip_ratio: int = 100               # expanded : compressed, for members over 1 MB
    zip_members: int = 5000
    pdf_pages: int = 3000
    # pypdf bounds each page's work (2 million operations, some seconds); this
    # bounds the sum, for a file of many such pages
    pdf_seconds: float = 60.0
    html_elements: int = 500_000
    # libxml2 stops silently below 256 levels, dropping the rest of the page:
    # a page nested deeper is refused, never cut without a word.
    html_depth: int = 250


LIMITS = Limits()
MAX_BYTES = LIMITS.bytes
_RATIO_FLOOR = 1024 * 1024  # small members (styles, settings) may compress very well


class IngestError(ValueError):
    """A file that cannot be read as a document."""

    def __init__(self, doc: str, reason: str, path: str = ""):
        super().__init__(f"{doc}: {reason}")
        self.doc = doc
        self.reason = reason
        self.path = path


def read_document(path: PathLike, *, max_bytes: int | None = None, limits: Limits = LIMITS) -> Document:
    """Read one file; raises IngestError when it cannot be read as a document."""
    p = Path(path)
    limits = _with_bytes(limits, max_bytes)
    _check_suffix(p.name, str(p))
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            # a pipe or a device would block the run or never end
            raise IngestError(p.name, "not a regular file (a pipe, socket or device)", str(p))
        if st.st_size > limits.bytes:
            raise IngestError(p.name, _too_large(st.st_size, limits.bytes), str(p))
        with open(p, "rb") as f:
            # read no more than the limit, even if the file grew since stat()
            data = f.read(limits.bytes + 1)
    except OSError as e:
        raise IngestError(p.name, f"cannot read the file: {e.strerror or e}", str(p)) from None
    return read_bytes(p.name, data, path=str(p), limits=limits)


def read_bytes(name: str, data: bytes, *, max_bytes: int | None = None, path: str = "",
               limits: Limits = LIMITS) -> Document:
    """Read a document from memory (e.g. a browser upload); the suffix of ``name`` gives its format."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"read_bytes() needs a file name, not {name!r}")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError(f"read_bytes() needs bytes, not {type(data).__name__}")
    limits = _with_bytes(limits, max_bytes)
    doc = name.replace("\\", "/").rsplit("/", 1)[-1]
    fmt = _check_suffix(doc, path)
    data = bytes(data)
    if len(data) > limits.bytes:
        raise IngestError(doc, _too_large(len(data), limits.bytes), path)
    if not data:
        raise IngestError(doc, "empty file", path)
    reader = {"txt": _read_text, "md": _read_text, "docx": _read_docx, "pdf": _read_pdf, "html": _read_html}[fmt]
    try:
        text, encoding, notes = reader(data, limits)
        if len(text) > limits.chars:
            raise _too_long(len(text), limits)
    except IngestError as e:
        raise IngestError(doc, e.reason, path) from None
    if not text.strip():
        raise IngestError(doc, "empty document: no text, only white space", path)
    return Document(doc=doc, text=text, path=path, fmt=fmt, encoding=encoding, notes=notes)


def list_files(paths: PathLike | Iterable[PathLike], problems: list[Problem] | None = None) -> list[Path]:
    """The files ``iter_documents`` would read, in order (for progress bars and worker pools).

    Folders are walked recursively in sorted order and give only files with
    a supported suffix, skipping hidden files, Office lock files (~$…),
    MANIFEST.csv and README. Linked folders are followed, once each; a link
    that leads back into its own tree (a loop) and a folder that cannot be
    read are Problems, and the walk goes on. A file named explicitly is
    always listed. A path that does not exist is a Problem.
    """
    files: list[Path] = []
    seen: set[str] = set()
    for item in _as_paths(paths):
        if item.is_dir():
            found = _walk(item, problems)
        elif item.exists():
            found = [item]
        else:
            _record(problems, Problem(item.name or str(item), str(item), _missing(item)))
            continue
        for f in found:
            key = os.path.realpath(f)  # never raises on a link loop, unlike Path.resolve
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files


def iter_documents(
    paths: PathLike | Iterable[PathLike],
    problems: list[Problem] | None = None,
    *,
    max_bytes: int | None = None,
    limits: Limits = LIMITS,
) -> Iterator[Document]:
    """Yield the documents under ``paths`` one at a time; a bad file is appended
    to ``problems`` (or logged as a warning when it is None) and skipped."""
    for f in list_files(paths, problems):
        try:
            yield read_document(f, max_bytes=max_bytes, limits=limits)
        except IngestError as e:
            _record(problems, Problem(e.doc, str(f), e.reason))


def _with_bytes(limits: Limits, max_bytes: int | None) -> Limits:
    return limits if max_bytes is None else replace(limits, bytes=max_bytes)


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


def _walk(root: Path, problems: list[Problem] | None) -> list[Path]:
    """Supported files under ``root``, sorted; loops and unreadable folders reported."""
    found: list[Path] = []
    walked = {os.path.realpath(root)}

    def unreadable(e: OSError) -> None:
        folder = e.filename or str(root)
        _record(problems, Problem(Path(folder).name or folder, str(folder),
                                  f"cannot read the folder: {e.strerror or e}"))

    # followlinks: a corpus may gather its folders by links; `walked` (real
    # paths) makes each folder read once and stops loops
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        here = os.path.realpath(folder)
        keep = []
        # real folders first, so a link to a sibling does not take its place
        for d in sorted(dirs, key=lambda d: (os.path.islink(os.path.join(folder, d)), d)):
            if d.startswith("."):  # also keeps out of .git
                continue
            full = os.path.join(folder, d)
            real = os.path.realpath(full)
            if real == here or here.startswith(real.rstrip(os.sep) + os.sep):
                _record(problems, Problem(d, full, f"symlink loop: the folder leads back to {real}"))
            elif real not in walked:
                walked.add(real)
                keep.append(d)
        dirs[:] = sorted(keep)
        for name in names:
            low = name.lower()
            if name.startswith((".", "~$")) or low in SKIPPED_NAMES:
                continue
            full = os.path.join(folder, name)
            supported = os.path.splitext(low)[1] in SUPPORTED_SUFFIXES
            if os.path.islink(full) and not os.path.exists(full):
                reason = _missing(Path(full))
                if supported or reason.startswith("symlink loop"):
                    _record(problems, Problem(name, full, reason))
                continue
            if supported:
                found.append(Path(folder, name))
    return sorted(found)


def _missing(path: Path) -> str:
    """Why a path named on the command line or found in a folder cannot be opened."""
    try:
        os.stat(path)
    except ValueError:  # a NUL in the name
        return "not a valid path"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symlink loop: the link never reaches a file or folder"
        if os.path.islink(path):
            return "broken link: it points to nothing"
        if e.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot open it: {e.strerror or e}"
    return "no such file or folder"


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


def _too_long(chars: int, limits: Limits, more: bool = False) -> IngestError:
    return _fail(f"text too long: {'more than ' if more else ''}{chars:,} characters, "
                 f"the limit is {limits.chars:,} (split the file)")


# --- decoding ------------------------------------------------------------------

_BOMS = (  # (mark, codec, name reported); UTF-32 first: its LE mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Labels a page may declare that mean a subset of GB18030 (as in the WHATWG
# encoding standard): decoding with the superset never loses a character.
_GB_LABELS = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58", "cp936", "euc-cn"}
# On a short text the detector may rank another East Asian codec first; for
# Chinese reports GB18030 is the likelier reading whenever it is a candidate.
_OTHER_CJK = {"cp949", "euc_kr", "johab", "euc_jp", "euc_jis_2004", "euc_jisx0213", "shift_jis", "cp932",
              "shift_jis_2004", "shift_jisx0213", "iso2022_jp", "iso2022_kr"}
# Valid multi-byte characters per bad run for damaged bytes to count as UTF-8.
UTF8_EVIDENCE = 4


class Decoded(NamedTuple):
    """Text decoded from bytes, and what was repaired to get it."""

    text: str
    encoding: str
    replaced: int = 0   # bad bytes, each run replaced by U+FFFD
    nuls: int = 0       # NUL bytes dropped

    @property
    def notes(self) -> tuple[str, ...]:
        """What was repaired, as one sentence; () for a clean decoding.

        >>> Decoded("…", "utf-8", replaced=12, nuls=2).notes
        ('12 bad bytes replaced, 2 NUL bytes dropped',)
        """
        parts = []
        if self.replaced:
            parts.append(f"{self.replaced} bad byte{'s' * (self.replaced != 1)} replaced")
        if self.nuls:
            parts.append(f"{self.nuls} NUL byte{'s' * (self.nuls != 1)} dropped")
        return (", ".join(parts),) if parts else ()


class _TooDamaged(Exception):
    pass


class _Tally(threading.local):
    """Bad-byte spans seen by the decoder in this thread, up to a budget."""

    spans: list | None = None
    budget: int = 0


_tally = _Tally()


def _replace_counted(e: UnicodeDecodeError):
    spans = _tally.spans
    if spans is not None:
        spans.append((e.start, e.end))
        if len(spans) > _tally.budget:  # binary: stop early, never a list of millions
            raise _TooDamaged
    return "\ufffd", e.end


codecs.register_error("extract.replace-counted", _replace_counted)


def _decode_counted(data: bytes, codec: str, budget: int) -> tuple[str, list[tuple[int, int]]] | None:
    """``data`` decoded with each bad run replaced, and the runs; None past ``budget`` runs."""
    spans: list[tuple[int, int]] = []
    _tally.spans, _tally.budget = spans, budget
    try:
        return data.decode(codec, "extract.replace-counted"), spans
    except _TooDamaged:
        return None
    except LookupError:
        return None
    finally:
        _tally.spans = None


def _fail(reason: str) -> IngestError:
    return IngestError("", reason)


def _detect(data: bytes):
    """charset-normalizer's reading of ``data``, preferring GB18030 among East Asian codecs."""
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is not None and best.encoding in _OTHER_CJK:
        best = next((r for r in results if r.encoding == "gb18030"), best)
    return best


def _name(codec: str) -> str:
    return codecs.lookup(codec).name


def decode(data: bytes, declared: str | None = None) -> Decoded:
    r"""Bytes → text: BOM, UTF-8, a declared encoding, then charset-normalizer;
    when none reads it cleanly, a few bad bytes are replaced and stray NUL
    bytes dropped (counted in the result). Raises IngestError (doc "") when
    the bytes are not text.

    >>> scraped = "全年发展党员56名，".encode() * 4 + b"\xff\xfe" + "培训党员干部3200人次。".encode()
    >>> decode(scraped).notes
    ('2 bad bytes replaced',)
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            got = _decode_counted(body, codec, _budget(body))
            if got is None or _too_damaged(got[0], len(got[1])):
                raise _fail(f"not valid {codec.upper()} text, though it starts with its byte-order mark")
            return _finish(got[0], name, _bad_bytes(got[1]))
    nuls = data.count(0)
    if nuls:
        # Text with NUL bytes is UTF-16/32 without a byte-order mark, text with
        # a few stray NULs (dropped), or not text.
        best = _detect(data)
        if best is not None and best.encoding.startswith(("utf_16", "utf_32")):
            return _finish(str(best), _name(best.encoding))
        if nuls > MAX_DAMAGE_SHARE * len(data):
            raise _fail("binary data, not text (it contains NUL bytes)")
        data = data.replace(b"\x00", b"")
    try:
        return _finish(data.decode("utf-8"), "utf-8", nuls=nuls)
    except UnicodeDecodeError:
        pass
    if declared:
        codec = "gb18030" if declared.lower() in _GB_LABELS else declared
        try:
            return _finish(data.decode(codec), _name(codec), nuls=nuls)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong label is common: let the detector decide
    # damaged UTF-8 before the detector, which may read it as a single-byte codec
    repaired = _damaged_utf8(data)
    if repaired is not None:
        return _finish(*repaired, nuls)
    best = _detect(data)
    if best is not None:
        return _finish(str(best), _name(best.encoding), nuls=nuls)
    repaired = _repair(data, declared)
    if repaired is None:
        raise _fail("binary data, not text (it contains NUL bytes)" if nuls
                    else "not valid text in any known encoding")
    text, codec, bad = repaired
    return _finish(text, codec, bad, nuls)


def _damaged_utf8(data: bytes) -> tuple[str, str, int] | None:
    """UTF-8 with a few bad runs, known by its structure: valid multi-byte
    characters far outnumber the bad runs (GBK read as UTF-8 has almost none).
    (text, "utf-8", bad bytes), or None."""
    got = _decode_counted(data, "utf-8", _budget(data))
    if got is None or _too_damaged(got[0], len(got[1])):
        return None
    wide = sum(1 for ch in got[0] if ch > "\x7f" and ch != "\ufffd")
    return (got[0], "utf-8", _bad_bytes(got[1])) if wide >= UTF8_EVIDENCE * len(got[1]) else None


def _repair(data: bytes, declared: str | None) -> tuple[str, str, int] | None:
    """A damaged text in another codec read past its bad bytes: (text, codec,
    bad bytes), or None. Damage is local: the detector reads pieces of the
    file, and the codec most of the clean pieces agree on decodes the whole,
    its bad runs replaced."""
    budget = _budget(data)
    votes: dict[str, int] = {}
    for piece in _pieces(data):
        best = _detect(piece)
        if best is not None:
            codec = _name(best.encoding)
            codec = "gb18030" if codec in ("gb2312", "gbk") else codec
            votes[codec] = votes.get(codec, 0) + len(piece)
    if declared and declared.lower() in _GB_LABELS:
        declared = "gb18030"
    for codec in sorted(votes, key=lambda c: (-votes[c], c != declared)):
        got = _decode_counted(data, codec, budget)
        if got is not None and not _too_damaged(got[0], len(got[1])):
            return got[0], codec, _bad_bytes(got[1])
    return None


_SAMPLE = 1 << 16  # bytes of a file too long to read that tell whether it is text at all
# A byte below "0" ends a character in UTF-8, GBK and GB18030 alike: a safe cut.
_CUT = re.compile(rb"[\x00-\x2f]")


def _pieces(data: bytes, count: int = 16) -> list[bytes]:
    """Up to ``count`` pieces spread over the file, cut between characters:
    what the detector is shown of a damaged one."""
    size = min(max(len(data) // count, 64), 4096)
    pieces, start = [], 0
    while start < len(data):
        cut = _CUT.search(data, start + size)
        end = cut.end() if cut else len(data)
        pieces.append(data[start:end])
        start = end
    step = max(len(pieces) // count, 1)
    return pieces[::step][:count]


def _budget(data: bytes) -> int:
    # bad runs allowed before decoding stops: never more than the share of characters
    return int(MAX_DAMAGE_SHARE * len(data)) + 1


def _too_damaged(text: str, runs: int) -> bool:
    return runs > MAX_DAMAGE_SHARE * max(len(text), 1)


def _bad_bytes(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _finish(text: str, encoding: str, replaced: int = 0, nuls: int = 0) -> Decoded:
    """Drop NUL characters a decoding left, and refuse text that is mostly control characters."""
    if "\x00" in text:
        nuls += text.count("\x00")
        text = text.replace("\x00", "")
        if nuls > MAX_DAMAGE_SHARE * max(len(text), 1):
            raise _fail("binary data, not text (it contains NUL bytes)")
    controls = len(_CONTROL.findall(text))
    if controls > MAX_CONTROL_SHARE * max(len(text), 1):
        raise _fail("binary data, not text (too many control characters)")
    return Decoded(text, encoding, replaced, nuls)


# --- formats -------------------------------------------------------------------
# Each reader takes the file's bytes and the limits and returns (text, encoding
# or None, notes), or raises IngestError with doc="" (read_bytes puts the name in).

def _read_text(data: bytes, limits: Limits) -> tuple[str, str, tuple[str, ...]]:
    # Line ends stay as they are (CRLF too): offsets are into this very string.
    if len(data) > 4 * limits.chars:  # no codec packs more than 4 bytes into a character
        # too long whatever it is; but binary data is called that, not a long text
        cut = _CUT.search(data, _SAMPLE)
        decode(data[:cut.end() if cut else _SAMPLE])
        raise _too_long(len(data) // 4, limits, more=True)
    decoded = decode(data)
    return decoded.text, decoded.encoding, decoded.notes


def _read_docx(data: bytes, limits: Limits) -> tuple[str, None, tuple[str, ...]]:
    import docx
    import docx.opc.exceptions

    _check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _gather((_docx_block(b) for b in document.iter_inner_content()), limits)
    except IngestError:
        raise
    except (zipfile.BadZipFile, docx.opc.exceptions.PackageNotFoundError):
        raise _fail("broken .docx: not a zip archive") from None
    except Exception as e:  # a damaged archive can fail in many ways; the batch goes on
        raise _fail(f"broken .docx: {type(e).__name__}: {e}") from None
    return "\n".join(blocks), None, ()


def _gather(pieces: Iterable[str], limits: Limits, seconds: float | None = None) -> list[str]:
    """Paragraphs or pages as they are extracted, until they pass the character
    limit (or take more than ``seconds``): a long file is refused there, not
    read to its end first."""
    out, chars = [], 0
    deadline = time.monotonic() + seconds if seconds is not None else None
    for piece in pieces:
        chars += len(piece) + 1
        if chars > limits.chars:
            raise _too_long(limits.chars, limits, more=True)
        out.append(piece)
        if deadline is not None and time.monotonic() > deadline:
            raise _fail(f"PDF too slow to read: over {seconds:g} s after {len(out):,} "
                        f"page{'s' * (len(out) != 1)}")
    return out


def _check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a zip before anything is inflated when its declared sizes pass the
    limits; what is inflated later never exceeds them (zipfile stops at the
    declared size and checks the CRC)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _fail("broken .docx: not a zip archive") from None
    except Exception as e:  # a crafted directory can fail in other ways
        raise _fail(f"broken .docx: {type(e).__name__}: {e}") from None
    if len(members) > limits.zip_members:
        raise _fail(f"docx too large when unpacked: {len(members):,} members, the limit is {limits.zip_members:,}")
    total = sum(m.file_size for m in members)
    if total > limits.unzipped:
        raise _fail(f"docx too large when unpacked: {total / 1e6:,.0f} MB, the limit is {limits.unzipped / 1e6:.0f} MB")
    xml = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    if xml > limits.zip_xml:
        raise _fail(f"docx too large when unpacked: {xml / 1e6:,.0f} MB of XML, "
                    f"the limit is {limits.zip_xml / 1e6:.0f} MB")
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > limits.zip_ratio * max(m.compress_size, 1):
            ratio = m.file_size / max(m.compress_size, 1)
            raise _fail(f"docx member {m.filename} expands {ratio:,.0f} times (a zip bomb?), "
                        f"the limit is {limits.zip_ratio} times")


def _docx_block(block) -> str:
    """A paragraph's text, or a table as one line per row, cells separated by tabs."""
    from docx.text.paragraph import Paragraph

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


def _read_pdf(data: bytes, limits: Limits) -> tuple[str, None, tuple[str, ...]]:
    # pypdf bounds each stream it inflates (pypdf.Configuration, 75 MB) and
    # raises LimitReachedError; pages and text are bounded here.
    import pypdf
    import pypdf.errors

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            # Many PDFs are encrypted with an empty password only to restrict printing.
            raise _fail("encrypted PDF: it needs a password")
        count = len(reader.pages)
        if count > limits.pdf_pages:
            raise _fail(f"PDF too long: {count:,} pages, the limit is {limits.pdf_pages:,}")
        pages = _gather(_page_texts(reader), limits, limits.pdf_seconds)
    except IngestError:
        raise
    except pypdf.errors.DependencyError as e:
        raise _fail(f"encrypted PDF that cannot be decrypted here: {e}") from None
    except pypdf.errors.FileNotDecryptedError:
        raise _fail("encrypted PDF: it needs a password") from None
    except pypdf.errors.LimitReachedError as e:
        raise _fail(f"PDF expands past a limit of the reader: {e}") from None
    except RecursionError:
        raise _fail("broken .pdf: its objects are nested too deeply") from None
    except Exception as e:  # pypdf raises many kinds on damaged files; the batch goes on
        raise _fail(f"broken .pdf: {type(e).__name__}: {e}") from None
    text = "\n".join(pages)
    if not text.strip():
        raise _fail("PDF has no text layer (a scan? it needs OCR)")
    return text, None, ()


_SWEEP_PAGES = 16


def _page_texts(reader: pypdf.PdfReader) -> Iterator[str]:
    """Each page's text, the inflated streams it needed let go after it: pypdf
    keeps them for a later use we never make (2,000 pages of 8 MB streams held
    12 GB)."""
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        for stream in contents if isinstance(contents, list) else [contents]:
            _let_go(stream)
        if number % _SWEEP_PAGES == 0:  # forms and fonts a page drew on, now and then
            for obj in list(reader.resolved_objects.values()):
                _let_go(obj)
        yield text


def _let_go(obj) -> None:
    if obj is not None and getattr(obj.get_object(), "decoded_self", None) is not None:
        obj.get_object().decoded_self = None


_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "title", "tr", "ul",
))
_CELL_TAGS = frozenset(("td", "th"))
_HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template"))
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")  # HTML spacing is layout, not content
_HTML_CHUNK = 1 << 16


def _read_html(data: bytes, limits: Limits) -> tuple[str, str, tuple[str, ...]]:
    from bs4.dammit import EncodingDetector

    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    decoded = decode(data, declared)
    root = _parse_html(decoded.text, limits)
    return (_html_text(root) if root is not None else ""), decoded.encoding, decoded.notes


def _parse_html(markup: str, limits: Limits):
    """The element tree of a page, counting elements and depth as it is built:
    work stays linear and a page past a limit is refused half-way."""
    from lxml import etree

    parser = etree.HTMLPullParser(events=("start", "end"), no_network=True, remove_comments=True,
                                  remove_pis=True)
    depth = elements = 0
    try:
        for i in range(0, len(markup), _HTML_CHUNK):
            parser.feed(markup[i:i + _HTML_CHUNK])
            for event, element in parser.read_events():
                if event == "end":
                    depth -= 1
                    continue
                depth += 1
                elements += 1
                if depth > limits.html_depth:
                    raise _fail(f"HTML nested too deeply: more than {limits.html_depth} levels of elements")
                if elements > limits.html_elements:
                    raise _fail(f"HTML too large: more than {limits.html_elements:,} elements")
        return parser.close()
    except IngestError:
        raise
    except etree.XMLSyntaxError:
        return None  # nothing parsable: no visible text
    except Exception as e:  # lxml copes with nearly anything; keep the batch going if not
        raise _fail(f"broken .html: {type(e).__name__}: {e}") from None


def _html_text(root) -> str:
    """Visible text as a browser lays it out: blocks on their own lines, inline
    elements (<b>, <span>, <a>) run on, so a number and its unit stay together.
    One pass over the tree with a stack (no recursion, however deep)."""
    out: list[str] = []

    def put(text: str, pre: bool) -> None:
        out.append(text if pre else _HTML_SPACE.sub(" ", text))

    stack = [(0, root, False)]  # (0 enter | 1 leave | 2 tail, element, inside <pre>)
    while stack:
        step, element, pre = stack.pop()
        if step == 2:
            if element.tail:
                put(element.tail, pre)
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if step == 1:
            if tag in _CELL_TAGS:
                out.append("\t")
            if tag in _BLOCK_TAGS:
                out.append("\n")
            continue
        if element is not root:
            stack.append((2, element, pre))  # its tail belongs to its parent
        if tag is None or tag in _HIDDEN_TAGS:  # comments, processing instructions, scripts
            continue
        if tag == "br":
            out.append("\n")
            continue
        inner = pre or tag == "pre"
        if tag in _BLOCK_TAGS:
            out.append("\n")
        stack.append((1, element, inner))
        if element.text:
            put(element.text, inner)
        stack.extend((0, child, inner) for child in reversed(element))
    lines = (line.strip(" \t") for line in "".join(out).split("\n"))
    return _BLANK_LINES.sub("\n", "\n".join(lines)).strip("\n")
