"""Work-stream colours: defined once, light enough for dark text, configurable."""
from __future__ import annotations

import shutil

from macros.plans import colours, load
from sitebuild import ROOT


def test_contrast_ratio_known_values():
    assert round(colours.contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(colours.contrast("#777777", "#ffffff"), 2) == 4.48


def test_default_colours_follow_lewishams_key_and_are_readable():
    problems = []
    workstreams, _ = load.load_reference(problems)
    assert not problems
    assert [(w.number, w.colour_name) for w in workstreams] == [(1, "yellow"), (2, "yellow"), (3, "orange"), (4, "blue")]
    assert all(colours.contrast(w.colour) >= 4.5 for w in workstreams)


def test_a_dark_colour_is_rejected_at_its_line(tmp_path):
    ref = tmp_path / "data"
    shutil.copytree(ROOT / "macros" / "data", ref)
    path = ref / "workstreams.yaml"
    text = path.read_text(encoding="utf-8").replace('colour: "#90caf9"', 'colour: "#1f3a93"')
    path.write_text(text, encoding="utf-8")
    problems = []
    load.load_reference(problems, ref)
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "#1f3a93" in l)
    assert [(p.line, p.level) for p in problems] == [(line, "error")]
    assert "work stream 4 (Use of information): colour #1f3a93 is too dark" in problems[0].message


def test_colours_reach_the_stylesheet(built_site):
    css = (built_site / "assets" / "workstreams.css").read_text(encoding="utf-8")
    workstreams, _ = load.load_reference([])
    for w in workstreams:
        assert f".fr-ws--{w.key} {{ --fr-ws-colour: {w.colour}; }}" in css
