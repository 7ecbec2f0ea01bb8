"""A corpus-level golden comparison: every row and column the extractor gives
for the shared corpus, the seeds and the evaluation sets, against a reference
made by an earlier state of the code.

    python tests/golden.py write     # extract every set; store the reference and its checksums
    python tests/golden.py check     # extract again; name every document, row and cell that differs

The rows themselves (they quote the documents) are kept outside the repository,
in ``$GOLDEN_REF`` (default: ``<checkout>-ref`` beside the checkout); the
repository keeps only a checksum per document (``tests/golden.sha256``), which
``tests/test_golden.py`` compares. A set whose folder is absent is skipped.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.model import DOCUMENT_SCHEMA, MENTION_SCHEMA, rows_of  # noqa: E402

# name → folder; extra data beside the checkout, and the bundled sample
SETS = {
    "corpus": ROOT.parent / "shared" / "corpus",
    "seeds": ROOT.parent / "shared" / "seeds",
    "dev": ROOT.parent / "eval" / "dev",
    "held": ROOT.parent / "eval" / "held",
    "sample": ROOT / "data" / "sample",
}
CHECKSUMS = ROOT / "tests" / "golden.sha256"
# Made from the corpus, to reach what real reports rarely do: sentences without
# an end (every figure's sentence a cut window) and paragraphs out of order.
VARIANTS_OF = "corpus"
VARIANT_DOCS = 24


def reference_dir() -> Path:
    return Path(os.environ.get("GOLDEN_REF") or ROOT.parent / f"{ROOT.name}-ref")


def _cell(v):
    # floats by repr, so 0.1 and 0.10000000000000002 differ
    return repr(v) if isinstance(v, float) and not math.isnan(v) else v


def extract_set(folder: Path) -> dict[str, dict]:
    """Per document (by file name, or `problem:` name): its record and its rows, as JSON-ready lists."""
    from extract.pipeline import stream

    out: dict[str, dict] = {}
    problems: list = []
    for result in stream([str(folder)], problems=problems):
        if result.problem is not None:
            problems.append(result.problem)
            continue
        record = [_cell(v) for v in rows_of([result.document], DOCUMENT_SCHEMA)[0]]
        record[DOCUMENT_SCHEMA.names.index("path")] = None      # where the checkout is says nothing
        rows = [[_cell(v) for v in row] for row in rows_of(result.mentions, MENTION_SCHEMA)]
        out[result.document.doc] = {"record": record, "rows": rows}
    for p in problems:
        out[f"problem:{p.doc}"] = {"record": [p.doc, p.reason], "rows": []}
    return out


def checksum(entry: dict) -> str:
    return hashlib.sha256(json.dumps(entry, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def write_variants(target: Path) -> None:
    """Every other corpus document without sentence ends, and with its lines in a shuffled order."""
    import random

    source = sorted(SETS[VARIANTS_OF].glob("*.txt"))[::2][:VARIANT_DOCS]
    for n, f in enumerate(source):
        text = f.read_text(encoding="utf-8")
        (target / f"endless_{f.name}").write_text(re.sub("[。；！？]", "，", text), encoding="utf-8")
        lines = text.split("\n")
        random.Random(n).shuffle(lines)
        (target / f"shuffled_{f.name}").write_text("\n".join(lines), encoding="utf-8")


NAMES = (*SETS, "variants")


def documents(name: str) -> dict[str, dict] | None:
    """A set's documents as extracted now; None when its folder is absent."""
    if name == "variants":
        if not SETS[VARIANTS_OF].is_dir():
            return None
        with tempfile.TemporaryDirectory() as tmp:
            write_variants(Path(tmp))
            return extract_set(Path(tmp))
    return extract_set(SETS[name]) if SETS[name].is_dir() else None


def all_sets():
    """(name, extracted documents) of every set present, the variants last."""
    for name in NAMES:
        docs = documents(name)
        if docs is not None:
            yield name, docs


def read_checksums() -> dict[str, tuple[int, str]]:
    """`set/doc` → (rows, checksum), as committed."""
    out = {}
    for line in CHECKSUMS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, n, digest = line.split("\t")
            out[key] = (int(n), digest)
    return out


def write() -> None:
    ref = reference_dir()
    ref.mkdir(parents=True, exist_ok=True)
    old = read_checksums() if CHECKSUMS.exists() else {}
    lines = ["# set/document <TAB> rows <TAB> sha256 of its record and rows: python tests/golden.py write"]
    found: dict[str, tuple[int, str]] = {}
    for name, docs in all_sets():
        (ref / f"{name}.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
        for doc, entry in docs.items():
            found[f"{name}/{doc}"] = (len(entry["rows"]), checksum(entry))
        print(f"{name}: {len(docs)} documents, {sum(len(e['rows']) for e in docs.values())} rows", file=sys.stderr)
    # sets absent here keep their committed checksums
    done = {k.split("/", 1)[0] for k in found}
    kept = {k: v for k, v in old.items() if k.split("/", 1)[0] not in done}
    for key, (n, digest) in sorted({**kept, **found}.items()):
        lines.append(f"{key}\t{n}\t{digest}")
    CHECKSUMS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def differences(name: str, docs: dict[str, dict], limit: int = 40) -> list[str]:
    """What differs from the committed checksums, cell by cell where the stored reference is at hand."""
    want = {k.split("/", 1)[1]: v for k, v in read_checksums().items() if k.split("/", 1)[0] == name}
    ref_file = reference_dir() / f"{name}.json"
    ref = json.loads(ref_file.read_text(encoding="utf-8")) if ref_file.exists() else None
    out = []
    for doc in sorted(set(want) | set(docs)):
        if doc not in docs:
            out.append(f"{name}/{doc}: missing")
            continue
        if doc not in want:
            out.append(f"{name}/{doc}: new")
            continue
        if checksum(docs[doc]) == want[doc][1]:
            continue
        got = docs[doc]
        if ref is None or doc not in ref or checksum(ref[doc]) != want[doc][1]:
            out.append(f"{name}/{doc}: {len(got['rows'])} rows, checksum differs (no matching reference "
                       f"in {reference_dir()} to compare cells)")
            continue
        old = ref[doc]
        if old["record"] != got["record"]:
            out.append(f"{name}/{doc}: document record {old['record']} -> {got['record']}")
        if len(old["rows"]) != len(got["rows"]):
            out.append(f"{name}/{doc}: {len(old['rows'])} rows -> {len(got['rows'])}")
        for i, (a, b) in enumerate(zip(old["rows"], got["rows"])):
            for col, x, y in zip(MENTION_SCHEMA.names, a, b):
                if x != y:
                    out.append(f"{name}/{doc} row {i} ({a[MENTION_SCHEMA.names.index('text')]} "
                               f"@{a[MENTION_SCHEMA.names.index('start')]}): {col} {x!r} -> {y!r}")
        if len(old["rows"]) != len(got["rows"]):
            olds = {(r[-2], r[-1]) for r in old["rows"]}
            news = {(r[-2], r[-1]) for r in got["rows"]}
            out.append(f"{name}/{doc}: spans lost {sorted(olds - news)[:10]}, gained {sorted(news - olds)[:10]}")
        if len(out) > limit:
            break
    return out[:limit]


def check() -> int:
    bad = 0
    for name, docs in all_sets():
        diff = differences(name, docs)
        print(f"{name}: {'identical' if not diff else f'{len(diff)} differences'}", file=sys.stderr)
        for line in diff:
            print("  " + line, file=sys.stderr)
        bad += bool(diff)
    return 1 if bad else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "write":
        write()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(__doc__)
