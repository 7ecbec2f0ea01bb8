"""The big hostile inputs (hundreds of MB expanded), each through the command
line in a fresh process: wall time, peak memory, the table's size and what
was said. Printed as figures, not a timed test.

    python bench/hostile.py [--only NAME ...] [--keep DIR]

The cases are made by tests/hostile.py's builders, at sizes too big for the
test suite; the bound stated for one file is 1 GB of memory whatever it holds.
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

MB = 1024 * 1024


def dense_text(chars: int) -> bytes:
    """The densest text the character limit lets through: a figure every dozen
    characters and no sentence end, so every mention has a full window."""
    rnd = random.Random(7)
    parts, total = [], 0
    while total < chars:
        part = f"全县培训干部{rnd.randint(1, 9999)}人次，新建党群服务中心{rnd.randint(1, 99)}个，"
        parts.append(part)
        total += len(part)
    return "".join(parts)[:chars].encode("utf-8")


def random_docx_xml(size: int) -> bytes:
    """A .docx whose document.xml is ``size`` bytes of paragraphs of random Chinese:
    it compresses as real text does (a few times), so only the XML limit stops it."""
    import io
    import zipfile

    rnd = random.Random(3)
    base = zipfile.ZipFile(io.BytesIO(hostile.docx_bytes("x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, base.read(info))
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
                    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            written = 0
            while written < size:
                words = "".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(300))
                block = f"<w:p><w:r><w:t>{words}{rnd.randint(1, 999)}人</w:t></w:r></w:p>".encode() * 8
                f.write(block)
                written += len(block)
            f.write(b"</w:body></w:document>")
    return out.getvalue()


def media_docx(size: int) -> bytes:
    """A .docx with ``size`` bytes of media that compress as photos in a document
    do not, but as much as the ratio limit lets through: the most unpacked
    bytes a file under the size limit can hold."""
    import io
    import zipfile

    acgt = bytes(b"ACGT"[i & 3] for i in range(256))
    out = io.BytesIO(hostile.docx_bytes(hostile.REPORT))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open("word/media/image1.png", "w", force_zip64=True) as f:
            for _ in range(size // MB):
                f.write(os.urandom(MB).translate(acgt))
    return out.getvalue()


CASES = [
    # (name, builder) — each written to a file of that name
    ("zip_bomb_4GB.docx", lambda: hostile.zip_bomb_docx(4 * 1024 * MB)),
    ("zip_bomb_140MB_ratio.docx", lambda: hostile.with_member(hostile.docx_bytes(hostile.REPORT),
                                                            "word/media/a.bin", 140 * MB)),
    ("xml_bomb_1GB.docx", lambda: hostile.xml_bomb_docx(1024 * MB)),
    ("docx_xml_55MB_random.docx", lambda: random_docx_xml(55 * MB)),
    ("docx_140MB_media.docx", lambda: media_docx(140 * MB)),
    ("pdf_stream_bomb_1GB.pdf", lambda: hostile.stream_bomb_pdf(1024 * MB)),
    # 2,000 pages of drawing operators (0 0 m), 8 MB each: bounded by the time limit, memory flat
    ("pdf_2000_heavy_pages.pdf", lambda: hostile.stream_bomb_pdf(8 * MB, 2000, b"0 0 m\n" * 174_763)),
    ("nested_100000.html", lambda: hostile.nested_html(100_000)),
    ("wide_7M_elements.html", lambda: hostile.wide_html(7_000_000)),
    ("one_line_580KB.txt", hostile.one_line_text),
    ("dense_1M_chars.txt", lambda: dense_text(990_000)),
    ("damaged_49MB.txt", lambda: hostile.damaged(hostile.report_bytes(65_000), b"\xff\xfe")),
    ("junk_49MB.txt", lambda: random.Random(1).randbytes(49 * MB)),
]


def measure(path: Path, out: Path) -> dict:
    """One CLI run in its own process: seconds, peak RSS (MB), table bytes, stderr's last lines."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "extract", str(path), "--out", str(out), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)   # this child's own peak, not the largest so far
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - start, "peak_mb": usage.ru_maxrss / 1024,
            "table_mb": out.stat().st_size / 1e6 if out.exists() else 0.0,
            "exit": proc.returncode, "said": stderr.strip().splitlines()[-2:]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="case names (default: all)")
    ap.add_argument("--keep", help="write the files into this folder and keep them")
    a = ap.parse_args()
    folder = Path(a.keep or tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'case':28} {'file MB':>8} {'make s':>7} {'run s':>7} {'peak MB':>8} {'table MB':>9}  said")
    for name, build in CASES:
        if a.only and name not in a.only:
            continue
        path = folder / name
        start = time.perf_counter()
        path.write_bytes(build())
        made = time.perf_counter() - start
        r = measure(path, folder / (name + ".csv"))
        said = " | ".join(line[:150] for line in r["said"])
        print(f"{name:28} {path.stat().st_size / 1e6:8.2f} {made:7.1f} {r['seconds']:7.1f} {r['peak_mb']:8.0f} "
              f"{r['table_mb']:9.2f}  exit {r['exit']}: {said}", flush=True)
        if not a.keep:
            path.unlink()
            (folder / (name + ".csv")).unlink(missing_ok=True)


if __name__ == "__main__":
    main()
