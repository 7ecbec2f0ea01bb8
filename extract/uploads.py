"""One uploaded file read and extracted, as records: no pandas, so it can run in a small bounded worker.

A file that cannot be read gives a ``Problem`` naming it, never an exception:
a reader library failing on a hostile file must not stop the app.

>>> r = read_upload("甲县_2023_政府工作报告.txt", "2022年，全县地区生产总值增长6.5%。".encode())
>>> r.name, [m.text for m in r.mentions], r.problems
('甲县_2023_政府工作报告.txt', ['6.5%'], ())
>>> read_upload("a.exe", b"MZ").problems[0].reason.startswith("unsupported")
True
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .model import DocumentRecord, Hint, Mention, Problem

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class UploadRecords:
    """What one upload gave: its mentions, document record and text, or the problems that stopped it."""

    name: str
    mentions: tuple[Mention, ...] = ()
    document: DocumentRecord | None = None
    problems: tuple[Problem, ...] = ()
    text: str | None = None

    @property
    def readable(self) -> bool:
        return self.text is not None


def content_hash(data: bytes) -> str:
    """The upload's identity: the SHA-256 of its bytes (the same file kept twice is one upload)."""
    return hashlib.sha256(data).hexdigest()


def text_hash(text: str) -> str:
    """The identity of a document's text, which corrections are tied to."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def read_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES, hint: Hint | None = None) -> UploadRecords:
    """Read ``data`` as the document ``name`` and extract it; ``hint`` sets region, year and type.

    ``name`` is the document's name in the data (already made safe and unique by the caller).
    """
    from .ingest import IngestError, read_bytes
    from .pipeline import run_documents

    if len(data) > max_bytes:
        return UploadRecords(name, problems=(Problem(name, "", f"file is {len(data):,} bytes; "
                                                               f"the limit is {_megabytes(max_bytes)}"),))
    try:
        document = read_bytes(name, data, max_bytes=max_bytes)
    except IngestError as exc:
        return UploadRecords(name, problems=(Problem(name, "", exc.reason),))
    except MemoryError:
        raise  # the worker's bound: its caller names it
    except Exception as exc:  # a reader library failing on a hostile file
        return UploadRecords(name, problems=(Problem(name, "", f"cannot be read ({type(exc).__name__}: {exc})"),))
    if not document.text.strip():
        return UploadRecords(name, problems=(Problem(name, "", "no text found"),))
    try:
        extraction = run_documents([document], {name: hint} if hint is not None else None)
    except MemoryError:
        raise
    except Exception as exc:
        return UploadRecords(name, problems=(Problem(name, "", f"extraction failed ({type(exc).__name__}: {exc})"),))
    return UploadRecords(name, tuple(extraction.mentions), extraction.documents[0] if extraction.documents else None,
                         tuple(extraction.problems), document.text)


def extract_pasted(text: str, name: str = "pasted.txt") -> tuple[Mention, ...]:
    """The whole extractor on a pasted text (the Rules page), in a worker like an upload."""
    from .model import Document
    from .pipeline import run_documents

    return tuple(run_documents([Document(doc=name, text=text)]).mentions)
