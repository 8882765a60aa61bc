"""Shared fixtures: the real site built once per session, and a builder for test plans."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_site(out: Path, plans_dir: Path | None = None, extra_env: dict | None = None,
               check: bool = True) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` into ``out`` (optionally reading plans from ``plans_dir``)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if plans_dir is not None:
        env["PLANS_DIR"] = str(plans_dir)
    result = subprocess.run(MKDOCS + ["build", "--strict", "--quiet", "-d", str(out)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (plans/), built once for the whole session."""
    out = tmp_path_factory.mktemp("site")
    build_site(out)
    return out


@pytest.fixture
def plans_copy(tmp_path) -> Path:
    """A writable copy of plans/ to modify in a test."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target
