"""What a file's name or a manifest row says about a document: its region,
year and type (a `Hint`), which the text may not say itself."""
from __future__ import annotations

import csv
import os
from pathlib import Path, PurePath

import regex

from .model import Hint

# <region>_<year>_<type>.txt, e.g. 丹东市_2021_政府工作报告.txt
FILE_NAME = regex.compile(r"^(?P<region>[^_]+)_(?P<year>(?:19|20)[0-9]{2})_(?P<doctype>[^_.]+)")


def hint_from_file_name(name: str) -> Hint:
    """`<region>_<year>_<type>.txt` names say all three.

    >>> hint_from_file_name("丹东市_2021_政府工作报告.txt").year
    2021
    """
    m = FILE_NAME.match(PurePath(name).name)
    if not m:
        return Hint()
    return Hint(region=m["region"], year=int(m["year"]), doctype=m["doctype"])


def read_manifest(path: str | os.PathLike) -> dict[str, Hint]:
    """Manifest CSV (file, region, year[, doctype, province]) → hints by file name.

    Raises ValueError naming the file and the missing column or bad year.
    """
    path = Path(path)
    hints: dict[str, Hint] = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or "file" not in reader.fieldnames:
            raise ValueError(f"{path.name}: manifest needs a `file` column")
        for line, row in enumerate(reader, start=2):
            year = (row.get("year") or "").strip()
            if year and not year.isdigit():
                raise ValueError(f"{path.name} line {line}: year {year!r} is not a number")
            hints[Path(row["file"]).name] = Hint(
                region=(row.get("region") or "").strip() or None,
                year=int(year) if year else None,
                doctype=(row.get("doctype") or "").strip() or None,
                province=(row.get("province") or "").strip() or None,
            )
    return hints


def hint_for(doc: str, manifest: dict[str, Hint] | None) -> Hint:
    """The manifest's word on a document, its file name's where the manifest is silent."""
    from_name = hint_from_file_name(doc)
    given = (manifest or {}).get(doc)
    if given is None:
        return from_name
    return Hint(region=given.region or from_name.region,
                year=given.year or from_name.year,
                doctype=given.doctype or from_name.doctype,
                province=given.province)
