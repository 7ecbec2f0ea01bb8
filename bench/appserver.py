"""The app as a real Streamlit server on 127.0.0.1, for the browser tests and
the benchmark: launch it on a free port, wait for its health check."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER_FLAGS = ("--server.headless", "true", "--server.address", "127.0.0.1",
                "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(port: int, log: Path, env: dict, app_args=(), extra_flags=()) -> subprocess.Popen:
    """``streamlit run app.py`` in the background; output to ``log`` (an unread pipe can stall it)."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", *SERVER_FLAGS,
               "--server.port", str(port), *extra_flags]
    if app_args:
        command += ["--", *app_args]
    with open(log, "wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60.0,
                 poll: float = 0.05) -> None:
    """Return once ``/_stcore/health`` answers ok; RuntimeError (with the log's tail)
    if the server exits or stays silent for ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with code {process.returncode}:\n{log_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(poll)
    raise RuntimeError(f"the app did not answer {url}/_stcore/health in {timeout:.0f} s:\n{log_tail(log)}")


def log_tail(log: Path, n: int = 40) -> str:
    try:
        return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return "(no log)"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
