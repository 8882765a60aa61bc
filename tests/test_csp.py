"""The Content-Security-Policy of every page (issue 20, defence in depth): a meta element first
in each page's head; the theme's own inline scripts allowed by their hashes and nothing else
inline; nothing from other servers. The browser side (what runs and what is refused) is
tests/browser/test_browser_csp.py."""
from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from macros.site import csp

from sitebuild import ROOT

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
SHIM = ROOT / "overrides" / "assets" / "javascripts" / "iframe-worker" / "shim.js"
PAGE = """<!doctype html>
<html lang="en" class="no-js">
  <head>
      <meta charset="utf-8">
      <title>t</title>
      <script>var theme=1</script>
  </head>
  <body>{body}<script id="__config" type="application/json">{{"base": "."}}</script>
  <script src="assets/bundle.js"></script></body>
</html>"""


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = sources
    return parsed


def test_the_policy_says_what_the_issue_asks():
    policy = directives(csp.policy(["sha256-abc"]))
    scripts = policy["script-src"]
    assert scripts[:1] == ["'self'"] and "'sha256-abc'" in scripts
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "blob:", "http:", "https:"} & set(scripts)
    assert "'wasm-unsafe-eval'" in scripts  # the site's search compiles its WebAssembly (and nothing else)
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    for name, sources in policy.items():  # nothing from another server, for anything
        assert all(s.startswith("'") or s == "data:" for s in sources), (name, sources)


def test_only_the_themes_inline_scripts_get_a_hash(caplog):
    planted = "<img src=x onerror=alert(1)><script>alert(2)</script><SCRIPT type=module>alert(3)</SCRIPT>"
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.francis"):
        html = csp.secure(PAGE.format(body=planted), frozenset({"var theme=1"}), "organisations/x/index.md")
    policy = directives(META.search(html).group(1))
    assert policy["script-src"][3:] == [f"'{csp.digest('var theme=1')}'"]
    assert "2 inline script(s) that are not the theme's own" in caplog.text and "organisations/x/index.md" in caplog.text
    assert html.index("Content-Security-Policy") < html.index("<title>")  # first, before anything it covers
    assert html.count("Content-Security-Policy") == 1


def test_data_blocks_and_external_scripts_need_nothing(caplog):
    with caplog.at_level(logging.ERROR, logger="mkdocs.plugins.francis"):
        html = csp.secure(PAGE.format(body=""), frozenset({"var theme=1"}), "x")
    assert caplog.text == ""
    assert directives(META.search(html).group(1))["script-src"] == ["'self'", "'report-sample'", "'wasm-unsafe-eval'",
                                                                      f"'{csp.digest('var theme=1')}'"]


def test_a_page_that_does_not_start_with_its_charset_is_refused():
    with pytest.raises(PluginError, match="cannot be put first"):
        csp.secure("<!doctype html><html><head><title>x</title><meta charset=\"utf-8\">", frozenset(), "x")


def test_the_hash_is_the_browsers():
    # the hash Chromium 1xx named when it refused <script>window.B=1</script>
    assert csp.digest("window.B=1") == "sha256-U2BSK1MwIsE3waFzir67bAQ6PEH4VU1rtVLFwuRAKGs="


def test_every_page_of_the_site_carries_the_policy(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    seen_hashes = set()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        found = META.findall(html)
        assert len(found) == 1, path
        head = html[:html.index("</head>")]
        assert re.match(r'\s*<!doctype html>\s*<html[^>]*>\s*<head>\s*<meta charset="utf-8">\s*<meta http-equiv='
                        r'"Content-Security-Policy"', head), path
        scripts = directives(found[0])["script-src"]
        hashes = [s.strip("'") for s in scripts if s.startswith("'sha256-")]
        inline = csp.inline_scripts(html)
        assert inline, path  # the theme's (palette, scope): they must run
        assert sorted(hashes) == sorted({csp.digest(s) for s in inline}), path
        seen_hashes.update(hashes)
    assert len(seen_hashes) >= 3  # the scope script differs with the page's depth


def test_the_preview_shims_frame_script():
    source = SHIM.read_text(encoding="utf-8")
    script = csp.shim_script(source, "../assets/javascripts/workers/search.js")
    assert script.startswith('postMessage=function c(s,n){parent.postMessage(s,n||"*")};importScripts=function d(')
    assert 'filename:"../assets/javascripts/workers/search.js"' in script
    assert "${" not in script
    with pytest.raises(PluginError, match="update csp.shim_script"):
        csp.shim_script(source.replace("<html><body><script>", "<html><script>"), "x")


def test_live_reload_script_is_allowed_by_its_hash():
    """mkdocs serve adds its live-reload script to each page as it serves it: the wrapper adds
    that script's hash to the page's policy (mkdocs' own injection code is used)."""
    from mkdocs.livereload import LiveReloadServer

    class Server:
        _inject_js_into_html = LiveReloadServer._inject_js_into_html

    server = Server()
    assert csp.allow_live_reload(server) and csp.allow_live_reload(server)  # once only
    page = csp.secure(PAGE.format(body=""), frozenset({"var theme=1"}), "x").encode()
    served = server._inject_js_into_html(page, 7)
    script = re.findall(rb"<script>(.*?)</script>", served, re.S)[-1].decode()
    assert "livereload(7," in script
    policy = directives(META.search(served.decode()).group(1))
    assert f"'{csp.digest(script)}'" in policy["script-src"]
    assert f"'{csp.digest('var theme=1')}'" in policy["script-src"]


def test_a_hand_written_page_with_an_inline_script_fails_the_build(tmp_path):
    """A script in a page that is not the theme's would be refused by every browser: the build
    says so, naming the page, instead of publishing a page that does not work."""
    for name in ("macros", "overrides", "plans"):
        (tmp_path / name).symlink_to(ROOT / name)
    docs = tmp_path / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "stylesheets" / "site.css").write_text("")
    (docs / "index.md").write_text("# Home\n\n<script>document.title = 'changed'</script>\n")
    config = re.sub(r"(?ms)^nav:.*", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = config.replace("extra_css:\n  - stylesheets/site.css\n  - stylesheets/compare.css\n",
                            "extra_css:\n  - stylesheets/site.css\n")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin",
           "PLANS_DIR": str(ROOT / "tests" / "fixtures" / "good" / "plans")}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "index.md: 1 inline script(s) that are not the theme's own" in result.stderr
    assert "document.title" in result.stderr


def test_the_board_report_runs_and_loads_nothing(seed_site):
    """The board report is printed by Chromium from plan text (scripts/board-packs): its own
    policy lets it use its inline stylesheet and nothing else."""
    from macros import render
    from macros.views import board_paper, board_views

    org = seed_site.organisations[0]
    html = render.render("board_report.html", paper=board_paper.paper(
        board_views.board_report(seed_site, org, "https://example.org/x/")))
    head = html[:html.index("</head>")]
    assert re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" '
                     r'content="default-src \'none\'; style-src \'unsafe-inline\'">', head)
    assert "<script" not in html and "<link" not in html
