"""A symbolic link under docs/ is never published: mkdocs would copy what it points to (any
file of the machine building the site) into the site, so the build fails, naming the link."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from sitebuild import ROOT


def build(project, out):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_a_link_under_docs_fails_the_build_and_publishes_nothing(tmp_path):
    (tmp_path / "outside").mkdir()
    secret = tmp_path / "outside" / "secret.txt"
    secret.write_text("SECRET-d0cs-l1nk\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    for name in ("macros", "overrides", "plans"):
        (project / name).symlink_to(ROOT / name)
    docs = project / "docs"
    (docs / "stylesheets").mkdir(parents=True)
    (docs / "stylesheets" / "site.css").write_text("", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = re.sub(r"(?ms)^nav:.*", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = tmp_path / "out"
    assert build(project, out).returncode == 0  # the project builds without the links

    (docs / "environ.txt").symlink_to(secret)
    (docs / "linked").symlink_to(tmp_path / "outside")
    out = tmp_path / "out2"
    result = build(project, out)
    assert result.returncode == 1
    assert ("symbolic links under docs/ are never published: replace each with the file itself: "
            "environ.txt, linked/secret.txt") in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not any("SECRET" in p.read_text(errors="replace") for p in out.rglob("*") if p.is_file())


def test_code_examples_in_the_guides_are_code_blocks(built_site):
    """Every fenced example in the hand-written pages shows as a block with its lines kept (an
    editor copies them), not run together as inline code (mkdocs always loads fenced_code; a
    fence that is not closed, or is indented into a list item wrongly, breaks this)."""
    for page in ("updating", "plan-format"):
        source = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
        fences = source.count("\n```") // 2
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert fences and html.count("<pre><code") >= fences, page
    guide = (built_site / "updating" / "index.html").read_text(encoding="utf-8")
    assert '<pre><code class="language-yaml">  - id: &quot;4&quot;\n    ref: &quot;4&quot;\n    group: next-steps\n' in guide
