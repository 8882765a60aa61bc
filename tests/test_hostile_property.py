"""Property-based: arbitrary text and structures fed to the checker and the renderer.

Whatever a plan holds, the result is either a clear error at a line (no traceback, no crash,
no hang, messages with nothing raw from the plan able to start a line), or a page where every
value appears literally (escaped), with no tag or event handler of its own, and downloads that
lose nothing. The example counts are kept modest: the suite runs on two cores.
Run with `-s -p no:xdist` to see the figures (inputs tried, crashes, leaks, data lost).
"""
from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from macros import render
from macros.plans import load, textcheck
from macros.site import export, pages
from macros.views import views

TEMPLATES = render.TEMPLATES
TAGS = set(re.findall(r"<([a-z][a-z0-9]*)", "".join(p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.html"))))
SNIPPETS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{ 7*7 }}", "{% raw %}",
            "javascript:alert(1)", "&amp;", "\u202e", "\u200b", "\x1b[2J", "=cmd|' /C calc'!A0", "+1",
            "@SUM(A1)", "-", "\r", "\n", "\t", "::error::x", "%0A", "Café", "Łódź", "’", "\\", '"', "'",
            "# c", ": ", "- ", "|", ">", "&x", "*a", "!!python/object"]
CHARS = st.characters(blacklist_categories=("Cs",))
VALUES = st.lists(st.one_of(st.text(CHARS, max_size=12), st.sampled_from(SNIPPETS)), max_size=6).map("".join)
# Values a plan may hold (no control or invisible characters): these must be published literally.
PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co"))
ALLOWED = st.lists(st.one_of(st.text(PRINTABLE, max_size=12),
                             st.sampled_from([s for s in SNIPPETS if not any(map(textcheck.forbidden, s)) and "\n" not in s])),
                   max_size=6).map("".join)
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FIGURES = {"inputs": 0, "published": 0, "refused": 0, "crashes": 0, "leaks": 0, "data_lost": 0}

PLAN = """# yaml-language-server: $schema=../macros/schema.json
id: hypo
name: {name}
provenance:
  title: {title}
  url: "https://www.hypo.nhs.uk/doc.pdf"
actions:
  - id: "1"
    workstream: quality
    action: {action}
    owner: {owner}
"""


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)


def check_text(text: str):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "hypo.yaml").write_text(text, encoding="utf-8")
        return load.check(Path(folder))


def assert_clear(problems) -> None:
    """Every problem is at a real line and prints as one line starting with its path."""
    assert any(p.level == "error" for p in problems)
    for p in problems:
        assert p.line >= 1 and p.col >= 1
        line = p.format()
        assert line.startswith(("/", "./", "tmp")) or re.match(r"[A-Za-z0-9_.]", line), line
        assert "\n" not in line and not any(textcheck.forbidden(ch) for ch in line), repr(line)
        assert "::" not in line.split(":", 1)[0]
        annotation = p.annotation()
        assert "\n" not in annotation and "\r" not in annotation


def organisation_page(site) -> str:
    specs = pages.page_specs(site, views.responses_by_recommendation(site))
    spec = specs[f"organisations/{site.organisations[0].id}/index.md"]
    return render.render(spec["template"], base="../../", page_url="u", **spec["context"])


def assert_published_literally(site, values: dict) -> None:
    org = site.organisations[0]
    action = org.actions[0]
    # nothing lost or changed between the plan and the data
    if (org.name, org.provenance.title, action.action, action.owner) != (
            values["name"], values["title"], values["action"], values["owner"]):
        FIGURES["data_lost"] += 1
        raise AssertionError("a value changed on its way from the plan to the site")
    html = organisation_page(site)
    for key in ("name", "title", "owner"):
        if values[key]:
            assert str(escape(values[key])) in html, key
    for word in values["action"].split():
        assert str(escape(word.lstrip("-"))) in html
    parser = Tags()
    parser.feed(html)
    if not parser.tags <= TAGS or any(name.startswith("on") for name, _ in parser.attrs) \
            or any(value and value.strip().lower().startswith("javascript:") for _, value in parser.attrs):
        FIGURES["leaks"] += 1
        raise AssertionError(f"a live tag or attribute: {parser.tags - TAGS}")
    rows = list(csv.reader(io.StringIO(export.actions_csv(site), newline="")))
    header = rows[0]
    assert len(rows) == 2 and len(rows[1]) == len(header)  # one row, whole
    assert rows[1][header.index("owner")] == export.neutralise(values["owner"])
    assert rows[1][header.index("action")] == export.neutralise(values["action"])
    plans = json.loads(export.plans_json(site))
    assert plans["organisations"][0]["name"] == values["name"]
    assert plans["organisations"][0]["actions"][0].get("owner", "") == values["owner"]


@SETTINGS
@given(text=st.one_of(st.text(CHARS, max_size=400), VALUES,
                      st.lists(st.sampled_from(SNIPPETS + ["id: x\n", "  ", "\n", "[", "{", "- a\n"]),
                               max_size=40).map("".join)))
def test_arbitrary_files_give_a_clear_error_or_a_site(text):
    FIGURES["inputs"] += 1
    site, problems = check_text(text)
    if site is None:
        FIGURES["refused"] += 1
        assert_clear(problems)
    else:
        FIGURES["published"] += 1


MOSTLY_ALLOWED = st.one_of(ALLOWED, ALLOWED, ALLOWED, ALLOWED, VALUES)


@SETTINGS
@given(name=MOSTLY_ALLOWED, title=ALLOWED, action=MOSTLY_ALLOWED, owner=MOSTLY_ALLOWED, escaped=st.booleans())
def test_arbitrary_values_are_refused_at_their_line_or_published_literally(name, title, action, owner, escaped):
    FIGURES["inputs"] += 1
    values = {"name": name, "title": title, "action": action, "owner": owner}
    text = PLAN.format(**{k: json.dumps(v, ensure_ascii=escaped) for k, v in values.items()})
    site, problems = check_text(text)
    if site is None:
        FIGURES["refused"] += 1
        assert_clear(problems)
        return
    FIGURES["published"] += 1
    assert_published_literally(site, values)


STRUCTURES = st.recursive(st.none() | st.booleans() | st.integers() | VALUES,
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(VALUES, inner, max_size=4),
                          max_leaves=20)


@SETTINGS
@given(field=st.sampled_from(["name", "provenance", "actions", "owner", "url", "grouping", "summary", "extra"]),
       value=STRUCTURES)
def test_arbitrary_structures_anywhere_give_a_clear_error_or_a_site(field, value):
    FIGURES["inputs"] += 1
    base = yaml.safe_load(PLAN.format(name='"N"', title='"T"', action='"A"', owner='"O"'))
    if field in ("owner", "url"):
        base["actions"][0][field] = value
    else:
        base[field] = value
    site, problems = check_text(yaml.safe_dump(base, allow_unicode=True))
    if site is None:
        FIGURES["refused"] += 1
        assert_clear(problems)
    else:
        FIGURES["published"] += 1
        organisation_page(site)


def test_figures():
    """Printed for the closing note; each property above fails on its first crash, leak or
    lost value, so these are zero whenever the suite passes."""
    print(f"\nhostile inputs: {FIGURES}")
    assert FIGURES["crashes"] == FIGURES["leaks"] == FIGURES["data_lost"] == 0
