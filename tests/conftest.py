"""Shared fixtures: the real site built once per session, and a writable copy of the plans."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitebuild import PLANS, build_site


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
