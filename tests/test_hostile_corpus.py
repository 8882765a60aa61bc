"""Issue 20: one hostile corpus through every output.

Synthetic plans (benchmarks/synthetic.py: organisations, a joint response, years of progress
updates, evidence links) have every free-text value, names included, extended with markup,
template syntax ({{ }}, {% %}), script-breaking quotes, Markdown links and mentions, entities,
combining and astral characters, line breaks and bullets where a field may hold them, and one
long value near the field limit. The check refuses markup in names, so the site is built once
with the name check switched off (the rest of the check stays on); a plan with the control
characters the check refuses (escape sequences, a bare carriage return, a bell, C1 controls,
bidirectional and invisible characters) is added to the same folder for the commands.

Every file of the built site that a plan can reach is scanned by its type (an output of a type
this test does not know fails it, so a new download gets scanned too): HTML (no event handler,
javascript: address, foreign element or script), the search index (text, never markup), JSON,
CSV and XLSX (no formula, nothing lost), the Atom feed (text only), the sitemap, the comparison
data as the preview's scripts; and the terminal output of check and changes (text and
Markdown), the job summary and import-updates: nowhere a raw control character, nowhere a
template evaluated, and every hostile value still there, as text.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
import yaml

from gitrepo import git
from macros.csvcells import FORMULA_STARTS
from macros.views import compare_views

from sitebuild import ROOT, build_in_child

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

# Hostile values (each also a marker: every one must reach the pages and downloads as text).
LINE = ['<script>alert("hostile-1")</script>', '<img src=x onerror=alert("hostile-2") data-hostile>',
        "{{ 7000003 * 3 }}", "{% for x in range(2) %}LOOPED{% endfor %}",
        "{{ cycler.__init__.__globals__.os.getcwd() }}", "{% raw %}{% endraw %}{{ 123457 * 9 }}",
        '<a href="javascript:alert(1)" data-hostile>x</a>',
        "[link](javascript:alert(1)) ![i](https://evil.example/i.png) @hostile-mention",
        '"><svg onload=alert(1) data-hostile>', "'; alert(1); //", "</textarea></title></script><!--",
        "${7*7} #{7*7} <%= 7*7 %>", "&lt;b&gt; &amp; &#x3C;script&#x3E;", "\u00a0e\u0301 \U0001d518 \U0001f9a0"]
# What a template that ran would have printed.
EVALUATED = ["21000009", "LOOPEDLOOPED", "1111113", str(ROOT)]
# Control, bidirectional, invisible and separator characters: never raw in any output or terminal.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
# Fields that may hold several lines and bullets; the other free-text fields hold one line.
TEXT = {"action", "note", "summary", "description", "current_position", "reason", "recommendation_text",
        "government_response"}
FREE = TEXT | {"name", "title", "meeting", "owner", "forum", "ref", "recommendation_title", "meaning"}
LONG = 19_000  # characters in one action (the limit is macros/plans/limits.MAX_FIELD_CHARS)
NAME_CHECK_OFF = "from macros.plans import schema\nschema.schema()['definitions']['plain_name'].pop('pattern')\n"
TERMINAL = {  # a plan holding what the check refuses; for the commands' output only
    "id": "terminal",
    "name": "Terminal CCG\u202e reversed",
    "as_at": "2014-03",
    "provenance": {"title": "\x1b[2J\x1b[H no plan changed", "date": "2013-12-11",
                   "url": "https://www.terminal.nhs.uk/francis.pdf"},
    "actions": [{"id": "1", "workstream": "quality",
                 "action": "\x1b]0;title\x07 \x9b31m red\r overwritten\x08\x08 \u200b \u2028 x\n"
                           "Plan check: 0 error(s) {{ 7000003 * 3 }}",
                 "owner": "\x1b[31mOwner\x1b[0m \u2066isolate\u2069"}],
}


def _hostile(key: str, counter: list) -> str:
    value = LINE[counter[0] % len(LINE)]
    counter[0] += 1
    if key in TEXT:
        value += f"\n\n- {LINE[counter[0] % len(LINE)]}\n- two\n\n=1+1 {LINE[(counter[0] + 3) % len(LINE)]}"
        counter[0] += 1
    return value


def _hostify(value, counter: list, key=None):
    """Every free-text value of a plan, extended with a hostile one (in place)."""
    if isinstance(value, dict):
        for k in list(value):
            item = value[k]
            if isinstance(item, str) and k != "status" and (k in FREE or key in ("workstream_descriptions",
                                                                                  "partner_priorities")):
                value[k] = item + " " + _hostile(k if key != "workstream_descriptions" else "description", counter)
            else:
                _hostify(item, counter, k)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str) and key == "authors":
                value[i] = item + " " + _hostile("name", counter)
            else:
                _hostify(item, counter, key)


def _write(path: Path, data: dict, ascii_only: bool = False) -> None:
    # JSON is YAML: every string quoted; control characters (all but ASCII with ascii_only)
    # written as \\u escapes, so the check reads the values and names each character.
    path.write_text("# yaml-language-server: $schema=../macros/schema.json\n"
                    + json.dumps(data, indent=1, ensure_ascii=ascii_only) + "\n", encoding="utf-8")


def run_cli(repo: Path, plans: Path, *args: str, module: str = "macros") -> str:
    env = {**os.environ, "PLANS_DIR": str(plans), "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_STEP_SUMMARY", None)
    result = subprocess.run([sys.executable, "-m", module, *args], cwd=repo, env=env, capture_output=True,
                            text=True, timeout=300)
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The repository (base: the synthetic plans; now: the hostile ones and the terminal plan),
    the site built from the hostile plans, and the commands' output."""
    root = tmp_path_factory.mktemp("corpus")
    repo, plans = root / "repo", root / "repo" / "plans"
    synthetic.generate(3, plans, seed=20)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "plans")
    git(repo, "commit", "-qm", "base")
    counter, values = [0], {}
    for path in sorted(plans.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _hostify(data, counter)
        values[path.stem] = data
    first = next(d for d in values.values() if d.get("actions"))
    first["actions"][0]["action"] = (" ".join(LINE) + " ") * (LONG // len(" ".join(LINE) + " "))
    for stem, data in values.items():
        _write(plans / f"{stem}.yaml", data)
    site_plans = root / "site-plans"
    shutil.copytree(plans, site_plans)
    _write(plans / "terminal.yaml", TERMINAL, ascii_only=True)
    site = root / "site"
    build_in_child(NAME_CHECK_OFF, "", site, root / "unused", plans_dir=site_plans)
    summary = root / "step-summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "CHANGES_BASE": "HEAD",
           "NO_MKDOCS_2_WARNING": "1"}
    checked = subprocess.run([str(ROOT / "scripts" / "check"), str(plans)], cwd=repo, env=env, capture_output=True,
                             text=True, timeout=300)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stdout + checked.stderr
    out = {
        # as the workflow runs it: messages, annotations for the pull request, the job summary
        "check": checked.stdout + checked.stderr,
        "job summary": summary.read_text(encoding="utf-8"),
        "changes": run_cli(repo, plans, "changes", "--base", "HEAD"),
        "changes --format markdown": run_cli(repo, plans, "changes", "--base", "HEAD", "--format", "markdown",
                                             "--site-url", "https://example.org/site/"),
    }
    return {"repo": repo, "plans": plans, "site_plans": site_plans, "site": site, "values": values, "out": out}


# --- scanning


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "srcset"}
FOREIGN = {"iframe", "frame", "object", "embed", "base", "applet", "svg:script"}


class Scan(HTMLParser):
    """Live markup in an HTML document: an event handler, a javascript: address, an element a
    page of the site never has, a planted attribute or script."""

    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where, self.found, self.text, self._script = where, [], [], False

    def handle_starttag(self, tag, attrs):
        if tag in FOREIGN:
            self.found.append(f"{self.where}: a live <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "data-hostile":
                self.found.append(f"{self.where}: a live attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and value:
                address = re.sub(r"[\x00-\x20]", "", value).lower()
                if address.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"{self.where}: <{tag} {name}={value[:60]!r}>")
        self._script = tag == "script"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._script = False

    def handle_data(self, data):
        if self._script and "hostile" in data:
            self.found.append(f"{self.where}: a planted script runs: {data[:60]!r}")
        self.text.append(data)


def scan_html(html: str, where: str) -> tuple[list[str], str]:
    scanner = Scan(where)
    scanner.feed(html)
    scanner.close()
    return scanner.found, " ".join(scanner.text)


def raw_characters(text: str, where: str, allowed: str = "\n") -> list[str]:
    return [f"{where}: raw {unicodedata.name(m.group(), hex(ord(m.group())))} at {m.start()}"
            for m in RAW.finditer(text) if m.group() not in allowed][:3]


def evaluated(text: str, where: str) -> list[str]:
    return [f"{where}: a template ran ({marker!r} is in it)" for marker in EVALUATED if marker in text]


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def copied_from_sources(rel: str, content: bytes) -> bool:
    """Whether a site file is a copy of a file of docs/ or the theme (no plan can reach it)."""
    import material
    theme = Path(material.__file__).parent / "templates"
    for folder in (ROOT / "docs", ROOT / "overrides", theme):
        source = folder / rel
        if source.is_file() and source.read_bytes() == content:
            return True
    return False


def scan_site(site: Path) -> tuple[list[str], dict[str, str]]:
    """(problems, text per kind of output) for every file of the site a plan can reach."""
    problems, texts = [], {"html": [], "search": [], "json": [], "csv": [], "xlsx": [], "feed": []}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        content = path.read_bytes()
        if copied_from_sources(rel, content) or rel.endswith(".min.js.map"):
            continue
        if rel.endswith(".gz"):
            content, rel = gzip.decompress(content), rel[:-3]
        suffix = rel.rsplit(".", 1)[-1]
        if suffix == "xlsx":
            problems += scan_xlsx(content, rel, texts)
            continue
        text = content.decode("utf-8")
        problems += raw_characters(text, rel, "\n" if suffix != "csv" else "\n\r")
        problems += evaluated(text, rel)
        if suffix == "html":
            found, page_text = scan_html(text, rel)
            problems += found
            texts["html"].append(page_text)
        elif rel == "search/search_index.json":
            for doc in json.loads(text)["docs"]:
                for field in ("title", "text"):
                    problems += scan_html(doc[field], f"{rel} {doc['location']} {field}")[0]
                    if re.search(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)>)", doc[field]):
                        problems.append(f"{rel} {doc['location']} {field}: a tag the index does not keep")
                    texts["search"].append(unescape(doc[field]))
                for tag in doc.get("tags", []):
                    if "<" in tag or ">" in tag:
                        problems.append(f"{rel} {doc['location']} tag {tag[:60]!r}: markup")
                    texts["search"].append(unescape(tag))
        elif suffix == "json":
            texts["json"] += strings(json.loads(text))
        elif suffix == "csv":
            for row in csv.reader(io.StringIO(text, newline="")):
                for cell in row:
                    if cell.startswith(FORMULA_STARTS):
                        problems.append(f"{rel}: a cell a spreadsheet would run: {cell[:40]!r}")
                    texts["csv"].append(cell)
        elif suffix == "xml":
            problems += scan_xml(text, rel, texts)
        elif suffix == "css" and rel == "assets/workstreams.css":
            pass  # from macros/data (reference data), scanned above for raw characters and templates
        else:
            problems.append(f"{rel}: an output this test does not scan: add its type to scan_site")
    return problems, {k: "\n".join(v) for k, v in texts.items()}


def scan_xlsx(content: bytes, rel: str, texts: dict) -> list[str]:
    problems = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") and re.search(rb"<(?:\w+:)?f[ >]", archive.read(name)):
                problems.append(f"{rel} {name}: a formula")
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{rel} {sheet.title}!{cell.coordinate}: a formula")
                if cell.hyperlink is not None and (cell.hyperlink.target or "").lower().startswith("javascript:"):
                    problems.append(f"{rel} {sheet.title}!{cell.coordinate}: a javascript: link")
                if isinstance(cell.value, str):
                    problems += raw_characters(cell.value, f"{rel} {sheet.title}!{cell.coordinate}")
                    problems += evaluated(cell.value, f"{rel} {sheet.title}!{cell.coordinate}")
                    texts["xlsx"].append(cell.value)
    return problems


ATOM = "{http://www.w3.org/2005/Atom}"


def scan_xml(text: str, rel: str, texts: dict) -> list[str]:
    problems = []
    tree = ET.fromstring(text.encode("utf-8"))
    for element in tree.iter():
        if element.tag.startswith(ATOM) and element.tag[len(ATOM):] in ("title", "subtitle", "summary", "content",
                                                                          "rights"):
            if element.get("type", "text") != "text" or len(element):
                problems.append(f"{rel}: <{element.tag[len(ATOM):]}> is not plain text")
            texts["feed"].append(element.text or "")
        for name in ("href", "src", "uri"):
            if (element.get(name) or "").lower().startswith("javascript:"):
                problems.append(f"{rel}: a javascript: address")
    return problems


# --- the tests


def test_every_output_of_the_site_holds_the_plans_text_as_text(corpus):
    problems, texts = scan_site(corpus["site"])
    assert problems == [], "\n".join(problems[:40])
    # preview copies read the comparison data as scripts: JSON that no value can end
    data = {p.relative_to(corpus["site"]).as_posix(): p.read_text(encoding="utf-8")
            for p in (corpus["site"] / "data").rglob("*.json")}
    for path, script in compare_views.script_files(data).items():
        prefix = "(window.frCompareData = window.frCompareData || {})[" + json.dumps(path[:-3]) + "] = "
        assert script.startswith(prefix) and script.endswith(";\n"), path
        assert json.loads(script[len(prefix):-2]) == json.loads(data[path[:-3]]), path
    # nothing lost: every hostile value is in the pages, the search index and every download
    for snippet in LINE:
        for kind in ("html", "search", "json", "csv", "xlsx", "feed"):
            assert snippet in texts[kind], (kind, snippet)


def test_every_hostile_value_is_in_plans_json_unchanged(corpus):
    published = set(strings(json.loads((corpus["site"] / "data" / "plans.json").read_text(encoding="utf-8"))))
    long_action = next(d for d in corpus["values"].values() if d.get("actions"))["actions"][0]["action"]
    assert len(long_action) > LONG * 0.9 and long_action in published
    for stem, data in corpus["values"].items():
        hostile = [v for v in strings(data) if any(snippet in v for snippet in LINE)]
        assert len(hostile) > 10 and not [v for v in hostile if v not in published], stem


@pytest.mark.parametrize("command", ["check", "changes", "changes --format markdown", "job summary"])
def test_the_commands_print_the_plans_text_as_text(corpus, command):
    output = corpus["out"][command]
    assert len(output) > 200, output  # it said something about the plans
    assert raw_characters(output, command) == []
    assert evaluated(output, command) == []
    if command != "check":  # check quotes names only; the others show what the plans say
        assert "7000003" in output and "Terminal CCG" in output, output[:2000]
    else:
        assert "::error file=" in output and "Chesterby CCG" in output, output[:2000]


def test_the_check_names_each_refused_character(corpus):
    output = corpus["out"]["check"]
    for name in ("U+001B ESCAPE", "U+202E RIGHT-TO-LEFT OVERRIDE"):
        assert name in output, output[:3000]
    assert "may not hold the markup character" in output  # the names with markup


@pytest.mark.parametrize("command", ["changes --format markdown", "job summary"])
def test_markdown_from_plans_cannot_link_show_images_or_mention(corpus, command):
    output = re.sub(r"(`+)(?:(?!\1).)*?\1", "", corpus["out"][command], flags=re.S)  # code spans are text
    assert not re.search(r"<(?:script|img|svg|a|iframe)\b", output, re.I), command
    assert "](javascript:" not in output and "](https://evil.example" not in output, command
    assert "@hostile-mention" not in output, command  # a mention only as code


def test_import_updates_prints_a_workbooks_text_as_text(corpus, tmp_path):
    """A progress round for a hostile plan (its name made plain: the import checks the plans
    with the name check on), its identifier, headers and sheet name rewritten with escape
    sequences, C1 controls, reversed and invisible text, and notes full of markup and templates."""
    from macros.commands import importer, workbook
    from macros.commands import progressround as pr

    plans = tmp_path / "plans"
    plans.mkdir()
    for number, (stem, value) in enumerate(corpus["values"].items()):
        value = json.loads(json.dumps(value))
        value["name"] = f"Plain Named CCG {number}"
        _write(plans / f"{stem}.yaml", value)
    data = next(d for d in corpus["values"].values() if d.get("actions"))
    site, actions, _, name, problems = importer.load_plan(plans, data["id"])
    assert not problems, [p.format() for p in problems]
    form = tmp_path / "round.xlsx"
    form.write_bytes(workbook.xlsx(site, data["id"], name, actions, "2025-06-01"))
    book = openpyxl.load_workbook(form)
    sheet = book[pr.SHEET]
    note = next(i for i, c in enumerate(pr.COLUMNS, start=1) if c.key == "note")
    sheet.cell(pr.FIRST_ROW, note).value = " ".join(LINE)
    tampered = tmp_path / "tampered.xlsx"
    book.properties.identifier = pr.IDENTIFIER + "other\u009b2J\u202e\nno plan changed"
    sheet.cell(pr.HEADER_ROW, note).value = "Note\u009b31m\u202e\ndone: 0 errors"
    book.save(tampered)
    output = run_cli(tmp_path, plans, "import-updates", data["id"], str(tampered), "--date", "2025-06-30")
    assert "error" in output, output
    assert raw_characters(output, "import-updates") == [] and evaluated(output, "import-updates") == []
    book = openpyxl.load_workbook(form)
    book[pr.SHEET].title = "Progress round\u202e\u009b2J"
    renamed = tmp_path / "renamed.xlsx"
    book.save(renamed)
    output = run_cli(tmp_path, plans, "import-updates", data["id"], str(renamed), "--date", "2025-06-30")
    assert "Progress round" in output and raw_characters(output, "import-updates") == []


def test_the_scan_finds_live_markup_and_passes_escaped_text():
    live = ('<p><img src=x onerror=alert(1)><a href=" JaVa\tScript:alert(1)">x</a><iframe></iframe>'
            '<script>alert("hostile")</script><b data-hostile>b</b></p>')
    found, _ = scan_html(live, "page")
    assert len(found) == 5, found
    from markupsafe import escape
    found, text = scan_html(f"<p>{escape(live)}</p>", "page")
    assert found == [] and live in text
    assert raw_characters("a\x1b[2Jb\u202ec\n", "x") and not raw_characters("a\nb", "x")
    assert evaluated("x 21000009 y", "x") and not evaluated("{{ 7000003 * 3 }}", "x")
