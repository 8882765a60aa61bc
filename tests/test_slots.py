"""Macro HTML kept out of Python-Markdown (macros/site/slots.py): the page gets exactly the HTML
Python-Markdown would have passed through, and no text can stand for another page's HTML."""
from __future__ import annotations

import markdown

from macros.site import slots

HTMLS = ['<table class="fr-table">\n<tr><td>a &amp; b</td></tr>\n</table>\n',
         '\n<section id="s">\n<h2>Key</h2>\n<ul>\n<li>One</li>\n</ul>\n</section>\n\n',
         '<div class="fr-key"><p>x</p></div>']


def converted(text: str) -> str:
    return markdown.Markdown(extensions=["attr_list", "tables", "toc"]).convert(text)


def test_the_page_is_what_markdown_made_of_the_html_itself():
    for html in HTMLS:
        for before, after in [("# Title\n\nText.\n\n", "\n\nMore text.\n"), ("Intro.\n\n", ""),
                              ("", "\n\n## End\n"), ("- a list\n\n", "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")]:
            direct = converted(before + html + after)
            held = slots.put_back(converted(before + slots.hold(html) + after))
            assert held == direct, (html, before, after)


def test_a_placeholder_without_html_is_left_and_each_is_used_once():
    forged = '<div data-fr-slot="' + "0" * 32 + '"></div>'
    assert slots.put_back(forged) == forged
    placeholder = str(slots.hold("<p>x</p>"))
    assert slots.put_back(placeholder) == "<p>x</p>"
    assert slots.put_back(placeholder) == placeholder  # (the HTML went to the page that printed it)
    assert slots.put_back("<p>no placeholders</p>\n") == "<p>no placeholders</p>\n"


def test_keys_are_random():
    a, b = str(slots.hold("a")), str(slots.hold("b"))
    assert a != b and len(a) == len(b)
    slots.forget()
    assert slots.put_back(a) == a
