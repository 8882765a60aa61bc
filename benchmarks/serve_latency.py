"""How long an edit to one plan takes to show while `mkdocs serve` runs at national scale.

    python benchmarks/serve_latency.py --orgs 211 [--edits 3] [--dirty] [--verify] [--browser]

Writes synthetic plans (benchmarks/synthetic.py), starts ``mkdocs serve --strict`` on
127.0.0.1 (a free port) with PLANS_DIR pointing at them (from a private copy of the project's
mkdocs.yml, macros/, docs/, overrides/ and plans/), waits until it serves, then edits
one plan's action text ``--edits`` times. After each edit it polls that organisation's page
over HTTP until the new text is there, and records the seconds from the file write to the
page showing it (what a person previewing an edit waits for; the browser's live reload
follows the same rebuild) and the CPU seconds the server used meanwhile (steadier than wall
time on a busy machine). With ``--browser`` the page is open in headless Chromium instead
(Debian's, through Playwright, as the browser tests run it), and each latency runs from the
file write until the page that mkdocs' live reload loaded again shows the new text: the
rebuild, the reload and the browser's parsing and layout of the page. Like scripts/serve, the
server keeps its temporary site in /dev/shm where there is one (--tmpdir). Prints one JSON
object and stops the server it started.

Only loopback traffic; every wait is bounded.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ACTION = re.compile(r"^(    action: )([A-Za-z].*)$", re.M)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen, interval: float = 0.05) -> float:
    """The moment (perf_counter) the page at ``url`` contains ``text`` (raises after ``timeout``)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped (exit {server.returncode})")
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter()
        time.sleep(interval)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edit_plan(path: Path, token: str) -> None:
    """Put ``token`` at the start of the plan's first plain one-line action."""
    text = path.read_text(encoding="utf-8")
    new, n = ACTION.subn(lambda m: f"{m.group(1)}{token} {m.group(2)}", text, count=1)
    if n != 1:
        raise RuntimeError(f"{path} has no one-line action to edit")
    path.write_text(new, encoding="utf-8")


def snapshot(target: Path) -> Path:
    """A private copy of the project's site sources, so edits other people make to the working
    tree while this runs do not trigger rebuilds of the server being timed."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "macros", "docs", "overrides", "plans"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy(source, target / name)
    return target


def same_search_index(port: int, project: Path, env: dict, site_url: str, timeout: float) -> bool:
    """Whether the served search index (after the edits) is the one a fresh build of the same
    plans makes: every file of the fresh build's Pagefind index and fragments, fetched from the
    server, byte for byte, and the same number of records. (Pagefind names its filter and
    metadata files by a hash that varies from run to run; the fragments hold every record's
    text, meta and filters.) The served index is made in the background after the pages, so
    this waits for it (at most ``timeout`` seconds)."""
    with tempfile.TemporaryDirectory(prefix="francis-verify-") as out:
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", out], cwd=project,
                       env={**env, "SITE_URL": site_url}, check=True, capture_output=True, timeout=600)
        built = Path(out) / "pagefind"
        files = {p.relative_to(built).as_posix(): p.read_bytes() for p in sorted(built.glob("*/*"))
                 if p.parent.name in ("fragment", "index")}
        count = json.loads((built / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
    base = f"http://127.0.0.1:{port}/pagefind/"
    deadline = time.perf_counter() + timeout
    while True:
        entry = fetch(base + "pagefind-entry.json")
        same = entry is not None and json.loads(entry)["languages"]["en"]["page_count"] == count and all(
            fetch_bytes(base + name) == data for name, data in files.items())
        if same or time.perf_counter() > deadline:
            return same
        time.sleep(0.5)


def fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def default_tmpdir() -> str | None:
    """Where scripts/serve has mkdocs serve keep its temporary site: /dev/shm where there is one."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


class Browser:
    """The organisation's page open in headless Chromium, reloaded by mkdocs' live reload."""

    def __init__(self, url: str, timeout: float):
        from playwright.sync_api import sync_playwright

        self.timeout = timeout
        self.playwright = sync_playwright().start()
        try:
            self.browser = self.playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-dev-shm-usage"])
            self.page = self.browser.new_page(viewport={"width": 1280, "height": 900})
            self.page.goto(url, timeout=timeout * 1000, wait_until="load")
        except BaseException:
            self.playwright.stop()
            raise

    def wait_for(self, text: str) -> float:
        self.page.wait_for_function("text => document.body !== null && document.body.innerText.includes(text)",
                                    arg=text, timeout=self.timeout * 1000, polling=20)
        return time.perf_counter()

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


def measure(plans: Path, edits: int, dirty: bool, timeout: float, log_file: Path | None = None,
            project: Path = ROOT, verify: bool = False, tmpdir: str | None = None, browser: bool = False) -> dict:
    port = free_port()
    # --dirty logs a warning on every build, which --strict turns into a failed build.
    mode = ["--dirty", "--no-strict"] if dirty else ["--strict"]
    cmd = [sys.executable, "-m", "mkdocs", "serve", *mode, "--dev-addr", f"127.0.0.1:{port}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLANS_DIR": str(plans)}
    if tmpdir:
        env["TMPDIR"] = tmpdir
    # The plan to edit: one whose first action is a one-line plain text.
    target = next(p for p in sorted(plans.glob("*.yaml")) if ACTION.search(p.read_text(encoding="utf-8"))
                  and "kind: joint" not in p.read_text(encoding="utf-8"))
    url = f"http://127.0.0.1:{port}/organisations/{target.stem}/"
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        server = subprocess.Popen(cmd, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            first_build = wait_for(url, "</html>", timeout, server, interval=0.2) - start
            tab = Browser(url, timeout) if browser else None
            time.sleep(1.0)  # let the file watcher settle
            latencies, cpu = [], []
            try:
                for i in range(edits):
                    token = f"Edited{i}x{os.getpid()}"
                    used = cpu_seconds(server.pid)
                    written = time.perf_counter()
                    edit_plan(target, token)
                    shown = tab.wait_for(token) if tab else wait_for(url, token, timeout, server)
                    latencies.append(shown - written)
                    cpu.append(cpu_seconds(server.pid) - used)
                    time.sleep(1.0)
            finally:
                if tab:
                    tab.close()
            verified = same_search_index(port, project, env, f"http://127.0.0.1:{port}/", timeout) if verify else None
        except BaseException:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace")[-4000:])
            raise
        finally:
            server.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs removes its temporary site
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=20)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        if log_file:
            log_file.write_text(output, encoding="utf-8")
        builds = output.count("Building documentation")
    return {
        "orgs": len([p for p in plans.glob("*.yaml") if "kind: joint" not in p.read_text(encoding="utf-8")]),
        "dirty": dirty,
        "shown_in": "headless Chromium, after mkdocs' live reload" if browser else "the page fetched over HTTP",
        "edited": f"organisations/{target.stem}/",
        "startup_to_serving_s": round(first_build, 2),
        "latencies_s": [round(x, 2) for x in latencies],
        "median_s": round(statistics.median(latencies), 2),
        "rebuild_cpu_s": [round(x, 2) for x in cpu],
        "max_s": round(max(latencies), 2),
        "builds": builds,
        "search_index_matches_build": verified,
        "site_written_to": tmpdir or "the default temporary folder",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "wall_s": round(time.perf_counter() - start, 1),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=211, help="organisations (211)")
    parser.add_argument("--edits", type=int, default=3, help="edits to time (3)")
    parser.add_argument("--seed", type=int, default=2013, help="synthetic data seed (2013)")
    parser.add_argument("--dirty", action="store_true", help="serve with --dirty (and without --strict)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for any one step (300)")
    parser.add_argument("--log", type=Path, help="write the server's output to this file")
    parser.add_argument("--verify", action="store_true",
                        help="check that the served search index (Pagefind's) equals a fresh build's")
    parser.add_argument("--in-place", action="store_true",
                        help="serve the working tree itself (default: a private copy of it)")
    parser.add_argument("--project", type=Path, help="serve this copy of the project instead (to try a change)")
    parser.add_argument("--tmpdir", default=default_tmpdir(),
                        help="TMPDIR for mkdocs serve's site (default: /dev/shm where there is one, as scripts/serve "
                             "does); --tmpdir '' for the system's default")
    parser.add_argument("--browser", action="store_true",
                        help="time the edit showing in headless Chromium (live reload) instead of over HTTP")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="francis-serve-") as tmp:
        plans = Path(tmp) / "plans"
        synthetic.generate(args.orgs, plans, args.seed)
        project = args.project or (ROOT if args.in_place else snapshot(Path(tmp) / "project"))
        result = measure(plans, args.edits, args.dirty, args.timeout, args.log, project, args.verify, args.tmpdir,
                         args.browser)
    result["command"] = "python benchmarks/serve_latency.py " + " ".join(argv or sys.argv[1:])
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
