"""What a `mkdocs serve` rebuild reuses from the one before it.

`mkdocs serve` rebuilds the whole site whenever a plan changes, although an edit to one plan
changes a handful of its 500+ pages. While serving (never in `mkdocs build`), each of the three
costly steps of a page is skipped when its inputs are exactly those of the previous build:

- search entries: a page whose address, title, metadata, table of contents and HTML are
  those of a page already indexed gets copies of the same entries instead of being parsed
  again by material's search plugin;
- the page's content: a generated page whose template, address and view-model (compared by
  ``fingerprint``) are the same gets the same HTML without rendering it again;
- the whole page: a page whose address, title, content, table of contents, metadata, links
  and neighbours are the same, in a build with the same navigation, configuration and theme
  files, gets the same output from the theme without rendering the theme template again.

Each is a pure function of the inputs in its key, so the served site and search index are
those of a fresh build (tests/test_rebuild.py compares them byte for byte after edits, a
rename and a deletion; benchmarks/serve_latency.py --verify checks the search index).
"""
from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import pickle
from pathlib import Path

import jinja2

from ..views.kept import KEPT, site_key

log = logging.getLogger("mkdocs.plugins.francis")


class SearchEntries:
    """page key -> the search entries material made for it, for this build and the last."""

    def __init__(self):
        self.previous: dict = {}
        self.current: dict = {}
        self.hits = self.misses = 0

    def new_build(self) -> None:
        if self.current:
            self.previous, self.current = self.current, {}
        self.hits = self.misses = 0

    def get(self, key):
        entries = self.current.get(key) or self.previous.get(key)
        if entries is not None:
            self.current[key] = entries
        return entries


CACHE = SearchEntries()
CONTENT = SearchEntries()  # generated page key -> its rendered HTML
OUTPUT = SearchEntries()  # page key -> the theme's output for it
SERVING = False  # set by on_startup when the command is `mkdocs serve`


def new_build() -> None:
    global FINGERPRINTS
    for cache in (CACHE, CONTENT, OUTPUT):
        cache.new_build()
    KEPT.new_build()
    FINGERPRINTS = Fingerprints(FINGERPRINTS)


def _toc_key(toc) -> tuple:
    return tuple((item.id, item.url, item.title, item.level, _toc_key(item.children)) for item in toc)


def page_key(page) -> tuple:
    return (page.url, page.title, repr(page.meta), _toc_key(page.toc), page.content)


def reuse_search_entries() -> bool:
    """Make material's search index reuse the entries of unchanged pages (for this process)."""
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # pragma: no cover - another theme: nothing to reuse
        return False
    if getattr(SearchIndex.add_entry_from_context, "reuses_entries", False):
        return True
    parse = SearchIndex.add_entry_from_context

    def add_entry_from_context(self, page):
        key = page_key(page)
        entries = CACHE.get(key)
        if entries is None:
            CACHE.misses += 1
            start = len(self.entries)
            parse(self, page)
            entries = CACHE.current[key] = [dict(entry) for entry in self.entries[start:]]
        else:
            CACHE.hits += 1
            self.entries.extend(dict(entry) for entry in entries)

    add_entry_from_context.reuses_entries = True
    add_entry_from_context.__wrapped__ = parse  # (searchparse's guard reads the plugin's own)
    SearchIndex.add_entry_from_context = add_entry_from_context
    return True


# --- a generated page's content


class _Digest:
    """What an organisation (or joint response) stands for in a view-model's fingerprint."""

    def __init__(self, digest: bytes):
        self.digest = digest


class _ViewOf:
    """What an action view made by views.action_views stands for in a fingerprint."""

    def __init__(self, organisation: bytes, index: int, site: bytes):
        self.key = (organisation, index, site)


def _pickle_digest(obj) -> bytes:
    return hashlib.sha256(pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)).digest()


class _ByIdentity:
    """id(obj) -> (obj, value) for one build, falling back to the last build's entry for the very
    same object. Each object is kept with its value, so that its id stays its own meanwhile."""

    def __init__(self, last: "_ByIdentity | None" = None):
        self.now: dict = {}
        self.last = last.now if last is not None else {}

    def get(self, obj, make):
        """``make(obj)``, made once per build, and kept from the last build for the same object."""
        entry = self.now.get(id(obj))
        if entry is None:
            entry = self.last.get(id(obj))
            if entry is None or entry[0] is not obj:
                entry = (obj, make(obj))
            self.now[id(obj)] = entry
        return entry[1]


class Fingerprints:
    """Digests of view-models for one build. Each organisation and joint response in a
    view-model is pickled as the digest of its own pickle, made once per build, so a page that
    names many organisations costs a few bytes each (and the pickler calls back into Python
    for those two types only).

    An action view that ``views.action_views(site, org)`` made (``know_views``) is pickled as
    (the organisation's digest, its place in the organisation's list, a digest of the site's
    reference data and as-of date): the view is a pure function of those, so equal keys mean
    equal views. Any other action view is pickled whole."""

    def __init__(self, last: "Fingerprints | None" = None):
        # Records' digests, and fingerprints of view-models kept (views/kept.py), from the last
        # build too: while serving, an unchanged plan's record is the same object.
        self.digests = _ByIdentity(last.digests if last else None)
        self.values = _ByIdentity(last.values if last else None)
        self.views: dict = {}  # id(view) -> (view, organisation, index)
        self.site = b""
        self.table = dict(copyreg.dispatch_table)
        from ..model import JointResponse, Organisation
        from ..views.views import ActionView
        for kind in (Organisation, JointResponse):
            self.table[kind] = self._reduce
        self.table[ActionView] = self._reduce_view

    def know_views(self, site) -> None:
        """Take the action views made for ``site`` so far as made from their organisations."""
        from ..views.views import made_action_views
        self.site = site_key(site)
        for org, views in made_action_views(site):
            for index, view in enumerate(views):
                self.views[id(view)] = (view, org, index)

    def _digest(self, obj) -> bytes:
        return self.digests.get(obj, _pickle_digest)

    def _reduce(self, obj):
        return _Digest, (self._digest(obj),)

    def _reduce_view(self, view):
        entry = self.views.get(id(view))
        if entry is None or entry[0] is not view:
            return view.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
        return _ViewOf, (self._digest(entry[1]), entry[2], self.site)

    def of(self, value) -> bytes | None:
        """A digest of ``value`` equal for equal data (None if it cannot be pickled). Two
        values with the same digest hold the same data, so a template prints the same. A
        view-model views/kept.py gave again (the same object: same record, same reference data)
        has the fingerprint it had in the last build."""
        if KEPT.gave(value):
            return self.values.get(value, self._of)
        return self._of(value)

    def _of(self, value) -> bytes | None:
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self.table
        try:
            pickler.dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None
        return hashlib.sha256(buffer.getvalue()).digest()


def rendered(key_parts: tuple, context, render):
    """``render()``, or the HTML it gave in the last build for the same key and view-model."""
    digest = FINGERPRINTS.of(context) if SERVING else None
    if digest is None:
        return render()
    key = (key_parts, digest)
    html = CONTENT.get(key)
    if html is None:
        CONTENT.misses += 1
        html = CONTENT.current[key] = render()
    else:
        CONTENT.hits += 1
    return html


FINGERPRINTS = Fingerprints()


# --- the whole page, from the theme


def _nav_key(items) -> tuple:
    return tuple((type(i).__name__, i.title, getattr(i, "url", None), _nav_key(getattr(i, "children", None) or ()))
                 for i in items)


def _link(page) -> tuple | None:
    return (getattr(page, "url", None), page.title) if page is not None else None


def _theme_files(config) -> tuple:
    """(path, bytes) of the files in the theme's own folders (custom_dir), which a person may
    edit while serving; the installed theme does not change."""
    found = []
    for folder in config.theme.dirs:
        root = Path(folder)
        if "site-packages" in root.parts or not root.is_dir():
            continue
        found.extend((p.as_posix(), p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file())
    return tuple(found)


def _config_key(config) -> tuple:
    """The configuration as the theme prints it: mkdocs.yml itself, and the values taken from
    the environment or set by hooks."""
    path = Path(config.config_file_path or "")
    return (path.read_bytes() if path.is_file() else b"", config.site_name, config.site_url, config.repo_url,
            config.repo_name, config.edit_uri, config.copyright, config.use_directory_urls,
            repr(dict(config.extra)), [str(c) for c in config.extra_css], [str(j) for j in config.extra_javascript],
            repr(sorted((k, repr(v)) for k, v in config.theme.items())), list(config.theme.dirs),
            list(config.plugins))


def build_key(config, nav) -> bytes:
    """What every page of a build shares: the navigation, the configuration and the theme files."""
    parts = (_nav_key(nav.items), _link(nav.homepage), _config_key(config), _theme_files(config))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()


def output_key(name: str, page, build: bytes) -> tuple:
    return (build, name, page.file.src_uri, page.url, page.title, page.content, _toc_key(page.toc), repr(page.meta),
            page.edit_url, page.canonical_url, page.abs_url, page.is_homepage, _link(page.previous_page),
            _link(page.next_page), tuple(_link(a) for a in page.ancestors))


class _Template:
    """A theme template whose render reuses the last build's output for an unchanged page."""

    def __init__(self, template, name: str, env: "ReusingEnvironment"):
        self.template, self.name, self.env = template, name, env

    def render(self, context):
        page = context.get("page") if hasattr(context, "get") else None
        if page is None or not hasattr(page, "toc") or "nav" not in context:
            return self.template.render(context)
        if self.env.build is None:  # the same for every page of this build
            self.env.build = build_key(context["config"], context["nav"])
        key = output_key(self.name, page, self.env.build)
        output = OUTPUT.get(key)
        if output is None:
            OUTPUT.misses += 1
            output = OUTPUT.current[key] = self.template.render(context)
        else:
            OUTPUT.hits += 1
        return output

    def __getattr__(self, name):
        return getattr(self.template, name)


class ReusingEnvironment:
    """What mkdocs renders pages with (after on_env): the theme's environment, whose templates
    reuse unchanged pages' output. Jinja itself keeps using the real environment."""

    def __init__(self, env):
        self._env, self.build = env, None

    def get_template(self, name, *args, **kwargs):
        return _Template(self._env.get_template(name, *args, **kwargs), str(name), self)

    def __getattr__(self, name):
        return getattr(self._env, name)


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per process: mkdocs makes a new environment for
    every build, which would compile them all again. Jinja checks each template's source
    against the stored checksum, so an edited override is compiled again."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


def page_outputs(env):
    """The environment mkdocs should render this build's pages with."""
    if not SERVING:
        return env
    env.bytecode_cache = COMPILED
    return ReusingEnvironment(env)
