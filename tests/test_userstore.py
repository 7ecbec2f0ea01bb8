"""The store of what users add (dashboard.userstore): uploads kept once by content, placed, removed;
corrections made and undone; nothing written without an identity or outside the data folder."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from dashboard import userstore as us
from extract.uploads import read_upload

WHO = us.Identity("王芳", "password")
REPORT = "2023年，全县地区生产总值增长5.2%。2024年地区生产总值增长6%左右。".encode()


def records(name="松溪县_2024_政府工作报告.txt", data=REPORT, hint=None):
    return read_upload(name, data, hint=hint)


@pytest.fixture()
def store(tmp_path) -> us.UserStore:
    return us.UserStore(tmp_path / "data", "sample")


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


# --------------------------------------------------------------------------
# Uploads


def test_an_empty_store_reads_as_nothing_and_writes_no_file(store):
    snap = store.snapshot()
    assert snap.uploads == () and snap.mentions.empty and snap.corrections == ()
    assert not store.folder.exists()


def test_a_kept_upload_is_read_back_by_another_store_object(store):
    upload, new = store.keep_upload(WHO, "松溪县_2024_政府工作报告.txt", REPORT, records())
    assert new and upload.region == "松溪县" and upload.year == 2024 and upload.added_by == "王芳"
    again = us.UserStore(store.folder, "sample").snapshot()  # a restart: a new object, the same file
    assert [u.doc for u in again.uploads] == ["松溪县_2024_政府工作报告.txt"]
    assert set(again.mentions["text"]) == {"5.2%", "6%左右"} and again.mentions["region"].eq("松溪县").all()
    assert again.texts[upload.doc].startswith("2023年") and len(again.documents) == 1
    assert files_in(store.folder) == ["dashboard.duckdb", f"files/{upload.hash}.txt"]
    assert us.UserStore(store.folder, "corpus:/elsewhere").snapshot().uploads == ()  # another collection


@pytest.mark.parametrize("second_name", ["松溪县_2024_政府工作报告.txt", "copy.txt", "../../etc/passwd.txt"])
def test_the_same_bytes_are_kept_once(store, second_name):
    first, _ = store.keep_upload(WHO, "松溪县_2024_政府工作报告.txt", REPORT, records())
    second, new = store.keep_upload(WHO, second_name, REPORT, records("copy.txt"))
    assert not new and second == first
    assert len(store.snapshot().uploads) == 1 and len(files_in(store.folder / "files")) == 1


# Whatever the browser says the file is called, only files/<sha256>.<suffix> is written.
HOSTILE_NAMES = ["../../escape.txt", "/etc/cron.d/evil.txt", "<script>alert(1)</script>.txt", "a\x00b.txt",
                 "..\\..\\win.txt", "~/.bashrc.txt", "C:\\x.txt", "名" * 400 + ".txt"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_an_upload_name_never_becomes_a_path(tmp_path, name):
    store = us.UserStore(tmp_path / "data", "sample")
    from extract.store import safe_name

    import hashlib

    data = REPORT + hashlib.md5(name.encode()).hexdigest().encode()  # other bytes for each name
    upload, _ = store.keep_upload(WHO, name, data, records(safe_name(name), data))
    assert files_in(tmp_path) == ["data/dashboard.duckdb", f"data/files/{upload.hash}.txt"]
    assert "\x00" not in upload.name and "/" not in upload.doc and len(upload.doc) <= 120


@pytest.mark.parametrize("name, problem", [
    ("macro.exe", "not a supported file type"),
    ("empty.txt", "nothing was read"),
])
def test_what_cannot_be_kept_is_refused(store, name, problem):
    result = read_upload(name, b"" if name == "empty.txt" else b"MZ")
    with pytest.raises(ValueError, match=problem):
        store.keep_upload(WHO, name, b"MZ", result)
    assert not (store.folder / "files").exists()


def test_placing_an_upload_sets_region_and_year_and_its_figures(store):
    from extract.model import Hint

    data = "过去一年，全县地区生产总值增长5.2%。".encode()
    upload, _ = store.keep_upload(WHO, "报告.txt", data, records("报告.txt", data))
    assert upload.region is None and upload.year is None
    placement = us.Placement("松溪县", "福建省", 2024, "政府工作报告")
    placed = store.place_upload(WHO, upload, placement,
                                records("报告.txt", data, Hint("松溪县", 2024, "政府工作报告", "福建省")))
    assert (placed.region, placed.province, placed.year, placed.doctype) == ("松溪县", "福建省", 2024, "政府工作报告")
    mentions = store.snapshot().mentions
    assert mentions["region"].tolist() == ["松溪县"] and mentions["year"].tolist() == [2023]


def test_removing_an_upload_drops_it_and_its_bytes(store):
    upload, _ = store.keep_upload(WHO, "a.txt", REPORT, records("a.txt"))
    store.remove_upload(WHO, upload)
    snap = store.snapshot()
    assert snap.uploads == () and snap.mentions.empty and snap.texts == {}
    assert files_in(store.folder) == ["dashboard.duckdb"]


def test_bytes_kept_by_another_collection_stay_when_one_removes_them(store):
    other = us.UserStore(store.folder, "corpus:/c")
    upload, _ = store.keep_upload(WHO, "a.txt", REPORT, records("a.txt"))
    other.keep_upload(WHO, "a.txt", REPORT, records("a.txt"))
    store.remove_upload(WHO, upload)
    assert (store.folder / "files" / f"{upload.hash}.txt").exists() and len(other.snapshot().uploads) == 1


def test_sessions_keeping_the_same_file_at_once_keep_it_once(store):
    results = []

    def keep():
        results.append(store.keep_upload(WHO, "a.txt", REPORT, records("a.txt"))[1])

    threads = [threading.Thread(target=keep) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True] and len(store.snapshot().uploads) == 1


def test_a_snapshot_is_read_again_only_after_a_write(store):
    first = store.snapshot()
    assert store.snapshot() is first
    store.keep_upload(WHO, "a.txt", REPORT, records("a.txt"))
    second = store.snapshot()
    assert second is not first and second.version != first.version and store.snapshot() is second


# --------------------------------------------------------------------------
# Who may write

WRITES = [
    ("keep", lambda s, who: s.keep_upload(who, "a.txt", REPORT, records("a.txt"))),
    ("correct", lambda s, who: s.add_correction(who, "a.txt", 5, 9, "5.2%", {"value": 5.4})),
    ("undo", lambda s, who: s.undo_correction(who, 1)),
]


@pytest.mark.parametrize("what, write", WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("who", [None, us.Identity(""), "admin"])
def test_no_write_without_an_identity(store, what, write, who):
    with pytest.raises(us.NotAllowed):
        write(store, who)
    assert store.snapshot().uploads == () and store.snapshot().corrections == ()


def test_removing_needs_an_identity_too(store):
    upload, _ = store.keep_upload(WHO, "a.txt", REPORT, records("a.txt"))
    with pytest.raises(us.NotAllowed):
        store.remove_upload(None, upload)
    assert len(store.snapshot().uploads) == 1


# --------------------------------------------------------------------------
# Corrections


def test_a_correction_is_kept_with_who_when_why_and_undone(store):
    c = store.add_correction(WHO, "a.txt", 5, 9, "5.2%", {"value": "5.4", "kind": "actual"},
                             note="次年报告修订为5.4%", author="", text_hash="abc")
    assert c.changes == {"kind": "actual", "value": 5.4} and c.author == "王芳" and c.made_by == "王芳 (password)"
    assert c.note == "次年报告修订为5.4%" and c.made_at is not None and c.text_hash == "abc"
    snap = us.UserStore(store.folder, "sample").snapshot()
    assert snap.correction_of("a.txt", 5, 9) == c
    store.undo_correction(WHO, c.id)
    snap = store.snapshot()
    assert snap.correction_of("a.txt", 5, 9) is None and snap.corrections[0].undone_by == "王芳"


def test_undo_brings_back_the_correction_before(store):
    first = store.add_correction(WHO, "a.txt", 5, 9, "5.2%", {"value": 5.4})
    second = store.add_correction(WHO, "a.txt", 5, 9, "5.2%", {"value": 5.6}, author="李明")
    assert store.snapshot().correction_of("a.txt", 5, 9) == second and second.author == "李明"
    store.undo_correction(WHO, second.id)
    assert store.snapshot().correction_of("a.txt", 5, 9) == first


@pytest.mark.parametrize("changes, match", [
    ({}, "nothing to correct"),
    ({"value": "abc"}, "could not convert|not a"),
    ({"value": float("inf")}, "finite"),
    ({"year": 20200}, "not a year"),
    ({"kind": "maybe"}, "neither actual nor target"),
    ({"sentence": "x"}, "not a field"),
    ({"province": "福建省"}, "follow a region"),
])
def test_a_correction_that_makes_no_sense_is_refused(store, changes, match):
    with pytest.raises(ValueError, match=match):
        store.add_correction(WHO, "a.txt", 5, 9, "5.2%", changes)
    assert store.snapshot().corrections == ()


def test_notes_and_names_are_plain_text_of_bounded_length(store):
    c = store.add_correction(WHO, "a.txt", 5, 9, "5.2%", {"value": 5.4}, note="a\x00b<script>" + "x" * 5000,
                             author="\x1b[31m名\x00")
    assert c.note.startswith("ab<script>") and len(c.note) == 2000 and c.author == "[31m名"
