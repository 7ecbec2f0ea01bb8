"""Work on what users send, in a child process with a time and memory bound (dashboard.bounded):
hostile uploads (a docx zip bomb, HTML nested 100,000 deep) give a reason, and the server stays small and free."""
from __future__ import annotations

import io
import threading
import time
import zipfile

import pytest

from dashboard import bounded
from extract.uploads import extract_pasted, read_upload

SMALL = bounded.Limits(seconds=20, memory_mb=400)


def docx_bomb(expanded_mb: int = 1500) -> bytes:
    """A .docx whose document.xml is ``expanded_mb`` MB of one repeated paragraph: a few MB zipped."""
    part = b"<w:p><w:r><w:t>" + b"\xe5\x85\xa8\xe5\x8e\xbf" * 2000 + b"</w:t></w:r></w:p>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                    b'wordprocessingml/2006/main"><w:body>')
            for _ in range(expanded_mb * 1024 * 1024 // len(part)):
                f.write(part)
            f.write(b"</w:body></w:document>")
    return buffer.getvalue()


def nested_html(depth: int = 100_000) -> bytes:
    return (b"<html><body>" + b"<div>" * depth + "全年发展党员312名。".encode() + b"</div>" * depth
            + b"</body></html>")


def test_a_result_comes_back():
    records = bounded.run_bounded(read_upload, "甲县_2023_政府工作报告.txt", "2022年，全县地区生产总值增长6.5%。".encode())
    assert [m.text for m in records.mentions] == ["6.5%"]


def test_a_runaway_is_stopped_by_time():
    started = time.monotonic()
    with pytest.raises(bounded.OverLimit) as stop:
        bounded.run_bounded(time.sleep, 30, limits=bounded.Limits(seconds=0.5))
    assert stop.value.kind == "time" and time.monotonic() - started < 5


def test_a_greedy_one_is_stopped_by_memory():
    with pytest.raises(bounded.OverLimit) as stop:
        bounded.run_bounded(bytearray, 3 * 1024 ** 3, limits=SMALL)
    assert stop.value.kind == "memory" and stop.value.limit == 400


def test_a_failure_inside_comes_back_as_its_message():
    with pytest.raises(RuntimeError, match="invalid literal"):
        bounded.run_bounded(int, "x")


@pytest.mark.parametrize("name, make", [("bomb.docx", docx_bomb), ("nested.html", nested_html)])
def test_hostile_uploads_give_a_reason_and_the_server_stays_small(name, make):
    import resource

    data = make()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        records = bounded.run_bounded(read_upload, name, data, 20 * 1024 * 1024, None, limits=SMALL)
        reason = records.problems[0].reason if records.problems else None
        assert records.readable or reason  # read within the bound, or refused with a reason
    except bounded.OverLimit as exc:
        assert exc.kind in ("memory", "time")
    assert time.monotonic() - started < 30
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 100  # the work happened elsewhere


def test_other_work_goes_on_while_a_child_runs():
    """A session waiting on its bounded job leaves the CPU to the others (the wait is a poll, not a spin)."""
    done = []
    worker = threading.Thread(target=lambda: done.append(
        pytest.raises(bounded.OverLimit, bounded.run_bounded, time.sleep, 5, limits=bounded.Limits(seconds=1.5))))
    worker.start()
    time.sleep(0.2)
    started, n = time.perf_counter(), 0
    while time.perf_counter() - started < 0.5:
        n += 1
    worker.join()
    assert done and n > 100_000


def test_the_rules_extractor_runs_bounded():
    mentions = bounded.run_bounded(extract_pasted, "全年发展党员312名，培训党员干部2.3万人次。")
    assert [m.text for m in mentions] == ["312名", "2.3万人次"]
