"""manifest: file names and manifest rows → hints. Every bad manifest is one
ValueError naming the file and the line; cases are named by how such a
manifest comes about (a spreadsheet saved on a Chinese Windows, a typo, a
pasted cell)."""
import pytest

from extract.manifest import (
    Hint, hint_for, hint_from_file_name, manifest_warnings, parse_manifest, read_manifest,
)

HEADER = "file,region,year,doctype,province\n"
ROW = "丹东市_2021_政府工作报告.txt,丹东市,2021,政府工作报告,辽宁省\n"
HINT = Hint(region="丹东市", year=2021, doctype="政府工作报告", province="辽宁省")

GOOD = [
    # (label, bytes, expected hints)
    ("utf-8", (HEADER + ROW).encode("utf-8"), {"丹东市_2021_政府工作报告.txt": HINT}),
    ("utf-8 with BOM (Excel's CSV UTF-8)", (HEADER + ROW).encode("utf-8-sig"), {"丹东市_2021_政府工作报告.txt": HINT}),
    ("gbk (Excel's CSV on a Chinese Windows)", (HEADER + ROW).encode("gbk"), {"丹东市_2021_政府工作报告.txt": HINT}),
    ("gb18030, one short row", "file,region,year\n某县报告.txt,某县,2021\n".encode("gb18030"),
     {"某县报告.txt": Hint(region="某县", year=2021)}),
    ("utf-16 (Excel's Unicode text)", (HEADER + ROW).encode("utf-16"), {"丹东市_2021_政府工作报告.txt": HINT}),
    ("CRLF and blank lines", (HEADER + "\n" + ROW + "\n").replace("\n", "\r\n").encode("utf-8"),
     {"丹东市_2021_政府工作报告.txt": HINT}),
    ("header in capitals with spaces", b"File , Region\na.txt,x\n", {"a.txt": Hint(region="x")}),
    ("only the file column", b"file\na.txt\n", {"a.txt": Hint()}),
    ("a path: the name is the key", "file,year\nreports/sub/a.txt,2020\n".encode(), {"a.txt": Hint(year=2020)}),
    ("a Windows path", "file,year\nC:\\reports\\a.txt,2020\n".encode(), {"a.txt": Hint(year=2020)}),
    ("full-width year and 年", "file,year\na.txt,２０２１\nb.txt,2020年\n".encode(),
     {"a.txt": Hint(year=2021), "b.txt": Hint(year=2020)}),
    ("quoted comma in a value", 'file,region\na.txt,"某县,某镇"\n'.encode(), {"a.txt": Hint(region="某县,某镇")}),
    ("empty cells", b"file,region,year\na.txt,,\n", {"a.txt": Hint()}),
    ("first and last years of the range", b"file,year\na.txt,1949\nb.txt,2100\n",
     {"a.txt": Hint(year=1949), "b.txt": Hint(year=2100)}),
    ("a header alone", b"file,region,year\n", {}),
]


@pytest.mark.parametrize("label,data,hints", GOOD, ids=[g[0] for g in GOOD])
def test_good_manifests(tmp_path, label, data, hints):
    path = tmp_path / "manifest.csv"
    path.write_bytes(data)
    assert read_manifest(path) == hints


BAD = [
    # (label, bytes, the whole message after "m.csv")
    ("empty file", b"", ": manifest is empty: it needs a header line with a `file` column"),
    ("blank lines only", b"\n\n", ": manifest is empty: it needs a header line with a `file` column"),
    ("no file column", b"name,region\na.txt,x\n", ": manifest needs a `file` column (found `name`, `region`)"),
    ("a column twice", b"file,year,year\na.txt,1,2\n", " line 1: column `year` appears 2 times"),
    ("year not a number", b"file,year\na.txt,2021\nb.txt,twenty\n", " line 3: year 'twenty' is not a number"),
    ("year with a minus", b"file,year\na.txt,-2021\n", " line 2: year '-2021' is not a number"),
    ("superscript digits", "file,year\na.txt,２⁰²¹\n".encode(), " line 2: year '２⁰²¹' is not a number"),
    ("year 0", b"file,year\na.txt,0\n", " line 2: year 0 is out of range (1949–2100)"),
    ("a two-digit year", b"file,year\na.txt,21\n", " line 2: year 21 is out of range (1949–2100)"),
    ("year 20 digits (an ID pasted into the year)", b"file,year\na.txt,12345678901234567890\n",
     " line 2: year 12345678901234567890 is out of range (1949–2100)"),
    ("year 5000 digits (past Python's int limit)", b"file,year\na.txt," + b"9" * 5000 + b"\n",
     " line 2: year 999999999999999999999999… is out of range (1949–2100)"),
    ("unclosed quote", b'file,region\na.txt,"x\nb.txt,y\n', ' line 2: unclosed quote: a " that never ends'),
    ("text after a closing quote", b'file,region\na.txt,"x"y\n', " line 2: not valid CSV: ',' expected after '\"'"),
    ("the same file twice", b"file,year\na.txt,2020\nb.txt,2021\na.txt,2020\n",
     " line 4: a.txt is listed again (first on line 2)"),
    ("the same name in two folders", b"file,year\nx/a.txt,2020\ny/a.txt,2021\n",
     " line 3: a.txt is listed again (first on line 2)"),
    ("more cells than columns", b"file,region\na.txt,x,y\n", " line 2: 3 cells, the header has 2"),
    ("no file name", b"file,region\n,x\n", " line 2: no file name in the `file` column"),
    ("formula in region, as a spreadsheet quotes it",
     b'file,region\na.txt,"=HYPERLINK(""http://x.example/"",""click"")"\n',
     " line 2: region '=HYPERLINK(\"http://x.example/\",\"click\")' begins like a spreadsheet formula (=); "
     "a region is a name"),
    ("plus formula in doctype", b"file,doctype\na.txt,+1+cmd\n",
     " line 2: doctype '+1+cmd' begins like a spreadsheet formula (+); a doctype is a name"),
    ("minus formula in province", b"file,province\na.txt,-2+3\n",
     " line 2: province '-2+3' begins like a spreadsheet formula (-); a province is a name"),
    ("at formula in region", b"file,region\na.txt,@SUM(A1)\n",
     " line 2: region '@SUM(A1)' begins like a spreadsheet formula (@); a region is a name"),
    ("tab in a value", b'file,region\na.txt,"x\ty"\n', " line 2: region 'x\\ty' holds a control character (U+0009)"),
    ("line break in a value", b'file,region\na.txt,"x\r\n=1+1"\n',
     " line 2: region 'x\\r\\n=1+1' holds a control character (U+000D)"),
    ("bidi override in a name", "file,region\na.txt,某\u202e县\n".encode(),
     " line 2: region '某\\u202e县' holds a control character (U+202E)"),
    ("control character in a file name", b"file\n" + b"".join(b"r%02d.txt\n" % i for i in range(20)) + b"a\x07.txt\n",
     " line 22: file 'a\\x07.txt' holds a control character (U+0007)"),
    ("a value far too long", b"file,region\na.txt," + "县".encode() * 300 + b"\n",
     " line 2: region is 300 characters long, the limit is 200"),
    ("binary data", bytes(range(256)) * 8, ": manifest is not text: binary data, not text (it contains NUL bytes)"),
    ("damaged bytes", ("file,region\n" + "丹东市_2021.txt,丹东市\n" * 20).encode() + b"\xff\n",
     ": manifest is damaged (1 bad byte replaced when read as utf-8); save it again as UTF-8"),
]


@pytest.mark.parametrize("label,data,message", BAD, ids=[b[0] for b in BAD])
def test_bad_manifests(tmp_path, label, data, message):
    path = tmp_path / "m.csv"
    path.write_bytes(data)
    with pytest.raises(ValueError) as e:
        read_manifest(path)
    assert str(e.value) == "m.csv" + message
    assert "\n" not in str(e.value)  # one line for the CLI


def test_missing_manifest_is_an_os_error(tmp_path):
    with pytest.raises(OSError):
        read_manifest(tmp_path / "missing.csv")


def test_manifest_too_large(monkeypatch):
    import extract.manifest as manifest
    monkeypatch.setattr(manifest, "MAX_MANIFEST_BYTES", 100)
    with pytest.raises(ValueError, match="manifest too large"):
        parse_manifest(b"file\n" + b"a.txt\n" * 50, "m.csv")


def test_unknown_files_are_warnings():
    hints = parse_manifest(b"file,year\na.txt,2020\nb.txt,2021\nc.txt,2022\n")
    files = ["corpus/b.txt", "corpus/d.txt"]
    assert manifest_warnings(hints, files, "m.csv") == [
        "m.csv names a.txt, which is not among the input files",
        "m.csv names c.txt, which is not among the input files",
    ]
    assert manifest_warnings(hints, ["x/a.txt", "b.txt", "c.txt"]) == []
    assert manifest_warnings(None, files) == []


def test_hint_for_prefers_the_manifest_then_the_file_name():
    manifest = {"丹东市_2021_政府工作报告.txt": Hint(region="振兴区", province="辽宁省")}
    assert hint_for("丹东市_2021_政府工作报告.txt", manifest) == Hint(
        region="振兴区", year=2021, doctype="政府工作报告", province="辽宁省")
    assert hint_for("丹东市_2021_政府工作报告.txt", None) == hint_from_file_name("丹东市_2021_政府工作报告.txt")
    assert hint_for("other.txt", manifest) == Hint()


FILE_NAMES = [
    ("丹东市_2021_政府工作报告.txt", Hint(region="丹东市", year=2021, doctype="政府工作报告")),
    ("corpus/丹东市_2021_政府工作报告.txt", Hint(region="丹东市", year=2021, doctype="政府工作报告")),
    ("丹东市_1899_政府工作报告.txt", Hint()),     # not a year of ours
    ("丹东市_21_政府工作报告.txt", Hint()),
    ("政府工作报告.txt", Hint()),
]


@pytest.mark.parametrize("name,hint", FILE_NAMES, ids=[f[0] for f in FILE_NAMES])
def test_hint_from_file_name(name, hint):
    assert hint_from_file_name(name) == hint
