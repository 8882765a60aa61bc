"""Build benchmark: the project's site at national scale, against the floor.

    python benchmarks/build.py --orgs 211            # and 7, 50 and 1,000 organisations, for growth
    python benchmarks/build.py --orgs 3 --only --runs 1   # a quick run at one size

For each size it writes synthetic plans (benchmarks/synthetic.py), then measures, in the same
run and the same way (a fresh ``mkdocs build --strict`` child process per build, the three
builds interleaved, best of ``--runs``; CPU seconds of the child from ``os.wait4``, which a
busy machine disturbs far less than wall time):

- project: the project's full build with PLANS_DIR pointing at the synthetic plans;
- floor: the honest lower bound: a bare mkdocs-material site (search plugin, a one-page
  navigation, the same theme settings, stylesheets and data files) whose pages get the
  project's own article HTML put in place by a five-line ``on_page_content`` hook, so it pays
  only for the theme, the search index and writing the files;
- reference: the earlier yardstick, kept as a second figure: the same bare site with the
  project's navigation, each page's HTML written out as a .md file (which Python-Markdown
  then parses: slower than anything the project needs to do, so it flatters the project);
- check: ``load.check`` of all plans alone, timed inside a fresh child process
  (check_cmd_s: the whole ``python -m macros check DIR`` command, start-up included);
- phases: one more project build in-process (benchmarks/phases.py) with a timer on each phase.

``ratio`` is project CPU seconds over floor CPU seconds (``wall_ratio`` the same in wall time,
``reference_ratio`` against the reference). Also reported: pages, site_bytes, html_bytes,
search_index_bytes, largest_page_bytes and largest_page, pages_over_300kb, peak_rss_mb
(maximum resident set of the build process). Prints one JSON object: the figures at
``--orgs``; under "growth" the same at each of ``--sizes`` (default 7, 50, 211 and 1,000);
under "faster_than_organisations" every phase or figure whose cost grows faster than the
number of organisations between two sizes (exponent of the growth above 1.1).

Not a test: the targets (issues 7 and 14) are judged by reading the output;
benchmarks/README.md records it.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MKDOCS = [PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet"]
ARTICLE_START = '<article class="md-content__inner md-typeset">'
EDIT_BUTTON = re.compile(r'<a href="[^"]*" title="(Edit|View) this page" class="md-content__button[^"]*"[^>]*>.*?</a>',
                         re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def run_child(cmd: list[str], cwd: Path, env: dict, times: dict | None = None) -> tuple[float, float, str, float]:
    """Run ``cmd`` in a fresh child: (wall seconds, peak RSS in MB of the child, its output,
    CPU seconds of the child). ``times``, if given, gets the child's "user" and "system" CPU
    seconds apart."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{text[-4000:]}")
    if times is not None:
        times.update(user=usage.ru_utime, system=usage.ru_stime)
    return seconds, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime  # ru_maxrss: KiB


def environment(**extra) -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


def pages_of(site: Path) -> list[Path]:
    """The site's pages (HTML files other than the 404 page), sorted."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")


def article(html: str) -> str:
    """The page's content: what material puts inside <article class="md-content__inner">."""
    start = html.index(ARTICLE_START) + len(ARTICLE_START)
    end = html.rindex("</article>")
    return EDIT_BUTTON.sub("", html[start:end])


def as_markdown(content: str) -> str:
    """HTML written out as a markdown file: lines unindented (an indented line would become
    a code block) except inside <pre>."""
    lines, in_pre = [], False
    for line in content.split("\n"):
        lines.append(line if in_pre else line.lstrip())
        in_pre = (in_pre or "<pre" in line) and "</pre>" not in line
    return "\n".join(lines).strip() + "\n"


class _AnyTag(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV tags do not matter here."""


_AnyTag.add_multi_constructor("!", lambda loader, suffix, node: None)


def project_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)


def _nav(item, pages: set[str]):
    """The project's nav with each page renamed to where the reference holds it."""
    if isinstance(item, list):
        return [_nav(i, pages) for i in item]
    if isinstance(item, dict):
        return {k: _nav(v, pages) for k, v in item.items()}
    name = item if item.endswith("index.md") else item[:-3] + "/index.md"
    if name not in pages:
        raise RuntimeError(f"nav page {item} has no built page")
    return name


FLOOR_HOOK = '''"""The floor: each page's content put in place as HTML, so Python-Markdown does no work."""
from pathlib import Path

CONTENT = Path(__file__).with_name("content")


def on_page_content(html, page, **kwargs):
    return (CONTENT / page.file.src_uri).with_suffix(".html").read_text(encoding="utf-8")
'''


def write_reference(project_site: Path, folder: Path) -> int:
    """A bare mkdocs-material project holding the built site's pages as markdown
    (mkdocs.yml, docs/: the reference), and the floor (floor.yml, floor-docs/: the same pages
    with empty bodies, whose HTML a five-line hook puts in place, and a one-page navigation);
    returns the number of pages."""
    config = project_config()
    docs, floor_docs, content = folder / "docs", folder / "floor-docs", folder / "content"
    if folder.exists():
        shutil.rmtree(folder)
    docs.mkdir(parents=True)
    names = set()
    pages = pages_of(project_site)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(project_site).with_suffix(".md").as_posix()
        names.add(rel)
        title = TITLE.search(html).group(1).rsplit(" - ", 1)[0].strip()
        front = "---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\n---\n\n"
        for target, text in ((docs / rel, front + as_markdown(article(html))), (floor_docs / rel, front),
                             ((content / rel).with_suffix(".html"), article(html))):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    extra_css = []
    for css in list(config.get("extra_css", [])) + ["assets/workstreams.css"]:
        if (project_site / css).is_file():
            for d in (docs, floor_docs):
                (d / css).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(project_site / css, d / css)
            extra_css.append(css)
    data = project_site / "data"
    if data.is_dir():
        shutil.copytree(data, docs / "data")
        shutil.copytree(data, floor_docs / "data")
    theme = config["theme"]
    reference = {
        "site_name": config["site_name"],
        "strict": True,
        "use_directory_urls": True,
        "theme": {**{k: v for k, v in theme.items() if k != "custom_dir"}, "name": "material"},
        "extra": {"generator": False},
        "extra_css": extra_css,
        "plugins": ["search"],
        "markdown_extensions": config.get("markdown_extensions", []),
        "not_in_nav": config.get("not_in_nav", ""),
        "nav": _nav(config["nav"], names),
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(reference, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    # The floor's navigation is one page (the home page); every other page is left out of it.
    floor = {**reference, "docs_dir": "floor-docs", "hooks": ["floor_hook.py"], "nav": ["index.md"],
             "not_in_nav": "/*\n"}
    (folder / "floor.yml").write_text(yaml.safe_dump(floor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "floor_hook.py").write_text(FLOOR_HOOK, encoding="utf-8")
    return len(pages)


CHECK_SNIPPET = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from macros.plans import load
start = time.perf_counter()
site, problems = load.check(Path(sys.argv[2]))
seconds = time.perf_counter() - start
assert site is not None, [p.format() for p in problems if p.level == "error"]
print(json.dumps({"seconds": seconds, "organisations": len(site.organisations)}))
"""


def measure_check(plans: Path, runs: int) -> tuple[float, float]:
    """(best in-process seconds of load.check, best seconds of the whole check command)."""
    inner, whole = [], []
    for _ in range(runs):
        out = run_child([PYTHON, "-c", CHECK_SNIPPET, str(ROOT), str(plans)], ROOT, environment())[2]
        inner.append(json.loads(out.strip().splitlines()[-1])["seconds"])
        whole.append(run_child([PYTHON, "-m", "macros", "check", str(plans)], ROOT, environment())[0])
    return min(inner), min(whole)


def site_figures(site: Path) -> dict:
    pages = pages_of(site)
    largest = max(pages, key=lambda p: p.stat().st_size)
    search = site / "search" / "search_index.json"  # material's (the floor, the reference)
    pagefind = [p for p in (site / "pagefind").rglob("*") if p.is_file()]  # the project's (macros/site/search.py)
    return {
        "pages": len(pages),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "html_bytes": sum(p.stat().st_size for p in pages),
        "search_index_bytes": (search.stat().st_size if search.is_file() else 0) + sum(p.stat().st_size for p in pagefind),
        "largest_page_bytes": largest.stat().st_size,
        "largest_page": largest.relative_to(site).parent.as_posix() + "/",
        "pages_over_300kb": sorted(p.relative_to(site).parent.as_posix() + "/" for p in pages
                                   if p.stat().st_size > 300 * 1024),
    }


PHASES_SNIPPET = [PYTHON, str(ROOT / "benchmarks" / "phases.py")]


def measure_phases(plans: Path, out: Path) -> dict:
    """Seconds in each phase of one project build, in-process (benchmarks/phases.py)."""
    text = run_child(PHASES_SNIPPET + ["--out", str(out)], ROOT, environment(PLANS_DIR=str(plans)))[2]
    report = json.loads(text[text.index("{"):])
    return {"whole build, in-process": report["cpu_s"], **report["phases_s"]}


def measure(orgs: int, runs: int, work: Path, seed: int, seeds: synthetic.Seeds) -> dict:
    plans = work / f"plans-{orgs}"
    if plans.exists():
        shutil.rmtree(plans)
    synthetic.generate(orgs, plans, seed, seeds)
    project_out, reference_dir = work / f"site-{orgs}", work / f"reference-{orgs}"
    reference_out, floor_out = work / f"reference-site-{orgs}", work / f"floor-site-{orgs}"
    env = environment(PLANS_DIR=str(plans))
    builds = {  # name -> (command without its site folder, folder it runs in, environment, site folder)
        "project": (MKDOCS, ROOT, env, project_out),
        "floor": (MKDOCS + ["-f", "floor.yml"], reference_dir, environment(), floor_out),
        "reference": (MKDOCS, reference_dir, environment(), reference_out),
    }
    for _, _, _, out in builds.values():  # (left by an earlier run with --work)
        for old in [out, *out.parent.glob(out.name + "-run*")]:
            shutil.rmtree(old, ignore_errors=True)
    # A first project build gives the pages the reference and the floor hold; it is not timed.
    run_child(MKDOCS + ["-d", str(project_out)], ROOT, env)
    pages = write_reference(project_out, reference_dir)
    wall, cpu, rss, split = ({name: [] for name in builds} for _ in range(4))
    for run in range(runs):  # interleaved, so a slow moment of the machine hits all three
        for name, (cmd, cwd, build_env, out) in builds.items():
            # Each timed build writes into a folder that has never held a site, as a build on a
            # fresh checkout does; the earlier runs' sites are removed after the timing. (Removing
            # the last site just before a build made that build pay for it: on a file system
            # without a journal, as this machine's, ext4 passes over every inode freed in the last
            # minute each time it makes a file, so a build's cost grew with the square of the
            # files the build before it left, and varied by 30% from one run to the next.)
            times = {}
            seconds, peak, _, cpu_s = run_child(cmd + ["-d", f"{out}-run{run}"], cwd, build_env, times)
            wall[name].append(seconds)
            cpu[name].append(cpu_s)
            rss[name].append(peak)
            split[name].append(times)
    for name, (_, _, _, out) in builds.items():  # the last run's site is kept as the site
        shutil.rmtree(out, ignore_errors=True)
        os.replace(f"{out}-run{runs - 1}", out)
        for run in range(runs - 1):
            shutil.rmtree(f"{out}-run{run}", ignore_errors=True)
    check_s, check_cmd_s = measure_check(plans, runs)
    phases = measure_phases(plans, work / f"phases-site-{orgs}")
    figures = site_figures(project_out)
    reference_pages, floor_pages = len(pages_of(reference_out)), len(pages_of(floor_out))
    if not reference_pages == floor_pages == pages == figures["pages"]:
        raise RuntimeError(f"page counts differ: project {figures['pages']}, reference {reference_pages}, "
                           f"floor {floor_pages}")
    best = {name: (min(wall[name]), min(cpu[name])) for name in builds}
    # user and system CPU seconds of each kind's best run (by CPU seconds)
    best_split = {name: split[name][cpu[name].index(min(cpu[name]))] for name in builds}
    return {
        "orgs": orgs,
        "plan_files": len(list(plans.glob("*.yaml"))),
        "ratio": round(best["project"][1] / best["floor"][1], 3),
        "project_cpu_s": round(best["project"][1], 3),
        "floor_cpu_s": round(best["floor"][1], 3),
        # every run's CPU seconds, in order, and the ratio of the medians (how much the best hides)
        "project_cpu_s_runs": [round(x, 2) for x in cpu["project"]],
        "floor_cpu_s_runs": [round(x, 2) for x in cpu["floor"]],
        "median_ratio": round(statistics.median(cpu["project"]) / statistics.median(cpu["floor"]), 3),
        "user_ratio": round(best_split["project"]["user"] / best_split["floor"]["user"], 3),
        "project_user_system_s": [round(best_split["project"][k], 3) for k in ("user", "system")],
        "floor_user_system_s": [round(best_split["floor"][k], 3) for k in ("user", "system")],
        "wall_ratio": round(best["project"][0] / best["floor"][0], 3),
        "project_s": round(best["project"][0], 3),
        "floor_s": round(best["floor"][0], 3),
        "reference_ratio": round(best["project"][1] / best["reference"][1], 3),
        "reference_cpu_s": round(best["reference"][1], 3),
        "reference_s": round(best["reference"][0], 3),
        "check_s": round(check_s, 3),
        "check_cmd_s": round(check_cmd_s, 3),
        **figures,
        "floor_html_bytes": sum(p.stat().st_size for p in pages_of(floor_out)),
        "reference_site_bytes": sum(p.stat().st_size for p in reference_out.rglob("*") if p.is_file()),
        "peak_rss_mb": round(max(rss["project"]), 1),
        "floor_peak_rss_mb": round(max(rss["floor"]), 1),
        "reference_peak_rss_mb": round(max(rss["reference"]), 1),
        "phases_cpu_s": {k: round(v, 3) for k, v in phases.items()},
        "runs": runs,
    }


GROWTH_FIGURES = ("project_cpu_s", "floor_cpu_s", "check_s", "html_bytes", "search_index_bytes",
                  "largest_page_bytes", "peak_rss_mb")


def faster_than_organisations(results: list[dict], limit: float = 1.1, least: float = 0.05) -> list[dict]:
    """Every phase or figure whose cost grows faster than the organisations between two
    consecutive sizes: the exponent k in cost ~ organisations^k is above ``limit`` (phases
    that take under ``least`` seconds at the larger size are noise and left out)."""
    found = []
    for small, large in zip(results, results[1:]):
        scale = math.log(large["orgs"] / small["orgs"])
        named = {f: (small[f], large[f]) for f in GROWTH_FIGURES}
        named.update({f"phase: {k}": (small["phases_cpu_s"].get(k, 0), v)
                      for k, v in large["phases_cpu_s"].items() if v >= least})
        for name, (a, b) in named.items():
            if a > 0 and b > 0 and math.log(b / a) / scale > limit:
                found.append({"figure": name, "from": small["orgs"], "to": large["orgs"],
                              "exponent": round(math.log(b / a) / scale, 2), "values": [a, b]})
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=211, help="organisations for the headline figures (211)")
    parser.add_argument("--sizes", default="7,50,211,1000",
                        help="sizes for the growth figures (comma-separated; 7,50,211,1000)")
    parser.add_argument("--only", action="store_true", help="measure --orgs alone (no growth sizes)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each build; the best counts (5)")
    parser.add_argument("--seed", type=int, default=2013, help="synthetic data seed (2013)")
    parser.add_argument("--work", type=Path, help="keep plans and sites in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = [args.orgs] if args.only else sorted({int(s) for s in args.sizes.split(",") if s.strip()} | {args.orgs})
    seeds = synthetic.Seeds()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="francis-bench-") as tmp:
        work = (args.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        results = {}
        for n in sizes:
            results[n] = measure(n, args.runs, work, args.seed, seeds)
            print(f"measured {n} organisations: {json.dumps(results[n])}", file=sys.stderr, flush=True)
    report = {**results[args.orgs], "command": "python benchmarks/build.py " + " ".join(argv or sys.argv[1:]),
              "cpus": os.cpu_count(), "python": sys.version.split()[0],
              # how busy the machine was (1-minute load average when the run started and ended)
              "load_average": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
              "growth": [results[n] for n in sizes],
              "faster_than_organisations": faster_than_organisations([results[n] for n in sizes])}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
