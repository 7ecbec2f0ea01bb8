"""The app's layout holds: only app.py and views/ import streamlit; every module says in one line what it is."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = sorted([*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("extract/**/*.py"), ROOT / "bench" / "synthetic.py"])
APP = sorted([ROOT / "app.py", *ROOT.glob("views/*.py"), *ROOT.glob("dashboard/**/*.py")])


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_streamlit_outside_the_app(path):
    assert "streamlit" not in imports(path)


@pytest.mark.parametrize("path", APP, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_app_module_has_a_docstring(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring and docstring.splitlines()[0].strip()


def test_app_py_only_routes():
    """app.py builds the navigation and the sidebar; it computes nothing (no dashboard import)."""
    assert imports(ROOT / "app.py") == {"streamlit", "views"}
