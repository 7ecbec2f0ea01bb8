"""The one reader of the data files in ``extract/data``: YAML in, a mapping
out, or `CatalogError` naming the file and what is wrong with it.

Every stage that keeps vocabulary (numerals, normalise, regions, the rule
catalog) reads it through here, so a broken file fails the same way everywhere.
"""
from __future__ import annotations

from pathlib import Path

import yaml

# libyaml's loader when PyYAML was built with it (the wheels are): the same mappings, several
# times faster, which every worker process's start-up feels
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).parent / "data"


class CatalogError(ValueError):
    """A data file is wrong; the message names the file or rule and the reason."""


def read_data(name: str, data_dir: str | Path | None = None) -> dict:
    """The mapping in ``data_dir/name`` (default: extract/data)."""
    path = Path(data_dir or DATA_DIR) / name
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=_LOADER)
    except FileNotFoundError:
        raise CatalogError(f"{path.name}: no such data file in {path.parent}") from None
    except yaml.YAMLError as e:
        raise CatalogError(f"{path.name}: not valid YAML: {e}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: expected a mapping at top level, not {type(data).__name__}")
    return data


def words(data: dict, key: str, where: str) -> tuple[str, ...]:
    """A list of words under ``key`` (empty when absent); anything else is an error naming it."""
    value = data.get(key, ())
    if value is None:
        return ()
    if not isinstance(value, (list, tuple)) or not all(isinstance(w, str) and w for w in value):
        raise CatalogError(f"{where}: `{key}` must be a list of non-empty words")
    return tuple(value)
