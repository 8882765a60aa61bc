"""Build benchmark: the project's site at national scale, against a bare mkdocs-material build.

    python benchmarks/build.py --orgs 211            # and the same at 7 and 50, for growth
    python benchmarks/build.py --orgs 3 --only --runs 1   # a quick run at one size

For each size it writes synthetic plans (benchmarks/synthetic.py), then measures, in the
same run and the same way (wall time of a fresh ``mkdocs build --strict`` child process, best
of ``--runs`` interleaved runs):

- project_s: the project's full build with PLANS_DIR pointing at the synthetic plans;
- reference_s: a bare mkdocs-material site (no macros, no hooks, search plugin only) holding
  the same pages with their content already written out (each page's HTML taken from the
  project's built page and saved as a .md file), the same lean navigation, the same data
  files and stylesheets;
- floor_s: the same bare site with each page's HTML put in place by a five-line hook instead
  of passing through Python-Markdown: what the theme, search and writing alone cost;
- check_s: ``load.check`` of all plans alone, timed inside a fresh child process
  (check_cmd_s: the whole ``python -m macros check DIR`` command, start-up included);

the CPU seconds of the same builds (project_cpu_s, reference_cpu_s, cpu_ratio: steadier than
wall time when the machine is busy), and the project site's size: pages, site_bytes, search_index_bytes, largest_page_bytes and
largest_page, and peak_rss_mb (maximum resident set of the project's build process, from
wait4). Prints one JSON object: the figures at ``--orgs``, and under "growth" the same at
each of ``--sizes`` (default 7, 50 and 211) so the growth is visible.

Not a test: the targets (issue 7) are judged by reading the output; benchmarks/README.md
records it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
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


def run_child(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, str, float]:
    """Run ``cmd`` in a fresh child: (wall seconds, peak RSS in MB of the child, its output,
    CPU seconds of the child)."""
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
    (mkdocs.yml, docs/), and its floor variant (floor.yml, floor-docs/: the same pages with
    empty bodies, whose HTML a five-line hook puts in place); returns the number of pages."""
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
    floor = {**reference, "docs_dir": "floor-docs", "hooks": ["floor_hook.py"]}
    (folder / "floor.yml").write_text(yaml.safe_dump(floor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "floor_hook.py").write_text(FLOOR_HOOK, encoding="utf-8")
    return len(pages)


CHECK_SNIPPET = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from macros import load
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
    search = site / "search" / "search_index.json"
    return {
        "pages": len(pages),
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        "html_bytes": sum(p.stat().st_size for p in pages),
        "search_index_bytes": search.stat().st_size if search.is_file() else 0,
        "largest_page_bytes": largest.stat().st_size,
        "largest_page": largest.relative_to(site).parent.as_posix() + "/",
        "pages_over_300kb": sorted(p.relative_to(site).parent.as_posix() + "/" for p in pages
                                   if p.stat().st_size > 300 * 1024),
    }


def measure(orgs: int, runs: int, work: Path, seed: int, seeds: synthetic.Seeds) -> dict:
    plans = work / f"plans-{orgs}"
    if plans.exists():
        shutil.rmtree(plans)
    synthetic.generate(orgs, plans, seed, seeds)
    project_out, reference_dir = work / f"site-{orgs}", work / f"reference-{orgs}"
    reference_out, floor_out = work / f"reference-site-{orgs}", work / f"floor-site-{orgs}"
    env = environment(PLANS_DIR=str(plans))
    project_cmd = MKDOCS + ["-d", str(project_out)]
    reference_cmd = MKDOCS + ["-d", str(reference_out)]
    floor_cmd = MKDOCS + ["-f", "floor.yml", "-d", str(floor_out)]
    # A first project build gives the pages the reference holds; it is not timed.
    run_child(project_cmd, ROOT, env)
    pages = write_reference(project_out, reference_dir)
    project, reference, rss, reference_rss, cpu, reference_cpu, floor = [], [], [], [], [], [], []
    for _ in range(runs):  # interleaved, so a slow moment of the machine hits both
        for out in (project_out, reference_out, floor_out):
            shutil.rmtree(out, ignore_errors=True)
        seconds, peak, _, cpu_s = run_child(project_cmd, ROOT, env)
        project.append(seconds)
        rss.append(peak)
        cpu.append(cpu_s)
        seconds, peak, _, cpu_s = run_child(reference_cmd, reference_dir, environment())
        reference.append(seconds)
        reference_rss.append(peak)
        reference_cpu.append(cpu_s)
        floor.append(run_child(floor_cmd, reference_dir, environment())[0])
    check_s, check_cmd_s = measure_check(plans, runs)
    figures = site_figures(project_out)
    reference_pages, floor_pages = len(pages_of(reference_out)), len(pages_of(floor_out))
    if not reference_pages == floor_pages == pages == figures["pages"]:
        raise RuntimeError(f"page counts differ: project {figures['pages']}, reference {reference_pages}, "
                           f"floor {floor_pages}")
    return {
        "orgs": orgs,
        "plan_files": len(list(plans.glob("*.yaml"))),
        "project_s": round(min(project), 3),
        "reference_s": round(min(reference), 3),
        "ratio": round(min(project) / min(reference), 3),
        "floor_s": round(min(floor), 3),
        "project_cpu_s": round(min(cpu), 3),
        "reference_cpu_s": round(min(reference_cpu), 3),
        "cpu_ratio": round(min(cpu) / min(reference_cpu), 3),
        "check_s": round(check_s, 3),
        "check_cmd_s": round(check_cmd_s, 3),
        **figures,
        "reference_site_bytes": sum(p.stat().st_size for p in reference_out.rglob("*") if p.is_file()),
        "peak_rss_mb": round(max(rss), 1),
        "reference_peak_rss_mb": round(max(reference_rss), 1),
        "runs": runs,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=211, help="organisations for the headline figures (211)")
    parser.add_argument("--sizes", default="7,50,211", help="sizes for the growth figures (comma-separated)")
    parser.add_argument("--only", action="store_true", help="measure --orgs alone (no growth sizes)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each build; the best counts (3)")
    parser.add_argument("--seed", type=int, default=2013, help="synthetic data seed (2013)")
    parser.add_argument("--work", type=Path, help="keep plans and sites in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = [args.orgs] if args.only else sorted({int(s) for s in args.sizes.split(",") if s.strip()} | {args.orgs})
    seeds = synthetic.Seeds()
    with tempfile.TemporaryDirectory(prefix="francis-bench-") as tmp:
        work = (args.work or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        results = {}
        for n in sizes:
            results[n] = measure(n, args.runs, work, args.seed, seeds)
            print(f"measured {n} organisations: {json.dumps(results[n])}", file=sys.stderr, flush=True)
    report = {**results[args.orgs], "command": "python benchmarks/build.py " + " ".join(argv or sys.argv[1:]),
              "cpus": os.cpu_count(), "python": sys.version.split()[0],
              "growth": [results[n] for n in sizes]}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
