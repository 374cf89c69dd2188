"""Without DATABASE_URL chrono runs its own PostgreSQL, and stops it on exit and on SIGTERM."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

CHRONO = [sys.executable, "-m", "chrono"]


def postgres_running_in(data_dir: Path) -> bool:
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        if proc.info["name"] == "postgres" and any(str(data_dir) in part for part in proc.info["cmdline"] or []):
            return True
    return False


def wait_until(predicate, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def embedded_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CHRONO_DATA_DIR"] = str(tmp_path / "var")
    return env, tmp_path / "var"


def test_db_upgrade_on_embedded_then_server_stops(embedded_env):
    env, data = embedded_env
    done = subprocess.run([*CHRONO, "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "database at revision" in done.stdout
    assert (data / "pgdata" / "PG_VERSION").exists()
    assert wait_until(lambda: not postgres_running_in(data), 15), "the embedded server outlived the command"


def test_serve_on_embedded_stops_database_on_sigterm(embedded_env, tmp_path):
    env, data = embedded_env
    port = 18000 + os.getpid() % 1000
    log_path = tmp_path / "serve.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([*CHRONO, "serve", "--port", str(port), "--workers", "1"], env=env,
                                stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            def healthy():
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                        return json.load(r)["status"] == "ok"
                except OSError:
                    return False

            assert wait_until(healthy, 240), f"chrono serve did not become healthy:\n{log_path.read_text()[-3000:]}"
            assert postgres_running_in(data)
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert wait_until(lambda: not postgres_running_in(data), 30), "the embedded server outlived SIGTERM"
