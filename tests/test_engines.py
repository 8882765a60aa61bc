"""A second engine, tested (issue 26): ProperDocs, the maintained fork of MkDocs 1.6, builds the
seed site from the same mkdocs.yml, theme, plugins and hooks, byte for byte the same as MkDocs
apart from the generator tag; and serves it. ENGINE picks the engine (scripts/engine)."""
from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from sitebuild import ROOT

PINNED = {"SOURCE_DATE_EPOCH": "1750000000", "AS_OF": "2025-06-15", "NO_MKDOCS_2_WARNING": "1"}
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def scripts_build(engine: str, out: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SITE_URL", "REPO_URL", "PLANS_DIR", "OFFLINE", "BOARD_PACKS", "CHANGES_BASE")}
    return subprocess.run([str(ROOT / "scripts" / "build"), *args, str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env={**env, **PINNED, "ENGINE": engine})


def digests(site: Path) -> dict[str, str]:
    """Each file's digest, with the generator tag (the one place the engines differ) taken out."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(GENERATOR.sub(b"", p.read_bytes())).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def generators(site: Path) -> set[str]:
    return {m.decode() for p in site.rglob("*.html") for m in GENERATOR.findall(p.read_bytes())}


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("engines")
    for engine in ("mkdocs", "properdocs"):
        run = scripts_build(engine, root / engine)
        assert run.returncode == 0, f"ENGINE={engine} scripts/build failed:\n{run.stdout}\n{run.stderr}"
    return root / "mkdocs", root / "properdocs"


def test_properdocs_builds_the_seed_site_as_mkdocs_does_apart_from_the_generator_tag(both):
    mkdocs, properdocs = both
    a, b = digests(mkdocs), digests(properdocs)
    assert sorted(set(a) ^ set(b)) == []
    assert [name for name in a if a[name] != b[name]] == []
    assert len(a) > 100 and any(name.endswith(".xlsx") for name in a)
    # the tags do differ, each naming its engine: the comparison above is not comparing one build twice
    assert generators(mkdocs) == {"mkdocs-1.6.1, mkdocs-material-9.8.2"}
    assert len(generators(properdocs)) == 1 and "ProperDocs" in next(iter(generators(properdocs)))


def test_an_unknown_engine_is_refused(tmp_path):
    run = scripts_build("zensical", tmp_path / "site")
    assert run.returncode == 2
    assert "ENGINE must be mkdocs or properdocs, not 'zensical'" in run.stderr
    assert not (tmp_path / "site").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_properdocs_serves_the_site(tmp_path):
    """ENGINE=properdocs scripts/serve: the check, a strict build (into site/, as with MkDocs), then
    the pages served on ADDR."""
    port = _free_port()
    env = {**os.environ, **PINNED, "ENGINE": "properdocs", "ADDR": f"127.0.0.1:{port}", "TMPDIR": str(tmp_path)}
    for name in ("SITE_URL", "PLANS_DIR", "OFFLINE", "BOARD_PACKS"):
        env.pop(name, None)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline, page = time.monotonic() + 300, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/organisations/barnet/", timeout=5) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(1)
        assert page is not None, log.read_text(encoding="utf-8", errors="replace")[-3000:]
        assert "Barnet" in page and "ProperDocs" in page
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
