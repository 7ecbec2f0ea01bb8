"""Hostile input (made by tests/hostile.py) through ingest and the whole
extraction: damaged text is read and says so, what cannot be read is skipped
with the limit or fault named, and every cell stays bounded."""
import errno
import os
from pathlib import Path

import pytest

import extract
from extract.context import MAX_SENTENCE
from extract.ingest import IngestError, Limits, iter_documents, list_files, read_bytes, read_document
from extract.manifest import read_manifest
from extract.pipeline import run
from tests import hostile
from tests.hostile import FILES, FOLDERS, MANIFESTS

EXCEL_CELL = 32_767
MAX_LABEL = 60
CUT = "…"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Every file case, made once for the module (the bombs take a second)."""
    root = tmp_path_factory.mktemp("hostile")
    for case in FILES:
        case.make(root / case.name)
    return root


@pytest.mark.parametrize("case", FILES, ids=[c.name for c in FILES])
def test_file(corpus, case):
    path = corpus / case.name
    if case.reason:
        with pytest.raises(IngestError) as e:
            read_document(path)
        assert case.reason in e.value.reason
        assert e.value.doc == case.name and e.value.path == str(path)
        assert "\n" not in e.value.reason
        return
    document = read_document(path)
    if case.note:
        assert len(document.notes) == 1 and case.note in document.notes[0]
    else:
        assert document.notes == ()
    assert "\x00" not in document.text


def test_damaged_files_keep_their_figures(corpus):
    # a stray byte costs at most the figure it falls in
    clean = extract.extract_text(hostile.REPORT * 4, doc="a.txt")
    for name in ("utf8_two_stray_bytes.txt", "two_nul_bytes.txt", "gbk_stray_byte.txt",
                 "nul_and_bad_bytes.txt", "utf8_bom_stray_bytes.txt"):
        found = extract.extract_paths([corpus / name])
        assert len(found) >= len(clean) - 1, name
        assert set(found["text"]) == set(clean["text"]), name


def test_limits_are_named_when_hit():
    # each limit, made small, on an ordinary file of its kind
    report = hostile.report_bytes()
    cases = [
        ("a.txt", report, Limits(chars=500), "text too long: 752 characters, the limit is 500"),
        ("a.txt", report, Limits(chars=100), "text too long: more than 462 characters, the limit is 100"),
        ("a.txt", report * 200, Limits(chars=1000), "text too long: more than 92,400 characters, the limit is 1,000"),
        ("a.docx", hostile.docx_bytes(hostile.REPORT), Limits(chars=100), "text too long"),
        ("a.docx", hostile.docx_bytes(hostile.REPORT), Limits(zip_members=3), "members, the limit is 3"),
        ("a.docx", hostile.docx_bytes(hostile.REPORT), Limits(unzipped=10_000),
         "docx too large when unpacked"),
        ("a.pdf", hostile.chinese_pdf(hostile.PDF_PAGES), Limits(pdf_pages=1), "PDF too long: 2 pages, the limit is 1"),
        ("a.pdf", hostile.chinese_pdf(hostile.PDF_PAGES), Limits(chars=20), "text too long"),
        ("a.pdf", hostile.chinese_pdf(hostile.PDF_PAGES), Limits(pdf_seconds=0),
         "PDF too slow to read: over 0 s after 1 page"),
        ("a.html", hostile.wide_html(100), Limits(html_elements=50), "HTML too large: more than 50 elements"),
        ("a.html", hostile.nested_html(30), Limits(html_depth=20), "more than 20 levels"),
        ("a.txt", report, Limits(bytes=100), "file too large"),
    ]
    for name, data, limits, reason in cases:
        with pytest.raises(IngestError) as e:
            read_bytes(name, data, limits=limits)
        assert reason in e.value.reason, (name, limits)


def test_html_just_inside_its_limits_is_read():
    assert read_bytes("a.html", hostile.nested_html(240)).text == "地区生产总值增长6.5%。"
    assert read_bytes("a.html", hostile.wide_html(1000)).text == "地区生产总值增长6.5%。"


def test_nested_html_is_refused_quickly(corpus):
    import time

    start = time.perf_counter()
    with pytest.raises(IngestError, match="nested too deeply"):
        read_document(corpus / "nested_100000.html")
    assert time.perf_counter() - start < 2  # issue 9: over 300 s with the old reader


# --- folders ---------------------------------------------------------------------

def _fake_unreadable(monkeypatch, name: str):
    """As for a user without permission (the tests run as root, who reads anything)."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fspath(path)).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)
    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("case", FOLDERS, ids=[c.name for c in FOLDERS])
def test_folder(tmp_path, monkeypatch, case):
    root = tmp_path / case.name
    root.mkdir()
    case.make(root)
    try:
        if case.name == "unreadable_folder":
            _fake_unreadable(monkeypatch, "locked")
        problems = []
        documents = list(iter_documents([root], problems))
    finally:
        os.chmod(root / "locked", 0o755) if (root / "locked").exists() else None
    # the report beside the fault is always read, once
    assert [d.doc for d in documents] == ["某县_2021_政府工作报告.txt"]
    if case.reason is None:
        assert problems == []
        return
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.path == str(root / case.problem)
    assert problem.doc == Path(case.problem).name
    assert case.reason in problem.reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its permissions")
def test_folder_without_permission(tmp_path):
    hostile.unreadable_folder(tmp_path)
    try:
        problems = []
        assert len(list(iter_documents([tmp_path], problems))) == 1
        assert [p.reason for p in problems] == ["cannot read the folder: Permission denied"]
    finally:
        os.chmod(tmp_path / "locked", 0o755)


def test_a_loop_named_on_the_command_line(tmp_path):
    os.symlink("loop", tmp_path / "loop")
    problems = []
    assert list_files([tmp_path / "loop"], problems) == []
    assert [p.reason for p in problems] == ["symlink loop: the link never reaches a file or folder"]


def test_links_between_folders_are_walked_once(tmp_path):
    hostile.linked_folder(tmp_path)
    (tmp_path / "2021" / "up").symlink_to("../latest")   # back to 2021 by another link: a loop
    problems = []
    files = list_files([tmp_path], problems)
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["2021/某县_2021_政府工作报告.txt"]
    assert [(p.doc, p.reason.split(":")[0]) for p in problems] == [("up", "symlink loop")]


# --- the whole run over the corpus ---------------------------------------------

@pytest.fixture(scope="module")
def extraction(corpus):
    # the one-line text is checked alone below (it takes seconds)
    paths = [corpus / c.name for c in FILES if c.name != "one_line_580KB.txt"]
    return run(paths)


def test_run_names_every_skipped_file(extraction):
    skipped = {p.doc: p.reason for p in extraction.problems}
    for case in FILES:
        if case.reason:
            assert case.reason in skipped.pop(case.name), case.name
    assert skipped == {}
    read = {d.doc for d in extraction.documents}
    assert read == {c.name for c in FILES if not c.reason and c.name != "one_line_580KB.txt"}


def test_cells_are_bounded(extraction, corpus):
    texts = {}
    for m in extraction.mentions:
        assert len(m.sentence) <= MAX_SENTENCE + 2 * len(CUT), m.doc
        assert len(m.label) <= MAX_LABEL, m.doc
        if m.doc not in texts:
            texts[m.doc] = read_document(corpus / m.doc).text
        assert texts[m.doc][m.start:m.end] == m.text, m.doc
        for cell in (m.sentence, m.label, m.text):
            assert len(cell) <= EXCEL_CELL


def test_extract_paths_over_the_corpus(corpus):
    frame = extract.extract_paths([corpus / c.name for c in FILES if not c.reason and c.name != "one_line_580KB.txt"])
    assert set(frame["doc"]) >= {"utf8_two_stray_bytes.txt", "aes_empty_password.pdf", "formula_lines.txt",
                                 "html_stray_bytes.html", "nested_200.html"}


# --- one line without punctuation ------------------------------------------------

ONE_LINE = hostile.one_line_text(60_000).decode("utf-8")


@pytest.fixture(scope="module")
def one_line():
    return extract.extract_text(ONE_LINE, doc="某县_2021_政府工作报告.txt")


def test_one_line_sentences_are_windows(one_line):
    assert len(one_line) > 100
    assert one_line["sentence"].str.len().max() <= MAX_SENTENCE + 2 * len(CUT)
    for text, start, end, sentence in one_line[["text", "start", "end", "sentence"]].itertuples(index=False):
        assert ONE_LINE[start:end] == text
        assert text in sentence


def test_one_line_table_stays_small(one_line, tmp_path):
    path = tmp_path / "t.csv"
    extract.write_table(one_line, path)
    # 580 KB of such text: under 10 MB (bench/hostile.py); here a tenth of it
    assert path.stat().st_size < 10e6 * len(ONE_LINE.encode()) / hostile.ONE_LINE_BYTES


def test_one_line_sentences_are_marked_as_cut(one_line):
    cut = one_line["sentence"].str.startswith(CUT) | one_line["sentence"].str.endswith(CUT)
    assert cut.all()


def test_sentence_window():
    from extract.context import Layout, describe_document
    from extract.pipeline import default_extractor

    catalog = default_extractor().catalog
    short = "地区生产总值增长6.5%。"
    long_clauses = "，".join(["全县上下坚持稳中求进工作总基调"] * 40) + "，地区生产总值增长6.5%，" + "，".join(["推动各项工作再上新台阶"] * 40)
    no_marks = "坚" * 2000 + "增长6.5%" + "进" * 2000
    cases = [
        # (label, text, mention, whole sentence?, window begins at a clause)
        ("short sentence kept whole", short, "6.5%", True, True),
        ("long sentence cut at clause marks", long_clauses, "6.5%", False, True),
        ("no marks at all: a raw window", no_marks, "6.5%", False, False),
    ]
    for label, text, mention, whole, at_clause in cases:
        layout = Layout(text, describe_document("a.txt", text, None, catalog), catalog)
        start = text.index(mention)
        s, e, cut_before, cut_after = layout.sentence_window(start, start + len(mention))
        assert s <= start and start + len(mention) <= e, label
        assert e - s <= MAX_SENTENCE, label
        assert (not cut_before and not cut_after) == whole, label
        if at_clause:
            assert s == 0 or text[s - 1] in "，。", label
        assert layout.sentence(start, start + len(mention)) == (s, e)


# --- manifests -------------------------------------------------------------------

@pytest.mark.parametrize("name,data,message", MANIFESTS, ids=[m[0] for m in MANIFESTS])
def test_manifest(tmp_path, corpus, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    if message:
        with pytest.raises(ValueError) as e:
            extract.extract_paths([corpus / "utf8_two_stray_bytes.txt"], manifest=path)
        assert str(e.value).startswith(f"{name} line") or str(e.value).startswith(f"{name}:")
        assert message in str(e.value)
        return
    assert read_manifest(path)["utf8_two_stray_bytes.txt"].region == "某县"
    frame = extract.extract_paths([corpus / "utf8_two_stray_bytes.txt"], manifest=path)
    assert set(frame["region"]) == {"某县"}
