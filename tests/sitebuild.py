"""Building the site in tests (imported by conftest.py and tests; not a conftest, so the
browser tests' own conftest cannot shadow it)."""
from __future__ import annotations

import os
import re
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


def synthetic_plans(folder: Path, organisations: int, seed: int) -> Path:
    """``organisations`` synthetic plans (benchmarks/synthetic.py) written into ``folder``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    synthetic.generate(organisations, folder, seed=seed)
    return folder


def checked_synthetic_site(folder: Path, organisations: int, seed: int, as_of: str = "2019-06-30"):
    """The Site of ``organisations`` synthetic plans, read and checked as of ``as_of`` (no errors)."""
    from macros.plans import load

    site, problems = load.check(synthetic_plans(folder, organisations, seed), as_of=as_of)
    assert site is not None, [p.format() for p in problems if p.level == "error"]
    return site


def built_synthetic_site(folder: Path, organisations: int, seed: int, as_of: str) -> tuple[Path, Path]:
    """(plans, site): ``organisations`` synthetic plans in ``folder``/plans, built into ``folder``/site."""
    plans = synthetic_plans(folder / "plans", organisations, seed)
    build_site(folder / "site", plans_dir=plans, extra_env={"AS_OF": as_of})
    return plans, folder / "site"


# Pagefind 1.5.2 (the site's search index) writes its filter and metadata files in an order that
# varies from run to run, named by their hash; its fragments (every record's text, metadata and
# filters) and word index do not vary. Tests comparing two builds leave these out.
PAGEFIND_UNSTABLE = re.compile(r"^pagefind/(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)$")
