"""ingest: files → documents. Every fixture is made here, in tmp_path or in
memory, from our own text written in the style of the corpus (a work report,
a Party-organisation speech)."""
import codecs
import io
import logging
import random
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from extract.ingest import (
    SUPPORTED_SUFFIXES, Document, IngestError, Problem, iter_documents, list_files, read_bytes, read_document,
)
from extract.normalise import normalise
from tests.hostile import chinese_pdf, docx_bytes

# ~200 characters, enough for charset detection, with numbers, units and the
# punctuation that matters downstream.
REPORT = (
    "各位代表：\n"
    "过去一年，全县上下坚持稳中求进工作总基调，地区生产总值完成128.6亿元，增长6.5%；"
    "一般公共预算收入完成9.3亿元，增长8.1%。城镇居民人均可支配收入达到35620元，农村居民人均可支配收入达到17480元。"
    "全年新增城镇就业4200人，新建村级党群服务中心15个，培训党员干部3200人次。"
    "今年，我们将坚持以高质量党建引领高质量发展，力争地区生产总值增长6%左右，推动各项工作再上新台阶。\n"
)
# GB18030 beyond GBK: an Extension A character (䶮) and one outside the BMP (𠮷).
REPORT_GB18030 = REPORT + "新建䶮山路和𠮷祥桥，全长12公里。\n"
# 镕 is in GBK but not in GB2312: pages labelled gb2312 are GBK in practice.
REPORT_GBK = REPORT + "学习朱镕基同志的讲话精神。\n"

ENCODINGS = [
    # (label, bytes, expected text, expected encoding) — how Chinese office
    # machines and web sites save text
    ("utf-8", REPORT.encode("utf-8"), REPORT, "utf-8"),
    ("utf-8 with BOM (Windows Notepad)", REPORT.encode("utf-8-sig"), REPORT, "utf-8-sig"),
    ("gbk", REPORT_GBK.encode("gbk"), REPORT_GBK, "gb18030"),
    ("gb2312 subset", REPORT.encode("gb2312"), REPORT, "gb18030"),
    ("gb18030 four-byte characters", REPORT_GB18030.encode("gb18030"), REPORT_GB18030, "gb18030"),
    ("utf-16-le with BOM", b"\xff\xfe" + REPORT.encode("utf-16-le"), REPORT, "utf-16-le"),
    ("utf-16-be with BOM", b"\xfe\xff" + REPORT.encode("utf-16-be"), REPORT, "utf-16-be"),
    ("utf-16-le without BOM", REPORT.encode("utf-16-le"), REPORT, "utf-16-le"),
    ("utf-32 with BOM", REPORT.encode("utf-32"), REPORT, "utf-32-le"),
    ("CRLF kept", REPORT.replace("\n", "\r\n").encode("utf-8"), REPORT.replace("\n", "\r\n"), "utf-8"),
    ("CRLF kept in gbk", REPORT.replace("\n", "\r\n").encode("gbk"), REPORT.replace("\n", "\r\n"), "gb18030"),
    ("ascii", b"GDP growth 6.5%\n", "GDP growth 6.5%\n", "utf-8"),
]


@pytest.mark.parametrize("label,data,text,encoding", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_text_encodings(tmp_path, label, data, text, encoding):
    path = tmp_path / "某县_2021_政府工作报告.txt"
    path.write_bytes(data)
    document = read_document(path)
    assert document == Document(doc=path.name, text=text, path=str(path), fmt="txt", encoding=encoding)


def test_offsets_are_into_the_decoded_text():
    document = read_bytes("a.txt", REPORT.replace("\n", "\r\n").encode("gbk"))
    start = document.text.index("128.6亿元")
    assert document.text[start:start + 7] == "128.6亿元"
    assert normalise(document.text)[start:start + 7] == "128.6亿元"


# --- damaged text: read, the repair said, offsets into the text returned ---------

_UTF8 = REPORT.encode("utf-8")
_GBK = REPORT_GBK.encode("gbk")
_AT = _UTF8.index("党员".encode()) + 6       # after 党员, as in issue 9's scraped page
_AT_GBK = _GBK.index("党员".encode("gbk")) + 4

REPAIRS = [
    # (label, bytes, text expected, encoding, notes)
    ("utf-8, two stray bytes (a scraped page)", _UTF8[:_AT] + b"\xff\xfe" + _UTF8[_AT:],
     REPORT[:REPORT.index("党员") + 2] + "\ufffd\ufffd" + REPORT[REPORT.index("党员") + 2:], "utf-8",
     ("2 bad bytes replaced",)),
    ("utf-8, a character cut in half", _UTF8[:_AT] + "党".encode()[:2] + _UTF8[_AT:],
     REPORT[:REPORT.index("党员") + 2] + "\ufffd" + REPORT[REPORT.index("党员") + 2:], "utf-8",
     ("2 bad bytes replaced",)),
    ("utf-8, two NUL bytes", _UTF8[:_AT] + b"\x00\x00" + _UTF8[_AT:], REPORT, "utf-8", ("2 NUL bytes dropped",)),
    ("utf-8 with BOM, a stray byte", codecs.BOM_UTF8 + _UTF8[:_AT] + b"\x80" + _UTF8[_AT:],
     REPORT[:REPORT.index("党员") + 2] + "\ufffd" + REPORT[REPORT.index("党员") + 2:], "utf-8-sig",
     ("1 bad byte replaced",)),
    ("gbk, a stray byte between characters", _GBK[:_AT_GBK] + b"\xff" + _GBK[_AT_GBK:],
     REPORT_GBK[:REPORT_GBK.index("党员") + 2] + "\ufffd" + REPORT_GBK[REPORT_GBK.index("党员") + 2:], "gb18030",
     ("1 bad byte replaced",)),
    ("gbk, NUL bytes", _GBK[:_AT_GBK] + b"\x00" + _GBK[_AT_GBK:] + b"\x00", REPORT_GBK, "gb18030",
     ("2 NUL bytes dropped",)),
    ("utf-16 with BOM, a NUL character", b"\xff\xfe" + REPORT.encode("utf-16-le") + b"\x00\x00", REPORT,
     "utf-16-le", ("1 NUL byte dropped",)),
]


@pytest.mark.parametrize("label,data,text,encoding,notes", REPAIRS, ids=[r[0] for r in REPAIRS])
def test_damaged_text_is_read(label, data, text, encoding, notes):
    document = read_bytes("报告.txt", data)
    assert (document.text, document.encoding, document.notes) == (text, encoding, notes)
    start = document.text.index("3200人次")
    assert document.text[start:start + 6] == "3200人次"  # offsets are into the text returned


def test_clean_text_has_no_notes():
    assert read_bytes("a.txt", _UTF8).notes == ()


# --- bad files: each is an IngestError with a clear reason ----------------------

_rnd = random.Random(20240601)
RANDOM_BYTES = _rnd.randbytes(3000)
RANDOM_NO_NUL = bytes(_rnd.randrange(1, 256) for _ in range(3000))
CONTROL_BYTES = bytes(_rnd.randrange(1, 32) for _ in range(3000))


_docx_bytes = docx_bytes


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _encrypted_pdf(user_password: str, algorithm: str = "RC4-128") -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_chinese_pdf([["政府工作报告", "地区生产总值增长6.5%。"]])))
    writer.encrypt(user_password, owner_password="owner", algorithm=algorithm)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


BAD_FILES = [
    # (name, bytes, words the reason must contain)
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \r\n\t\r\n\xe3\x80\x80\n", "empty document"),       # spaces, CRLF, U+3000
    ("junk.txt", RANDOM_BYTES, "binary data"),
    ("junk_without_nul.txt", RANDOM_NO_NUL, "not valid text"),
    ("controls.txt", CONTROL_BYTES, "binary data"),
    ("png_renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + RANDOM_BYTES[:200], "binary data"),
    ("bad_bom.txt", b"\xef\xbb\xbf" + b"\xff\xfe\xfa" * 20, "not valid UTF-8 text"),
    ("random.docx", RANDOM_BYTES, "broken .docx: not a zip archive"),
    ("text.docx", REPORT.encode("utf-8"), "broken .docx: not a zip archive"),
    ("zip_not_word.docx", b"PK\x05\x06" + b"\x00" * 18, "broken .docx"),
    ("no_text.docx", None, "empty document"),                             # built below
    ("random.pdf", RANDOM_BYTES, "broken .pdf"),
    ("truncated.pdf", None, "broken .pdf"),
    ("scan.pdf", None, "PDF has no text layer"),
    ("locked.pdf", None, "encrypted PDF: it needs a password"),
    ("old_format.doc", b"\xd0\xcf\x11\xe0" + RANDOM_BYTES[:100], "unsupported file type .doc (save it as .docx)"),
    ("table.xls", b"\xd0\xcf\x11\xe0", "unsupported file type .xls"),
    ("noext", REPORT.encode("utf-8"), "unsupported file type without a suffix"),
    ("junk.html", RANDOM_BYTES, "binary data"),
]
_BUILT = {
    "no_text.docx": lambda: _docx_bytes("", "   "),
    "truncated.pdf": lambda: _blank_pdf()[:200],
    "scan.pdf": _blank_pdf,
    "locked.pdf": lambda: _encrypted_pdf("secret"),
}


def _bad_bytes(name, data):
    return _BUILT[name]() if data is None else data


@pytest.mark.parametrize("name,data,reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files(tmp_path, name, data, reason):
    data = _bad_bytes(name, data)
    with pytest.raises(IngestError) as e:
        read_bytes(name, data)
    assert reason in e.value.reason
    assert e.value.doc == name
    assert str(e.value) == f"{name}: {e.value.reason}"
    # The same from disk, where the error also carries the path.
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as e:
        read_document(path)
    assert reason in e.value.reason and e.value.path == str(path)


def test_ingest_error_is_a_value_error():
    assert issubclass(IngestError, ValueError)


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(REPORT.encode("utf-8"))
    with pytest.raises(IngestError, match="too large"):
        read_document(path, max_bytes=100)
    with pytest.raises(IngestError, match="too large"):
        read_bytes("big.txt", REPORT.encode("utf-8"), max_bytes=100)
    problems = []
    assert list(iter_documents([path], problems, max_bytes=100)) == []
    assert "too large" in problems[0].reason


def test_unreadable_file(tmp_path):
    with pytest.raises(IngestError, match="cannot read the file"):
        read_document(tmp_path / "missing.txt")


MISUSE = [
    lambda: read_bytes("a.txt", REPORT),              # str, not bytes
    lambda: read_bytes("", b"abc"),
    lambda: read_bytes(None, b"abc"),
    lambda: list(iter_documents(b"/tmp")),
    lambda: list_files(42),
]


@pytest.mark.parametrize("call", MISUSE)
def test_misuse_raises_value_error_not_ingest_error(call):
    with pytest.raises(ValueError) as e:
        call()
    assert not isinstance(e.value, IngestError)


# --- .docx ---------------------------------------------------------------------

def _docx_with_table() -> bytes:
    document = docx.Document()
    document.add_heading("2021年工作要点", level=1)
    document.add_paragraph("一、主要指标")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "2020年", "2021年目标"),
                             ("培训党员干部", "3200人次", "3500人次"),
                             ("发展党员", "120名", "130名")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、重点任务\u3000加强基层党组织建设。")
    merged = document.add_table(rows=2, cols=2)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合计"
    merged.cell(1, 0).text = "党组织"
    merged.cell(1, 1).text = "300个"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


DOCX_TEXT = (
    "2021年工作要点\n一、主要指标\n"
    "指标\t2020年\t2021年目标\n培训党员干部\t3200人次\t3500人次\n发展党员\t120名\t130名\n"
    "二、重点任务\u3000加强基层党组织建设。\n"
    "合计\n党组织\t300个"
)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = tmp_path / "要点.docx"
    path.write_bytes(_docx_with_table())
    document = read_document(path)
    assert document.text == DOCX_TEXT
    assert (document.fmt, document.encoding) == ("docx", None)


# --- .pdf ------------------------------------------------------------------------

_chinese_pdf = chinese_pdf  # a PDF like those Word or WPS export (tests/hostile.py)


PDF_PAGES = [["政府工作报告", "地区生产总值增长6.5%，达到128.6亿元。"], ["新增城镇就业4200人，培训党员干部3200人次。"]]


def test_pdf_chinese_text_layer(tmp_path):
    path = tmp_path / "报告.pdf"
    path.write_bytes(_chinese_pdf(PDF_PAGES))
    document = read_document(path)
    assert (document.fmt, document.encoding) == ("pdf", None)
    for page in PDF_PAGES:
        for line in page:
            assert line in document.text
    # Pages joined by a newline, in order.
    assert document.text.index("128.6亿元") < document.text.index("4200人")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-128", "AES-256"])
def test_pdf_encrypted_with_empty_password_reads(algorithm):
    # Many published PDFs are encrypted only to restrict printing or copying;
    # AES needs the `cryptography` package (pinned in requirements.txt).
    document = read_bytes("限制打印.pdf", _encrypted_pdf("", algorithm))
    assert "地区生产总值增长6.5%。" in document.text


def test_pdf_image_only_is_a_scan():
    pil = pytest.importorskip("PIL.Image")
    image = pil.new("L", (400, 200), 255)
    buf = io.BytesIO()
    image.save(buf, format="PDF")
    with pytest.raises(IngestError, match="no text layer"):
        read_bytes("扫描件.pdf", buf.getvalue())


# --- .html -----------------------------------------------------------------------

HTML_GB2312 = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县2022年政府工作报告</title>
<style>p { color: red; }</style>
<script>var views = 12345; document.write("广告");</script>
</head><body>
<div class="nav">首页 &gt; 政务公开</div>
<!-- 统计代码 -->
<h1>政府工作报告</h1>
<p>&nbsp;&nbsp;地区生产总值达到<b>128.6</b>亿元，
增长<span>6.5%</span>。</p>
<p>学习朱镕基同志的讲话精神。<br>新建党群服务中心15个。</p>
<table><tr><td>指标</td><td>数值</td></tr><tr><td>新增就业</td><td>4200人</td></tr></table>
<noscript>请启用脚本</noscript>
</body></html>
"""
HTML_TEXT = (
    "某县2022年政府工作报告\n首页 > 政务公开\n政府工作报告\n"
    "\xa0\xa0地区生产总值达到128.6亿元， 增长6.5%。\n"
    "学习朱镕基同志的讲话精神。\n新建党群服务中心15个。\n"
    "指标\t数值\n新增就业\t4200人"
)


def test_html_meta_charset_gb2312(tmp_path):
    path = tmp_path / "page.htm"
    path.write_bytes(HTML_GB2312.encode("gbk"))                  # 镕 is GBK, not GB2312
    document = read_document(path)
    assert document.text == HTML_TEXT
    assert (document.fmt, document.encoding) == ("html", "gb18030")
    for hidden in ("views", "color", "广告", "统计代码", "请启用脚本"):
        assert hidden not in document.text


HTML_CASES = [
    # (label, bytes, expected text)
    ("utf-8 page with a stale gb2312 label", HTML_GB2312.encode("utf-8"), HTML_TEXT),
    ("no label, gbk bytes", HTML_GB2312.replace("; charset=gb2312", "").encode("gbk"), HTML_TEXT),
    ("html5 meta charset", HTML_GB2312.replace('http-equiv="Content-Type" content="text/html; charset=gb2312"',
                                               'charset="gbk"').encode("gbk"), HTML_TEXT),
    ("fragment", "<p>一、总体要求</p><p>二、<i>主要</i>任务</p>".encode("utf-8"), "一、总体要求\n二、主要任务"),
    ("pre keeps its lines", "<pre>第一行\n  第二行</pre>".encode("utf-8"), "第一行\n第二行"),
]


@pytest.mark.parametrize("label,data,text", HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html(label, data, text):
    assert read_bytes("page.html", data).text == text


def test_html_without_visible_text_is_empty():
    with pytest.raises(IngestError, match="empty document"):
        read_bytes("blank.html", b"<html><head><script>var a=1;</script></head><body> </body></html>")


# --- every format from memory (browser uploads) ---------------------------------

UPLOADS = [
    # (name, bytes builder, format, a phrase the text must contain)
    ("报告.txt", lambda: REPORT.encode("gbk"), "txt", "增长6.5%"),
    ("报告.TXT", lambda: REPORT.encode("utf-8"), "txt", "增长6.5%"),
    ("notes.md", lambda: "# 一、总体要求\n**重点**".encode("utf-8"), "md", "**重点**"),
    ("要点.docx", _docx_with_table, "docx", "培训党员干部\t3200人次"),
    ("报告.pdf", lambda: _chinese_pdf(PDF_PAGES), "pdf", "新增城镇就业4200人"),
    ("page.html", lambda: HTML_GB2312.encode("gbk"), "html", "增长6.5%"),
    ("page.htm", lambda: HTML_GB2312.encode("utf-8"), "html", "增长6.5%"),
    ("C:\\Users\\me\\报告.txt", lambda: REPORT.encode("utf-8"), "txt", "增长6.5%"),  # a Windows browser's name
]


@pytest.mark.parametrize("name,build,fmt,phrase", UPLOADS, ids=[u[0] for u in UPLOADS])
def test_read_bytes(name, build, fmt, phrase):
    document = read_bytes(name, build())
    assert document.fmt == fmt
    assert phrase in document.text
    assert document.doc == name.replace("\\", "/").rsplit("/", 1)[-1]
    assert document.path == ""


def test_supported_suffixes_all_read():
    assert {u[0].rsplit(".", 1)[-1].lower() for u in UPLOADS} >= {s[1:] for s in SUPPORTED_SUFFIXES}


# --- folders and streams ---------------------------------------------------------

def _tree(root: Path) -> None:
    files = {
        "b_县_2021_政府工作报告.txt": REPORT.encode("utf-8"),
        "a_县_2020_政府工作报告.txt": REPORT.encode("gbk"),
        "sub/c.docx": _docx_bytes("二〇二一年工作总结", "全年发展党员120名。"),
        "sub/deeper/d.md": "**一、总体要求**".encode("utf-8"),
        "sub/e.htm": "<p>新增就业4200人</p>".encode("utf-8"),
        "sub/broken.pdf": RANDOM_BYTES,
        "a_sub/f.txt": "第一行\r\n".encode("utf-8"),
        # skipped in a folder walk:
        ".hidden.txt": REPORT.encode("utf-8"),
        ".git/HEAD.txt": b"ref",
        "sub/~$c.docx": b"\x00lock",
        "MANIFEST.csv": b"file,region\n",
        "README.md": b"# corpus\n",
        "readme.txt": b"notes\n",
        "table.xls": b"\xd0\xcf\x11\xe0",
        "notes.csv": b"a,b\n",
    }
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


FOLDER_ORDER = [
    "a_sub/f.txt", "a_县_2020_政府工作报告.txt", "b_县_2021_政府工作报告.txt",
    "sub/broken.pdf", "sub/c.docx", "sub/deeper/d.md", "sub/e.htm",
]


def test_list_files_walks_sorted_and_skips(tmp_path):
    _tree(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in list_files(tmp_path)] == FOLDER_ORDER


def test_iter_documents_goes_on_after_a_bad_file(tmp_path):
    _tree(tmp_path)
    problems: list[Problem] = []
    documents = list(iter_documents([tmp_path], problems))
    assert [d.doc for d in documents] == [Path(p).name for p in FOLDER_ORDER if p != "sub/broken.pdf"]
    assert len(problems) == 1
    assert problems[0].doc == "broken.pdf"
    assert problems[0].path == str(tmp_path / "sub" / "broken.pdf")
    assert problems[0].reason.startswith("broken .pdf")
    assert documents[0].text == "第一行\r\n"


def test_explicit_files(tmp_path):
    _tree(tmp_path)
    problems: list[Problem] = []
    paths = [tmp_path / "table.xls", tmp_path / "README.md", str(tmp_path / "missing.txt"),
             tmp_path / "b_县_2021_政府工作报告.txt", tmp_path / "b_县_2021_政府工作报告.txt"]
    documents = list(iter_documents(paths, problems))
    # An explicitly named README is read; a repeated path once.
    assert [d.doc for d in documents] == ["README.md", "b_县_2021_政府工作报告.txt"]
    assert [(p.doc, p.reason) for p in problems] == [
        ("missing.txt", "no such file or folder"),
        ("table.xls", "unsupported file type .xls"),
    ]


def test_single_path_string(tmp_path):
    _tree(tmp_path)
    assert len(list(iter_documents(str(tmp_path / "sub" / "c.docx")))) == 1


def test_problems_logged_when_not_collected(tmp_path, caplog):
    (tmp_path / "junk.txt").write_bytes(RANDOM_BYTES)
    with caplog.at_level(logging.WARNING, logger="extract.ingest"):
        assert list(iter_documents(tmp_path)) == []
    assert "junk.txt" in caplog.text and "binary data" in caplog.text


def test_iter_documents_streams(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"第{i}份\n", encoding="utf-8")
    problems: list[Problem] = []
    stream = iter_documents(tmp_path, problems)
    assert next(stream).doc == "0.txt"
    # Files are read one at a time, as the stream is consumed: one gone by
    # then is a problem, not a crash.
    (tmp_path / "2.txt").unlink()
    assert [d.doc for d in stream] == ["1.txt"]
    assert [(p.doc, p.reason) for p in problems] == [("2.txt", "cannot read the file: No such file or directory")]


# --- extra evaluation on the shared corpus (skipped where shared/ is absent) ----

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.evaluation
@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="shared corpus absent")
def test_shared_corpus_and_seeds_ingest():
    problems: list[Problem] = []
    documents = list(iter_documents([SHARED / "corpus", SHARED / "seeds"], problems))
    assert problems == []
    assert len(documents) >= 100
    for document in documents:
        norm = normalise(document.text)
        assert len(norm) == len(document.text), document.doc
        assert document.encoding == "utf-8"
    crlf = [d for d in documents if "\r\n" in d.text]
    assert crlf, "the CRLF files keep their line ends"
