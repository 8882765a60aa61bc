"""Building the site in tests (imported by conftest.py and tests; not a conftest, so the
browser tests' own conftest cannot shadow it)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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




def build_in_child(before: str, after: str, out: Path, result: Path, plans_dir: Path | None = None,
                   extra_env: dict | None = None, args: tuple = ()) -> None:
    """`mkdocs build --strict` into ``out`` in a child Python that runs the source ``before``
    first (to patch something in, or count something) and ``after`` once the site is built (to
    write what it found to ``result``). In both, sys.argv is [.., out, result, *args]."""
    build = ('\nfrom mkdocs.__main__ import cli\ntry:\n    cli(["build", "--strict", "--quiet", "-d", sys.argv[1]])\n'
             'except SystemExit as stop:\n    if stop.code:\n        raise\n')
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if plans_dir is not None:
        env["PLANS_DIR"] = str(plans_dir)
    subprocess.run([sys.executable, "-c", "import sys\n" + before + build + after, str(out), str(result),
                    *args], cwd=ROOT, env=env, check=True, timeout=600)
