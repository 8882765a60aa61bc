"""Shared fixtures: the real site built once per session, the real plans read once, and a
writable copy of the plans."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.plans import load
from sitebuild import PLANS, build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (plans/), built once for the whole session."""
    out = tmp_path_factory.mktemp("site")
    build_site(out)
    return out


@pytest.fixture(scope="session")
def seed_site():
    """The real plans (plans/), read and checked once for the whole session (tests only read it)."""
    site, problems = load.check()
    assert site is not None, [p.format() for p in problems if p.level == "error"]
    return site


@pytest.fixture
def plans_copy(tmp_path) -> Path:
    """A writable copy of plans/ to modify in a test."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target
