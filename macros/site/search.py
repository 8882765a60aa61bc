"""The published site's search: a Pagefind index of the records in macros/views/search_views.py.

A first visit to any page loads nothing for search but a small script (``fr-search.js``); the
search engine (Pagefind's JS and WebAssembly), its metadata and the index chunks a query needs
are fetched only when the reader searches. Pagefind (pinned in requirements.txt; its binary
ships in the ``pagefind-bin`` wheel) is run after the pages are written, on a folder of small
HTML documents written here, one per record, each made of escaped text (``stage``); its output
goes to ``pagefind/`` in the site. The search page inserts every field as text.

- ``mkdocs build``: indexed in on_post_build; an error fails the build.
- ``mkdocs serve``: after each rebuild, indexed in the background once the pages are written
  (macros/site/deferred.py), so an edit shows as fast as before and search follows a few
  moments later; the stage folder is kept and only changed documents are rewritten.
- The preview that opens from its files (OFFLINE=true) keeps material's own search, which works
  from ``file://`` (Pagefind fetches its chunks, which browsers refuse there): nothing here runs.
"""
from __future__ import annotations

import atexit
import contextlib
import html
import logging
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from markupsafe import escape

from ..views import search_views

log = logging.getLogger("mkdocs.plugins.francis")

OUTPUT = "pagefind"  # the index's folder in the site
# Pagefind's own result widgets, which this site does not use (it has its own, in the theme's look)
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")
TIMEOUT = 600


class SearchError(Exception):
    pass


def executable() -> str:
    import pagefind_bin
    return str(pagefind_bin.get_executable())


# ---- the records as documents Pagefind reads ----

def _attr(value: str) -> str:
    return str(escape(value))


def document(record: search_views.Record) -> str:
    """The record as a small HTML document: every value escaped, so Pagefind reads it back as
    the same text. Meta and filters ride on empty elements."""
    out = ['<!doctype html><html lang="en"><head><meta charset="utf-8"><title>', str(escape(record.title)),
           '</title></head><body>']
    first = True
    for text, weight in record.parts:
        if not text:
            continue
        tag = "h1" if first else "p"
        first = False
        out.append(f'<{tag} data-pagefind-weight="{weight:g}">{escape(text)}</{tag}>')
    for section in record.sections:
        weight = "" if section.weight is None else f' data-pagefind-weight="{section.weight:g}"'
        out.append(f'<h2 id="{_attr(section.anchor)}"{weight}>{escape(section.heading)}</h2>')
        out += [f'<p data-pagefind-weight="{w:g}">{escape(text)}</p>' for text, w in section.parts if text]
    meta = {"url": record.url or "./", "title": record.title, **record.meta}  # ("": the home page)
    out += [f'<span data-pagefind-meta="{_attr(k)}:{_attr(v)}"></span>' for k, v in meta.items() if v]
    out += [f'<span data-pagefind-filter="{_attr(k)}:{_attr(v)}"></span>' for k, values in record.filters.items()
            for v in values if v]
    out.append("</body></html>\n")
    return "".join(out)


def stage(records, folder: Path) -> int:
    """Write one document per record into ``folder`` (kept between serve rebuilds: a document
    whose text is unchanged is not written again; documents of records that went are removed).
    Returns how many were written."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for i, record in enumerate(records):
        wanted[f"r{i:06d}.html"] = document(record)
    written = 0
    for old in folder.iterdir():
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        path = folder / name
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        path.write_bytes(data)
        written += 1
    return written


@contextlib.contextmanager
def _one_cpu():
    """The calling thread, and so any process it starts, kept to one CPU while inside.

    Pagefind writes its 2,000-odd files (one per record at 211 organisations) from many threads
    at once. On a disk whose file system is slow to find room for a new file (this machine's
    ext4, right after a rebuild removed the last site's files), one thread holds the folder's lock
    while the others spin in the kernel waiting for it: 1-2 CPU seconds a build, burnt. On one
    CPU a waiting thread sleeps instead (measured: 2.3-3.1 s of system time down to 1.7-1.9), the
    index takes a moment longer, and while serving the other CPU stays free for the next rebuild."""
    try:
        before = os.sched_getaffinity(0)
    except (AttributeError, OSError):  # (no affinity on this system)
        before = set()
    if len(before) < 2:
        yield
        return
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def index(stage_dir: Path, site_dir: Path) -> None:
    """Run Pagefind over the staged documents into ``site_dir``/pagefind."""
    out = Path(site_dir) / OUTPUT
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=site_dir) as tmp:
        with _one_cpu():
            run = subprocess.run([executable(), "--site", str(stage_dir), "--output-path", tmp, "--force-language",
                                  "en", "--quiet"], capture_output=True, text=True, timeout=TIMEOUT)
        if run.returncode != 0:
            raise SearchError(f"the search index could not be made (pagefind exited {run.returncode}): "
                              + (run.stdout + run.stderr).strip()[-2000:])
        for name in UNUSED:
            Path(tmp, name).unlink(missing_ok=True)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
        os.makedirs(tmp)  # (for the context manager's clean-up)
    out.chmod(0o755)  # (made as a private temporary folder)


# ---- the other pages (hand-written ones and the indexes) ----

_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
MAX_PAGE_TEXT = 20_000  # characters of a hand-written page indexed (the field reference is long)


def text_of(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def page_record(url: str, title: str, content: str, toc=(), whole: bool = True) -> search_views.Record:
    """A page's record from its HTML: its opening text and its sections (split at each <h2 id>).
    ``whole`` false (generated index pages, whose text is every organisation's): the title and
    the headings of its table of contents only."""
    if not whole:
        return search_views.page_record(url, title, "", [(a, h, "") for a, h in toc])
    pieces = _H2.split(content)
    intro, sections = text_of(pieces[0]), []
    for i in range(1, len(pieces) - 2, 3):
        sections.append((pieces[i], text_of(pieces[i + 1]), text_of(pieces[i + 2])[:MAX_PAGE_TEXT]))
    return search_views.page_record(url, title, intro[:MAX_PAGE_TEXT], sections)


class Pages:
    """The records of the pages other than organisations and recommendations, gathered as
    their content is made (on_page_content)."""

    def __init__(self):
        self.records: dict[str, search_views.Record] = {}

    def clear(self) -> None:
        self.records = {}

    def add(self, url: str, record: search_views.Record) -> None:
        self.records[url] = record

    def sorted(self) -> list:
        return [self.records[u] for u in sorted(self.records)]


PAGES = Pages()
STAGE: Path | None = None  # kept while serving


def enabled(config) -> bool:
    """Pagefind is the search wherever material's search plugin is switched off (everywhere
    but the preview that opens from its files)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return not bool(getattr(plugin, "config", {}).get("enabled", True))
    return True


def _scratch() -> str | None:
    """Where the staged documents go: a memory-backed folder where there is one (creating
    thousands of small files there costs a fraction of what it does on a disk's file system),
    else the usual temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


STAGE_PREFIX = "francis-search-"  # then the process id: francis-search-<pid>-<random>


def stage_folder() -> Path:
    """A new folder for the staged documents, named for this process. Folders that processes
    now gone left behind (a build or a serve stopped by a signal, which runs no clean-up) are
    removed first: in a memory-backed folder they hold memory until the machine restarts."""
    where = Path(_scratch() or tempfile.gettempdir())
    for old in where.glob(STAGE_PREFIX + "*"):
        pid = old.name[len(STAGE_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:  # gone
            shutil.rmtree(old, ignore_errors=True)
        except OSError:  # alive (another user's)
            pass
    return Path(tempfile.mkdtemp(prefix=f"{STAGE_PREFIX}{os.getpid()}-", dir=where))


def build_index(records, site_dir: str, serving: bool) -> None:
    """Stage the records and index them into the site."""
    global STAGE
    if serving:
        if STAGE is None:
            STAGE = stage_folder()
            atexit.register(shutil.rmtree, STAGE, True)  # (when the serve ends)
        stage(records, STAGE)
        index(STAGE, Path(site_dir))
        return
    folder = stage_folder()
    try:
        stage(records, folder)
        index(folder, Path(site_dir))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fragments(folder: Path) -> list[dict]:
    """The records as Pagefind stored them (``folder``: a built site's pagefind/): each
    fragment's url, content, meta and filters (for tests and checks)."""
    import gzip
    import json
    out = []
    for path in sorted((Path(folder) / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(b"pagefind_dcd"):
            raise SearchError(f"{path}: not a Pagefind fragment")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


_SOURCE = '<div class="md-header__source">'


def with_site_search(header, search_html):
    """The ``with_site_search`` filter (overrides/partials/header.html): the theme's rendered
    header with the site's search put where the theme puts its own, just before the repository
    link (or, without one, at the end of the header's bar)."""
    from markupsafe import Markup

    header, search_html = str(header), str(search_html)
    at = header.find(_SOURCE)
    if at < 0:
        at = header.rfind("</nav>")
    if at < 0:
        raise SearchError("the theme's header has neither a repository link nor a </nav>: "
                          "overrides/partials/header.html cannot place the search")
    return Markup(header[:at] + search_html + header[at:])


def install(env) -> None:
    """Add the filter overrides/partials/header.html uses."""
    env.filters["with_site_search"] = with_site_search
