"""./run app: Streamlit's options reach Streamlit and the app's reach the app, wherever "--" stands (issue 8)."""
import os
import subprocess
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "run"


def dry(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUN), "app", *args], capture_output=True, text=True,
                          env={**os.environ, "RUN_DRY": "1"}, timeout=60)


def split(*args: str) -> tuple[list[str], list[str]]:
    """What Streamlit gets (after ``run app.py``) and what the app gets (after ``--``)."""
    out = dry(*args)
    assert out.returncode == 0, out.stderr
    words = out.stdout.splitlines()
    cut = words.index("--")
    return words[words.index("app.py") + 1:cut], words[cut + 1:]


BASE = ["--server.scriptHealthCheckEnabled", "true", "--server.address", "127.0.0.1"]  # loopback unless told
# (arguments as a user types them, Streamlit's, the app's)
SPLITS = [
    (["--", "--corpus", "DIR", "--server.port", "8502"], BASE + ["--server.port", "8502"], ["--corpus", "DIR"]),  # the README's old example
    (["--server.port", "8502", "--", "--corpus", "DIR"], BASE + ["--server.port", "8502"], ["--corpus", "DIR"]),
    (["--server.port=8503", "--table", "t.parquet"], BASE + ["--server.port=8503"], ["--table", "t.parquet"]),
    (["--corpus", "../shared/corpus"], BASE, ["--corpus", "../shared/corpus"]),  # a dot in a value is no option
    ([], BASE, []),
    (["--server.address=0.0.0.0"], BASE[:2] + ["--server.address=0.0.0.0"], []),  # the user's address, not ours too
    (["--", "--server.address", "10.0.0.5"], BASE[:2] + ["--server.address", "10.0.0.5"], []),
]


@pytest.mark.parametrize("args, streamlit, app", SPLITS)
def test_options_go_where_they_belong(args, streamlit, app):
    assert split(*args) == (streamlit, app)


# (arguments, what the message says): refused, never silently ignored
REFUSED = [
    (["--port", "8502"], "--server.port"),
    (["--", "--server.port"], "needs a value"),
]


@pytest.mark.parametrize("args, message", REFUSED)
def test_mistakes_are_refused_with_a_message(args, message):
    out = dry(*args)
    assert out.returncode == 2 and message in out.stderr
