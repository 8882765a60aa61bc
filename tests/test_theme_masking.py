"""No silent masking of the theme's fixes (issue 26).

overrides/ wraps the theme's own templates instead of copying them, so a fix in the theme reaches
every page; and every theme original that an override wraps or replaces is recorded
(macros/site/themewrap.py), so a change to one fails here, naming the file, until someone has
read it. The same for the search parser that macros/site/searchparse.py replaces.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material
import pytest

from macros.site import searchparse, themewrap
from sitebuild import ROOT, build_site

OVERRIDES = ROOT / "overrides"
MATERIAL = Path(material.__file__).resolve().parent


def test_the_theme_originals_we_wrap_or_replace_are_the_ones_recorded():
    assert themewrap.changed() == []


def _blocks(text: str) -> dict[str, str]:
    return dict(re.findall(r"\{%-?\s*block\s+(\w+)\s*-?%\}(.*?)\{%-?\s*endblock", text, re.S))


def test_every_override_wraps_the_theme_or_is_recorded():
    """Each template in overrides/ with a theme counterpart renders the theme's own file (never a
    copy of it) and that original is recorded; each block of main.html that does not call
    super() has its base.html original recorded."""
    theme = themewrap.theme_templates()
    found = []
    for path in sorted(OVERRIDES.rglob("*.html")):
        name = path.relative_to(OVERRIDES).as_posix()
        text = path.read_text(encoding="utf-8")
        if name == "main.html":
            for block, body in _blocks(text).items():
                if "super()" not in body and f"base.html#{block}" not in themewrap.ORIGINALS:
                    found.append(f"overrides/main.html: block {block} replaces the theme's without super(), "
                                 "and its original is not recorded in themewrap.ORIGINALS")
            continue
        if not (theme / name).is_file():
            continue  # the project's own template
        if name not in themewrap.ORIGINALS:
            found.append(f"overrides/{name}: overrides the theme's {name}, which is not recorded in themewrap.ORIGINALS")
        if f'"theme/{name}"' not in text and "primary_nav()" not in text:
            found.append(f"overrides/{name}: does not render the theme's own {name} (a copy keeps the theme's "
                         "fixes off every page: wrap it)")
        if "automatically generated" in text:
            found.append(f"overrides/{name}: holds a copy of the theme's template")
    assert found == []


def _scratch_templates(tmp_path: Path) -> Path:
    """A scratch copy of the theme's templates that the digests read (the icons left out)."""
    copy = tmp_path / "templates"
    shutil.copytree(themewrap.theme_templates(), copy, ignore=shutil.ignore_patterns(".icons", "assets"))
    return copy


def test_an_edited_original_in_a_scratch_copy_of_the_theme_fails_naming_the_file(tmp_path):
    templates = _scratch_templates(tmp_path)
    assert themewrap.changed(templates) == []
    header = templates / "partials" / "header.html"
    header.write_text(header.read_text(encoding="utf-8").replace(
        'data-md-component="header"', 'data-md-component="header" data-fix="1"'), encoding="utf-8")
    base = templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "<title>{{ config.site_name }}</title>", "<title>{{ config.site_name | e }}</title>"), encoding="utf-8")
    (templates / "partials" / "source.html").unlink()
    found = themewrap.changed(templates)
    assert [line.split(":")[0] for line in found] == ["base.html#htmltitle", "partials/header.html",
                                                       "partials/source.html"], found
    assert "the theme's original changed" in found[1] and "no longer in the theme" in found[2]
    # a change elsewhere in base.html (its version number, say) is not one we mask
    base.write_text(base.read_text(encoding="utf-8").replace("mkdocs-material-", "mkdocs-material-x"), encoding="utf-8")
    assert len(themewrap.changed(templates)) == 3


@pytest.fixture(scope="module")
def scratch_theme(tmp_path_factory) -> Path:
    """A scratch copy of the whole theme package whose header and repository link carry a
    simulated fix (an attribute): what a theme release with a fix to those templates would be."""
    root = tmp_path_factory.mktemp("theme")
    shutil.copytree(MATERIAL, root / "material", ignore=shutil.ignore_patterns(".icons", "__pycache__"))
    (root / "material" / "templates" / ".icons").symlink_to(MATERIAL / "templates" / ".icons")
    for name, marker in (("header.html", 'class="{{ class }}"'), ("source.html", 'class="md-source"')):
        path = root / "material" / "templates" / "partials" / name
        text = path.read_text(encoding="utf-8")
        assert marker in text
        path.write_text(text.replace(marker, marker + f' data-simulated-fix="{name}"', 1), encoding="utf-8")
    return root


def test_a_fix_to_a_wrapped_theme_template_reaches_every_page(scratch_theme, tmp_path):
    out = tmp_path / "site"
    env = {"PYTHONPATH": os.pathsep.join([str(scratch_theme), str(ROOT)])}
    build_site(out, extra_env=env)
    pages = sorted(out.rglob("index.html"))
    assert len(pages) > 50
    # the header once; the repository link twice (in the header and in the navigation drawer)
    missing = [p for p in pages if p.read_text(encoding="utf-8").count('data-simulated-fix="header.html"') != 1
               or p.read_text(encoding="utf-8").count('data-simulated-fix="source.html"') != 2]
    assert missing == [], f"{len(missing)} of {len(pages)} pages lack the theme's fix, e.g. {missing[:3]}"
    html = (out / "organisations" / "barnet" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="source"' not in html  # and the override's own change still holds


# The search parser ---------------------------------------------------------------------------

def test_the_search_parser_guard_steps_aside_with_a_visible_line(monkeypatch, caplog):
    from material.plugins.search import plugin

    monkeypatch.setattr(plugin, "Parser", searchparse._original(plugin))
    monkeypatch.setattr(plugin.SearchPlugin, "on_page_context",
                        getattr(plugin.SearchPlugin.on_page_context, "standard", plugin.SearchPlugin.on_page_context))
    monkeypatch.setattr(searchparse, "KNOWN_SOURCE", "0" * 32)
    monkeypatch.setattr(searchparse, "_SAID", set())
    with caplog.at_level("INFO", logger="mkdocs.plugins.francis.searchparse"):
        assert searchparse.install() is False
    assert plugin.Parser is not searchparse.FastParser
    lines = [r.getMessage() for r in caplog.records if r.levelname == "INFO"]
    assert len(lines) == 1 and "material's own parser" in lines[0] and "KNOWN_SOURCE" in lines[0], lines


def test_the_search_parser_guard_steps_aside_when_python_reads_the_sample_otherwise(monkeypatch, caplog):
    from material.plugins.search import plugin

    monkeypatch.setattr(plugin, "Parser", searchparse._original(plugin))
    monkeypatch.setattr(plugin.SearchPlugin, "on_page_context",
                        getattr(plugin.SearchPlugin.on_page_context, "standard", plugin.SearchPlugin.on_page_context))
    monkeypatch.setattr(searchparse, "_SAID", set())
    monkeypatch.setattr(searchparse, "SAMPLE", searchparse.SAMPLE.replace("&amp;", "&amp;amp;"))
    monkeypatch.setattr(searchparse, "unescape", lambda text: text)  # a tokenizer that reads references otherwise
    with caplog.at_level("INFO", logger="mkdocs.plugins.francis.searchparse"):
        assert searchparse.install() is False
    assert "HTMLParser reads searchparse.SAMPLE" in caplog.text


CHILD = """
import logging, sys
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
from macros.site import searchparse
print("installed:", searchparse.install())
"""


def test_an_edited_search_plugin_in_a_scratch_copy_makes_the_parser_step_aside(tmp_path):
    """The guard covers the index method that calls the parser, not only the parser."""
    copy = tmp_path / "material"
    shutil.copytree(MATERIAL, copy, ignore=shutil.ignore_patterns("templates", "__pycache__"))
    source = copy / "plugins" / "search" / "plugin.py"
    text = source.read_text(encoding="utf-8")
    edited = text.replace("        parser.feed(page.content)\n", "        parser.feed(page.content.strip())\n")
    assert edited != text
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    run = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "installed: True" in run.stdout  # the unedited copy is the one recorded
    source.write_text(edited, encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "installed: False" in run.stdout
    assert "INFO searchparse: the search index is read with material's own parser" in run.stderr, run.stderr
