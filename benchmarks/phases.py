"""Where a build's time goes: the project's build run in-process with a timer on each phase.

    PLANS_DIR=DIR python benchmarks/phases.py [--profile OUT.prof] [-- mkdocs build options]

Prints one JSON object: CPU seconds in each phase (phases nest: ``build_page`` includes
``search_index_page``), and the whole build. ``--profile`` also writes a cProfile file
(read it with ``python -m pstats OUT.prof``). For finding causes; build.py gives the figures.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTALS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(name: str, function):
    """CPU seconds (this process) spent in ``function``: steadier than wall time on a busy machine."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            TOTALS[name] += time.process_time() - start
            CALLS[name] += 1
    return wrapper


def timed_with_children(name: str, function):
    """Like ``timed``, counting the CPU seconds of the child processes it waited for too (the
    Pagefind indexer)."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        def now():
            t = os.times()
            return time.process_time() + t.children_user + t.children_system
        start = now()
        try:
            return function(*args, **kwargs)
        finally:
            TOTALS[name] += now() - start
            CALLS[name] += 1
    return wrapper


def instrument() -> None:
    sys.path.insert(0, str(ROOT))
    from material.plugins.search import plugin as search
    from mkdocs.commands import build
    from mkdocs.structure.files import Files

    from macros import render
    from macros.plans import load
    from macros.site import history, pages

    build._populate_page = timed("populate_page (markdown, page events)", build._populate_page)
    build._build_page = timed("build_page (theme template, search, write)", build._build_page)
    search.SearchPlugin.on_page_context = timed("search_index_page", search.SearchPlugin.on_page_context)
    search.SearchPlugin.on_post_build = timed("search_index_write", search.SearchPlugin.on_post_build)
    Files.copy_static_files = timed("copy_static_files", Files.copy_static_files)
    load.check = timed("load.check (plans read and validated)", load.check)
    history.last_changed = timed("history.last_changed", history.last_changed)
    pages.page_specs = timed("pages.page_specs (view-models)", pages.page_specs)
    pages.data_files = timed("pages.data_files (downloads)", pages.data_files)
    from macros.site import search as site_search
    site_search.stage = timed("search.stage (records written for Pagefind)", site_search.stage)
    site_search.index = timed_with_children("search.index (Pagefind, child process included)", site_search.index)
    pages.on_page_content = timed("pages.on_page_content (render generated pages)", pages.on_page_content)
    render.render = timed("render.render (all Jinja renders)", render.render)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, help="also write a cProfile file here")
    parser.add_argument("--out", default="/tmp/francis-phases-site", help="site folder (-d)")
    parser.add_argument("--skip-search", action="store_true",
                        help="leave pages out of the search index (to see what the rest costs)")
    args, rest = parser.parse_known_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.chdir(ROOT)
    instrument()
    if args.skip_search:
        from material.plugins.search import plugin as search
        search.SearchIndex.add_entry_from_context = lambda self, page: None
    from mkdocs.__main__ import cli

    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    try:
        cli.main(["build", "--strict", "--quiet", "-d", args.out, *[a for a in rest if a != "--"]],
                 standalone_mode=False)
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
    total = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report = {"build_s": round(total, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
              "profiled": bool(profiler), "skip_search": args.skip_search,
              "phases_s": {k: round(v, 3) for k, v in sorted(TOTALS.items(), key=lambda kv: -kv[1])},
              "calls": dict(CALLS)}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
