"""`mkdocs serve` with a plan broken while it runs: the last good site stays up, every page
says what is wrong, and fixing the plan brings the site back. A real `mkdocs serve` on
127.0.0.1 and a bounded number of requests (each with a timeout, so a hang fails the test)."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitebuild import PLANS, ROOT

ATTEMPTS = 90  # requests while waiting for a rebuild, one a second at most


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(url: str, condition, server) -> str:
    """The page once ``condition(page)`` holds, within ATTEMPTS requests."""
    page = ""
    for _ in range(ATTEMPTS):
        assert server.poll() is None, "mkdocs serve stopped"
        try:
            status, page = get(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status = 0
        if status == 200 and condition(page):
            return page
        time.sleep(1)
    raise AssertionError(f"condition not met after {ATTEMPTS} requests; last page:\n{page[:2000]}")


@pytest.fixture
def server(tmp_path):
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLANS_DIR": str(plans)}
    log = open(tmp_path / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield proc, f"http://127.0.0.1:{port}/", plans, tmp_path / "serve.log"
    finally:
        proc.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs removes its temporary site
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_serve_keeps_the_last_good_site_and_shows_the_error_on_every_page(server):
    proc, url, plans, log = server
    barnet = url + "organisations/barnet/"
    good = wait_for(barnet, lambda page: "Barnet" in page, proc)
    assert "fr-build-errors" not in good

    plan = plans / "barnet.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("actions:", "actions: [", 1), encoding="utf-8")
    broken = wait_for(barnet, lambda page: "fr-build-errors" in page, proc)
    assert "last version that worked" in broken and "barnet.yaml:" in broken
    assert "Barnet" in broken  # still the last good page
    home = wait_for(url, lambda page: "fr-build-errors" in page, proc)  # every page says so
    assert "barnet.yaml:" in home

    # nested twenty thousand deep: once crashed the YAML reader, and the server with it (and
    # within limits.MAX_PLAN_BYTES, so it is the depth that is refused)
    plan.write_text(text + "extra: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    deep = wait_for(barnet, lambda page: "nested more than" in page, proc)
    assert "Barnet" in deep

    plan.write_text(text, encoding="utf-8")
    fixed = wait_for(barnet, lambda page: "fr-build-errors" not in page, proc)
    assert "Barnet" in fixed
    assert "Traceback" not in log.read_text(encoding="utf-8")
