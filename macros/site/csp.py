"""The Content-Security-Policy of every page (issue 20: defence in depth).

Plans are untrusted. Every value from a plan is escaped into the pages, and the check refuses
markup in names; the policy is what still holds if escaping ever slips: the browser runs no
inline script but the theme's own, no inline event handler (``onerror=``, ``onload=``...), no
``javascript:`` link, and no script from another server.

GitHub Pages sets no headers, so the policy is a ``<meta http-equiv="Content-Security-Policy">``
placed in each page's ``<head>`` straight after ``<meta charset>``, before anything else (a
policy in a meta element covers only what comes after it). A meta policy cannot say
``frame-ancestors``, ``sandbox`` or where to report; those need headers.

``POLICY`` below is the one place that says what pages may load and run; extend it there
(with a comment saying who needs what). For example, Pagefind's search needs
``'wasm-unsafe-eval'`` in ``script-src`` (its WebAssembly), and its worker is a file of the
site (``worker-src 'self'``, already allowed).

The theme's own inline scripts are allowed by their SHA-256 hashes, computed at build time for
each page. Which scripts are the theme's is learnt from the theme's templates, not from the
page: every ``<script>`` without ``src`` in the theme's template files (material's and
``overrides/``) is rendered for the page (it depends on the page's depth: ``base_url``) and
only an inline script on the page that is exactly one of those gets its hash in the policy.
An inline script on a page that is not the theme's (a plan's text that reached the page as
markup, or a hand-written page's own) is refused by the browser, and the build reports it as
an error naming the page. Three more inline scripts are the theme's or the tools' own and are
allowed the same way:

- the offline preview (``scripts/build --preview``): the iframe-worker shim runs material's
  search worker in a hidden frame, which it starts with an inline script naming the worker's
  address; the frame inherits the page's policy, so that script's hash (made from the shim's
  source and the page's worker address) is in the policy too;
- ``mkdocs serve``: the live-reload script mkdocs adds to each page as it serves it (with the
  build's epoch and the request's id in it) gets its hash added to that response's policy
  (:func:`allow_live_reload`);
- ``<script type="application/json">`` (the theme's ``__config``) is data, never run, and
  needs nothing.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
from pathlib import Path

from urllib.parse import urlsplit

from jinja2 import TemplateError, meta
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url, is_error_template, normalize_url

from ..plans.problems import escape as escape_text

log = logging.getLogger("mkdocs.plugins.francis")

# What every page may load and run. 'self' is the site's own address (under file://, the
# preview's own files). Each directive with a comment saying why it is not stricter.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # The theme's bundle, sort-table.js, compare.js and the comparison data scripts are files of
    # the site; its inline scripts are added by hash for each page. 'report-sample' puts the
    # first characters of a refused script in the browser's report (the console, and the
    # `securitypolicyviolation` event the browser tests listen to).
    "script-src": ("'self'", "'report-sample'"),
    # Style attributes (the progress charts' bar widths) need 'unsafe-inline'; style elements
    # and attributes cannot load anything from elsewhere (img-src, font-src below).
    "style-src": ("'self'", "'unsafe-inline'"),
    # The theme's icons are data: URLs in its stylesheet.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    # The search worker fetches the index; the theme fetches sitemap.xml; mkdocs serve polls.
    "connect-src": ("'self'",),
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'none'",),
    "form-action": ("'self'",),
}

META_NAME = "Content-Security-Policy"
_HEAD = re.compile(r'\A\s*<!doctype html>\s*<html\b[^<>]*>\s*<head>\s*<meta charset="utf-8">', re.I)
_SCRIPT = re.compile(r"<script\b([^<>]*)>(.*?)</script\s*>", re.I | re.S)
_SRC = re.compile(r"""\ssrc\s*=""", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
# Script types a browser does not run (data blocks).
DATA_TYPES = {"application/json", "application/ld+json"}
# What a theme script may depend on when rendered for a page.
_CONTEXT_NAMES = {"config", "base_url"}


def policy(hashes=()) -> str:
    """The policy as the meta element's content, with ``hashes`` ('sha256-...') allowed in
    script-src, in the order given."""
    parts = []
    for directive, sources in POLICY.items():
        if directive == "script-src":
            sources = sources + tuple(f"'{h}'" for h in hashes)
        parts.append(" ".join((directive,) + sources))
    return "; ".join(parts)


def digest(script: str) -> str:
    """The CSP hash source of an inline script's text: 'sha256-<base64>' (without quotes)."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def _runs(attributes: str) -> bool:
    """Whether a <script> with these attributes is one the browser would run."""
    found = _TYPE.search(attributes)
    if found is None:
        return True
    kind = next(g for g in found.groups() if g is not None).strip().lower()
    return kind not in DATA_TYPES


def inline_scripts(html: str) -> list[str]:
    """The texts of the inline scripts of ``html`` that a browser would run, in order."""
    return [m.group(2) for m in _SCRIPT.finditer(html) if not _SRC.search(m.group(1)) and _runs(m.group(1))]


class ThemeScripts:
    """The inline scripts of the theme's templates, each a template to render for a page."""

    def __init__(self):
        self.key = None
        self.templates: list = []  # (template name, compiled body, depends only on config and base_url)
        self.rendered: dict = {}  # (id(config), base_url) -> frozenset of script texts
        self.shim = None  # (the shim's source, its path) when the preview's shim is used
        self.worker = None  # the search worker's path in the site (from the theme's base.html)

    def learn(self, env, config) -> None:
        """Find the inline scripts of the templates ``env`` would load (an override hides the
        theme's template of the same name), once per set of theme folders and their files."""
        dirs = tuple(str(d) for d in config.theme.dirs)
        names = sorted({p.relative_to(d).as_posix() for d in map(Path, dirs) if d.is_dir()
                        for p in _html_files(d)})
        key = (dirs, tuple((n, _stamp(dirs, n)) for n in names))
        self.rendered = {}
        self.shim = _shim(config)
        self.worker = worker_path(env)
        if key == self.key:
            return
        found = []
        for name in names:
            try:
                source = env.loader.get_source(env, name)[0]
            except TemplateError:
                continue
            for match in _SCRIPT.finditer(source):
                if _SRC.search(match.group(1)) or not _runs(match.group(1)):
                    continue
                try:
                    needs = meta.find_undeclared_variables(env.parse(match.group(2)))
                    found.append((name, env.from_string(match.group(2)), needs <= _CONTEXT_NAMES))
                except TemplateError:  # a script whose body is not a whole template on its own
                    log.debug(f"csp: {name}: an inline script that is not a template by itself is not allowed")
        self.templates, self.key = found, key

    def for_page(self, config, base_url: str, worker_url: str) -> tuple[frozenset, tuple]:
        """(the texts of the theme's inline scripts as rendered for a page at ``base_url``, the
        scripts the page starts later that need a hash too: the preview's search frame, for
        the worker that the page's __config names ``worker_url``)."""
        cache_key = (id(config), base_url, worker_url)
        texts = self.rendered.get(cache_key)
        if texts is None:
            context = {"config": config, "base_url": base_url}
            made = set()
            for _, template, plain in self.templates:
                if plain:
                    try:
                        made.add(template.render(context))
                    except Exception:  # noqa: BLE001 - a script that cannot be made here is not allowed
                        continue
            later = (shim_script(self.shim[0], worker_url, self.shim[1]),) if self.shim is not None else ()
            texts = self.rendered[cache_key] = (frozenset(made), later)
        return texts


THEME = ThemeScripts()


def _html_files(folder: Path):
    """The .html files under ``folder``, not looking into hidden folders (the theme's .icons)."""
    for top, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in files:
            if name.endswith(".html"):
                yield Path(top) / name


def _stamp(dirs, name) -> tuple:
    for d in dirs:
        path = Path(d) / name
        if path.is_file():
            stat = path.stat()
            return (d, stat.st_mtime_ns, stat.st_size)
    return ()


# --- the offline preview's search shim (iframe-worker)

_LITERAL = re.compile(r"`<html><body><script>(.*?)<\\/script>")
_EXPRESSION = re.compile(r"\$\{([A-Za-z_$][\w$]*)\}")
_WORKER = re.compile(r'"search":\s*"([^"]+)"\s*\|\s*url')


def _shim(config):
    """(source, path) of the iframe-worker shim when the pages load it (the preview)."""
    for script in config.extra.get("polyfills", []) or []:
        name = str(script)
        if "iframe-worker" not in name or "://" in name:
            continue
        for folder in config.theme.dirs:
            path = Path(folder) / name
            if path.is_file():
                return path.read_text(encoding="utf-8"), name
        raise PluginError(f"csp: the polyfill {escape_text(name)} is not a file of the theme's folders")
    return None


def _function_source(source: str, name: str) -> str | None:
    """The text of ``function name(...){...}`` in ``source`` (as the browser's toString gives it)."""
    start = source.find(f"function {name}(")
    if start < 0:
        return None
    depth, i = 0, source.index("{", start)
    quote = None
    while i < len(source):
        ch = source[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return source[start:i + 1]
        i += 1
    return None


def shim_script(source: str, worker_url: str, name: str = "the iframe-worker shim") -> str:
    """The inline script the shim writes into its frame for the worker at ``worker_url``: the
    template literal's first script, its ``${f}`` parts being the shim's functions (as their
    source text) and the one that is not a function being the worker's address."""
    found = _LITERAL.search(source)
    if found is None:
        raise PluginError(f"csp: {name} no longer starts its frame as csp.py expects: update csp.shim_script")
    template = found.group(1)
    if "\\" in _EXPRESSION.sub("", template):
        raise PluginError(f"csp: {name}: an escape in the frame's script that csp.shim_script does not read")
    urls = [n for n in _EXPRESSION.findall(template) if _function_source(source, n) is None]
    if len(set(urls)) != 1:
        raise PluginError(f"csp: {name}: cannot tell the worker's address in the frame's script")

    def value(match):
        return worker_url if match.group(1) == urls[0] else _function_source(source, match.group(1))

    return _EXPRESSION.sub(value, template)


def worker_path(env) -> str | None:
    """The search worker's path in the site, as the theme's base.html names it in __config."""
    try:
        source = env.loader.get_source(env, "base.html")[0]
    except TemplateError:
        return None
    found = _WORKER.search(source)
    return found.group(1) if found else None


# --- the pages


def secure(html: str, allowed: frozenset, where: str, later=()) -> str:
    """``html`` with the policy placed first in its head: the hashes of its inline scripts that
    are in ``allowed`` (the theme's), each once, then those of ``later`` (scripts the page's
    own scripts start). Any other inline script is left out of the policy (the browser refuses
    it) and reported as an error naming ``where``."""
    head = _HEAD.match(html)
    if head is None:
        raise PluginError(f"csp: {where}: the page does not start with <head><meta charset=\"utf-8\">, so the "
                          "Content-Security-Policy cannot be put first: see macros/site/csp.py")
    hashes, refused = [], []
    for script in inline_scripts(html):
        if script in allowed:
            h = digest(script)
            if h not in hashes:
                hashes.append(h)
        else:
            refused.append(script)
    for script in later:
        h = digest(script)
        if h not in hashes:
            hashes.append(h)
    if refused:
        sample = escape_text(refused[0].strip()[:60])
        log.error(f"{where}: {len(refused)} inline script(s) that are not the theme's own (the first begins "
                  f"{sample!r}): the Content-Security-Policy refuses them. If a plan's text reached the page "
                  "as markup, that is a bug in the escaping; a hand-written page's script belongs in "
                  "docs/javascripts/ (listed in mkdocs.yml extra_javascript)")
    element = f'\n    <meta http-equiv="{META_NAME}" content="{policy(hashes)}">'
    return html[:head.end()] + element + html[head.end():]


def on_env(env, config) -> None:
    THEME.learn(env, config)


def _worker(page=None, base_url=None) -> str:
    if THEME.worker is None:
        if THEME.shim is None:
            return ""
        raise PluginError("csp: the theme's search worker is not named in its base.html as csp.py expects")
    return normalize_url(THEME.worker, page=page, base=base_url or "")


def page_output(output: str, page, config) -> str:
    base_url = get_relative_url(".", page.url)
    allowed, later = THEME.for_page(config, base_url, _worker(page=page))
    return secure(output, allowed, page.file.src_uri, later)


def template_output(output: str, name: str, config) -> str:
    """A theme template written as a page of its own (404.html); other outputs unchanged."""
    if not name.endswith(".html"):
        return output
    base_url = urlsplit(config.site_url or "/").path if is_error_template(name) else get_relative_url(".", name)
    allowed, later = THEME.for_page(config, base_url, _worker(base_url=base_url))
    return secure(output, allowed, name, later)


# --- mkdocs serve: the live-reload script


def add_hash(html: bytes, script: bytes) -> bytes:
    """``html`` (a page with its policy) with ``script``'s hash allowed too."""
    marker = f'<meta http-equiv="{META_NAME}" content="'.encode()
    at = html.find(marker, 0, 4096)
    if at < 0:
        return html
    directive = b"script-src "
    start = html.find(directive, at, at + 8192)
    if start < 0:
        return html
    end = start + len(directive)
    source = f"'{digest(script.decode('utf-8'))}' ".encode()
    return html[:end] + source + html[end:]


def allow_live_reload(server) -> bool:
    """Make ``server`` (mkdocs' LiveReloadServer) add the hash of the live-reload script it
    puts into each page to that page's policy. False if this mkdocs injects it otherwise."""
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is None or getattr(inject, "adds_hash", False):
        return inject is not None

    def injected(content: bytes, epoch):
        out = inject(content, epoch)
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        added = out[end:end + len(out) - len(content)]
        if content[:end] == out[:end] and added.startswith(b"<script>") and added.endswith(b"</script>"):
            return add_hash(out, added[len(b"<script>"):-len(b"</script>")])
        return out

    injected.adds_hash = True
    server._inject_js_into_html = injected
    return True
