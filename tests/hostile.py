"""A hostile-input corpus, made by code (no committed binaries): each case
writes one file or folder as a tester, a scraper or an attacker would leave
it, and says what ingest must make of it (the words of the skip reason, or
read with a note). ``tests/test_hostile.py`` runs every case;
``bench/hostile.py`` makes the big ones (hundreds of MB) and measures them.

    python tests/hostile.py OUT_DIR      # write the whole corpus into OUT_DIR
"""
from __future__ import annotations

import io
import os
import random
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# Our own text in the style of a county work report: every line holds figures.
REPORT = (
    "某县2021年政府工作报告\n"
    "过去一年，全县地区生产总值完成128.6亿元，增长6.5%；一般公共预算收入完成9.3亿元，增长8.1%。"
    "城镇居民人均可支配收入达到35620元，农村居民人均可支配收入达到17480元。"
    "全年新增城镇就业4200人，新建村级党群服务中心15个，培训党员干部3200人次，发展党员56名。\n"
    "今年，力争地区生产总值增长6%左右，新增城镇就业4500人。\n"
)
FIGURES = 12  # mentions in REPORT
# Our own prose without figures: a real report has about one figure in 70
# characters, REPORT alone one in 20.
PROSE = (
    "我们坚持以人民为中心的发展思想，深入推进全面从严治党，持续改善营商环境，"
    "扎实做好就业、教育、医疗、养老等民生工作，统筹发展和安全，守牢安全生产底线，"
    "推动城乡融合发展，加强生态环境保护，巩固拓展脱贫攻坚成果同乡村振兴有效衔接，"
    "不断提升基层治理能力，切实把各项决策部署落到实处，让发展成果更多更公平惠及全体人民。\n"
)
ONE_LINE_BYTES = 580_000


@dataclass(frozen=True)
class Case:
    """One hostile file: how to make it, and what ingest must say of it."""

    name: str                        # the file or folder written
    make: Callable[[Path], None]     # writes ``name`` under the folder given
    reason: str | None = None        # words of the skip reason; None: the file is read
    note: str | None = None          # words of Document.notes when it is read
    problem: str | None = None       # the file or folder a Problem names, when not ``name``


# --- builders ----------------------------------------------------------------

def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def report_bytes(copies: int = 4, encoding: str = "utf-8") -> bytes:
    return (REPORT * copies).encode(encoding)


def damaged(data: bytes, junk: bytes, at: float = 0.5) -> bytes:
    """``junk`` inserted after the first line end past ``at`` of the data (a scraper's stray bytes)."""
    i = data.index(b"\n", int(len(data) * at)) + 1
    return data[:i] + junk + data[i:]


def docx_bytes(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


class RepeatedDeflate:
    """A deflater for data written as the same chunks again and again: each
    distinct chunk is compressed once, and a full flush makes its blocks stand
    alone, so the same bytes stand for every copy. A gigabyte bomb is made in a
    second, and is a valid stream (sizes and checksums right)."""

    def __init__(self):
        self.packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate, as in a zip
        self.blocks: dict[bytes, bytes] = {}

    def compress(self, data: bytes) -> bytes:
        block = self.blocks.get(data)
        if block is None:
            block = self.packer.compress(data) + self.packer.flush(zlib.Z_FULL_FLUSH)
            if len(self.blocks) < 8:
                self.blocks[data] = block
        return block

    def flush(self) -> bytes:
        return self.packer.flush()


def zlib_repeated(chunk: bytes, count: int) -> bytes:
    """``chunk`` * ``count`` as a zlib stream (a PDF's /FlateDecode), made without deflating it all."""
    deflate = RepeatedDeflate()
    body = b"".join(deflate.compress(chunk) for _ in range(count)) + deflate.flush()
    check = 1
    for _ in range(count):
        check = zlib.adler32(chunk, check)
    return b"\x78\xda" + body + check.to_bytes(4, "big")


def with_member(docx_data: bytes, name: str, size: int, chunk: bytes = b"\0" * (1 << 20)) -> bytes:
    """A real .docx with one more member of ``size`` bytes (rounded up to whole
    chunks), deflated as zeros deflate: about 1000 times."""
    buf = io.BytesIO(docx_data)
    with zipfile.ZipFile(buf, "a") as z:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=size > 2**31) as f:
            f._compressor = RepeatedDeflate()  # zipfile still counts the size and the CRC itself
            for _ in range(-(-size // len(chunk))):
                f.write(chunk)
    return buf.getvalue()


MEDIA = "word/media/image1.png"


def zip_bomb_docx(size: int) -> bytes:
    """A small .docx whose media member expands to ``size`` bytes."""
    return with_member(docx_bytes(REPORT), MEDIA, size)


def xml_bomb_docx(size: int) -> bytes:
    """A .docx whose document.xml is replaced by ``size`` bytes of paragraphs."""
    base = docx_bytes(REPORT)
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, src.read(info))
        para = b'<w:p><w:r><w:t>\xe5\x9f\xb9\xe8\xae\xad\xe5\xb9\xb2\xe9\x83\xa83200\xe4\xba\xba\xe6\xac\xa1</w:t></w:r></w:p>'
        head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as f:
            f._compressor = RepeatedDeflate()
            f.write(head)
            block = para * 8192
            for _ in range(size // len(block) + 1):
                f.write(block)
            f.write(b"</w:body></w:document>")
    return out.getvalue()


def lying_zip_docx() -> bytes:
    """A .docx whose media member says 1 KB but inflates to 100 MB: zipfile stops at the declared size."""
    data = bytearray(zip_bomb_docx(100 * 1024 * 1024))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(MEDIA)
    # the member added last has the last central record
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))
    for at in (info.header_offset + 22, central + 24):  # uncompressed size: local header, central record
        data[at:at + 4] = (1024).to_bytes(4, "little")
    return bytes(data)


def chinese_pdf(pages: list[list[str]]) -> bytes:
    """A PDF like those Word or WPS export: a Type0 font with Identity-H codes and
    a ToUnicode map, which is how a real file's Chinese text is recovered."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject,
    )

    writer = PdfWriter()
    chars = sorted({c for page in pages for line in page for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    pairs = "\n".join(f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>" for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{len(chars)} beginbfchar\n{pairs}\nendbfchar\nendcmap\n"
            "CMapName currentdict /CMap defineresource pop\nend\nend\n")
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(cmap.encode("ascii"))
    name = NameObject("/WenQuanYiMicroHei")
    descendant = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): name, NameObject("/DW"): NumberObject(1000),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"),
            NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
    })
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): name, NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
        NameObject("/ToUnicode"): writer._add_object(to_unicode),
    }))
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        ops = ["BT", "/F1 12 Tf", "16 TL", "50 780 Td"]
        ops += ["<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*" for line in lines]
        ops.append("ET")
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode("ascii"))
        page[NameObject("/Contents")] = writer._add_object(content)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


PDF_PAGES = [["某县2021年政府工作报告", "地区生产总值增长6.5%，达到128.6亿元。"], ["新增城镇就业4200人，培训党员干部3200人次。"]]


def encrypted_pdf(user_password: str, algorithm: str = "AES-256") -> bytes:
    """The "no printing" kind: AES needs the `cryptography` package to read."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(chinese_pdf(PDF_PAGES)))
    writer.encrypt(user_password, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def stream_bomb_pdf(size: int, pages: int = 1, chunk: bytes = b" " * (1 << 20)) -> bytes:
    """A PDF whose pages' content streams are ``size`` bytes each (of spaces:
    deflated to ~1/1000; of drawing operators: work for the parser)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject, StreamObject

    writer = PdfWriter()
    data = zlib_repeated(chunk, -(-size // len(chunk)))
    # a font, or pypdf would not look at the content at all
    helvetica = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                                  NameObject("/BaseFont"): NameObject("/Helvetica")})
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        stream = StreamObject()
        stream.set_data(data)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        stream[NameObject("/Length")] = NumberObject(len(data))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): helvetica})})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def nested_html(levels: int) -> bytes:
    """``levels`` nested <div>s around one figure (100,000 levels: 1.1 MB)."""
    return ("<html><body>" + "<div>" * levels + "地区生产总值增长6.5%。" + "</div>" * levels
            + "</body></html>").encode("utf-8")


def wide_html(elements: int) -> bytes:
    return ("<html><body><p>地区生产总值增长6.5%。</p>" + "<i></i>" * elements + "</body></html>").encode("utf-8")


def one_line_text(size: int = ONE_LINE_BYTES, text: str = REPORT + PROSE * 2) -> bytes:
    """A report with its punctuation and line ends lost (a bad export): one line of ``size`` bytes."""
    import re

    line = re.sub(r"[。；，、：\n]", "", text).encode("utf-8")
    data = line * (size // len(line) + 1)
    return data[:size].decode("utf-8", "ignore").encode("utf-8")


def formula_text() -> bytes:
    """A report whose lines begin like spreadsheet formulas (pasted from a page)."""
    return ('=HYPERLINK("http://x.example/","点击")全县新增就业4200人。\n'
            "+1+1培训党员干部3200人次。\n-2+3发展党员56名。\n@SUM(A1)新建党群服务中心15个。\n"
            "\r=1+1地区生产总值增长6.5%。\n").encode("utf-8")


def symlink_loop(root: Path) -> None:
    """A folder with a report and a link inside it that points back to the folder."""
    write(root / "sub" / "某县_2021_政府工作报告.txt", report_bytes())
    os.symlink("..", root / "sub" / "back")


def self_link(root: Path) -> None:
    """A link that points at itself (ELOOP) with a report's name, beside a report."""
    write(root / "某县_2021_政府工作报告.txt", report_bytes())
    os.symlink("loop.txt", root / "loop.txt")


def broken_link(root: Path) -> None:
    write(root / "某县_2021_政府工作报告.txt", report_bytes())
    os.symlink("gone.txt", root / "removed.txt")


def linked_folder(root: Path) -> None:
    """Folders gathered by a link (not a loop): read once, by either path."""
    write(root / "2021" / "某县_2021_政府工作报告.txt", report_bytes())
    os.symlink("2021", root / "latest")


def named_pipe(root: Path) -> None:
    """A FIFO with a report's name: reading it would wait for a writer forever."""
    write(root / "某县_2021_政府工作报告.txt", report_bytes())
    os.mkfifo(root / "pipe.txt")


def unreadable_folder(root: Path) -> None:
    """A subfolder without read permission (root reads it anyway; the tests also fake the error)."""
    write(root / "某县_2021_政府工作报告.txt", report_bytes())
    write(root / "locked" / "某县_2020_政府工作报告.txt", report_bytes())
    os.chmod(root / "locked", 0)


def _file(data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: write(path, data())


_rnd = random.Random(20240601)
JUNK = _rnd.randbytes(20_000)

# Files: each read alone, by read_document and through extract_paths.
FILES = [
    # scraped and exported text
    Case("utf8_two_stray_bytes.txt", _file(lambda: damaged(report_bytes(), b"\xff\xfe")),
         note="2 bad bytes replaced"),
    Case("utf8_stray_bytes_many_places.txt",
         _file(lambda: damaged(damaged(damaged(report_bytes(8), b"\x80", 0.2), b"\xc3", 0.5), b"\xfe", 0.8)),
         note="3 bad bytes replaced"),
    Case("two_nul_bytes.txt", _file(lambda: damaged(report_bytes(), b"\x00\x00")), note="2 NUL bytes dropped"),
    Case("nul_and_bad_bytes.txt", _file(lambda: damaged(damaged(report_bytes(), b"\x00"), b"\xff", 0.2)),
         note="1 bad byte replaced, 1 NUL byte dropped"),
    Case("gbk_stray_byte.txt", _file(lambda: damaged(report_bytes(encoding="gbk"), b"\xff")),
         note="bad byte"),
    Case("utf8_bom_stray_bytes.txt", _file(lambda: b"\xef\xbb\xbf" + damaged(report_bytes(), b"\xff\xfe")),
         note="2 bad bytes replaced"),
    Case("html_stray_bytes.html", _file(lambda: b"<html><body><p>" + damaged(report_bytes(), b"\xff\xfe")
                                        + b"</p></body></html>"), note="2 bad bytes replaced"),
    Case("one_line_580KB.txt", _file(one_line_text)),
    Case("formula_lines.txt", _file(formula_text)),
    # not text
    Case("empty.txt", _file(lambda: b""), reason="empty file"),
    Case("binary_junk.txt", _file(lambda: JUNK), reason="binary data"),
    Case("mostly_damaged.txt", _file(lambda: b"".join(
        (REPORT[:20].encode() + JUNK[i:i + 40]) for i in range(0, 4000, 40))), reason="binary data"),
    Case("half_nul.txt", _file(lambda: report_bytes().replace(b"\xe5", b"\x00")), reason="binary data"),
    Case("too_long.txt", _file(lambda: report_bytes(12_000)), reason="text too long"),
    # compressed and nested
    Case("zip_bomb_200MB.docx", _file(lambda: zip_bomb_docx(200 * 1024 * 1024)),
         reason="docx too large when unpacked: 211 MB, the limit is 150 MB"),
    Case("zip_bomb_ratio.docx", _file(lambda: zip_bomb_docx(20 * 1024 * 1024)),
         reason="docx member word/media/image1.png expands"),
    Case("xml_bomb_70MB.docx", _file(lambda: xml_bomb_docx(70 * 1024 * 1024)), reason="MB of XML"),
    Case("zip_lying_sizes.docx", _file(lying_zip_docx)),  # never inflated: Word does not use it
    Case("nested_100000.html", _file(lambda: nested_html(100_000)),
         reason="HTML nested too deeply: more than 250 levels of elements"),
    Case("nested_200.html", _file(lambda: nested_html(200))),
    Case("pdf_stream_bomb.pdf", _file(lambda: stream_bomb_pdf(100 * 1024 * 1024)),
         reason="PDF expands past a limit of the reader"),
    # encrypted
    Case("aes_empty_password.pdf", _file(lambda: encrypted_pdf(""))),
    Case("rc4_empty_password.pdf", _file(lambda: encrypted_pdf("", "RC4-128"))),
    Case("aes_password.pdf", _file(lambda: encrypted_pdf("secret")), reason="encrypted PDF: it needs a password"),
]

# Folders: walked by list_files; the Problem names ``problem`` (relative to the case's folder).
FOLDERS = [
    Case("symlink_loop", symlink_loop, reason="symlink loop: the folder leads back to", problem="sub/back"),
    Case("self_link", self_link, reason="symlink loop: the link never reaches a file or folder",
         problem="loop.txt"),
    Case("broken_link", broken_link, reason="broken link: it points to nothing", problem="removed.txt"),
    Case("linked_folder", linked_folder),
    Case("named_pipe", named_pipe, reason="not a regular file (a pipe, socket or device)", problem="pipe.txt"),
    Case("unreadable_folder", unreadable_folder, reason="cannot read the folder: Permission denied",
         problem="locked"),
]

# Manifests: (name, bytes, the message's words, or None when it is read).
MANIFESTS = [
    ("gbk.csv", ("file,region,year\nutf8_two_stray_bytes.txt,某县,2021\n"
                 "two_nul_bytes.txt,某县,2021\n").encode("gbk"), None),
    ("year_20_digits.csv", b"file,year\nempty.txt,12345678901234567890\n", "line 2: year 12345678901234567890 is out of range"),
    ("year_0.csv", b"file,year\nempty.txt,0\n", "line 2: year 0 is out of range"),
    ("unclosed_quote.csv", b'file,region\n"empty.txt,x\n', 'line 2: unclosed quote'),
    ("duplicate.csv", b"file,year\nempty.txt,2020\nempty.txt,2021\n", "line 3: empty.txt is listed again"),
    ("no_file_column.csv", b"name,year\nempty.txt,2020\n", "manifest needs a `file` column"),
    ("formula.csv", b'file,region\nempty.txt,"=HYPERLINK(""http://x.example/"")"\n', "begins like a spreadsheet formula"),
]


def make_all(root: Path) -> None:
    """The whole corpus under ``root``: files/, folders/<case>/, manifests/."""
    for case in FILES:
        case.make(root / "files" / case.name)
    for case in FOLDERS:
        (root / "folders" / case.name).mkdir(parents=True, exist_ok=True)
        case.make(root / "folders" / case.name)
    for name, data, _ in MANIFESTS:
        write(root / "manifests" / name, data)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    make_all(Path(sys.argv[1]))
