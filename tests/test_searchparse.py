"""The search index's faster reader (macros/site/searchparse.py) gives material's search plugin the
same sections as the plugin's own parser: on every page of built sites (the seed plans and
synthetic plans with years of updates) and on generated HTML, regular or not."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from material.plugins.search import plugin

from macros.site import searchparse
from sitebuild import PLANS, ROOT, build_in_child

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

# Each page's HTML as the search plugin receives it (page.content), kept during a build.
BEFORE = """
import json
from material.plugins.search import plugin
pages = []
index = plugin.SearchIndex.add_entry_from_context
def capture(self, page):
    pages.append([page.url, page.content])
    return index(self, page)
capture.__wrapped__ = index  # (searchparse's guard reads the plugin's own)
plugin.SearchIndex.add_entry_from_context = capture
"""
AFTER = """
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(pages, out)
"""


def standard_parser():
    return searchparse.FastParser.standard or plugin.Parser


def sections(parser_class, html: str):
    """What a parser makes of ``html``: each section's heading, id, depth, title and text (or the
    exception it raised)."""
    parser = parser_class()
    try:
        parser.feed(html)
        parser.close()
    except Exception as error:  # the plugin's parser can fail on broken HTML: so must ours
        return ("raised", type(error).__name__)
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in parser.data]


def fast_sections(html: str):
    assert searchparse.install(), "material's search parser is not the one FastParser mirrors"
    return sections(searchparse.FastParser, html)


def captured_pages(tmp_path: Path, plans: Path) -> list:
    out = tmp_path / "pages.json"
    # material's search runs in the preview only (OFFLINE=true; the published site's is Pagefind's)
    build_in_child(BEFORE, AFTER, tmp_path / "site", out, plans_dir=plans, extra_env={"AS_OF": "2019-06-30", "OFFLINE": "true"})
    return json.loads(out.read_text(encoding="utf-8"))


def test_the_installed_plugin_is_the_one_mirrored():
    """An upgrade of mkdocs-material changes the digest: FastParser then stays out (and this
    fails) until it is checked against the new parser and KNOWN_SOURCE updated."""
    assert searchparse.source_digest() == searchparse.KNOWN_SOURCE
    assert searchparse.install()
    assert plugin.Parser is searchparse.FastParser
    assert plugin.SearchPlugin.on_page_context is searchparse.on_page_context


@pytest.mark.parametrize("which", ["seeds", "synthetic"])
def test_every_page_of_a_built_site_gives_the_same_sections(which, tmp_path):
    plans = PLANS
    if which == "synthetic":
        plans = tmp_path / "plans"
        synthetic.generate(24, plans, seed=3)
    pages = captured_pages(tmp_path, plans)
    assert len(pages) > 40
    regular = 0
    for url, html in pages:
        assert fast_sections(html) == sections(standard_parser(), html), url
        regular += searchparse.split(html) is not None
    # nearly every page takes the fast way (the comparison page has a script: the standard one)
    assert regular >= len(pages) - 3


def test_the_fast_way_is_taken_and_the_standard_one_when_the_html_is_not_regular():
    assert searchparse.split('<h1 id="a">T</h1><p class="x" hidden>a &amp; b</p><br/>') is not None
    assert searchparse.split('<p>a</p><script src="x.js" defer></script>') is not None  # a file's script: empty
    for irregular in ('<p>a</p><!-- c -->', '<script src="x.js">var a = "<p>";</script>', "<p class='x'>a</p>", "<p class=x>a</p>", "a < b",
                      "<script>var a = '<p>';</script>", "<p>a</p><STYLE>p{}</STYLE>", "<?pi?>",
                      '<p\xa0class="x">a</p>', '<p class = "x">a</p>'):
        assert searchparse.split(irregular) is None, irregular
        assert fast_sections(irregular) == sections(standard_parser(), irregular), irregular


# Generated HTML: the tags, attributes and texts the plugin's rules depend on (headings with and
# without ids, exclusion, permalinks, pre, kept and void tags, self-closing tags, nesting of the
# same tag, end tags that close nothing), character references, white space, upper case, and now
# and then something irregular that must send the page to the standard parser.
TAGS = ["p", "div", "section", "ul", "li", "ol", "pre", "code", "a", "span", "h1", "h2", "h3", "H2", "sup",
        "details", "summary", "table", "td", "br", "img", "hr", "em", "nav", "figure", "Li"]
ATTRS = [' id="x"', ' id="s-1"', " data-search-exclude", ' data-search-exclude=""', ' class="headerlink"',
         ' class="linenodiv"', ' class="a b"', ' href="#x&amp;y"', ' title="&lt;q&gt; &#34;"', " hidden",
         ' ID="Up"', ' class=""', ' id="a" id="b"', ' DATA-Search-Exclude', ' CLASS="headerlink"',
         ' class="LINENODIV"', ' data-x="linenodiv"']
TEXTS = ["a", "Some text", " ", "\n", "  \n  ", "x\ny", "&amp;", "&lt;b&gt;", "caf&eacute;", "&#8212;", "&nbsp;",
         "tab\there", "\u00a0", "fish &amp chips", "&unknown;", "\u2014 dash"]
IRREGULAR = ["<!-- note -->", "<script>x<p></script>", " < ", "<p class='q'>", "<br />", "<a href=x>", "</>",
             "<p\u00a0id=\"z\">"]


@st.composite
def html_documents(draw):
    parts = []
    open_tags = []
    for _ in range(draw(st.integers(0, 40))):
        choice = draw(st.integers(0, 9))
        if choice <= 3:
            tag = draw(st.sampled_from(TAGS))
            attrs = "".join(draw(st.lists(st.sampled_from(ATTRS), max_size=3)))
            slash = draw(st.sampled_from(["", "", "", "/"]))
            parts.append(f"<{tag}{attrs}{slash}>")
            if not slash:
                open_tags.append(tag)
        elif choice <= 5 and open_tags:
            tag = open_tags.pop() if draw(st.booleans()) else draw(st.sampled_from(TAGS))
            parts.append(f"</{tag}>")
        elif choice == 9 and draw(st.integers(0, 4)) == 0:
            parts.append(draw(st.sampled_from(IRREGULAR)))
        else:
            parts.append(draw(st.sampled_from(TEXTS)))
    while open_tags and draw(st.booleans()):
        parts.append(f"</{open_tags.pop()}>")
    return "".join(parts)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_documents())
def test_generated_html_gives_the_same_sections(html):
    assert fast_sections(html) == sections(standard_parser(), html)


PIECES = ['data-search-exclude="x"', 'data-search-boost="2"', 'data-search-x=""', 'data-search-="a"', "data-search-",
          ' data-search-exclude="y"', "\u00a0", "\u2028", "\x1c", " ", "\n", "\t", '"', "<p", ">", "a", "\u00e9",
          'data-search-a="data-search-b="c""', "DATA-SEARCH-EXCLUDE=\"z\"", "data-search-\u00e9t\u00e9=\"v\""]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_search_attributes_are_removed_as_the_plugin_removes_them(html):
    expected = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html)  # the plugin's own line
    assert searchparse.without_search_attributes(html) == expected


def test_the_pages_of_a_built_site_lose_the_same_search_attributes(tmp_path):
    for url, html in captured_pages(tmp_path, PLANS):
        assert searchparse.without_search_attributes(html) == re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", html), url
