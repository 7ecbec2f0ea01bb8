"""The README documents every column and every command-line option."""
from pathlib import Path

import pytest

from extract.__main__ import main
from extract.table import COLUMNS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("column", [c.name for c in COLUMNS])
def test_every_column_is_documented(column):
    assert f"| `{column}` |" in README


@pytest.mark.parametrize("option", ["--out", "--manifest", "--workers", "--quiet", "--partition", "--resume",
                                    "--scheduler", "--batch-mb"])
def test_every_option_is_documented(option, capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert option in capsys.readouterr().out
    assert option in README


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "./run app" in first_block and "./run tests" in first_block
