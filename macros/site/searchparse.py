"""A faster reader of page HTML for material's search index: the same sections, sooner (and
the same pages after indexing, also sooner: see ``without_search_attributes``).

Material's search plugin (9.8.x) splits every page's HTML into sections with ``Parser``, a
subclass of the standard library's ``html.parser.HTMLParser``. At 211 organisations that was the
largest single cost of a build (4 of 11 CPU seconds): the standard tokenizer works a character
at a time and keeps line numbers nobody reads, and the plugin's handlers test a set of
elements against the list of open elements, hashing each in Python, at every tag and text.

:class:`FastParser` gives the plugin the same sections (the same ``Section`` objects: titles,
texts, ids, depths, headings) with less work:

- The tokens: the pages this project generates use a small, regular part of HTML: start tags
  whose attributes are bare or double-quoted (values escaped: no ``<`` or ``>``), end tags and
  text. One ``re.split`` cuts such a page into tokens, each read as ``HTMLParser`` reads it (tag
  and attribute names in lower case, a repeated attribute's last value, character references
  replaced in values and text, one text token per run between tags, ``<x/>`` as a start and an
  end). A page with anything else (a comment, a declaration, a style element, a script with content, a
  single-quoted or unquoted attribute, a stray ``<``) is read by the plugin's own ``Parser``.
- The handlers are the plugin's, step for step, with its element comparisons (by tag name:
  ``Element.__eq__`` and ``__hash__`` use the tag only) kept as tag names: the open elements
  as a list of tags and a count of each, the elements skipped as a set of tags.

``install`` puts it in place only when the installed plugin's parser is the one this was
written from (a digest of the source of everything FastParser mirrors, calls or is called by:
the plugin's ``Element``, ``Section``, ``Parser``, void tags, ``on_page_context`` and
``SearchIndex.add_entry_from_context``), and when this Python's ``HTMLParser`` reads a sample
page (:data:`SAMPLE`) into the same sections as FastParser does. Otherwise the plugin's own
parser stays, and the build says so in one line (INFO, so ``--strict`` still passes: the
pages are right, only slower). ``tests/test_searchparse.py`` compares the two on every page of
built sites and on generated HTML, and fails while FastParser steps aside.
"""
from __future__ import annotations

import hashlib
import inspect
import logging
import re
from html import escape, unescape

# The parser this mirrors: material/plugins/search/plugin.py in mkdocs-material 9.8.2, the same
# as in 9.8.1 (Element, Section, Parser, the void tags, on_page_context and
# SearchIndex.add_entry_from_context). install() refuses any other.
KNOWN_SOURCE = "3388846f9820e5daa6cd1a69d7be01cf"

log = logging.getLogger("mkdocs.plugins.francis.searchparse")

# Between attributes only HTML's own white space (HTMLParser reads others as part of a name).
_TAG = re.compile(
    r'<(?:([a-zA-Z][a-zA-Z0-9-]*)((?:[ \t\n\r\f]+[^\s"\'<>/=]+(?:="[^"<>]*")?)*)[ \t\n\r\f]*(/?)'
    r'|/([a-zA-Z][-.a-zA-Z0-9:_]*)[ \t\n\r\f]*)>'
)
_ATTR = re.compile(r'[ \t\n\r\f]+([^\s"\'<>/=]+)(?:="([^"<>]*)")?')
# Elements whose content HTMLParser (or a later Python's) reads as raw text.
_UNUSUAL = re.compile(r'<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)'
                      r'[\s/>]', re.IGNORECASE)
# An empty script element loading a file (the pages' own scripts): HTMLParser reads its start and
# end tags as any others (no raw text between them), so it stays on the fast way.
_EMPTY_SCRIPT = re.compile(r'<script src="[^"<>]*"(?: defer| async)?></script>')
_READ = re.compile("data-search-exclude|linenodiv", re.IGNORECASE)
_NONE: dict = {}  # never changed
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_KEEP = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
_NEVER_UNSKIPPED = ("script", "style", "object")


def split(html: str) -> list | None:
    """``html`` cut by ``_TAG`` (text, tag, attributes, "/", end tag, text, ...), or None where
    the page leaves the regular part of HTML."""
    if _UNUSUAL.search(_EMPTY_SCRIPT.sub("", html) if "<script" in html else html):
        return None
    parts = _TAG.split(html)
    if (len(parts) - 1) // 5 != html.count("<"):  # a "<" that is not a regular tag
        return None
    return parts


def _attributes(source: str) -> dict:
    """As ``dict(attrs)`` from HTMLParser: no "=" gives None, an empty value stays ""."""
    found = {}
    for match in _ATTR.finditer(source):
        value = match.group(2)
        found[match.group(1).lower()] = unescape(value) if value else value
    return found


class FastParser:
    """Material's search ``Parser`` for regular HTML (``feed``, ``close``, ``data``)."""

    standard = None  # the plugin's own Parser class, set by install()

    def __init__(self):
        self.data = []

    def close(self):
        pass

    def feed(self, html: str) -> None:
        parts = split(html)
        if parts is None:
            parser = self.standard()
            parser.feed(html)
            parser.close()
            self.data = parser.data
            return
        self._run(parts)

    def _run(self, parts: list) -> None:  # noqa: C901 - one loop, the plugin's three handlers inlined
        from material.plugins.search.plugin import Element, Section, void

        data = self.data
        section = None
        tags: list = []  # the open elements' tags (the plugin's ``context``)
        links: list = []  # for each open element: is it a heading's permalink (a.headerlink)?
        count: dict = {}  # tag -> how many are open
        skip = set(_NEVER_UNSKIPPED)  # the plugin's ``skip``, as tags
        skipping = False  # does any open element's tag appear in ``skip``?
        permalinks = 0

        def text_of(tag_list_section):
            return tag_list_section.title if count.get(tag_list_section.el.tag) else tag_list_section.text

        for i in range(0, len(parts), 5):
            text = parts[i]
            if text and not skipping:  # handle_data (text in a skipped element is dropped)
                if "&" in text:
                    text = unescape(text)
                if not count.get("pre"):
                    text = " " if text.isspace() else text.replace("\n", " ")
                if section is None:
                    section = Section(Element("hx"))
                    data.append(section)
                if count.get(section.el.tag):
                    if not permalinks:
                        section.title.append(escape(text, quote=False))
                elif text.isspace():
                    if not section.text or not section.text[-1].isspace():
                        section.text.append(text)
                    elif count.get("pre"):
                        section.text.append(text)
                else:
                    section.text.append(escape(text, quote=False))
            if i + 1 >= len(parts):
                break
            tag, attrs, slash, end = parts[i + 1], parts[i + 2], parts[i + 3], parts[i + 4]
            if tag is not None:  # handle_starttag
                tag = tag.lower()
                # Only headings, links and excluded elements have attributes the handlers read.
                if attrs and (tag in _HEADINGS or tag == "a" or _READ.search(attrs)):
                    attrs = _attributes(attrs)
                else:
                    attrs = _NONE
                if tag not in void:
                    tags.append(tag)
                    count[tag] = count.get(tag, 0) + 1
                    link = tag == "a" and attrs.get("class") == "headerlink"
                    links.append(link)
                    permalinks += link
                    if tag in skip:
                        skipping = True
                    if tag in _HEADINGS:
                        depth = len(tags)
                        if "id" in attrs:
                            if tag != "h1" and not data:
                                section = Section(Element("hx"), depth)
                                data.append(section)
                            had = bool(data)
                            section = Section(Element(tag, attrs), depth)
                            if had:
                                section.id = attrs["id"]
                            data.append(section)
                    if section is None:
                        section = Section(Element("hx"))
                        data.append(section)
                    if "data-search-exclude" in attrs or attrs.get("class") == "linenodiv":
                        skip.add(tag)
                        skipping = True
                    elif not skipping and tag in _KEEP:
                        text_of(section).append(f"<{tag}>")
                if not slash:
                    continue
                end = tag  # <x/>: HTMLParser's handle_startendtag, then the end tag
            # handle_endtag
            end = end.lower()
            if not tags or tags[-1] != end:
                continue
            depth = len(tags)
            if section.depth > depth:
                for earlier in reversed(data):
                    if earlier.depth <= depth:
                        section.depth = float("inf")
                        section = earlier
                        break
            tags.pop()
            count[end] -= 1
            permalinks -= links.pop()
            if end in skip:
                if end not in _NEVER_UNSKIPPED:
                    skip.discard(end)
                skipping = any(count.get(t) for t in skip)
                continue
            if not skipping and end in _KEEP:
                target = text_of(section)
                index = target.index(f"<{end}>")
                for j in range(index + 1, len(target)):
                    if not target[j].isspace():
                        index = len(target)
                        break
                if len(target) > index:
                    del target[index:]
                else:
                    target.append(f"</{end}>")


# What the plugin removes from each page once it is indexed (its pattern: see the next docstring).
# Searched for from its literal start (fast), with the one white-space character before it
# taken as the plugin's pattern takes it.
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


def without_search_attributes(html: str) -> str:
    r"""``re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html)``, in a fraction of the time."""
    if "data-search-" not in html:
        return html
    out, position = [], 0
    for match in _SEARCH_ATTRIBUTE.finditer(html):
        start = match.start()
        if start > position and html[start - 1].isspace():  # what \s matches in a str pattern
            start -= 1
        out.append(html[position:start])
        position = match.end()
    out.append(html[position:])
    return "".join(out)


def on_page_context(self, context, *, page, config, nav):
    """The plugin's own on_page_context (9.8.1), with its attribute removal done faster."""
    if not self.config.enabled:
        return
    self.search_index.add_entry_from_context(page)
    page.content = without_search_attributes(page.content)


def source_digest() -> str:
    """A digest of the installed plugin's parser (its Element, Section, Parser and void tags),
    of its on_page_context (which this module replaces) and of the index method that feeds the
    parser and reads its sections (which the replacement calls)."""
    from material.plugins.search import plugin

    context = getattr(plugin.SearchPlugin.on_page_context, "standard", plugin.SearchPlugin.on_page_context)
    # A wrapper of the index method (reuse.py's, while serving) names what it wraps (__wrapped__).
    index = inspect.unwrap(plugin.SearchIndex.add_entry_from_context)
    try:
        text = "".join(inspect.getsource(c) for c in (plugin.Element, plugin.Section, _original(plugin), context, index))
    except (OSError, TypeError):  # replaced by code with no source file: not the one mirrored
        return "no source"
    text += repr(sorted(plugin.void))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# A page in the regular part of HTML with everything FastParser reads as HTMLParser does:
# headings with and without ids and permalinks, attributes bare, empty and with character
# references, text with references and line breaks, <pre>, void and self-closed tags, kept and
# excluded elements, nesting that closes sections. install() parses it both ways first.
SAMPLE = (
    '<p>Intro &amp; text\nover lines</p>'
    '<h1 id="top" class="x">Title <a class="headerlink" href="#top">&para;</a></h1>'
    '<p>One <code>x &lt; y</code> <em>two</em><br>three<img src="a.png" alt="A &quot;b&quot;"/></p>'
    '<div><h2 id="s&amp;1">Section <span>one</span></h2><ul><li>a</li><li></li></ul>'
    '<pre><code>line 1\n  line 2\n</code></pre></div>'
    '<h3>No id</h3><p data-search-exclude>hidden <b>text</b></p><table class="linenodiv"><tr><td>1</td></tr></table>'
    '<h2 id="two" hidden>Two &#169; &#x41;</h2><p><sub>1</sub><sup>2</sup> end &nbsp; <ol><li>x</li></ol></p>'
    '<section><h4 id="deep">Deep</h4><p>in</p></section><p>after</p><input disabled><hr/>'
)


def _sections(parser_class, html: str) -> list:
    parser = parser_class()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in parser.data]


def reads_like_standard(html: str = SAMPLE) -> bool:
    """Whether FastParser reads ``html`` (regular) into the sections the plugin's parser does."""
    return split(html) is not None and _sections(FastParser, html) == _sections(FastParser.standard, html)


_SAID: set = set()


def _step_aside(reason: str) -> bool:
    if reason not in _SAID:  # once per process, not once per rebuild
        _SAID.add(reason)
        log.info(f"searchparse: the search index is read with material's own parser (slower, same "
                 f"entries): {reason}. Check FastParser against it (tests/test_searchparse.py), then "
                 "update KNOWN_SOURCE in macros/site/searchparse.py")
    return False


def _original(plugin):
    return getattr(plugin.Parser, "standard", None) or plugin.Parser


def install() -> bool:
    """Make material's search plugin read pages with :class:`FastParser` (for this process),
    if its parser is the one FastParser mirrors. Returns whether it is in place."""
    try:
        from material.plugins.search import plugin
    except ImportError:  # pragma: no cover - the theme is a pinned dependency
        return False
    if plugin.Parser is FastParser:
        return True
    found = source_digest()
    if found != KNOWN_SOURCE:
        return _step_aside(f"the installed search plugin's parser is not the one FastParser mirrors "
                           f"(digest {found}, FastParser written from {KNOWN_SOURCE})")
    FastParser.standard = plugin.Parser
    if not reads_like_standard():
        return _step_aside("this Python's HTMLParser reads searchparse.SAMPLE into other sections than "
                           "FastParser does")
    on_page_context.standard = plugin.SearchPlugin.on_page_context
    plugin.Parser = FastParser
    plugin.SearchPlugin.on_page_context = on_page_context
    return True
