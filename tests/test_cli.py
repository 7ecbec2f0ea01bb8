"""The command line: tables out, bad files skipped with their reason, the
exit code, the manifest, workers, and an output never half-written."""
import pandas as pd
import pytest

from extract.__main__ import main
from extract.table import COLUMN_NAMES, read_table

REPORT = "青禾县政府工作报告\n一、2022年工作回顾\n全县地区生产总值完成128.6亿元，增长6.2%。城镇新增就业5120人。\n"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    (d / "青禾县_2023_政府工作报告.txt").write_text(REPORT, encoding="utf-8")
    (d / "石岭县_2023_政府工作报告.txt").write_bytes(REPORT.replace("青禾", "石岭").encode("gbk"))
    return d


def run_cli(*args):
    return main([str(a) for a in args])


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_writes_the_table(folder, tmp_path, suffix, capsys):
    out = tmp_path / f"t{suffix}"
    assert run_cli(folder, "--out", out, "--quiet") == 0
    table = read_table(out)
    assert list(table.columns) == list(COLUMN_NAMES)
    assert set(table["doc"]) == {"青禾县_2023_政府工作报告.txt", "石岭县_2023_政府工作报告.txt"}
    gdp = table[(table["indicator"] == "gdp") & (table["region"] == "青禾县")].iloc[0]
    assert (gdp["value"], gdp["year"], gdp["kind"]) == (12860000000, 2022, "actual")
    assert "2 documents read" in capsys.readouterr().err


def test_csv_has_a_byte_order_mark(folder, tmp_path):
    out = tmp_path / "t.csv"
    run_cli(folder, "--out", out, "--quiet")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_bad_files_are_skipped_with_their_reason(folder, tmp_path, capsys):
    (folder / "broken.docx").write_bytes(b"not a zip at all")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "t.csv"
    assert run_cli(folder, "--out", out, "--quiet") == 0
    err = capsys.readouterr().err
    for name in ("broken.docx", "empty.txt", "junk.txt"):
        assert f"{name}: " in err
    assert "3 skipped" in err
    assert len(read_table(out)) > 0


def test_nothing_readable_fails_and_keeps_the_old_table(tmp_path, capsys):
    out = tmp_path / "t.csv"
    out.write_text("keep me", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run_cli(tmp_path / "empty.txt", tmp_path / "missing.txt", "--out", out) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    err = capsys.readouterr().err
    assert "missing.txt: no such file or folder" in err and "nothing written" in err
    assert not list(tmp_path.glob(".t.csv.*.part"))


def test_manifest_overrides_region_and_year(folder, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,region,year,province\n青禾县_2023_政府工作报告.txt,丹东市,2021,辽宁省\n", encoding="utf-8")
    out = tmp_path / "t.csv"
    run_cli(folder, "--out", out, "--manifest", manifest, "--quiet")
    t = read_table(out)
    row = t[t["doc"] == "青禾县_2023_政府工作报告.txt"].iloc[0]
    assert (row["region"], row["province"], row["doc_year"]) == ("丹东市", "辽宁省", 2021)


@pytest.mark.parametrize("content,reason", [
    ("region,year\nx,2020\n", "file"),
    ("file,region,year\na.txt,丹东,twenty\n", "year"),
])
def test_a_bad_manifest_is_named(folder, tmp_path, content, reason, capsys):
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    assert run_cli(folder, "--out", tmp_path / "t.csv", "--manifest", manifest) == 2
    err = capsys.readouterr().err
    assert "m.csv" in err and reason in err


def test_workers_give_the_same_table(folder, tmp_path):
    one, two = tmp_path / "1.csv", tmp_path / "2.csv"
    run_cli(folder, "--out", one, "--quiet")
    run_cli(folder, "--out", two, "--quiet", "--workers", "2")
    pd.testing.assert_frame_equal(read_table(one), read_table(two))


@pytest.mark.parametrize("args", [["--out", "t.xlsx"], ["--out", "t.csv", "--workers", "0"]])
def test_misuse_is_refused(folder, args):
    with pytest.raises(SystemExit) as e:
        run_cli(folder, *args)
    assert e.value.code == 2


# The shape issue's check: a report whose lines begin like formulas. Every text
# cell of the CLI's CSV is neutralised (OWASP: = + - @ tab CR LF), every number
# cell still reads as a number, and a CR inside a cell never starts a new row.
FORMULA_LINES = ['=HYPERLINK("http://x","y")新建党支部5个', "+1新增就业300人", "-1+2培训干部30人次",
                 "@x发展党员12名", "\t全年接待游客80万人次", "\r=1+1，改造农房60户"]


def test_csv_cells_are_formula_safe(tmp_path):
    import csv
    import io

    report = tmp_path / "甲县_2023_政府工作报告.txt"
    report.write_text("\n".join(FORMULA_LINES) + "\n", encoding="utf-8", newline="")
    out = tmp_path / "t.csv"
    assert run_cli(report, "--out", out, "--quiet") == 0
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(FORMULA_LINES)
    numbers = {c for c in COLUMN_NAMES if c in ("value", "high", "start", "end", "year", "doc_year")}
    for row in rows:
        for name, cell in row.items():
            if name in numbers:
                assert cell == "" or float(cell) == float(cell)
            else:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (name, cell)
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert frame["value"].dtype == float and sorted(frame["value"]) == [5, 12, 30, 60, 300, 800000]
    back = read_table(out)
    assert back["sentence"].str.startswith(("=", "+", "-", "@")).sum() == 5   # read back as they were
