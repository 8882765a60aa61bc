"""Property-based: arbitrary text and structures fed to the checker and the renderer.

Whatever a plan holds, the result is either a clear error at a line (no traceback, no crash,
no hang, messages with nothing raw from the plan able to start a line), or a page where every
value appears literally (escaped), with no tag or event handler of its own, and downloads that
lose nothing. The example counts are kept modest: the suite runs on two cores.
Run with `-s -p no:xdist` to see the figures (inputs tried, crashes, leaks, data lost).
Issue 20 extends them to `python -m macros changes` (any value in a plan: the terminal text and the
Markdown show it as text) and to `import-updates` (any cell typed into a workbook or CSV file:
imported exactly as the cell shows it, or refused with lines that are ours).
"""
from __future__ import annotations

import csv
import functools
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
ROOT = Path(__file__).resolve().parent.parent
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
FIGURES = {"inputs": 0, "published": 0, "refused": 0, "crashes": 0, "leaks": 0, "data_lost": 0,
           "changes_inputs": 0, "import_inputs": 0, "imported": 0}

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


# --- python -m macros changes (issue 20) ----------------------------------------------------------

CHANGES_BASE = PLAN.format(name='"N"', title='"T"', action='"A"', owner='"O"')
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


@SETTINGS
@given(name=VALUES, action=VALUES, note=VALUES, ident=st.one_of(st.just("1"), VALUES), site_url=st.booleans(),
       ascii_only=st.booleans())
def test_changes_show_any_plan_value_as_text_in_the_terminal_and_in_markdown(name, action, note, ident, site_url,
                                                                            ascii_only):
    from macros.commands import changes, changes_report
    from macros.plans import yamlread
    from macros.plans.problems import escape as escape_text

    FIGURES["inputs"] += 1
    FIGURES["changes_inputs"] += 1
    quoted = functools.partial(json.dumps, ensure_ascii=ascii_only)  # (escapes: "\\u001b", "\\ud83d")
    after = PLAN.format(name=quoted(name), title='"T"', action=quoted(action), owner='"O"').replace(
        'id: "1"', f"id: {quoted(ident)}") + (
        f"    updates:\n      - date: \"2014-01-10\"\n        status: on-track\n        note: {quoted(note)}\n")
    try:
        found = changes.compare({"hypo.yaml": CHANGES_BASE}, {"hypo.yaml": after}, "2014-06-30", {})
        text = changes_report.text(found, "base")
        markdown = changes_report.markdown(found, "base", "https://example.org/" if site_url else "")
    except Exception:
        FIGURES["crashes"] += 1
        raise
    if RAW.search(text) or RAW.search(markdown):
        FIGURES["leaks"] += 1
        raise AssertionError(f"a raw control or invisible character: {RAW.search(text + markdown).group()!r}")
    assert sum(line.startswith("Changes to the plans compared with") for line in text.splitlines()) == 1
    live = CODE_SPAN.sub(" ", markdown)
    ours = {"https://example.org/organisations/hypo/", "https://example.org/organisations/"}
    links = re.findall(r"\]\(([^)]*)\)", live)
    if any(not link.startswith(tuple(ours)) for link in links) or re.search(r"<[a-zA-Z/!]", live) \
            or re.search(r"(?i)@|://(?!example\.org/organisations/)|www\.|mailto:", live) \
            or any(line.startswith("#") and not line.startswith(("## Changes in this", "### Changes to "))
                   for line in markdown.splitlines()):
        FIGURES["leaks"] += 1
        raise AssertionError(f"live Markdown from a plan value: {markdown!r}")
    plan = found[0] if found else None
    read = yamlread.read("hypo.yaml", after).data
    if plan and plan.items and plan.items[0].kind == "plan" and isinstance(read, dict):
        name = read.get("name") if isinstance(read.get("name"), str) else ""
        if escape_text(" ".join(name.split())) not in text:  # the name is a plan detail: shown whole
            FIGURES["data_lost"] += 1
            raise AssertionError("the new name is not shown")


# --- python -m macros import-updates (issue 20) ----------------------------------------------------

CELL = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
CELLS = st.lists(st.one_of(st.text(CELL, max_size=12), st.sampled_from(SNIPPETS + [
    "_x000D_", "_x001B_[2J", "_x005F_x000D_", "#N/A", "TRUE", "2015-06", "Sept 2015", "30/09/2015"])),
    max_size=5).map("".join)


@functools.lru_cache(maxsize=None)
def _round_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hypo-round-")) / "plans"
    folder.mkdir()
    (folder / "barnet.yaml").write_bytes((ROOT / "plans" / "barnet.yaml").read_bytes())
    return folder


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(status=st.one_of(*[st.sampled_from(["On track", "not-started", "Complete", "In progress, on track"])] * 4,
                        CELLS), note=st.one_of(CELLS, ALLOWED, ALLOWED, ALLOWED),
       header=st.one_of(st.just(""), st.just(""), st.just(""), CELLS), as_csv=st.booleans())
def test_import_updates_imports_a_cell_as_it_is_or_refuses_it_with_a_clear_line(status, note, header, as_csv):
    from openpyxl import load_workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from macros.commands import importer, workbook
    from macros.commands import progressround as pr
    from macros.plans.problems import escape as escape_text

    FIGURES["inputs"] += 1
    FIGURES["import_inputs"] += 1
    plans = _round_folder()
    original = (ROOT / "plans" / "barnet.yaml").read_bytes()
    (plans / "barnet.yaml").write_bytes(original)
    site, actions, _, name, problems = importer.load_plan(plans, "barnet")
    col = {c.key: i for i, c in enumerate(pr.COLUMNS, start=1)}
    with tempfile.TemporaryDirectory() as tmp:
        if as_csv:
            path = Path(tmp) / "r.csv"
            rows = list(csv.reader(io.StringIO(workbook.csv_text(site, actions))))
            rows[1][col["new_status"] - 1], rows[1][col["note"] - 1] = status, note
            if header:
                rows[0][1] = header
            with path.open("w", encoding="utf-8", newline="") as out:
                csv.writer(out).writerows(rows)
        else:
            if ILLEGAL_CHARACTERS_RE.search(status + note + header):
                return  # (no spreadsheet cell can hold it: openpyxl will not write it)
            path = Path(tmp) / "r.xlsx"
            path.write_bytes(workbook.xlsx(site, "barnet", name, actions, "2025-06-01"))
            book = load_workbook(path)
            sheet = book[pr.SHEET]
            for key, value in (("new_status", status), ("note", note)):
                sheet.cell(4, col[key]).value = value
                sheet.cell(4, col[key]).data_type = "s"
            if header:
                sheet.cell(3, 2).value = header
            book.save(path)
        try:
            result = importer.import_updates(plans, "barnet", path, "2025-06-30")
        except Exception:
            FIGURES["crashes"] += 1
            raise
    lines = [p.format() for p in result.problems]
    for line in lines:
        if RAW.search(line) or "\n" in line or not line.startswith(("r.csv:", "r.xlsx:", "./", "plans/", "/", "..")):
            FIGURES["leaks"] += 1
            raise AssertionError(f"a raw character or a line not ours: {line!r}")
    if not result.written:
        FIGURES["refused"] += 1
        assert (plans / "barnet.yaml").read_bytes() == original  # nothing half-written
        return
    FIGURES["published"] += 1
    FIGURES["imported"] += 1
    data = yaml.safe_load((plans / "barnet.yaml").read_text(encoding="utf-8"))
    update = data["actions"][0]["updates"][-1]
    typed = note[1:] if as_csv and note.startswith("'") and note[1:].startswith(export.FORMULA_STARTS) else note
    if not as_csv:
        typed = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), typed)
    typed = typed.replace("\r\n", "\n").replace("\r", "\n").strip()
    if update.get("note", "") != typed:
        FIGURES["data_lost"] += 1
        raise AssertionError(f"imported {update.get('note')!r}, typed {typed!r} ({escape_text(note)})")


def test_figures():
    """Printed for the closing note; each property above fails on its first crash, leak or
    lost value, so these are zero whenever the suite passes."""
    print(f"\nhostile inputs: {FIGURES}")
    assert FIGURES["crashes"] == FIGURES["leaks"] == FIGURES["data_lost"] == 0
