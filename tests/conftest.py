"""Fixtures for the real-browser tests (tests/test_browser.py), and only for them.

Debian's Chromium drives the app, started once per session as a real
Streamlit server on a free port of 127.0.0.1 (see ../shared/RECIPES.md).
Without Chromium the browser tests are skipped, unless ``REQUIRE_BROWSER=1``
(CI) makes that a failure.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.appserver import free_port, launch, log_tail, stop, wait_healthy

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach hosts it cannot reach here.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SERVER_START_TIMEOUT = 60.0  # seconds; the health check answers in about half a second


def find_chromium() -> str | None:
    """The Chromium to use: ``$CHROMIUM`` when set, else Debian's; None when it is not there."""
    path = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


@dataclass
class AppServer:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, n: int = 40) -> str:
        return log_tail(self.log, n)


def start_app(port: int, log: Path, env: dict, args: tuple[str, ...] = (),
              timeout: float = SERVER_START_TIMEOUT) -> AppServer:
    """The app as a server; returns once ``/_stcore/health`` answers ``ok``."""
    server = AppServer(f"http://127.0.0.1:{port}", launch(port, log, env, args), log)
    try:
        wait_healthy(server.url, server.process, log, timeout, poll=0.1)
    except RuntimeError:
        stop_app(server)
        raise
    return server


def stop_app(server: AppServer) -> None:
    stop(server.process)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Debian's Chromium; skips the browser tests without it (fails them under ``REQUIRE_BROWSER=1``)."""
    path = find_chromium()
    if path is None:
        wanted = os.environ.get("CHROMIUM") or DEFAULT_CHROMIUM
        message = f"no Chromium at {wanted} (apt-get install chromium fonts-wqy-microhei, or set CHROMIUM)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable):
    """pytest-playwright launches Debian's Chromium (``playwright install`` does not work here)."""
    return {**browser_type_launch_args, "executable_path": chromium_executable, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_server(chromium_executable, tmp_path_factory):
    """The app on the bundled sample, with its cache and kept uploads in temporary folders."""
    folder = tmp_path_factory.mktemp("app_server")
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_TABLE", "DASHBOARD_CORPUS")}
    env.update(DASHBOARD_CACHE_DIR=str(folder / "cache"), DASHBOARD_DATA_DIR=str(folder / "kept"),
               PYTHONUNBUFFERED="1")
    server = start_app(free_port(), folder / "server.log", env)
    yield server
    stop_app(server)


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_server(chromium_executable, tmp_path_factory):
    """The app on ../shared/corpus (106 real reports of 16 regions), extracted once into a temporary cache."""
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")
    folder = tmp_path_factory.mktemp("corpus_server")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_")}
    env.update(DASHBOARD_CACHE_DIR=str(folder / "cache"), DASHBOARD_DATA_DIR=str(folder / "kept"),
               PYTHONUNBUFFERED="1")
    server = start_app(free_port(), folder / "server.log", env, ("--corpus", str(CORPUS)))
    yield server
    stop_app(server)


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    """pytest-playwright opens relative paths (``page.goto("/compare")``) on the app server."""
    return app_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every test's page: a desktop window, Chinese locale, downloads allowed."""
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}, "locale": "zh-CN",
            "accept_downloads": True}
